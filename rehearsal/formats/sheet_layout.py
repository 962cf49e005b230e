"""Where a sheet's table is: the header row, what each column means, the plan facts above it.

A run-of-show often opens with a title block, instructions and key-value rows ("Slot",
"1:30:00") before the header. The header is the row among the first ones whose cells name
the most known columns; everything above it is read for plan-level facts. Which column
holds which field is guessed for the whole row at once (`sheet_guess`), unless a mapping
names some columns or a person chose them all (`ColumnChoice`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rehearsal.errors import ColumnsNotRecognised, FormatError
from rehearsal.formats.plan_limits import PLAN_TEXTS, SLOT_EXPECTED, slot_problem, text_problem
from rehearsal.formats.sheet_cells import (
    CellValue,
    SheetRow,
    cell_text,
    column_letter,
    duration_s,
    is_blank,
    time_of_day_s,
)
from rehearsal.formats.sheet_columns import (
    EXPORT_HEADERS,
    MAPPING_NAMES,
    ONTIME_EXPORT_VERSION,
    ONTIME_SHEET_HEADERS,
    PLAN_KEYS,
    Field,
    PlanKey,
    normalize,
)
from rehearsal.formats.sheet_guess import guess_columns, recognised
from rehearsal.schedule import is_time_zone

HEADER_SEARCH_ROWS = 30
TIMING_FIELDS = (Field.DURATION, Field.START, Field.END)
DURATION_EXPECTED = 'minutes ("5"), "5m", "1h05", "10m15s", mm:ss or h:mm:ss'
TIME_EXPECTED = 'a time of day such as "9:30", "09:30:00" or "9:30 AM"'


@dataclass(frozen=True, slots=True)
class Column:
    index: int
    header: str  # as the sheet writes it, or "Column F" when the header cell is empty
    field: Field | None
    why: str = ""  # how the field was told (`sheet_guess`): "header", "mapped", "chosen"…


@dataclass(frozen=True, slots=True)
class Layout:
    """The header row and the meaning of each of its columns."""

    header_at: int  # position of the header in the row list
    header_row: int  # the sheet's row number
    columns: tuple[Column, ...]
    fields: Mapping[Field, Column]
    exported: bool  # written by Rehearsal: only its own header names are fields

    def column(self, index: int) -> Column:
        if index < len(self.columns):
            return self.columns[index]
        return Column(index, f"Column {column_letter(index)}", None)


@dataclass(frozen=True, slots=True)
class ColumnChoice:
    """Which column holds which field, as a person chose them in the mapping dialog: the
    header row, and a column (by index) for each field read; every other column is kept as
    a custom column."""

    header_row: int  # the sheet's row number
    fields: Mapping[Field, int]


@dataclass(frozen=True, slots=True)
class PlanFacts:
    """Plan-level values from the key-value rows above the header."""

    name: str = ""
    slot_s: int | None = None
    start_s: int | None = None
    time_zone: str = ""
    notes: str = ""
    source: str = ""
    exported: bool = False
    ontime: bool = False  # our export as Ontime's rundown: its own header names
    warnings: tuple[str, ...] = field(default=())


def read_layout(
    rows: Sequence[SheetRow],
    file: str,
    mapping: Mapping[str, str] | None,
    choice: ColumnChoice | None = None,
) -> tuple[Layout, PlanFacts]:
    """The header among the first rows and the plan facts above it: the header row that
    names the most known columns, each column's field guessed (`sheet_guess`) but for those
    `mapping` names; or exactly the columns of `choice`.

    Raises a FormatError naming the columns seen when no title or no timing column is found.
    """
    if choice is not None:
        layout, facts = _chosen_layout(rows, file, choice)
    else:
        wanted = _resolve_mapping(mapping or {}, file)
        position = _header_position(rows[:HEADER_SEARCH_ROWS], wanted)
        if position is None:
            raise _no_header(rows[:HEADER_SEARCH_ROWS], file, wanted)
        layout, facts = _layout_at(rows, position, file, wanted)
    fields = layout.fields
    if Field.TITLE not in fields or not any(f in fields for f in TIMING_FIELDS):
        missing = "title" if Field.TITLE not in fields else "duration (or start and end)"
        raise ColumnsNotRecognised(
            f"no {missing} column in the header; the columns found are {_listing(layout.columns)}",
            columns=_headers(layout.columns),
            file=file,
            row=layout.header_row,
            expected="a mapping such as --map title=COLUMN --map duration=COLUMN",
        )
    return layout, facts


def guess_layout(rows: Sequence[SheetRow], file: str) -> tuple[Layout, PlanFacts]:
    """The layout `read_layout` would read without a mapping, also when it lacks a title or
    a timing column (for a person to complete); the likeliest row is the header when none
    names a title. Raises a FormatError for an empty sheet or a bad plan fact above it."""
    searched = rows[:HEADER_SEARCH_ROWS]
    if not searched:
        raise FormatError("the sheet is empty", file=file, expected="a header row and segments")
    position = _header_position(searched, {})
    if position is None:
        position = max(range(len(searched)), key=lambda i: _text_cells(searched[i]))
    return _layout_at(rows, position, file, {})


def _text_cells(row: SheetRow) -> int:
    return sum(isinstance(c, str) and bool(c.strip()) for c in row.cells)


def _header_position(searched: Sequence[SheetRow], wanted: dict[Field, str]) -> int | None:
    best: tuple[int, int] | None = None  # (score, position)
    for position, row in enumerate(searched):
        texts = [cell_text(c) if isinstance(c, str) else "" for c in row.cells]
        if wanted and not all(name in map(normalize, texts) for name in wanted.values()):
            continue
        count, titled = recognised(texts)
        if not wanted and not titled:
            continue
        score = count + len(wanted)
        if (wanted or score >= 2) and (best is None or score > best[0]):
            best = (score, position)
    return None if best is None else best[1]


def _layout_at(
    rows: Sequence[SheetRow], position: int, file: str, wanted: dict[Field, str]
) -> tuple[Layout, PlanFacts]:
    facts = read_plan_facts(rows[:position], file)
    header = rows[position]
    texts = [cell_text(c) for c in header.cells]
    fixed: dict[int, Field] = {}
    for target, name in wanted.items():
        for index, text in enumerate(texts):
            if normalize(text) == name and index not in fixed:
                fixed[index] = target
                break
    if facts.exported:
        guesses = _exported(texts, fixed, facts.ontime)
    else:
        body = [r.cells for r in rows[position + 1 :]]
        guesses = [(g.field, g.why) for g in guess_columns(texts, body, fixed)]
    columns = tuple(
        Column(index, text or f"Column {column_letter(index)}", target, why)
        for index, (text, (target, why)) in enumerate(zip(texts, guesses, strict=True))
    )
    return _layout(position, header.number, columns, facts.exported), facts


def _layout(at: int, number: int, columns: tuple[Column, ...], exported: bool) -> Layout:
    fields = {c.field: c for c in columns if c.field is not None}
    return Layout(at, number, columns, fields, exported)


def _exported(
    texts: Sequence[str], fixed: dict[int, Field], ontime: bool
) -> list[tuple[Field | None, str]]:
    """Our own export: only its own header names are fields (a custom column may be called
    "Notes" or "Who"); as Ontime's rundown, the names that one writes."""
    headers = ONTIME_SHEET_HEADERS if ontime else EXPORT_HEADERS
    canonical = {normalize(h): f for f, h in headers.items()}
    taken = set(fixed.values())
    found: list[tuple[Field | None, str]] = []
    for index, text in enumerate(texts):
        if index in fixed:
            found.append((fixed[index], "mapped"))
        elif (own := canonical.get(normalize(text))) is not None and own not in taken:
            taken.add(own)
            found.append((own, "Rehearsal's export"))
        else:
            found.append((None, ""))
    return found


