"""A plan laid out as a run-of-show table that `sheet.read_sheet` reads back unchanged.

Above the header: key-value rows for the plan ("Slot", "Planned start", "Time zone", ...).
Then one row per segment with every field, its id and its section's id, the transition
after it, and the custom columns; a section opens with a row naming it (Section and
Section ID filled, Title empty). Durations are `timedelta` and times of day `time`, which
the CSV writer prints as h:mm:ss and the XLSX writer stores as time values.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import time, timedelta

from rehearsal.formats.sheet_cells import CellValue
from rehearsal.formats.sheet_columns import EXPORT_HEADERS, EXPORT_MARK, EXPORT_VERSION, Field
from rehearsal.limits import DAY_S
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
    custom_columns = _custom_columns(plan.segments)
    fields: tuple[Field | None, ...] = (*EXPORT_HEADERS, *(None for _ in custom_columns))
    header = (*EXPORT_HEADERS.values(), *(key for key, _ in custom_columns))
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
        row.extend(_custom_cells(segment, custom_columns))
        rows.append(tuple(row))
    declare_up_to(None)
    return ExportTable(tuple(preamble), header, fields, tuple(rows))


def _section_row(section: Section, width: int) -> tuple[CellValue, ...]:
    row: list[CellValue] = [None] * width
    headers = list(EXPORT_HEADERS)
    row[headers.index(Field.SECTION)] = section.title
    row[headers.index(Field.SECTION_ID)] = section.id
    return tuple(row)


def _custom_columns(segments: tuple[Segment, ...]) -> list[tuple[str, int]]:
    """(key, occurrence) for every custom column.

    Ordered so that each segment's keys read left to right in its own order where the
    segments agree (a topological order, ties broken by first appearance). A segment may
    repeat a key; each repetition gets a column of the same name.
    """
    first_seen: dict[tuple[str, int], int] = {}
    after: dict[tuple[str, int], set[tuple[str, int]]] = {}
    for segment in segments:
        columns = _occurrences(segment)
        for column in columns:
            first_seen.setdefault(column, len(first_seen))
            after.setdefault(column, set())
        for before, later in itertools.pairwise(columns):
            after[before].add(later)
    waiting = {c: 0 for c in first_seen}
    for laters in after.values():
        for later in laters:
            waiting[later] += 1
    ordered: list[tuple[str, int]] = []
    remaining = sorted(first_seen, key=first_seen.__getitem__)
    while remaining:
        ready = next((c for c in remaining if waiting[c] == 0), remaining[0])  # a cycle: give way
        remaining.remove(ready)
        ordered.append(ready)
        for later in after[ready]:
            waiting[later] -= 1
    return ordered


def _occurrences(segment: Segment) -> list[tuple[str, int]]:
    seen: dict[str, int] = {}
    out = []
    for key, _ in segment.custom:
        seen[key] = seen.get(key, -1) + 1
        out.append((key, seen[key]))
    return out


def _custom_cells(segment: Segment, columns: list[tuple[str, int]]) -> list[CellValue]:
    values = dict(zip(_occurrences(segment), (v for _, v in segment.custom), strict=True))
    return [values.get(column, "") for column in columns]


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


def _optional_duration(seconds: int | None) -> timedelta | None:
    return None if seconds is None else timedelta(seconds=seconds)


def _clock(seconds: int) -> time:
    s = seconds % DAY_S
    return time(s // 3600, s % 3600 // 60, s % 60)
