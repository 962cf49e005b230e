"""A run-of-show table, from either CSV or XLSX, read into a `PlanDraft`.

The file readers (`sheet_csv`, `sheet_xlsx`) turn bytes into `SheetRow`s; this module finds
the table (`sheet_layout`), reads each row below the header as a segment, a section, an
Ontime delay or a note to skip, and either returns a complete draft or raises a
`FormatError` naming the row, the column and what was expected.
"""

from __future__ import annotations

import contextlib
import dataclasses
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from rehearsal.errors import FormatError
from rehearsal.formats.ontime_fields import is_type_colour
from rehearsal.formats.plan_limits import (
    SECTION_TITLE_CHARS,
    TRANSITION_CUE_CHARS,
    as_uuid,
    segment_problems,
    text_problem,
)
from rehearsal.formats.sheet_cells import (
    CellValue,
    SheetRow,
    cell_text,
    duration_s,
    is_blank,
    time_of_day_s,
    time_range_s,
)
from rehearsal.formats.sheet_columns import (
    TOTAL_TITLES,
    Field,
    TimerType,
    duration_unit_s,
    interaction_for,
    lead_and_person,
    lead_for,
    normalize,
    reads_hours_minutes,
    timer_type_for,
    type_from_title,
    yes_no,
)
from rehearsal.formats.sheet_layout import (
    DURATION_EXPECTED,
    TIME_EXPECTED,
    TIMING_FIELDS,
    Column,
    ColumnChoice,
    Layout,
    read_layout,
)
from rehearsal.formats.sheet_sections import SectionBook
from rehearsal.limits import DAY_S, MAX_DURATION_S, MAX_SHEET_COLUMNS, MAX_STEPS
from rehearsal.model import (
    InteractionType,
    LeadRole,
    PlanDraft,
    Segment,
    Transition,
    new_id,
)

MAX_DATA_ROWS = MAX_STEPS
MAX_COLUMNS = MAX_SHEET_COLUMNS
LONG_NOTE = 80  # a lone text longer than this is an instruction, not a group title
TYPE_ROWS_SHOWN = 8  # rows named in the warning on types guessed from titles

# While reading a file: the header may sit below a title block and instructions.
MAX_READ_ROWS = MAX_DATA_ROWS + 100


def check_row_count(count: int, number: int, file: str) -> None:
    """Refuse a sheet with more rows than any run-of-show, before reading further."""
    if count > MAX_READ_ROWS:
        raise FormatError(
            f"more than {MAX_DATA_ROWS} rows, more than any run-of-show",
            file=file,
            row=number,
            expected=f"at most {MAX_DATA_ROWS} rows",
        )


# A segment's field (as `plan_limits` names it) and the column it is read from.
_FIELD_OF: dict[str, Field] = {
    "title": Field.TITLE,
    "lead_person": Field.LEAD_PERSON,
    "cue": Field.CUE,
    "intent": Field.INTENT,
    "facilitator_notes": Field.NOTES,
    "producer_cues": Field.PRODUCER,
    "materials": Field.MATERIALS,
    "contingency": Field.CONTINGENCY,
    "planned_s": Field.DURATION,
    "flex_min_s": Field.FLEX_MIN,
    "flex_max_s": Field.FLEX_MAX,
}

_Keep = Callable[[Field], None]  # keeps a field's raw cell in the segment's custom columns


@dataclass(frozen=True, slots=True)
class SheetReading:
    """A sheet as read: the plan, each column and the field it was read as, and what the
    reader inferred rather than read (for the mapping dialog's preview to show)."""

    draft: PlanDraft
    header_row: int
    columns: tuple[Column, ...]
    typed_by_title: frozenset[str]  # ids of segments whose type came from their title
    roles_named: frozenset[str]  # ids of segments whose lead role the sheet names
    used: frozenset[int]  # the columns with a header or a value below it
    exported: bool = False  # our own export: read by its own names, nothing guessed


def read_sheet(
    rows: Sequence[SheetRow], *, file: str, mapping: Mapping[str, str] | None = None
) -> PlanDraft:
    """The plan in `rows` (non-blank rows of one sheet, in order)."""
    return read_table(rows, file=file, mapping=mapping).draft


