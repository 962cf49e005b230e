"""Which column of a sheet holds which field, guessed for the whole header row at once.

People name their columns "Block", "Length (min)", "Who", "Facilitator notes", "Comment";
a header alone is often ambiguous ("Block" is the title, or the section when an "Activity"
column is there too; "Time" is a duration, or the start when its values are clock times).
The guess is a small scoring table, in four steps:

1. **The header.** Each header is normalised and looked up in
   `sheet_columns.HEADER_WORDS`: the fields it may name, each scored 3 (the usual name),
   2 (a common name another column may claim better) or 1 (a last resort). A header not
   found whole is tried without units in brackets ("Length (min)"), without trailing unit
   words ("Duration in minutes", "Time hh:mm") and without leading qualifiers ("Planned
   length"). "<role> notes" are that role's notes: a facilitator's are the notes (3), a
   producer's the producer cues (3), anyone else's the notes as a last resort (1); any
   other "... notes" are the notes as a last resort (1).
2. **The values** (the first rows below the header) move the scores (`_value_score`):
   clock times (rising through the day, or with AM/PM) favour start and end (+2) and rule
   out a duration (-3); durations favour the duration (+2) and rule out start, end and
   title; role words ("Producer", "co-fac") favour the lead role (+1); prose rules out the
   lead, the type and the cue (-3); interaction words ("Poll", "Breakout rooms") favour the
   type (+3) over the title (-1); yes/no favour the flags; values on few rows, or the same
   few again and again, favour the section over the title (+1, -1). The usual name of a
   field (3) keeps it at 1 at least, whatever the values: an unreadable cell under
   "Duration" is an error naming that cell, not a reason to read the column as something
   else. A header with no known word may still be read by its values alone, at 1: clock
   times as the start, durations written with units as the duration, interaction words
   that come again as the type ("Welcome, Poll, Breakout" may be titles), role words as
   the lead.
3. **The assignment.** The highest score first, each field to one column and each column to
   one field; a tie goes to the field listed first in `Field`, then to the column further
   left. Columns already named by a mapping (`--map`) keep their field. A score below 1
   assigns nothing; a column left without a field is kept as a custom column.
4. **A sheet has titles.** When no column got the title but a header may name it, the best
   such column gets it, whatever its score (its other field is freed and offered to the
   remaining columns).

Each guess says why (`ColumnGuess.why`), for the mapping dialog and `rehearsal import`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from rehearsal.formats.sheet_cells import (
    CellValue,
    cell_text,
    duration_s,
    is_blank,
    time_of_day_s,
    time_range_s,
)
from rehearsal.formats.sheet_columns import (
    HEADER_WORDS,
    NOTE_WORDS,
    QUALIFIER_WORDS,
    UNIT_WORDS,
    Field,
    duration_unit_s,
    lead_and_person,
    names_interaction,
    normalize,
    yes_no,
)
from rehearsal.model import LeadRole

SAMPLE_ROWS = 60  # rows below the header whose values are looked at
LONGEST_HEADER = 60  # a longer cell is an instruction, not a header
_FIELD_ORDER = {f: i for i, f in enumerate(Field)}
_BRACKETS = re.compile(r"[(\[{].*?[)\]}]")
_HAS_UNIT = re.compile(r"\d\s*(?:h|hr|hrs|m|min|mins|minutes|s|sec|secs|'|\")\b|\d:\d", re.I)
_AM_PM = re.compile(r"\d\s*(?:am|pm|a\.m\.|p\.m\.)\s*$", re.I)
_EARLIEST_START_S = 5 * 3600  # a session's clock starts after 5:00; a duration from 0:00
Meanings = tuple[tuple[Field, int], ...]


@dataclass(frozen=True, slots=True)
class ColumnGuess:
    field: Field | None
    why: str  # "header", "header, clock times", "values: clock times"; "" when custom


@dataclass(frozen=True, slots=True)
class Values:
    """What a column's values look like (each True when most of them are so)."""

    count: int = 0
    clock: bool = False  # times of day (or "9:00–9:15") rising through the day, or AM/PM
    times: bool = False  # readable as times of day at all
    durations: bool = False  # readable as durations, and not clock times
    unit_durations: bool = False  # durations with units or colons ("10 min", "0:10:00")
    numbers: bool = False  # bare whole numbers ("1", "2", "3")
    roles: bool = False  # at least half name a role ("Producer", "Sam (producer)")
    names: bool = False  # short labels that repeat ("Ana", "fx1", "Ana")
    prose: bool = False  # sentences
    interactions: bool = False  # interaction words only ("Poll", "Breakout rooms")
    yes_no: bool = False
    grouping: bool = False  # on few rows, or the same few values again: a section's column
    repeats: bool = False  # some values come again ("Poll", "Breakout", "Poll")

    @property
    def label(self) -> str:
        for name, shown in (
            ("clock", "clock times"),
            ("durations", "durations"),
            ("interactions", "interaction types"),
            ("roles", "roles"),
            ("yes_no", "yes/no"),
            ("numbers", "numbers"),
            ("names", "names"),
            ("prose", "prose"),
        ):
            if getattr(self, name):
                return shown
        return ""


