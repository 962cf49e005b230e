"""The portfolio's lines as a Qt table model: each cell's text as every surface writes it
(`rehearsal.reports.portfolio.cells`), and a value to sort by (numbers as numbers; an
unknown value last). A P(overrun) still being simulated (`ProgramLine.risk_pending`) reads
"simulating…" in the placeholder colour until `set_lines` brings it."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from rehearsal.analysis.portfolio import ProgramLine
from rehearsal.reports.portfolio import HEADERS, NUMERIC, SHORT_HEADERS, cells
from rehearsal_ui.shell.theme import semantic_colors

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
PLAN_ROLE = Qt.ItemDataRole.UserRole + 2
READINESS, P_OVERRUN, SIGNOFF = 4, 6, 10
PENDING = "simulating…"
PENDING_TIP = (
    "P(overrun) is being simulated from this program's timing evidence (as in Analyze); "
    "it appears here when it is done."
)
Index = QModelIndex | QPersistentModelIndex
_ANSWERED = frozenset(
    {
        Qt.ItemDataRole.ToolTipRole,
        PLAN_ROLE,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
    }
)


def sort_keys(line: ProgramLine) -> tuple[Any, ...]:
    """A value of `line` to sort each column by: unknown values (no launch date, no risk)
    after every known one, whichever way the column is sorted from the first click. Made
    once a line: a sort asks for them thousands of times."""
    unknown = math.inf  # every number a float: Qt compares values of one type only
    return (
        line.name.casefold(),
        float(line.revision),
        float(line.launch_on.toordinal()) if line.launch_on else unknown,
        float(line.days_left) if line.days_left is not None else unknown,
        float(line.readiness.score),
        float(len(line.failing)),
        line.p_overrun if line.p_overrun is not None else -1.0,
        float(line.open_high_flags),
        float(line.open_items),
        float(line.complete_rehearsals),
        float(len(line.missing_signoffs)),
        line.facilitator_spread_s if line.facilitator_spread_s is not None else -1.0,
    )


class PortfolioModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[ProgramLine] = []
        self._texts: list[tuple[str, ...]] = []
        self._keys: list[tuple[Any, ...]] = []

    def set_lines(self, lines: list[ProgramLine]) -> None:
        """Show `lines`; the same programs in the same order (their P(overrun)s filled in)
        change in place, so the selection and the scroll stay."""
        texts = [self._cells(line) for line in lines]
        keys = [sort_keys(line) for line in lines]
        if [line.program_id for line in lines] == [line.program_id for line in self.lines]:
            self.lines, self._texts, self._keys = lines, texts, keys
            if lines:
                last = self.index(len(lines) - 1, self.columnCount() - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self.lines, self._texts, self._keys = lines, texts, keys
        self.endResetModel()

    @staticmethod
    def _cells(line: ProgramLine) -> tuple[str, ...]:
        found = cells(line)
        if not line.risk_pending:
            return found
        return (*found[:P_OVERRUN], PENDING, *found[P_OVERRUN + 1 :])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return SHORT_HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:  # first: asked most
            return self._texts[row][column]
        if role == SORT_ROLE:
            return self._keys[row][column]
        if role not in _ANSWERED:  # most of what a paint asks
            return None
        line = self.lines[row]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._texts[row][column]
            if role == Qt.ItemDataRole.ToolTipRole and column == READINESS:
                return "\n".join(line.readiness.reasons) or "Every check passes."
            if role == Qt.ItemDataRole.ToolTipRole and column == P_OVERRUN and line.risk_pending:
                return PENDING_TIP
            return text
        if role == PLAN_ROLE:
            return line.plan_id
        if role == Qt.ItemDataRole.TextAlignmentRole and NUMERIC[column]:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == P_OVERRUN and line.risk_pending:
                return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            colours = semantic_colors()
            if column == READINESS:
                return QColor(colours.ok if line.readiness.ready else colours.danger)
            if column == P_OVERRUN and line.p_overrun is not None and line.p_overrun >= 0.5:
                return QColor(colours.danger)
            if column == SIGNOFF and line.missing_signoffs:
                return QColor(colours.warning)
        return None
