"""The mapping dialog's preview: the first segments as the import would store them, one
column per field read (in the sheet's order), then the columns kept as custom columns.

What the reader inferred rather than read is said in the cell: a type guessed from the
title reads "Breakout (from the title)"; a row that names a person but no role shows no
role (the plan keeps the default, facilitator, which the tooltip says).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from rehearsal.durations import format_duration, format_time_of_day
from rehearsal.formats.sheet import SheetReading
from rehearsal.formats.sheet_columns import Field
from rehearsal.formats.sheet_layout import Column
from rehearsal.model import PlanDraft, Segment

PREVIEW_ROWS = 30
MAX_COLUMN_WIDTH = 220  # pixels; longer text is elided, and whole in its tooltip
TIP_AFTER_CHARS = 24  # a longer text may be elided: its tooltip holds it whole
FROM_TITLE = " (from the title)"
NO_ROLE = "—"
NO_ROLE_TIP = (
    "The sheet names no role here: the plan keeps the default role, facilitator "
    "(change it in Design)."
)

# Each field's name in the preview's header (the dialog's words, without mnemonics).
FIELD_NAMES: dict[Field, str] = {
    Field.TITLE: "Title",
    Field.DURATION: "Duration",
    Field.START: "Start",
    Field.END: "End",
    Field.SECTION: "Section",
    Field.TYPE: "Type",
    Field.LEAD: "Lead role",
    Field.LEAD_PERSON: "Lead person",
    Field.INTENT: "Design intent",
    Field.NOTES: "Facilitator notes",
    Field.PRODUCER: "Producer cues",
    Field.MATERIALS: "Materials",
    Field.CONTINGENCY: "Contingency",
    Field.CUE: "Cue",
    Field.NON_NEGOTIABLE: "Must keep",
    Field.FLEXIBLE: "Flexible",
    Field.FLEX_MIN: "Flex min",
    Field.FLEX_MAX: "Flex max",
    Field.MARKER: "Marker",
    Field.SKIP: "Skipped",
    Field.TRANSITION: "Hand-off",
    Field.TRANSITION_CUE: "Hand-off cue",
}


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    tip: str = ""
    inferred: bool = False  # guessed or defaulted, not read: shown in italics or dimmed


@dataclass(frozen=True, slots=True)
class PreviewColumn:
    header: str  # two lines: the field, then where it comes from
    cell: Callable[[int, Segment], Cell]  # the segment's position and the segment


def preview_columns(reading: SheetReading) -> list[PreviewColumn]:
    """One column per field read, in the sheet's order, then the custom columns. What the
    reader inferred has a column too: the sections of group rows (first), the types titles
    gave (after the title), the people a lead column named (after the lead role)."""
    draft = reading.draft
    cells = _Cells(reading)
    read = {c.field for c in reading.columns if c.field is not None}
    found: list[PreviewColumn] = []
    if Field.SECTION not in read and draft.sections:
        found.append(PreviewColumn("Section\n(from group rows)", cells.reader(Field.SECTION)))
    for column in reading.columns:
        if column.field not in FIELD_NAMES:
            continue
        name = f"{FIELD_NAMES[column.field]}\n“{column.header}”"
        found.append(PreviewColumn(name, cells.reader(column.field)))
        if column.field is Field.TITLE and Field.TYPE not in read and reading.typed_by_title:
            found.append(PreviewColumn("Type\n(from the titles)", cells.reader(Field.TYPE)))
        people = any(s.lead_person for s in draft.segments)
        if column.field is Field.LEAD and Field.LEAD_PERSON not in read and people:
            name = f"Lead person\n(from “{column.header}”)"
            found.append(PreviewColumn(name, cells.reader(Field.LEAD_PERSON)))
    for column in reading.columns:
        if column.field is None and column.index in reading.used:
            found.append(PreviewColumn(f"{column.header}\n(custom)", _custom(column)))
    return found


def _custom(column: Column) -> Callable[[int, Segment], Cell]:
    return lambda _i, s: _text(dict(s.custom).get(column.header, ""))


def _text(value: str) -> Cell:
    """The first line of `value`; the whole of it in the tooltip when it may not fit."""
    line = value.split("\n", 1)[0]
    return Cell(line, value if (len(value) > TIP_AFTER_CHARS or line != value) else "")


class _Cells:
    """What each field's cell shows for a segment of `reading`."""

    def __init__(self, reading: SheetReading) -> None:
        self.reading = reading
        draft = reading.draft
        self.sections = {s.id: s.title for s in draft.sections}
        self.after = {t.after_segment_id: t for t in draft.transitions}
        self.starts = _starts(draft)

    def reader(self, target: Field) -> Callable[[int, Segment], Cell]:
        return lambda position, segment: self.cell(target, position, segment)

    def cell(self, target: Field, position: int, s: Segment) -> Cell:
        reading = self.reading
        match target:
            case Field.TITLE:
                return _text(s.title)
            case Field.DURATION:
                return Cell(format_duration(s.planned_s))
            case Field.START | Field.END:
                start = self.starts[position]
                if start is None:
                    return Cell("")
                return Cell(format_time_of_day(start + (s.planned_s if target is Field.END else 0)))
            case Field.SECTION:
                return Cell(self.sections.get(s.section_id or "", ""))
            case Field.TYPE:
                if s.id in reading.typed_by_title:
                    text = s.interaction.label + FROM_TITLE
                    return Cell(text, f"{text}: {s.title!r}", inferred=True)
                return Cell(s.interaction.label)
            case Field.LEAD:
                if s.id in reading.roles_named:
                    return Cell(s.lead.value.capitalize())
                return Cell(NO_ROLE, NO_ROLE_TIP, inferred=True)
            case Field.LEAD_PERSON:
                return Cell(s.lead_person)
            case Field.INTENT:
                return _text(s.intent)
            case Field.NOTES:
                return _text(s.facilitator_notes)
            case Field.PRODUCER:
                return _text(s.producer_cues)
            case Field.MATERIALS:
                return _text(s.materials)
            case Field.CONTINGENCY:
                return _text(s.contingency)
            case Field.CUE:
                return Cell(s.cue)
            case Field.NON_NEGOTIABLE:
                return Cell("yes" if s.non_negotiable else "")
            case Field.FLEXIBLE:
                return Cell("no" if s.non_negotiable else "yes")
            case Field.FLEX_MIN | Field.FLEX_MAX:
                value = s.flex_min_s if target is Field.FLEX_MIN else s.flex_max_s
                return Cell("" if value is None else format_duration(value))
            case Field.MARKER:
                return Cell("yes" if s.marker else "")
            case Field.SKIP:
                return Cell("yes" if s.skipped else "")
            case Field.TRANSITION | Field.TRANSITION_CUE:
                after = self.after.get(s.id)
                if after is None:
                    return Cell("")
                if target is Field.TRANSITION:
                    return Cell(format_duration(after.allowance_s))
                return _text(after.cue)
        return Cell("")


