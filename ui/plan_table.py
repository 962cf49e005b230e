"""The segments of a plan as a Qt table model over the core's `Plan`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from rehearsal.durations import format_duration, format_time_of_day
from rehearsal.model import Plan

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("#", "Start", "Title", "Section", "Type", "Lead", "Planned", "Fixed", "Ready")


class PlanTableModel(QAbstractTableModel):
    def __init__(self, plan: Plan | None = None) -> None:
        super().__init__()
        self._plan = plan
        self._starts: list[int] = []
        self._recompute()

    def set_plan(self, plan: Plan | None) -> None:
        self.beginResetModel()
        self._plan = plan
        self._recompute()
        self.endResetModel()

    def _recompute(self) -> None:
        self._starts = []
        if self._plan is None:
            return
        at = self._plan.start_s or 0
        for seg in self._plan.segments:
            self._starts.append(at)
            if not seg.skipped:
                at += seg.planned_s
                t = self._plan.transition_after(seg.id)
                at += t.allowance_s if t else 0

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._plan is None else len(self._plan.segments)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._plan is None or not index.isValid():
            return None
        seg = self._plan.segments[index.row()]
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            section = self._plan.section(seg.section_id).title if seg.section_id else ""
            missing = [
                w for w, ok in (("intent", seg.intent), ("cues", seg.producer_cues)) if not ok
            ]
            return {
                "#": seg.cue or str(index.row() + 1),
                "Start": format_time_of_day(self._starts[index.row()]),
                "Title": seg.title,
                "Section": section,
                "Type": seg.interaction.label,
                "Lead": seg.lead.value,
                "Planned": format_duration(seg.planned_s),
                "Fixed": "non-negotiable" if seg.non_negotiable else "",
                "Ready": "missing " + ", ".join(missing) if missing else "✓",
            }[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == "Title":
            return seg.intent or None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in ("Start", "Planned"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