def header_meanings(header: str) -> Meanings:
    """The fields `header` may name, with their scores, highest first (step 1)."""
    key = normalize(header)
    if not key or len(header) > LONGEST_HEADER or len(key.split()) > 6:
        return ()
    bare = normalize(_BRACKETS.sub(" ", header))
    words = bare.split()
    while len(words) > 1 and words[-1] in UNIT_WORDS:
        words.pop()
    while len(words) > 1 and words[0] in QUALIFIER_WORDS:
        words.pop(0)
    for candidate in (key, bare, " ".join(words)):
        if candidate in HEADER_WORDS:
            return HEADER_WORDS[candidate]
    if len(words) > 1 and words[-1] in NOTE_WORDS:
        role = lead_and_person(" ".join(words[:-1]))[0]
        if role is LeadRole.FACILITATOR:
            return ((Field.NOTES, 3),)
        if role is LeadRole.PRODUCER:
            return ((Field.PRODUCER, 3),)
        return ((Field.NOTES, 1),)
    return ()


def read_values(cells: Sequence[CellValue], header: str = "", rows: int = 0) -> Values:
    """What the non-blank `cells` of a column look like (`rows`: how many rows of the
    table the cells come from have any value)."""
    values = [c for c in cells if not is_blank(c)]
    texts = [cell_text(c) for c in values]
    n = len(values)
    if not n:
        return Values()

    def share(test: Callable[[CellValue, str], bool]) -> float:
        return sum(1 for v, t in zip(values, texts, strict=True) if test(v, t)) / n

    clock_s = [s for s in map(_time_of_day, values) if s is not None]
    times = len(clock_s) / n >= 0.7
    am_pm = any(_AM_PM.search(t) for t in texts)
    clock = times and (am_pm or (len(set(clock_s)) > 1 and _rises(clock_s)))
    unit = duration_unit_s(header)
    durations = not clock and share(lambda v, _t: _is_duration(v, unit)) >= 0.7
    unit_durations = durations and share(lambda v, t: _has_unit(v, t)) >= 0.7
    numbers = share(lambda _v, t: t.isdigit()) >= 0.7
    roles = share(lambda _v, t: lead_and_person(t)[0] is not None) >= 0.5
    short = share(lambda _v, t: len(t) <= 40 and len(t.split()) <= 4 and not t.isdigit())
    repeats = n >= 3 and len(set(texts)) / n <= 0.75
    long_texts = share(lambda _v, t: len(t.split()) >= 8)
    return Values(
        count=n,
        clock=clock,
        times=times,
        durations=durations,
        unit_durations=unit_durations,
        numbers=numbers,
        roles=roles,
        names=not roles and not numbers and not durations and short >= 0.7 and repeats,
        prose=sum(map(len, texts)) / n >= 40 or long_texts >= 0.3,
        interactions=n >= 3 and share(lambda _v, t: names_interaction(t)) >= 0.6,
        yes_no=share(lambda _v, t: yes_no(t) is not None) >= 0.8,
        grouping=(rows >= 3 and n <= 0.6 * rows) or (n >= 4 and len(set(texts)) / n <= 0.5),
        repeats=repeats,
    )