def _starts(draft: PlanDraft) -> list[int | None]:
    """Each segment's planned start, from the plan's start (None without one)."""
    if draft.start_s is None:
        return [None] * len(draft.segments)
    after = {t.after_segment_id: t.allowance_s for t in draft.transitions}
    clock, starts = draft.start_s, list[int | None]()
    for s in draft.segments:
        starts.append(clock)
        if not s.skipped:
            clock += s.planned_s
        clock += after.get(s.id, 0)
    return starts


class MappingPreview(QTableWidget):
    """The first `PREVIEW_ROWS` segments of a reading, scrollable both ways, read-only."""

    def __init__(self) -> None:
        super().__init__(0, 0)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.setAccessibleName("Preview of the import")
        self.columns: list[PreviewColumn] = []

    def clear_preview(self) -> None:
        self.setRowCount(0)

    def show_reading(self, reading: SheetReading) -> None:
        self.columns = preview_columns(reading)
        segments: Sequence[Segment] = reading.draft.segments[:PREVIEW_ROWS]
        self.setColumnCount(len(self.columns))
        self.setHorizontalHeaderLabels([c.header for c in self.columns])
        self.setRowCount(len(segments))
        dim = self.palette().color(QPalette.ColorRole.PlaceholderText)
        for row, segment in enumerate(segments):
            for col, column in enumerate(self.columns):
                cell = column.cell(row, segment)
                item = QTableWidgetItem(cell.text)
                if cell.tip:
                    item.setToolTip(cell.tip)
                if cell.inferred:
                    font = QFont(self.font())
                    font.setItalic(True)
                    item.setFont(font)
                    item.setForeground(dim)
                self.setItem(row, col, item)
        self.setVerticalHeaderLabels([str(n + 1) for n in range(len(segments))])
        self.resizeColumnsToContents()
        header = self.horizontalHeader()
        for col in range(len(self.columns)):
            header.resizeSection(col, min(header.sectionSize(col), MAX_COLUMN_WIDTH))