def _chosen_layout(
    rows: Sequence[SheetRow], file: str, choice: ColumnChoice
) -> tuple[Layout, PlanFacts]:
    position = next((i for i, r in enumerate(rows) if r.number == choice.header_row), None)
    indices = list(choice.fields.values())
    if position is None or len(set(indices)) < len(indices) or any(i < 0 for i in indices):
        raise FormatError(
            "the columns chosen do not fit this sheet",
            file=file,
            row=choice.header_row,
            expected="one column for each field, in the header row",
        )
    facts = read_plan_facts(rows[:position], file)
    header = rows[position]
    width = max(len(header.cells), max(indices, default=-1) + 1)
    by_index = {i: f for f, i in choice.fields.items()}
    columns = tuple(
        Column(
            index,
            cell_text(header.cells[index]) if index < len(header.cells) else "",
            by_index.get(index),
            "chosen" if index in by_index else "",
        )
        for index in range(width)
    )
    columns = tuple(
        c if c.header else Column(c.index, f"Column {column_letter(c.index)}", c.field, c.why)
        for c in columns
    )
    return _layout(position, header.number, columns, facts.exported), facts


def _resolve_mapping(mapping: Mapping[str, str], file: str) -> dict[Field, str]:
    wanted: dict[Field, str] = {}
    for name, header in mapping.items():
        target = MAPPING_NAMES.get(name.strip().lower())
        if target is None:
            raise FormatError(
                f"the mapping names an unknown field {name!r}",
                file=file,
                expected="one of " + ", ".join(sorted(f.value for f in Field)),
            )
        wanted[target] = normalize(header)
    return wanted


def _headers(columns: Sequence[Column]) -> tuple[str, ...]:
    return tuple(c.header for c in columns if not c.header.startswith("Column "))


def _listing(columns: Sequence[Column]) -> str:
    named = [repr(c.header) for c in columns if not c.header.startswith("Column ")]
    return ", ".join(named) if named else "none (the header cells are empty)"


