"""Every key of the app, gathered from what defines it, so the keyboard reference cannot go
stale: the QActions of the window's menus and of each view (one QAction per command), the
live screen's keys (`shell.live_keys`, the user's own from Preferences), the flag picker's
and the pause dialog's one-key choices, and the keys lists and tables share."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from rehearsal.model import FLAG_CATEGORIES
from rehearsal_ui.shell.live_keys import (
    COMMANDS,
    DETAILS,
    PAUSE_KEYS,
    SEVERITY_KEYS,
    category_keys,
    legend,
)

LIVE = "Rehearse: the live screen"
FLAG_PICKER = "Rehearse: the flag picker (F)"
PAUSE = "Rehearse: the pause reason (P)"
LISTS = "Lists and tables"


@dataclass(frozen=True, slots=True)
class KeyRow:
    keys: str  # as this platform writes them: "Ctrl+Shift+R", "F1 / Ctrl+?"
    command: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class KeyGroup:
    title: str
    rows: tuple[KeyRow, ...]


def keys_text(action: QAction) -> str:
    """The action's keys as this platform writes them, but for the keys of special
    keyboards (a "Help" or "Open" key) that the standard bindings add."""
    return " / ".join(
        k.toString(QKeySequence.SequenceFormat.NativeText)
        for k in action.shortcuts()
        if k.count() and _first_key(k) < Qt.Key.Key_Help.value
    )


def _first_key(keys: QKeySequence) -> int:
    combination: Any = cast(Any, keys)[0]  # a QKeyCombination (not in the type stubs)
    return int(combination.key().value)


def _row(action: QAction) -> KeyRow:
    name = action.iconText().replace("&", "").rstrip("…").strip()
    tip = action.statusTip()
    return KeyRow(keys_text(action), name, tip if tip and tip != name else "")


def _menu_actions(menu: QMenu) -> Iterable[QAction]:
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            yield from _menu_actions(sub)
        elif not action.isSeparator():
            yield action


def _owner(action: QAction, owners: Sequence[tuple[str, QWidget]]) -> str | None:
    """The title of the view (or part of the window) the action belongs to."""
    node: QObject | None = action.parent()
    while node is not None:
        for title, widget in owners:
            if node is widget:
                return title
        node = node.parent()
    return None


def action_groups(window: QMainWindow, owners: Sequence[tuple[str, QWidget]]) -> list[KeyGroup]:
    """A group per menu of the menu bar (its actions with a key), then a group per part
    of the window in `owners` (a view, the navigator) for its actions with a key that no
    menu holds, and "Other" for any left."""
    groups: list[KeyGroup] = []
    listed: set[int] = set()
    for top in window.menuBar().actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        found = []
        for action in _menu_actions(menu):
            listed.add(id(action))
            if action.shortcuts():
                found.append(_row(action))
        if found:
            groups.append(KeyGroup(top.text().replace("&", ""), tuple(found)))
    by_owner: dict[str, list[KeyRow]] = {}
    for action in window.findChildren(QAction):
        if id(action) in listed or not action.shortcuts():
            continue
        listed.add(id(action))
        title = _owner(action, owners) or "Other"
        by_owner.setdefault(title, []).append(_row(action))
    order = [title for title, _ in owners] + ["Other"]
    groups += [KeyGroup(t, tuple(by_owner[t])) for t in order if t in by_owner]
    return groups


def live_groups(shortcuts: Mapping[str, str]) -> list[KeyGroup]:
    """The live screen's keys (the user's own, from Preferences), and the one-key choices
    of the flag picker and of the pause dialog."""
    said = {label: DETAILS[command] for command, label in COMMANDS.items()}
    live = KeyGroup(
        LIVE, tuple(KeyRow(keys, label, said[label]) for keys, label in legend(shortcuts))
    )
    flags = [
        KeyRow(key, category)
        for key, category in zip(category_keys(len(FLAG_CATEGORIES)), FLAG_CATEGORIES, strict=True)
        if key
    ]
    flags += [KeyRow(key, f"Severity: {severity.value}") for key, severity in SEVERITY_KEYS.items()]
    flags += [
        KeyRow("Alt + a key", "The same, while typing the note"),
        KeyRow("Tab", "On the hand-off just crossed, or on the segment"),
        KeyRow("Return", "File the flag"),
        KeyRow("Esc", "Cancel"),
    ]
    pause = [KeyRow(key, f"Pause: {reason.value}") for key, reason in PAUSE_KEYS.items()]
    return [live, KeyGroup(FLAG_PICKER, tuple(flags)), KeyGroup(PAUSE, tuple(pause))]


def list_group() -> KeyGroup:
    """Keys the lists, tables and charts of the app understand (theirs, not commands)."""
    edit = "Return" if sys.platform == "darwin" else "F2"  # the platform's edit key
    return KeyGroup(
        LISTS,
        (
            KeyRow(f"{edit} or double-click", "Edit the cell (Design's table, action items)"),
            KeyRow("Typing", "Never edits: a key typed on a table starts no edit"),
            KeyRow("F2", "Rename the program (the navigator)"),
            KeyRow("← / → / Space", "Fold or unfold a section (its row in Design)"),
            KeyRow("Return", "Open the flag or annotation (Review's tables)"),
            KeyRow("Delete", "Delete the annotation or action item (Review)"),
            KeyRow("← / →, + / −", "The previous or next step; zoom (Review's timeline)"),
            KeyRow("↑ / ↓", "The previous or next segment (Analyze's charts)"),
            KeyRow("Menu or Shift+F10", "The chart's or timeline's context menu"),
        ),
    )
