"""The segments of a plan as a Qt table model over the core's `Plan`.

Rows are segments, with a group row before each run of segments of one section (the view
folds them). Every edit becomes a core operation handed to `apply`, which stores it (with
undo) and gives the new plan back through `set_plan`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QFont

from rehearsal.durations import format_duration, format_time_of_day, parse_duration
from rehearsal.model import INTERACTIVE, InteractionType, LeadRole, Plan, Segment
from rehearsal.plans import editor as ops
from rehearsal.schedule import differs_here, plan_today, planned_start_caption, planned_start_local
from rehearsal_ui.design.open_items import OpenItems

Index = QModelIndex | QPersistentModelIndex
Apply = Callable[[str, ops.PlanChange], None]

COLUMNS = (
    "#",
    "Start",
    "Title",
    "Section",
    "Type",
    "Lead role",
    "Lead person",
    "Planned",
    "Non-neg.",
    "Ready",
    "Items",
)
COL_ORDER, COL_START, COL_TITLE, COL_SECTION, COL_TYPE, COL_LEAD, COL_PERSON = range(7)
COL_PLANNED, COL_FIXED, COL_READY, COL_ITEMS = 7, 8, 9, 10
FIRST_CUSTOM = len(COLUMNS)  # the custom columns shown follow the app's own
SEGMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SECTION_ID_ROLE = Qt.ItemDataRole.UserRole + 2
OPEN_ITEMS_ROLE = Qt.ItemDataRole.UserRole + 3  # how many open action items (int)
MIME_TYPE = "application/x-rehearsal-segment-ids"
NO_SECTION = "(no section)"
EDITABLE = (COL_TITLE, COL_SECTION, COL_TYPE, COL_LEAD, COL_PERSON, COL_PLANNED)


_F = Qt.ItemFlag
_BASE = _F.ItemIsEnabled | _F.ItemIsSelectable
# Computed once: flags() is asked for every visible cell on every repaint.
_GROUP_FLAGS = {
    True: _BASE | _F.ItemIsEditable | _F.ItemIsDropEnabled,
    False: _BASE | _F.ItemIsDropEnabled,
}
_SEGMENT_FLAGS = [
    _BASE
    | _F.ItemIsDragEnabled
    | _F.ItemIsDropEnabled
    | (_F.ItemIsEditable if column in EDITABLE else _F.NoItemFlags)
    | (_F.ItemIsUserCheckable if column == COL_FIXED else _F.NoItemFlags)
    for column in range(len(COLUMNS))
]
_CUSTOM_FLAGS = _BASE | _F.ItemIsDragEnabled | _F.ItemIsDropEnabled | _F.ItemIsEditable


@dataclass(frozen=True, slots=True)
class Row:
    section_id: str | None  # the group row's section, or the segment's
    segment: Segment | None  # None for a group row
    start_s: int = 0
    number: int = 0

    @property
    def is_group(self) -> bool:
        return self.segment is None


def _zone_shift(plan: Plan | None) -> int | None:
    """How far this device's clock is from the plan's today, when the plan's zone differs."""
    if plan is None or plan.start_s is None:
        return None
    today = plan_today(plan)
    here = planned_start_local(plan, today)
    if here is None or not differs_here(plan, today):
        return None
    return here - plan.start_s


def missing_readiness(segment: Segment) -> list[str]:
    missing = [] if segment.intent.strip() else ["design intent"]
    if segment.interaction in INTERACTIVE and not segment.producer_cues.strip():
        missing.append("producer cues")
    return missing


