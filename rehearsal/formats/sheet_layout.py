"""Where a sheet's table is: the header row, what each column means, the plan facts above it.

A run-of-show often opens with a title block, instructions and key-value rows ("Slot",
"1:30:00") before the header. The header is the row among the first ones whose cells name
the most known columns; everything above it is read for plan-level facts.
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
    PLAN_KEYS,
    WEAK_DURATION_ALIASES,
    Field,
    PlanKey,
    field_for_header,
    normalize,
)
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
class PlanFacts:
    """Plan-level values from the key-value rows above the header."""

    name: str = ""
    slot_s: int | None = None
    start_s: int | None = None
    time_zone: str = ""
    notes: str = ""
    source: str = ""
    exported: bool = False
    warnings: tuple[str, ...] = field(default=())


def read_layout(
    rows: Sequence[SheetRow], file: str, mapping: Mapping[str, str] | None
) -> tuple[Layout, PlanFacts]:
    """The header among the first rows and the plan facts above it.

    Raises a FormatError naming the columns seen when no title or no timing column is found.
    """
    wanted = _resolve_mapping(mapping or {}, file)
    searched = rows[:HEADER_SEARCH_ROWS]
    best: tuple[int, int] | None = None  # (score, position)
    for position, row in enumerate(searched):
        texts = [normalize(c) if isinstance(c, str) else "" for c in row.cells]
        if wanted and not all(name in texts for name in wanted.values()):
            continue
        found = {field_for_header(t) for t in texts if t} - {None}
        if not wanted and Field.TITLE not in found:
            continue
        score = len(found) + len(wanted)
        if (wanted or score >= 2) and (best is None or score > best[0]):
            best = (score, position)
    if best is None:
        raise _no_header(searched, file, wanted)
    position = best[1]
    facts = read_plan_facts(rows[:position], file)
    header = rows[position]
    columns = _columns(header.cells, wanted, facts.exported)
    fields = {c.field: c for c in columns if c.field is not None}
    if Field.TITLE not in fields or not any(f in fields for f in TIMING_FIELDS):
        missing = "title" if Field.TITLE not in fields else "duration (or start and end)"
        raise ColumnsNotRecognised(
            f"no {missing} column in the header; the columns found are {_listing(columns)}",
            columns=_headers(columns),
            file=file,
            row=header.number,
            expected="a mapping such as --map title=COLUMN --map duration=COLUMN",
        )
    return Layout(position, header.number, columns, fields, facts.exported), facts


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


def _columns(
    cells: Sequence[CellValue], wanted: dict[Field, str], exported: bool
) -> tuple[Column, ...]:
    texts = [cell_text(c) for c in cells]
    assigned: dict[int, Field] = {}
    taken: set[Field] = set()

    def claim(index: int, target: Field) -> None:
        if index not in assigned and target not in taken:
            assigned[index] = target
            taken.add(target)

    for target, name in wanted.items():
        for index, text in enumerate(texts):
            if normalize(text) == name:
                claim(index, target)
                break
    if exported:
        canonical = {normalize(h): f for f, h in EXPORT_HEADERS.items()}
        for index, text in enumerate(texts):
            if (own := canonical.get(normalize(text))) is not None:
                claim(index, own)
    else:
        weak: list[int] = []
        for index, text in enumerate(texts):
            named = field_for_header(text)
            if named is Field.DURATION and normalize(text) in WEAK_DURATION_ALIASES:
                weak.append(index)
            elif named is not None:
                claim(index, named)
        for index in weak:  # "Time" beside a "Duration" column is when the segment starts
            claim(index, Field.DURATION if Field.DURATION not in taken else Field.START)
    return tuple(
        Column(index, text or f"Column {column_letter(index)}", assigned.get(index))
        for index, text in enumerate(texts)
    )


def _headers(columns: Sequence[Column]) -> tuple[str, ...]:
    return tuple(c.header for c in columns if not c.header.startswith("Column "))


def _listing(columns: Sequence[Column]) -> str:
    named = [repr(c.header) for c in columns if not c.header.startswith("Column ")]
    return ", ".join(named) if named else "none (the header cells are empty)"


def _no_header(searched: Sequence[SheetRow], file: str, wanted: dict[Field, str]) -> FormatError:
    if not searched:
        return FormatError("the sheet is empty", file=file, expected="a header row and segments")
    likely = max(
        searched, key=lambda r: sum(isinstance(c, str) and bool(c.strip()) for c in r.cells)
    )
    likely_columns = _columns(likely.cells, {}, exported=False)
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