def read_table(
    rows: Sequence[SheetRow],
    *,
    file: str,
    mapping: Mapping[str, str] | None = None,
    choice: ColumnChoice | None = None,
) -> SheetReading:
    """The plan in `rows`, with the columns as read: guessed, but for those `mapping` names
    (`--map`), or exactly as `choice` says (the mapping dialog)."""
    layout, facts = read_layout(rows, file, mapping, choice)
    body = rows[layout.header_at + 1 :]
    if len(body) > MAX_DATA_ROWS:
        raise FormatError(
            f"{len(body)} rows below the header, more than any run-of-show",
            file=file,
            expected=f"at most {MAX_DATA_ROWS} rows",
        )
    reader = _TableReader(file, layout)
    reader.read(body)
    if not reader.segments and not layout.exported:
        raise FormatError(
            "no segments below the header",
            file=file,
            row=layout.header_row,
            expected="rows with a title and a duration (or start and end times)",
        )
    draft = PlanDraft(
        name=facts.name,
        slot_s=facts.slot_s,
        start_s=facts.start_s if facts.start_s is not None else reader.first_start_s,
        time_zone=facts.time_zone,
        notes=facts.notes,
        source=facts.source or file,
        sections=tuple(reader.sections.sections),
        segments=tuple(reader.segments),
        transitions=tuple(reader.transitions.values()),
        warnings=facts.warnings + reader.title_type_note() + tuple(reader.warnings),
    )
    return SheetReading(
        draft,
        layout.header_row,
        layout.columns,
        frozenset(id_ for _, _, _, id_ in reader.typed_by_title),
        frozenset(reader.roles_named),
        used_columns(layout, body),
        layout.exported,
    )


def used_columns(layout: Layout, body: Sequence[SheetRow]) -> frozenset[int]:
    """The columns with a header, or without one but with a value below it."""
    named = {c.index for c in layout.columns if not c.header.startswith("Column ")}
    if len(named) == len(layout.columns):
        return frozenset(named)
    filled = {i for r in body for i, cell in enumerate(r.cells) if not is_blank(cell)}
    return frozenset(named | (filled & {c.index for c in layout.columns}))


class _Row:
    """One row's cells, looked up by field."""

    def __init__(self, row: SheetRow, layout: Layout) -> None:
        self.number = row.number
        self.cells = row.cells
        self.layout = layout

    def value(self, target: Field) -> CellValue:
        column = self.layout.fields.get(target)
        if column is None or column.index >= len(self.cells):
            return None
        return self.cells[column.index]

    def text(self, target: Field) -> str:
        return cell_text(self.value(target))

    def has(self, target: Field) -> bool:
        return not is_blank(self.value(target))

    def filled(self) -> list[tuple[Column, CellValue]]:
        return [(self.layout.column(i), c) for i, c in enumerate(self.cells) if not is_blank(c)]

    def header(self, target: Field) -> str:
        return self.layout.fields[target].header


