"""The list tabs of the Review view: segments and transitions, flags, annotations.

Each page is a sortable table (`review_table`) with the buttons that act on its selected
row; the view connects them to its edits.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from rehearsal_ui.review.table import (
    AnnotationTableModel,
    FlagTableModel,
    ReviewTableModel,
    ReviewTableView,
    StepTableModel,
    sorted_table,
)
from rehearsal_ui.shell.empty_note import EmptyNote
from rehearsal_ui.shell.icons import icon

NO_FLAGS = (
    "No flag was raised in this rehearsal. While rehearsing, F flags a friction point "
    "without stopping the clock."
)
NO_ANNOTATIONS = (
    "No annotations yet: Add annotation (Ctrl+Shift+A), or right-click the timeline: Annotate here."
)


def button(text: str, tip: str, icon_name: str | None = None) -> QPushButton:
    made = QPushButton(text)
    made.setToolTip(tip)
    if icon_name:
        made.setIcon(icon(icon_name))
    return made


class TablePage(QWidget):
    """A row of buttons above a sortable table."""

    def __init__(
        self,
        model: ReviewTableModel,
        name: str,
        stretch: int,
        *controls: QWidget,
        wide: tuple[int, ...] = (),
    ) -> None:
        super().__init__()
        self.model = model
        self.table: ReviewTableView = sorted_table(model, name, stretch, wide)
        row = QHBoxLayout()
        for control in controls:
            row.addWidget(control)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)


class StepsPage(TablePage):
    def __init__(self) -> None:
        self.worst_first = QPushButton("&Worst first")
        self.worst_first.setCheckable(True)  # a toggle: plain to see in light and dark
        self.worst_first.setToolTip("Sort by over/under, the biggest overrun first")
        self.annotate = button(
            "&Annotate this step…",
            "Add an annotation on the selected segment or transition (Enter)",
            "note",
        )
        super().__init__(
            StepTableModel(), "Segments and transitions", 0, self.worst_first, self.annotate
        )
        self.model.setParent(self)


class FlagsPage(TablePage):
    def __init__(self) -> None:
        self.edit = button("Edit fla&g…", "Edit the selected flag (Enter)", "flag")
        self.make_item = button(
            "&Make action item", "Turn the selected flag into an action item (Ctrl+Shift+M)"
        )
        super().__init__(FlagTableModel(), "Flags", 4, self.edit, self.make_item, wide=(6,))
        self.model.setParent(self)
        self.empty = EmptyNote(self.table, NO_FLAGS)


class NotesPage(TablePage):
    def __init__(self) -> None:
        self.add = button("&Add annotation…", "Add an annotation (Ctrl+Shift+A)", "add")
        self.edit = button("Ed&it…", "Edit the selected annotation (Enter)")
        self.delete = button(
            "Dele&te", "Delete the selected annotation (Delete; undo brings it back)", "delete"
        )
        super().__init__(
            AnnotationTableModel(), "Annotations", 2, self.add, self.edit, self.delete, wide=(1,)
        )
        self.model.setParent(self)
        self.empty = EmptyNote(self.table, NO_ANNOTATIONS)