def _time_of_day(value: CellValue) -> int | None:
    """The time of day a cell gives, or the start of the range it gives ("9:00–9:15")."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return None  # a bare number is a count or a duration before it is a day fraction
    try:
        return time_of_day_s(value)
    except ValueError:
        pass
    try:
        return time_range_s(value)[0]
    except ValueError:
        return None


def _rises(seconds: Sequence[int]) -> bool:
    """Clock times through a day: from 5:00 on, never going back (but over midnight)."""
    if seconds[0] < _EARLIEST_START_S:
        return False
    return all(b >= a or (a >= 18 * 3600 and b < 6 * 3600) for a, b in itertools.pairwise(seconds))


def _is_duration(value: CellValue, unit_s: int) -> bool:
    try:
        duration_s(value, unit_s)
    except ValueError:
        return False
    return True


def _has_unit(value: CellValue, text: str) -> bool:
    return not isinstance(value, str | int | float) or bool(_HAS_UNIT.search(text))


# Step 2: how the values move each field's score.
def _value_score(target: Field, v: Values) -> int:
    if not v.count:
        return 0
    timed = v.clock or v.durations or v.numbers
    match target:
        case Field.START | Field.END:
            return 2 if v.clock else (0 if v.times else -3)
        case Field.DURATION:
            return -3 if v.clock else (2 if v.durations else -3)
        case Field.FLEX_MIN | Field.FLEX_MAX | Field.TRANSITION:
            return 0 if v.durations else -3
        case Field.TITLE:
            return -3 if timed else (-2 if v.roles else -(v.interactions or v.grouping))
        case Field.SECTION:
            return -3 if timed or v.prose else int(v.grouping)
        case Field.LEAD:
            return -3 if timed or v.prose else (1 if v.roles else 0)
        case Field.LEAD_PERSON:
            return -3 if timed or v.prose else (-2 if v.roles else 0)
        case Field.TYPE:
            return -3 if timed or v.prose else (3 if v.interactions else 0)
        case Field.NON_NEGOTIABLE | Field.FLEXIBLE | Field.MARKER | Field.SKIP:
            return 1 if v.yes_no else -3
        case Field.CUE:
            return -3 if v.prose or v.clock else 0
        case Field.NOTES | Field.INTENT | Field.PRODUCER | Field.CONTINGENCY:
            return -3 if v.clock or v.durations else 0
    return 0


def _by_values(v: Values) -> Meanings:
    """Step 2's second half: what a column with an unknown header is by its values alone."""
    if v.count < 3:
        return ()
    if v.clock:
        return ((Field.START, 1),)
    if v.unit_durations:
        return ((Field.DURATION, 1),)
    if v.interactions and v.repeats:  # "Welcome, Poll, Breakout" may be titles; types repeat
        return ((Field.TYPE, 1),)
    if v.roles:
        return ((Field.LEAD, 1),)
    return ()


def recognised(headers: Sequence[str]) -> tuple[int, bool]:
    """How many of a row's cells name a field, and whether one may name the title: how the
    header row is told from the title block and instructions above it."""
    meanings = [header_meanings(h) for h in headers]
    return sum(1 for m in meanings if m), any(f is Field.TITLE for m in meanings for f, _ in m)


def guess_columns(
    headers: Sequence[str],
    body: Sequence[Sequence[CellValue]],
    fixed: Mapping[int, Field] | None = None,
) -> tuple[ColumnGuess, ...]:
    """The field of each of `headers` (the header row's texts), from the headers and the
    rows below (`body`); `fixed` columns keep the field a mapping gave them."""
    fixed = dict(fixed or {})
    sample = body[:SAMPLE_ROWS]
    rows = sum(1 for row in sample if any(not is_blank(c) for c in row))
    values = [
        read_values([row[i] if i < len(row) else None for row in sample], h, rows)
        for i, h in enumerate(headers)
    ]
    scored: list[tuple[int, int, int, Field, str]] = []  # (-score, field order, column, ...)
    titles: list[tuple[int, int, int, Field, str]] = []  # title headers scored below 1
    for index, header in enumerate(headers):
        if index in fixed:
            continue
        meanings, source = header_meanings(header), "header"
        if not meanings:
            meanings, source = _by_values(values[index]), "values"
        label = values[index].label
        why = (
            f"{source}: {label}" if source == "values" else f"header, {label}" if label else source
        )
        for target, score in meanings:
            total = score + (_value_score(target, values[index]) if source == "header" else 0)
            if score == 3:  # the usual name of a field keeps it, whatever its values say
                total = max(total, 1)
            if total >= 1:
                scored.append((-total, _FIELD_ORDER[target], index, target, why))
            elif target is Field.TITLE:
                titles.append((-total, _FIELD_ORDER[target], index, target, why))
    scored.sort()
    assigned: dict[int, tuple[Field, str]] = {i: (f, "mapped") for i, f in fixed.items()}

    def assign(candidates: Sequence[tuple[int, int, int, Field, str]]) -> None:
        taken = {f for f, _ in assigned.values()}
        for _, _, index, target, why in candidates:
            if index not in assigned and target not in taken:
                assigned[index] = (target, why)
                taken.add(target)

    assign(scored)
    if Field.TITLE not in {f for f, _ in assigned.values()}:  # step 4
        titles = sorted(titles + [c for c in scored if c[3] is Field.TITLE])
        if titles:
            _, _, index, _, why = titles[0]
            assigned[index] = (Field.TITLE, why)
            assign(scored)  # the field the title column gave up, to the next best column
    return tuple(
        ColumnGuess(*assigned[i]) if i in assigned else ColumnGuess(None, "")
        for i in range(len(headers))
    )
