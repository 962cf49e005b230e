"""A plan laid out as a run-of-show table that `sheet.read_sheet` reads back unchanged.

Above the header: key-value rows for the plan ("Slot", "Planned start", "Time zone", ...).
Then one row per segment with every field, its id and its section's id, the transition
after it, and the custom columns; a section opens with a row naming it (Section and
Section ID filled, Title empty). Durations are `timedelta` and times of day `time`, which
the CSV writer prints as h:mm:ss and the XLSX writer stores as time values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta

from rehearsal.errors import RehearsalError
from rehearsal.formats.plan_limits import custom_columns, custom_positions
from rehearsal.formats.sheet_cells import CellValue
from rehearsal.formats.sheet_columns import EXPORT_HEADERS, EXPORT_MARK, EXPORT_VERSION, Field
from rehearsal.limits import DAY_S, MAX_CUSTOM_COLUMNS
from rehearsal.model import Plan, PlanDraft, Section, Segment

# Columns a person reads as prose; the XLSX writer wraps them.
PROSE_FIELDS = frozenset(
    {Field.INTENT, Field.NOTES, Field.PRODUCER, Field.MATERIALS, Field.CONTINGENCY}
)


@dataclass(frozen=True, slots=True)
class ExportTable:
    preamble: tuple[tuple[str, CellValue], ...]
    header: tuple[str, ...]
    fields: tuple[Field | None, ...]  # per column; None for custom columns
    rows: tuple[tuple[CellValue, ...], ...]


def export_table(plan: Plan | PlanDraft) -> ExportTable:
    preamble: list[tuple[str, CellValue]] = [(EXPORT_MARK, EXPORT_VERSION)]
    if isinstance(plan, PlanDraft) and plan.name:
        preamble.append(("Plan", plan.name))
    if plan.slot_s is not None:
        preamble.append(("Slot", timedelta(seconds=plan.slot_s)))
    if plan.start_s is not None:
        preamble.append(("Planned start", _clock(plan.start_s)))
    if plan.time_zone:
        preamble.append(("Time zone", plan.time_zone))
    if plan.notes:
        preamble.append(("Notes", plan.notes))
    if plan.source:
        preamble.append(("Source", plan.source))
    custom = custom_columns(plan.segments)
    if custom is None:  # every door refuses such a plan now; one stored before may have it
        raise RehearsalError(
            f"This plan has more than {MAX_CUSTOM_COLUMNS} columns Rehearsal has no field "
            "for; a sheet cannot hold them all. Export it as JSON."
        )
    fields: tuple[Field | None, ...] = (*EXPORT_HEADERS, *(None for _ in custom))
    header = (*EXPORT_HEADERS.values(), *custom)
    sections = {s.id: s for s in plan.sections}
    transitions = {t.after_segment_id: t for t in plan.transitions}
    width = len(header)
    rows: list[tuple[CellValue, ...]] = []
    declared: set[str] = set()

    def declare_up_to(section: Section | None) -> None:
        """Section rows in the plan's order, up to and including `section`."""
        for candidate in plan.sections:
            if candidate.id not in declared:
                declared.add(candidate.id)
                rows.append(_section_row(candidate, width))
            if candidate is section:
                return

    clock = plan.start_s
    for segment in plan.segments:
        section = sections.get(segment.section_id or "")
        if section is not None and section.id not in declared:
            declare_up_to(section)
        transition = transitions.get(segment.id)
        cells: dict[Field, CellValue] = {
            Field.ID: segment.id,
            Field.CUE: segment.cue,
            Field.SECTION: section.title if section else "",
            Field.TITLE: segment.title,
            Field.DURATION: timedelta(seconds=segment.planned_s),
            Field.TYPE: segment.interaction.label,
            Field.LEAD: segment.lead.value,
            Field.LEAD_PERSON: segment.lead_person,
            Field.INTENT: segment.intent,
            Field.NON_NEGOTIABLE: _yes(segment.non_negotiable),
            Field.FLEX_MIN: _optional_duration(segment.flex_min_s),
            Field.FLEX_MAX: _optional_duration(segment.flex_max_s),
            Field.NOTES: segment.facilitator_notes,
            Field.PRODUCER: segment.producer_cues,
            Field.MATERIALS: segment.materials,
            Field.CONTINGENCY: segment.contingency,
            Field.MARKER: _yes(segment.marker),
            Field.SKIP: _yes(segment.skipped),
            Field.SECTION_ID: segment.section_id or "",
        }
        if clock is not None:
            cells[Field.START] = _clock(clock)
            if not segment.skipped:
                clock += segment.planned_s
            cells[Field.END] = _clock(clock)
        if transition is not None:
            cells[Field.TRANSITION] = timedelta(seconds=transition.allowance_s)
            cells[Field.TRANSITION_CUE] = transition.cue
            cells[Field.TRANSITION_ID] = transition.id
            if clock is not None:
                clock += transition.allowance_s
        row: list[CellValue] = [cells.get(f) for f in EXPORT_HEADERS]
        row.extend(_custom_cells(segment, custom))
        rows.append(tuple(row))
    declare_up_to(None)
    return ExportTable(tuple(preamble), header, fields, tuple(rows))


def _section_row(section: Section, width: int) -> tuple[CellValue, ...]:
    row: list[CellValue] = [None] * width
    headers = list(EXPORT_HEADERS)
    row[headers.index(Field.SECTION)] = section.title
    row[headers.index(Field.SECTION_ID)] = section.id
    return tuple(row)


def _custom_cells(segment: Segment, columns: list[str]) -> list[CellValue]:
    cells: list[CellValue] = [""] * len(columns)
    for at, (_, value) in zip(custom_positions(segment, columns), segment.custom, strict=True):
        cells[at] = value
    return cells


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


def _optional_duration(seconds: int | None) -> timedelta | None:
    return None if seconds is None else timedelta(seconds=seconds)


def _clock(seconds: int) -> time:
    s = seconds % DAY_S
    return time(s // 3600, s % 3600 // 60, s % 60)