def _no_header(searched: Sequence[SheetRow], file: str, wanted: dict[Field, str]) -> FormatError:
    if not searched:
        return FormatError("the sheet is empty", file=file, expected="a header row and segments")
    likely = max(searched, key=_text_cells)
    texts = [cell_text(c) for c in likely.cells]
    likely_columns = tuple(
        Column(i, t or f"Column {column_letter(i)}", None) for i, t in enumerate(texts)
    )
    seen = _listing(likely_columns)
    if wanted:
        names = ", ".join(repr(n) for n in wanted.values())
        return ColumnsNotRecognised(
            f"no header row has all the mapped columns ({names}); the columns found are {seen}",
            columns=_headers(likely_columns),
            file=file,
            row=likely.number,
            expected="column names as the sheet writes them",
        )
    return ColumnsNotRecognised(
        f"no header row with a title column in the first {HEADER_SEARCH_ROWS} rows; "
        f"the columns found are {seen}",
        columns=_headers(likely_columns),
        file=file,
        row=likely.number,
        expected="a header such as Title, Duration, or a mapping such as "
        "--map title=COLUMN --map duration=COLUMN",
    )


def read_plan_facts(rows: Sequence[SheetRow], file: str) -> PlanFacts:
    """Name, slot, planned start and its time zone, notes and source from key-value rows
    above the header."""
    values: dict[PlanKey, tuple[SheetRow, int, CellValue]] = {}
    lone_texts: list[str] = []
    warnings: list[str] = []
    for row in rows:
        filled = [(i, c) for i, c in enumerate(row.cells) if not is_blank(c)]
        if not filled:
            continue
        first = cell_text(filled[0][1])
        key = PLAN_KEYS.get(normalize(first.rstrip(":")))
        if len(filled) >= 2 and key is not None:
            values.setdefault(key, (row, filled[1][0], filled[1][1]))
        elif len(filled) == 1 and ":" in first:
            head, _, rest = first.partition(":")
            split_key = PLAN_KEYS.get(normalize(head))
            if split_key is not None and rest.strip():
                values.setdefault(split_key, (row, filled[0][0], rest.strip()))
            else:
                lone_texts.append(first)
        elif len(filled) == 1:
            lone_texts.append(first)
        elif len(filled) >= 2:
            shown = ": ".join(cell_text(c) for _, c in filled[:2])
            warnings.append(f"row {row.number}: {shown!r} above the table was not imported")

    def text(key: PlanKey, max_chars: int) -> str:
        if key not in values:
            return ""
        row, index, value = values[key]
        found = cell_text(value)
        problem = text_problem(found, max_chars)
        if problem is not None:
            raise FormatError(
                f"the plan's {key.value}: {problem}",
                file=file,
                row=row.number,
                column=column_letter(index),
                expected=f"at most {max_chars:,} characters",
            )
        return found

    name = text(PlanKey.NAME, PLAN_TEXTS["name"])
    if not name and lone_texts and len(lone_texts[0]) <= 80 and "\n" not in lone_texts[0]:
        name = lone_texts[0]  # the title block
    return PlanFacts(
        name=name,
        slot_s=_fact(values, PlanKey.SLOT, file, duration=True),
        start_s=_fact(values, PlanKey.START, file, duration=False),
        time_zone=_time_zone(values, file),
        notes=text(PlanKey.NOTES, PLAN_TEXTS["notes"]),
        source=text(PlanKey.SOURCE, PLAN_TEXTS["source"]),
        exported=PlanKey.EXPORT in values,
        ontime=PlanKey.EXPORT in values
        and normalize(cell_text(values[PlanKey.EXPORT][2])) == normalize(ONTIME_EXPORT_VERSION),
        warnings=tuple(warnings),
    )


def _fact(
    values: dict[PlanKey, tuple[SheetRow, int, CellValue]],
    key: PlanKey,
    file: str,
    *,
    duration: bool,
) -> int | None:
    if key not in values:
        return None
    row, index, value = values[key]
    try:
        found = duration_s(value) if duration else time_of_day_s(value)
        if duration and slot_problem(found) is not None:
            raise ValueError(slot_problem(found))
        return found
    except ValueError:
        raise FormatError(
            f"cannot read {cell_text(value)!r} as the plan's "
            + ("slot length" if duration else "planned start"),
            file=file,
            row=row.number,
            column=column_letter(index),
            expected=SLOT_EXPECTED if duration else TIME_EXPECTED,
        ) from None


def _time_zone(values: dict[PlanKey, tuple[SheetRow, int, CellValue]], file: str) -> str:
    """A "Time zone"/"TZ" row's IANA name ("" when there is none); an unknown name is an
    error naming its cell."""
    if PlanKey.TIME_ZONE not in values:
        return ""
    row, index, value = values[PlanKey.TIME_ZONE]
    zone = cell_text(value).strip()
    if not is_time_zone(zone):
        raise FormatError(
            f"unknown time zone {zone!r}",
            file=file,
            row=row.number,
            column=column_letter(index),
            expected='an IANA time zone such as "Europe/Berlin"',
        )
    return zone
