"""The Analyze view's tables, as Qt models over the core's results (no per-cell widgets):
per-segment statistics, time stolen from practice, and the suggested re-timing.

Each row has a key (`KEY_ROLE`): the segment or transition it is about, so selecting a row
selects the segment everywhere, and the shared selection selects the row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from rehearsal.analysis import StepStats, StolenTime, Suggestion
from rehearsal.durations import format_signed
from rehearsal_ui.analyze.data import mmss, percent

KEY_ROLE = Qt.ItemDataRole.UserRole
DISPLAY = Qt.ItemDataRole.DisplayRole.value
TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
KEY = KEY_ROLE.value
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
ROOT = QModelIndex()


@dataclass(frozen=True, slots=True)
class Column(Generic[Row]):
    header: str
    text: Callable[[Row], str]
    numeric: bool = True
    tip: str = ""


class RowsModel(QAbstractTableModel, Generic[Row]):
    """A read-only table of `rows`, one `Column` per column."""

    def __init__(self, columns: Sequence[Column[Row]], key: Callable[[Row], str | None]) -> None:
        super().__init__()
        self.columns = list(columns)
        self.rows: list[Row] = []
        self._key = key
        self._texts: dict[tuple[int, int], str] = {}  # (row, column) → text, once shown
        self._align = [int(RIGHT if c.numeric else LEFT) for c in self.columns]

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._texts = {}
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def key(self, row: int) -> str | None:
        return self._key(self.rows[row]) if 0 <= row < len(self.rows) else None

    def row_of(self, key: str | None) -> int | None:
        if key is None:
            return None
        return next((i for i in range(len(self.rows)) if self.key(i) == key), None)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        """Asked ~10 times per cell painted: roles as plain ints, texts cached."""
        if role in (DISPLAY, TOOLTIP):
            at = (index.row(), index.column())
            text = self._texts.get(at)
            if text is None:
                text = self._texts[at] = self.columns[at[1]].text(self.rows[at[0]])
            return text
        if role == ALIGNMENT:
            return self._align[index.column()]
        if role == KEY:
            return self._key(self.rows[index.row()])
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.columns[section].tip or None
        return None


class KeyedTable(QTableView):
    """A table whose current row is the shared selection."""

    picked = Signal(str)

    def __init__(
        self, model: RowsModel[Any], stretch: Sequence[int] = (0,), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.rows_model = model
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        self.stretch = tuple(stretch)
        for column in self.stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self._quiet = False
        self.selectionModel().currentRowChanged.connect(self._current_changed)
        model.modelReset.connect(self.fit_columns)

    def fit_columns(self, sample: int = 40) -> None:
        """Size the columns that do not stretch to their header and the first rows' text
        (asking the model for every row of every column would cost more than the rest of
        the view)."""
        model = self.rows_model
        metrics = self.fontMetrics()
        header = self.horizontalHeader()
        bold = QFontMetrics(header.font())
        # a column of text takes at most a quarter of the table (the rest of its text is
        # elided, and in its tooltip) when others stretch, so that they keep room for theirs
        room = self.viewport().width() if self.viewport().width() > 100 else 900
        for c, column in enumerate(model.columns):
            if c in self.stretch:
                continue
            texts = [column.text(row) for row in model.rows[:sample]]
            width = max([metrics.horizontalAdvance(t) for t in texts], default=0)
            if not column.numeric and len(self.stretch) > 1:
                width = min(width, room // 4)
            header.resizeSection(c, max(width, bold.horizontalAdvance(column.header)) + 18)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        key = self.rows_model.key(current.row())
        if key is not None:
            self.picked.emit(key)

    def select_key(self, key: str | None) -> None:
        row = self.rows_model.row_of(key)
        self._quiet = True
        try:
            selection = self.selectionModel()
            if row is None:
                selection.clearSelection()
                return
            index = self.rows_model.index(row, 0)
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.scrollTo(index)
        finally:
            self._quiet = False

    def selected_key(self) -> str | None:
        rows = self.selectionModel().selectedRows()
        return self.rows_model.key(rows[0].row()) if rows else None


# -- per-segment statistics ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StatsRow:
    stats: StepStats
    flags: int


def _opt(value: float | None, fmt: Callable[[float], str] = mmss) -> str:
    return "—" if value is None else fmt(value)


def stats_model() -> RowsModel[StatsRow]:
    columns: list[Column[StatsRow]] = [
        Column("Segment", lambda r: r.stats.step.title, numeric=False),
        Column("n", lambda r: str(r.stats.n), tip="Rehearsals that reached it"),
        Column("Planned", lambda r: mmss(r.stats.step.planned_s)),
        Column("Median", lambda r: _opt(r.stats.median_s)),
        Column("Mean", lambda r: _opt(r.stats.mean_s)),
        Column("P80", lambda r: _opt(r.stats.p80_s), tip="80% of rehearsals took at most this"),
        Column(
            "Spread",
            lambda r: _opt(r.stats.stdev_s, lambda s: "±" + mmss(s)),
            tip="Standard deviation",
        ),
        Column(
            "Over plan",
            lambda r: _opt(r.stats.over_rate, percent),
            tip="Share of rehearsals longer than planned",
        ),
        Column("Mean over/under", lambda r: _opt(r.stats.mean_over_s, format_signed)),
        Column("Flags", lambda r: str(r.flags)),
    ]
    return RowsModel(columns, key=lambda r: r.stats.step.key)


# -- time stolen from practice ----------------------------------------------------------------
def _list(items: tuple[tuple[str, float], ...]) -> str:
    """The segments, the largest first."""
    return "; ".join(f"{title} {mmss(s)}" for title, s in sorted(items, key=lambda c: -c[1]))


def stolen_model() -> RowsModel[StolenTime]:
    """One row per rehearsal where practice time was cut (`time_stolen`)."""
    columns: list[Column[StolenTime]] = [
        Column("Rehearsal", lambda r: r.run.label, numeric=False),
        Column(
            "Practice cut",
            lambda r: mmss(r.stolen_s),
            tip="Time non-negotiable segments got less than planned",
        ),
        Column(
            "Others overran",
            lambda r: mmss(r.overrun_s),
            tip="Time flexible segments ran over their plan",
        ),
        Column("Cut short", lambda r: _list(r.short), numeric=False),
        Column("Ran over", lambda r: _list(r.over), numeric=False),
    ]
    return RowsModel(columns, key=lambda r: r.worst)


# -- suggested re-timing ------------------------------------------------------------------------
def retiming_model() -> RowsModel[Suggestion]:
    """Step, n, planned, suggested ("—" when nothing is suggested: too little evidence or
    never observed), change, and the limit that held the suggestion (or "non-negotiable")."""

    def suggested(s: Suggestion) -> str:
        return "—" if s.statistic_s is None else mmss(s.suggested_s)

    def change(s: Suggestion) -> str:
        return "—" if not s.change_s else format_signed(s.change_s)

    def limit(s: Suggestion) -> str:
        return s.reason or ("non-negotiable" if s.step.non_negotiable else "")

    columns: list[Column[Suggestion]] = [
        Column("Step", lambda s: s.step.title, numeric=False),
        Column("n", lambda s: str(s.n), tip="Rehearsals it is based on"),
        Column("Planned", lambda s: mmss(s.planned_s)),
        Column("Suggested", suggested),
        Column("Change", change),
        Column(
            "Limits",
            limit,
            numeric=False,
            tip="Why the suggestion differs from the statistic (the floor, the flexible "
            "range, a non-negotiable segment held at its plan); non-negotiable segments are "
            "never shortened",
        ),
    ]
    return RowsModel(columns, key=lambda s: s.step.key)