class SegmentTableModel(QAbstractTableModel):
    def __init__(self, apply: Apply, plan: Plan | None = None) -> None:
        super().__init__()
        self._apply = apply
        self._plan: Plan | None = None
        self._rows: list[Row] = []
        self.warning_brush = QBrush()
        self.group_brush = QBrush()
        self.items_brush = QBrush()
        self.open_items = OpenItems()  # open action items by segment, read by the view
        self.collapsed: set[str] = set()  # folded sections, shown with ▸
        self._cache: dict[tuple[int, int, int], Any] = {}
        self._zone_shift_s: int | None = None  # local − the plan's clock, when they differ
        self._custom: list[str] = []  # the custom columns shown, by name, after the app's own
        if plan is not None:
            self.set_plan(plan)

    # -- content ---------------------------------------------------------------------------
    @property
    def plan(self) -> Plan | None:
        return self._plan

    @property
    def rows(self) -> Sequence[Row]:
        return self._rows

    def set_plan(self, plan: Plan | None) -> bool:
        """Show `plan`; True when the rows changed shape (the view must lay them out)."""
        rows = self._layout(plan)
        self._cache.clear()
        self._zone_shift_s = _zone_shift(plan)
        same_shape = [(r.section_id, r.segment and r.segment.id) for r in rows] == [
            (r.section_id, r.segment and r.segment.id) for r in self._rows
        ]
        if same_shape and self._rows:
            self._plan, self._rows = plan, rows
            last = self.index(len(rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            return False
        self.beginResetModel()
        self._plan, self._rows = plan, rows
        self.endResetModel()
        return True

    @staticmethod
    def _layout(plan: Plan | None) -> list[Row]:
        if plan is None:
            return []
        rows: list[Row] = []
        at = planned_start_local(plan, plan_today(plan)) or 0  # the Start column is local
        current: str | None = None
        for number, seg in enumerate(plan.segments, start=1):
            if seg.section_id is not None and (number == 1 or seg.section_id != current):
                rows.append(Row(seg.section_id, None, at))
            current = seg.section_id
            rows.append(Row(seg.section_id, seg, at, number))
            if not seg.skipped:
                handoff = plan.transition_after(seg.id)
                at += seg.planned_s + (handoff.allowance_s if handoff else 0)
        used = {s.section_id for s in plan.segments}
        rows.extend(Row(s.id, None, at) for s in plan.sections if s.id not in used)
        return rows

    # -- custom columns --------------------------------------------------------------------
    @property
    def custom_columns(self) -> Sequence[str]:
        """The custom columns shown, by name, in the order shown."""
        return tuple(self._custom)

    def custom_name(self, column: int) -> str | None:
        """The name of the custom column at `column`; None for a column of the app's own."""
        at = column - FIRST_CUSTOM
        return self._custom[at] if 0 <= at < len(self._custom) else None

    def set_custom_columns(self, names: Sequence[str]) -> None:
        """Show these custom columns after the app's own, in this order: the columns no
        longer wanted are removed and the new ones inserted, each by its own signal (the
        view keeps the other columns' widths)."""
        wanted = list(dict.fromkeys(names))
        if wanted == self._custom:
            return
        self._cache.clear()
        kept = [name for name in self._custom if name in wanted]
        if kept != [name for name in wanted if name in kept]:  # reordered: show them afresh
            kept = []
        for at in reversed(range(len(self._custom))):
            if self._custom[at] not in kept:
                column = FIRST_CUSTOM + at
                self.beginRemoveColumns(QModelIndex(), column, column)
                del self._custom[at]
                self.endRemoveColumns()
        for at, name in enumerate(wanted):
            if at >= len(self._custom) or self._custom[at] != name:
                column = FIRST_CUSTOM + at
                self.beginInsertColumns(QModelIndex(), column, column)
                self._custom.insert(at, name)
                self.endInsertColumns()

    def set_open_items(self, items: OpenItems) -> None:
        """Show these open action items (read once by the view, looked up per cell)."""
        self.open_items = items
        for key in [k for k in self._cache if k[1] == COL_ITEMS]:
            del self._cache[key]
        if self._rows:
            last = len(self._rows) - 1
            self.dataChanged.emit(self.index(0, COL_ITEMS), self.index(last, COL_ITEMS))

    def row_of_segment(self, segment_id: str) -> int:
        for i, row in enumerate(self._rows):
            if row.segment is not None and row.segment.id == segment_id:
                return i
        return -1

    def section_title(self, section_id: str | None) -> str:
        if self._plan is None or section_id is None:
            return ""
        return self._plan.section(section_id).title

    def _group_summary(self, row: Row) -> str:
        assert self._plan is not None
        members = [s for s in self._plan.segments if s.section_id == row.section_id]
        total = sum(s.planned_s for s in members if not s.skipped)
        return f"{self.section_title(row.section_id)}   ·   {len(members)} segments, " + (
            format_duration(total)
        )

    # -- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS) + len(self._custom)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        custom = self.custom_name(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return custom if custom is not None else COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole and custom is not None:
            return f"“{custom}”: a column of the imported sheet, exported under this name"
        if role == Qt.ItemDataRole.ToolTipRole:
            return {
                COL_FIXED: "Non-negotiable: must stay consistent across deliveries",
                COL_READY: "Design intent and producer cues filled in",
                COL_ITEMS: "Open action items from rehearsals of this program (any revision)",
                COL_START: self._start_tip(),
                COL_LEAD: "The role that leads the segment",
                COL_PERSON: "Who leads it, where the plan names someone (a name or a label)",
            }.get(section)
        return None

    def _start_tip(self) -> str:
        plan = self._plan
        if plan is None or plan.start_s is None:
            return "Clock times from the plan's planned start (none set: from 00:00)"
        caption = planned_start_caption(plan, plan_today(plan))
        return f"Clock times here, from the planned start {caption}"

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        if self._rows[index.row()].is_group:
            return _GROUP_FLAGS[index.column() == 0]
        column = index.column()
        return _SEGMENT_FLAGS[column] if column < FIRST_CUSTOM else _CUSTOM_FLAGS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell values, computed once per plan change: scrolling asks for them many times."""
        if not index.isValid() or self._plan is None:
            return None
        key = (index.row(), index.column(), role)
        try:
            return self._cache[key]
        except KeyError:
            value = self._cache[key] = self._cell(index.row(), index.column(), role)
            return value

    def forget(self) -> None:
        """Drop computed cell values (the plan, the folding or the colours changed)."""
        self._cache.clear()

    def _cell(self, row_number: int, col: int, role: int) -> Any:
        row = self._rows[row_number]
        if role == SECTION_ID_ROLE:
            return row.section_id
        if row.segment is None:
            return self._group_data(row, col, role)
        seg = row.segment
        if role == SEGMENT_ID_ROLE:
            return seg.id
        if col == COL_ITEMS:
            return self._items_data(seg, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._segment_text(row, seg, col, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_FIXED:
            return Qt.CheckState.Checked if seg.non_negotiable else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_READY:
                missing = missing_readiness(seg)
                return "Missing: " + ", ".join(missing) if missing else "Intent and cues filled in"
            if col == COL_TITLE:
                return seg.intent or "No design intent yet"
            if col >= FIRST_CUSTOM or col == COL_PERSON:  # a long value in full
                text = self._segment_text(row, seg, col, True)
                return text if text and len(text) > 30 else None
            if col == COL_START and self._zone_shift_s is not None and self._plan is not None:
                there = format_time_of_day(row.start_s - self._zone_shift_s)
                here = format_time_of_day(row.start_s)
                return f"{there} {self._plan.time_zone} ({here} here)"
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_READY and missing_readiness(seg):
            return self.warning_brush
        if role == Qt.ItemDataRole.FontRole and seg.skipped:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_START, COL_PLANNED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _items_data(self, seg: Segment, role: int) -> Any:
        count = self.open_items.count(seg.id)
        if role == OPEN_ITEMS_ROLE:
            return count
        if role == Qt.ItemDataRole.DisplayRole:
            return f"● {count}" if count else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.open_items.tooltip(seg.id)
        if role == Qt.ItemDataRole.ForegroundRole and count:
            return self.items_brush
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.open_items.tooltip(seg.id)
        return None

    def _segment_text(self, row: Row, seg: Segment, col: int, editing: bool) -> Any:
        if col == COL_ORDER:
            return seg.cue or str(row.number)
        if col == COL_START:
            return format_time_of_day(row.start_s)
        if col == COL_TITLE:
            return seg.title
        if col == COL_SECTION:
            return seg.section_id if editing else self.section_title(seg.section_id)
        if col == COL_TYPE:
            return seg.interaction.value if editing else seg.interaction.label
        if col == COL_LEAD:
            return seg.lead.value
        if col == COL_PERSON:
            return seg.lead_person
        if col == COL_PLANNED:
            return format_duration(seg.planned_s)
        if col == COL_READY:
            missing = missing_readiness(seg)
            return "⚠ " + ", ".join(m.split()[-1] for m in missing) if missing else "✓"
        name = self.custom_name(col)
        if name is not None:
            value = seg.custom_value(name)
            return value if editing else " ".join(value.split("\n"))  # one line in the table
        return None

    def _group_data(self, row: Row, col: int, role: int) -> Any:
        if col != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            arrow = "▸" if row.section_id in self.collapsed else "▾"
            return f"{arrow}  {self._group_summary(row)}"
        if role == Qt.ItemDataRole.EditRole:
            return self.section_title(row.section_id)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.group_brush
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self._plan is None:
            return False
        row = self._rows[index.row()]
        if row.segment is None:
            if role != Qt.ItemDataRole.EditRole or row.section_id is None:
                return False
            title = str(value).strip()
            if not title or title == self.section_title(row.section_id):
                return False
            sid = row.section_id
            self._apply("Rename section", lambda p: ops.rename_section(p, sid, title))
            return True
        change = self._segment_change(row.segment, index.column(), value, role)
        if change is None:
            return False
        self._apply(*change)
        return True

    def _segment_change(
        self, seg: Segment, col: int, value: Any, role: int
    ) -> tuple[str, ops.PlanChange] | None:
        sid = seg.id
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_FIXED:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            label = "Mark non-negotiable" if checked else "Mark flexible"
            return label, lambda p: ops.update_segment(p, sid, non_negotiable=checked)
        if role != Qt.ItemDataRole.EditRole:
            return None
        text = str(value).strip()
        if col == COL_TITLE:
            if not text or text == seg.title:
                return None
            return "Rename segment", lambda p: ops.update_segment(p, sid, title=text)
        if col == COL_PLANNED:
            try:
                seconds = parse_duration(text)
            except ValueError:
                return None
            return "Change planned time", lambda p: ops.update_segment(p, sid, planned_s=seconds)
        if col == COL_TYPE:
            kind = InteractionType(text)
            return "Change interaction type", lambda p: ops.update_segment(p, sid, interaction=kind)
        if col == COL_LEAD:
            lead = LeadRole(text)
            return "Change lead role", lambda p: ops.update_segment(p, sid, lead=lead)
        if col == COL_PERSON:
            if text == seg.lead_person:
                return None
            return "Change lead person", lambda p: ops.update_segment(p, sid, lead_person=text)
        name = self.custom_name(col)
        if name is not None:
            if text == seg.custom_value(name).strip():
                return None
            return f"Edit “{name}”", lambda p: ops.set_custom(p, sid, name, text)
        if col == COL_SECTION:
            section = text or None
            return "Move to section", lambda p: ops.move_to_section(p, [sid], section)
        return None

    # -- drag and drop -----------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids: list[str] = []
        for index in sorted(indexes, key=lambda i: i.row()):
            seg = self._rows[index.row()].segment
            if seg is not None and seg.id not in ids:
                ids.append(seg.id)
        mime = QMimeData()
        mime.setData(MIME_TYPE, json.dumps(ids).encode())
        return mime

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not data.hasFormat(MIME_TYPE) or self._plan is None:
            return False
        ids = [str(i) for i in json.loads(bytes(data.data(MIME_TYPE).data()).decode())]
        onto = row < 0 and parent.isValid()
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self._rows))
        before_id, section_id = self.drop_place(target, ids, onto=onto)
        self._apply(
            "Move segments" if len(ids) > 1 else "Move segment",
            lambda p: ops.move_segments(p, ids, before_id, section_id),
        )
        # The move is applied through the core; tell the view not to remove rows itself.
        return False

    def drop_place(
        self, target_row: int, moving: Sequence[str], *, onto: bool = False
    ) -> tuple[str | None, str | None]:
        """Where a drop at display row `target_row` lands: (before segment, section).

        Dropped onto a group row, segments join that group at its start; dropped above a
        group row (below the last segment of the group before it) they stay in the group
        above; anywhere else they join the group of the row they are dropped before.
        """
        section: str | None = None
        if 0 <= target_row < len(self._rows):
            here = self._rows[target_row]
            above = self._rows[target_row - 1] if target_row > 0 else None
            use_above = here.is_group and not onto and above is not None
            section = above.section_id if use_above and above else here.section_id
        elif self._rows:
            section = self._rows[-1].section_id
        before: str | None = None
        for r in self._rows[max(target_row, 0) :]:
            if r.segment is not None and r.segment.id not in moving:
                before = r.segment.id
                break
        return before, section
