"""How an edit starts in a table or a tree: only on purpose.

A key typed on a table (a "?" meant for something else, a letter of a shortcut that did not
fire) must never start editing a cell: in the Design view that edit would create the next
revision of a rehearsed plan. Every editable item view of the app takes `DELIBERATE_EDITS`:
a double-click, or the platform's edit key (F2 on Windows and Linux, Return on macOS).
"""

from __future__ import annotations

from typing import Final

from PySide6.QtWidgets import QAbstractItemView

Trigger = QAbstractItemView.EditTrigger

DELIBERATE_EDITS: Final = Trigger.DoubleClicked | Trigger.EditKeyPressed
# What would start an edit without the user asking for one: any key, or a click on a row
# that happened to be selected already.
ACCIDENTAL_EDITS: Final = Trigger.AnyKeyPressed | Trigger.SelectedClicked | Trigger.CurrentChanged


def edit_on_purpose(view: QAbstractItemView) -> None:
    """Let `view` start an edit only on a double-click or the platform's edit key."""
    view.setEditTriggers(DELIBERATE_EDITS)
