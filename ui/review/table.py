"""Tables of the Review view: segments and transitions, flags, annotations.

Each is a QAbstractTableModel over rows the view computed (`review_data`), shown through a
QSortFilterProxyModel: text is displayed as people read it (`m:ss`, `+1:20`) and sorted by
the number underneath (`SORT_ROLE`). `ID_ROLE` gives the id a row stands for, which is how
the timeline and the tables select the same thing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from rehearsal.durations import format_duration, format_signed
from rehearsal.model import Annotation, Flag
from rehearsal_ui.review.data import ReviewData, StepRow, duration, local_time
from rehearsal_ui.shell.theme import semantic_colors

SORT_ROLE = Qt.ItemDataRole.UserRole + 10
ID_ROLE = Qt.ItemDataRole.UserRole + 11
Index = QModelIndex | QPersistentModelIndex
LAST = -math.inf  # sorts "not reached" / "not known" below every number
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ReviewTableModel(QAbstractTableModel):
    """Rows of one kind; subclasses say what each cell shows and sorts by."""

    columns: ClassVar[tuple[str, ...]] = ()
    numeric: ClassVar[frozenset[int]] = frozenset()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []
        self.review: ReviewData | None = None

    def set_rows(self, review: ReviewData | None, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.review = review
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.review is None:
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, col)
        if role == SORT_ROLE:
            return self.sort_value(row, col)
        if role == ID_ROLE:
            return self.ident(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self.numeric:
            return int(RIGHT)
        return None

    def row_of(self, ident: str) -> int | None:
        return next((i for i, r in enumerate(self.rows) if self.ident(r) == ident), None)

    # -- what subclasses say ---------------------------------------------------------------
    def ident(self, row: Any) -> str:
        raise NotImplementedError

    def display(self, row: Any, col: int) -> str:
        raise NotImplementedError

    def sort_value(self, row: Any, col: int) -> Any:
        return self.display(row, col).casefold()

    def tooltip(self, row: Any, col: int) -> str | None:
        return None

    def foreground(self, row: Any, col: int) -> QColor | None:
        return None


def flag_count(row: StepRow) -> str:
    """`2`, `2 · ↔ 1` (one more on the hand-off after the step), `↔ 1`, or ""."""
    parts = [str(len(row.flags))] if row.flags else []
    if row.handoff_flags:
        parts.append(f"↔ {len(row.handoff_flags)}")
    return " · ".join(parts)


class StepTableModel(ReviewTableModel):
    COL_TITLE, COL_KIND, COL_PLANNED, COL_ACTUAL, COL_OVER, COL_ATTEMPTS, COL_PAUSE, COL_FLAGS = (
        range(8)
    )
    columns = ("Title", "Kind", "Planned", "Actual", "Over/under", "Attempts", "Pause", "Flags")
    numeric = frozenset(range(2, 8))

    def ident(self, row: StepRow) -> str:
        return str(row.index)

    def display(self, row: StepRow, col: int) -> str:
        s = row.summary
        texts: list[Callable[[], str]] = [
            lambda: row.step.title,
            lambda: "Transition" if row.is_transition else "Segment",
            lambda: row.planned_label,
            lambda: duration(s.actual_s) if s.actual_s is not None else "not reached",
            lambda: format_signed(row.over_s),
            lambda: str(len(row.attempts)),
            lambda: duration(s.pause_s) if s.pause_s else "",
            lambda: flag_count(row),
        ]
        return texts[col]()

    def sort_value(self, row: StepRow, col: int) -> Any:
        s = row.summary
        if col == self.COL_TITLE:
            return row.index  # running order
        if col == self.COL_KIND:
            return (1 if row.is_transition else 0) * 1000 + row.index
        return [
            None,
            None,
            float(row.step.planned_s),
            LAST if s.actual_s is None else float(s.actual_s),
            LAST if row.over_s is None else float(row.over_s),
            float(len(row.attempts)),
            float(s.pause_s),
            float(len(row.flags) + len(row.handoff_flags)),
        ][col]

    def foreground(self, row: StepRow, col: int) -> QColor | None:
        if col != self.COL_OVER or row.over_s is None or abs(row.over_s) < 0.5:
            return None
        c = semantic_colors()
        return QColor(c.over if row.over_s > 0 else c.under)

    def tooltip(self, row: StepRow, col: int) -> str | None:
        if col == self.COL_PLANNED and row.adjusted:
            return "\n".join(f"Adjusted live: {a.text()}" for a in row.adjusted)
        if col == self.COL_OVER and row.over_s is not None:
            over = f"{format_signed(row.over_s)} {'over' if row.over_s > 0 else 'under'} the plan"
            if row.target_s is not None and row.summary.actual_s is not None:
                against = format_signed(row.summary.actual_s - row.target_s)
                over += f" ({against} against the target adjusted live)"
            return over
        if col == self.COL_ATTEMPTS and len(row.attempts) > 1:
            return ", ".join(f"attempt {a.number}: {duration(a.actual_s)}" for a in row.attempts)
        if col == self.COL_FLAGS and (row.flags or row.handoff_flags):
            lines = [f"{f.category} ({f.severity.value})" for f in row.flags]
            if row.handoff_flags:
                lines.append("On the hand-off after it:")
                lines += [f"  {f.category} ({f.severity.value})" for f in row.handoff_flags]
            return "\n".join(lines)
        return None


class FlagTableModel(ReviewTableModel):
    columns = ("At", "Category", "Severity", "Lost", "Note", "Status", "Where", "Raised by")
    numeric = frozenset({0, 3})

    def ident(self, row: Flag) -> str:
        return row.id

    def display(self, f: Flag, col: int) -> str:
        review = self.review
        assert review is not None
        texts: list[Callable[[], str]] = [
            lambda: format_duration(round(review.minutes(f.at_ns) * 60)),
            lambda: f.category,
            lambda: f.severity.value,
            lambda: f"{f.seconds_lost} s" if f.seconds_lost is not None else "not known",
            lambda: f.note.replace("\n", " "),
            lambda: review.flag_status(f),
            lambda: review.where(f.segment_id, f.transition_id),
            lambda: f.raised_by,
        ]
        return texts[col]()

    def sort_value(self, f: Flag, col: int) -> Any:
        if col == 0:
            return float(f.at_ns)
        if col == 2:
            return SEVERITY_RANK[f.severity.value]
        if col == 3:
            return LAST if f.seconds_lost is None else float(f.seconds_lost)
        return super().sort_value(f, col)

    def tooltip(self, f: Flag, col: int) -> str | None:
        return f.note or None if col == 4 else None

    def foreground(self, f: Flag, col: int) -> QColor | None:
        if col == 2 and f.severity.value == "high":
            return QColor(semantic_colors().danger)
        return None


class AnnotationTableModel(ReviewTableModel):
    columns = ("At", "About", "Annotation", "Author", "Added")
    numeric = frozenset({0})

    def ident(self, row: Annotation) -> str:
        return row.id

    def display(self, a: Annotation, col: int) -> str:
        review = self.review
        assert review is not None
        at = review.annotation_minutes(a)
        return [
            lambda: "" if at is None else format_duration(round(at * 60)),
            lambda: (
                review.where(a.segment_id, a.transition_id)
                if a.segment_id or a.transition_id
                else ("A moment" if a.at_ns is not None else "The whole session")
            ),
            lambda: a.text.replace("\n", " "),
            lambda: a.author,
            lambda: local_time(a.created),
        ][col]()

    def sort_value(self, a: Annotation, col: int) -> Any:
        if col == 0:
            at = self.review.annotation_minutes(a) if self.review else None
            return LAST if at is None else float(at)
        return super().sort_value(a, col)

    def tooltip(self, a: Annotation, col: int) -> str | None:
        return a.text if col == 2 else None


class ReviewTableView(QTableView):
    """A table whose rows open with Enter or a double click and go with Delete."""

    open_requested = Signal()
    delete_pressed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.doubleClicked.connect(self._double_clicked)

    def _double_clicked(self, index: QModelIndex) -> None:
        if not index.flags() & Qt.ItemFlag.ItemIsEditable:
            self.open_requested.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if not editing and enter and self.currentIndex().isValid():
            self.open_requested.emit()
            return
        if not editing and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


def sorted_table(
    model: ReviewTableModel, name: str, stretch: int, wide: tuple[int, ...] = ()
) -> ReviewTableView:
    """A read-only, row-selecting, sortable view of `model` through a proxy. Columns fit
    their contents, but `stretch` takes the room left and `wide` ones (long titles of
    segments) start at a readable width the person can change."""
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    table = ReviewTableView()
    table.setModel(proxy)
    table.setAccessibleName(name)
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for column in wide:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(column, 250)
    header.setHighlightSections(False)
    return table


def selected_id(table: QTableView) -> str | None:
    index = table.currentIndex()
    if not index.isValid() or not table.selectionModel().isSelected(index):
        rows = table.selectionModel().selectedRows()
        if not rows:
            return None
        index = rows[0]
    value = index.siblingAtColumn(0).data(ID_ROLE)
    return str(value) if value is not None else None


def select_id(table: QTableView, ident: str | None) -> bool:
    """Select (and scroll to) the row standing for `ident`; clear the selection for None."""
    proxy = table.model()
    assert isinstance(proxy, QSortFilterProxyModel)
    source = proxy.sourceModel()
    assert isinstance(source, ReviewTableModel)
    row = source.row_of(ident) if ident is not None else None
    if row is None:
        table.clearSelection()
        return False
    index = proxy.mapFromSource(source.index(row, 0))
    flags = QItemSelectionModel.SelectionFlag
    table.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
    table.scrollTo(index)
    return True