class _TableReader:
    """Reads the rows below the header, keeping what it has built so far."""

    def __init__(self, file: str, layout: Layout) -> None:
        self.file = file
        self.layout = layout
        self.sections = SectionBook(by_id=Field.SECTION_ID in layout.fields)
        self.segments: list[Segment] = []
        self.transitions: dict[str, Transition] = {}  # by the segment they follow
        self.warnings: list[str] = []
        self.first_start_s: int | None = None
        self._ids: set[str] = set()
        self._transition_ids: set[str] = set()
        self._starts: list[int | None] = []  # per segment, for start-only sheets
        self._open_ends: list[tuple[int, int]] = []  # (segment position, row) to resolve
        self._previous_end: int | None = None
        self._range_end: int | None = None  # the end a row's start cell gave ("9:00–9:15")
        self.typed_by_title: list[tuple[int, str, InteractionType, str]] = []  # row, title…
        self.roles_named: list[str] = []  # ids of segments whose row names a lead role

    # --- rows -----------------------------------------------------------------------------

    def read(self, body: Sequence[SheetRow]) -> None:
        rows = [_Row(r, self.layout) for r in body]
        timed_later = [False] * len(rows)
        seen = False
        for i in range(len(rows) - 1, -1, -1):
            timed_later[i] = seen
            seen = seen or self._is_timed(rows[i])
        for row, later in zip(rows, timed_later, strict=True):
            self._read_row(row, later)
        self._resolve_open_ends()

    def _is_timed(self, row: _Row) -> bool:
        kind = timer_type_for(row.text(Field.TIMER_TYPE))
        if kind in (TimerType.GROUP, TimerType.GROUP_END):
            return False
        return kind is TimerType.MILESTONE or any(row.has(f) for f in TIMING_FIELDS)

    def _read_row(self, row: _Row, timed_later: bool) -> None:
        if len(row.cells) > MAX_COLUMNS and any(not is_blank(c) for c in row.cells[MAX_COLUMNS:]):
            raise FormatError(
                f"more than {MAX_COLUMNS} columns",
                file=self.file,
                row=row.number,
                expected="a run-of-show table",
            )
        filled = row.filled()
        if not filled:
            return
        raw_kind = row.text(Field.TIMER_TYPE)
        kind = timer_type_for(raw_kind) if raw_kind else TimerType.EVENT
        if kind is None:
            self.warnings.append(f"row {row.number}: unknown timer type {raw_kind!r} kept")
            kind = TimerType.EVENT
        title = row.text(Field.TITLE)
        if kind is TimerType.GROUP:
            # our export as Ontime's rundown gives a group row the section's id
            own_id = row.text(Field.ID) if self.layout.exported else ""
            self._open_section(row, title or row.text(Field.SECTION), own_id)
            return
        if kind is TimerType.GROUP_END:
            self.sections.close()
            return
        if kind is TimerType.DELAY:
            self._read_delay(row)
            return
        if not self.layout.exported and normalize(title) in TOTAL_TITLES:
            self.warnings.append(f"row {row.number}: skipped the {title!r} row")
            return
        if kind is not TimerType.MILESTONE and not any(row.has(f) for f in TIMING_FIELDS):
            self._read_untimed(row, filled, timed_later)
            return
        self._read_segment(row, kind, raw_kind)

    def _read_untimed(
        self, row: _Row, filled: list[tuple[Column, CellValue]], timed_later: bool
    ) -> None:
        title = row.text(Field.TITLE)
        if not title and (row.has(Field.SECTION) or row.has(Field.SECTION_ID)):
            self._open_section(row, row.text(Field.SECTION))
            return
        lone = len(filled) == 1
        if title and timed_later and (not lone or (len(title) <= LONG_NOTE and "\n" not in title)):
            self._open_section(row, title)  # a group row
            return
        if title and not (lone and (len(title) > LONG_NOTE or "\n" in title)):
            self.warnings.append(
                f"row {row.number}: {title!r} has no duration; kept as a zero-length cue"
            )
            self._read_segment(row, TimerType.MILESTONE, "")
            return
        shown = cell_text(filled[0][1])
        if len(shown) > 40:
            shown = shown[:40] + "…"
        self.warnings.append(f"row {row.number}: skipped a note outside the table: {shown!r}")

    def _open_section(self, row: _Row, title: str, own_id: str = "") -> None:
        """Rows below belong to the section `title` (or the one of the row's Section ID, or
        `own_id`)."""
        self._check_section_title(row, title)
        section_id = self._section_id(row) or (as_uuid("section", own_id) if own_id else "")
        self.sections.open(title, section_id)

    def _check_section_title(self, row: _Row, title: str) -> None:
        problem = text_problem(title, SECTION_TITLE_CHARS)
        if problem is not None:
            column = Field.SECTION if row.has(Field.SECTION) else Field.TITLE
            raise FormatError(
                f"a section's title: {problem}",
                file=self.file,
                row=row.number,
                column=row.header(column),
                expected=f"at most {SECTION_TITLE_CHARS:,} characters",
            )

    def _section_id(self, row: _Row) -> str:
        text = row.text(Field.SECTION_ID)
        return as_uuid("section", text) if text else ""

    def _read_delay(self, row: _Row) -> None:
        if not self.segments:
            self.warnings.append(f"row {row.number}: a delay before any segment was skipped")
            return
        allowance = self._timing(row)[0] or 0
        after = self.segments[-1].id
        existing = self.transitions.get(after)
        if existing is None:
            cue = self._transition_cue(row, Field.CUE)
            self.transitions[after] = Transition(new_id(), after, allowance, cue)
            return
        total = existing.allowance_s + allowance
        if total > MAX_DURATION_S:
            raise FormatError(
                "the delays after one segment add up to more than 7 days",
                file=self.file,
                row=row.number,
                column=row.header(Field.DURATION) if row.has(Field.DURATION) else None,
                expected="a hand-off of at most 7 days",
            )
        self.transitions[after] = dataclasses.replace(existing, allowance_s=total)

    def _transition_cue(self, row: _Row, target: Field) -> str:
        cue = row.text(target)
        problem = text_problem(cue, TRANSITION_CUE_CHARS)
        if problem is not None:
            raise FormatError(
                f"a hand-off's cue: {problem}",
                file=self.file,
                row=row.number,
                column=row.header(target),
                expected=f"at most {TRANSITION_CUE_CHARS:,} characters",
            )
        return cue

    # --- segments -------------------------------------------------------------------------

    def _read_segment(self, row: _Row, kind: TimerType, raw_kind: str) -> None:
        custom: list[tuple[int, str, str]] = []  # (column index, header, value)
        marker = kind is TimerType.MILESTONE

        def keep(target: Field) -> None:
            column = self.layout.fields[target]
            custom.append((column.index, column.header, row.text(target)))

        planned, start = self._timing(row)
        if marker and (planned is None or not self.layout.exported):
            planned = 0  # our own export writes the length a marker was given, if any
        interaction = InteractionType.PRESENTATION
        by_title = None
        if row.has(Field.TYPE):
            found = interaction_for(row.text(Field.TYPE))
            if found is None:
                keep(Field.TYPE)
                self.warnings.append(
                    f"row {row.number}: unknown type {row.text(Field.TYPE)!r} kept as other"
                )
            interaction = found or InteractionType.OTHER
        elif not self.layout.exported:  # "Breakout 1", "Poll: pulse check", "Lunch break"
            by_title = type_from_title(row.text(Field.TITLE))
            interaction = by_title or interaction
        lead, person = self._lead(row, keep)
        if (
            kind is TimerType.EVENT
            and raw_kind
            and normalize(raw_kind) not in ("count down", "countdown")
        ):
            keep(Field.TIMER_TYPE)
        segment_id = self._segment_id(row, keep)
        segment = Segment(
            id=segment_id,
            title=row.text(Field.TITLE),
            planned_s=planned if planned is not None else 0,
            section_id=self._section_for(row),
            interaction=interaction,
            lead=lead or LeadRole.FACILITATOR,
            lead_person=person,
            intent=row.text(Field.INTENT),
            non_negotiable=self._non_negotiable(row, keep),
            flex_min_s=self._optional_duration(row, Field.FLEX_MIN),
            flex_max_s=self._optional_duration(row, Field.FLEX_MAX),
            facilitator_notes=row.text(Field.NOTES),
            producer_cues=row.text(Field.PRODUCER),
            materials=row.text(Field.MATERIALS),
            contingency=row.text(Field.CONTINGENCY),
            cue=row.text(Field.CUE),
            marker=marker or self._flag(row, Field.MARKER, keep),
            skipped=self._flag(row, Field.SKIP, keep),
            custom=(),
        )
        for column, value in row.filled():
            if column.field is None and not self._type_colour(column, value, interaction):
                custom.append((column.index, column.header, cell_text(value)))
        custom.sort(key=lambda entry: entry[0])
        segment = dataclasses.replace(segment, custom=tuple((h, v) for _, h, v in custom))
        self._check_segment(row, segment)
        if planned is None:
            self._open_ends.append((len(self.segments), row.number))
        self._starts.append(start)
        self.segments.append(segment)
        if by_title is not None:
            self.typed_by_title.append((row.number, segment.title, by_title, segment.id))
        if lead is not None:
            self.roles_named.append(segment.id)
        self._read_transition(row, segment)

    def _type_colour(self, column: Column, value: CellValue, interaction: InteractionType) -> bool:
        """Whether the cell is our export's colour for the row's type (not worth keeping)."""
        return (
            self.layout.exported
            and normalize(column.header) in ("colour", "color")
            and is_type_colour(cell_text(value), interaction)
        )

    def _lead(self, row: _Row, keep: _Keep) -> tuple[LeadRole | None, str]:
        """The role a row names (None when none) and the person: a lead cell holds a role
        ("Producer"), someone ("Ana", "fx1", "sponsor") or both ("Sam (producer)"); a lead
        person column names someone."""
        person = row.text(Field.LEAD_PERSON)
        if not row.has(Field.LEAD):
            return None, person
        text = row.text(Field.LEAD)
        more: tuple[LeadRole, ...] = ()
        if self.layout.exported:  # our own export writes the role alone
            role = lead_for(text)
            named = "" if role is not None else text
        else:
            role, named, more = lead_and_person(text)
        if more:
            keep(Field.LEAD)
            self.warnings.append(
                f"row {row.number}: {text!r} names more than one role; read as {role}"
            )
        if named and not person:
            person = named
        elif named and normalize(named) != normalize(person):
            keep(Field.LEAD)  # someone else than the person named beside it
        return role, person

    def title_type_note(self) -> tuple[str, ...]:
        """One warning for the types guessed from titles, listing the rows."""
        guessed = self.typed_by_title
        if not guessed:
            return ()
        shown = "; ".join(f"row {n} {t!r}: {k.label}" for n, t, k, _ in guessed[:TYPE_ROWS_SHOWN])
        more = (
            f"; and {len(guessed) - TYPE_ROWS_SHOWN} more" if len(guessed) > TYPE_ROWS_SHOWN else ""
        )
        rows = "row" if len(guessed) == 1 else "rows"
        return (
            f"type guessed from the title for {len(guessed)} {rows} (no type column says "
            f"otherwise; change it in Design): {shown}{more}",
        )

    def _section_for(self, row: _Row) -> str | None:
        title = row.text(Field.SECTION)
        if title:
            self._check_section_title(row, title)
        return self.sections.for_row(title, self._section_id(row))

    def _check_segment(self, row: _Row, segment: Segment) -> None:
        """Refuse, naming the row and the column, a segment outside the domain's bounds."""
        for problem in segment_problems(segment, "", {s.id for s in self.sections.sections}):
            target = _FIELD_OF.get(problem.field)
            if target is Field.LEAD_PERSON and target not in self.layout.fields:
                target = Field.LEAD  # the person was named in the lead column
            column = (
                row.header(target)
                if target is not None and target in self.layout.fields
                else problem.field.removeprefix("custom ").strip("'")
            )
            raise FormatError(
                problem.problem,
                file=self.file,
                row=row.number,
                column=column,
                expected=problem.expected,
            )

    def _timing(self, row: _Row) -> tuple[int | None, int | None]:
        """The row's duration (from its duration cell or its start and end) and its start.

        The duration is None when only a start is given: the next start ends the segment.
        """
        self._range_end = None
        start = self._time(row, Field.START, needed=not row.has(Field.DURATION))
        end = self._time(row, Field.END, needed=not row.has(Field.DURATION))
        if end is None:
            end = self._range_end  # a start cell of "9:00–9:15" ends the segment too
        if start is not None and self.first_start_s is None:
            self.first_start_s = start
        planned: int | None
        if row.has(Field.DURATION):
            planned = self._duration(row, Field.DURATION)
        elif start is not None and end is not None:
            planned = (end - start) % DAY_S
        elif end is not None and self._previous_end is not None:
            planned = (end - self._previous_end) % DAY_S
        elif end is not None:
            raise FormatError(
                "an end time with no start or duration, and no segment before it",
                file=self.file,
                row=row.number,
                column=row.header(Field.END),
                expected="a start time or a duration",
            )
        else:
            planned = None
        if end is not None:
            self._previous_end = end
        elif planned is not None and start is not None:
            self._previous_end = (start + planned) % DAY_S
        elif planned is not None and self._previous_end is not None:
            self._previous_end = (self._previous_end + planned) % DAY_S
        return planned, start

    def _resolve_open_ends(self) -> None:
        """Start-only rows last until the next row that has a start."""
        starts = self._starts
        for position, number in self._open_ends:
            begin = starts[position]
            assert begin is not None
            following = [s for s in starts[position + 1 :] if s is not None]
            segment = self.segments[position]
            if following:
                planned = (following[0] - begin) % DAY_S
                self.segments[position] = dataclasses.replace(segment, planned_s=planned)
            else:
                self.warnings.append(
                    f"row {number}: {segment.title!r} has a start but no end or duration; "
                    "kept as a zero-length cue"
                )
                self.segments[position] = dataclasses.replace(segment, marker=True)

    def _duration(self, row: _Row, target: Field) -> int:
        value = row.value(target)
        header = row.header(target)
        try:
            return duration_s(value, duration_unit_s(header), reads_hours_minutes(header))
        except ValueError:
            raise FormatError(
                f"cannot read {cell_text(value)!r} as a duration",
                file=self.file,
                row=row.number,
                column=header,
                expected=DURATION_EXPECTED,
            ) from None

    def _optional_duration(self, row: _Row, target: Field) -> int | None:
        return self._duration(row, target) if row.has(target) else None

    def _time(self, row: _Row, target: Field, *, needed: bool) -> int | None:
        if not row.has(target):
            return None
        value = row.value(target)
        try:
            return time_of_day_s(value)
        except ValueError:
            if target is Field.START and not self.layout.exported:
                with contextlib.suppress(ValueError):
                    start, self._range_end = time_range_s(value)
                    return start
            if not needed:
                self.warnings.append(
                    f"row {row.number}: ignored {cell_text(value)!r} in {row.header(target)!r}"
                )
                return None
            raise FormatError(
                f"cannot read {cell_text(value)!r} as a time of day",
                file=self.file,
                row=row.number,
                column=row.header(target),
                expected=TIME_EXPECTED,
            ) from None

    def _flag(self, row: _Row, target: Field, keep: _Keep) -> bool:
        if not row.has(target):
            return False
        answer = yes_no(row.text(target))
        if answer is None:
            keep(target)
            self.warnings.append(
                f"row {row.number}: {row.text(target)!r} in {row.header(target)!r} "
                "is not yes or no; read as no"
            )
        return bool(answer)

    def _non_negotiable(self, row: _Row, keep: _Keep) -> bool:
        if row.has(Field.NON_NEGOTIABLE):
            return self._flag(row, Field.NON_NEGOTIABLE, keep)
        if row.has(Field.FLEXIBLE):
            answer = yes_no(row.text(Field.FLEXIBLE))
            if answer is None:
                keep(Field.FLEXIBLE)
            return answer is False
        return False

    def _segment_id(self, row: _Row, keep: _Keep) -> str:
        text = row.text(Field.ID)
        if not text:
            return self._fresh_id()
        try:
            found = str(uuid.UUID(text))
        except ValueError:
            keep(Field.ID)
            return self._fresh_id()
        if found in self._ids:
            self.warnings.append(f"row {row.number}: the id {text!r} is repeated; given a new one")
            keep(Field.ID)
            return self._fresh_id()
        self._ids.add(found)
        return found

    def _fresh_id(self) -> str:
        found = new_id()
        self._ids.add(found)
        return found

    def _read_transition(self, row: _Row, segment: Segment) -> None:
        fields = (Field.TRANSITION, Field.TRANSITION_CUE, Field.TRANSITION_ID)
        if not any(row.has(f) for f in fields):
            return
        allowance = self._optional_duration(row, Field.TRANSITION) or 0
        self.transitions[segment.id] = Transition(
            id=self._transition_id(row),
            after_segment_id=segment.id,
            allowance_s=allowance,
            cue=self._transition_cue(row, Field.TRANSITION_CUE),
        )

    def _transition_id(self, row: _Row) -> str:
        text = row.text(Field.TRANSITION_ID)
        found = as_uuid("transition", text) if text else new_id()
        if found in self._transition_ids:
            self.warnings.append(
                f"row {row.number}: the transition id {text!r} is repeated; given a new one"
            )
            found = new_id()
        self._transition_ids.add(found)
        return found
