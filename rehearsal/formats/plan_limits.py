"""A plan within the domain's bounds (`rehearsal.limits`), the same at every door.

Every reader (native JSON, CSV and XLSX sheets, Ontime) tidies each text it reads with
`tidy_text` and ends with `check_plan`, so a plan that was read can be stored, shown,
exported in every format and read back unchanged. The plan editor holds its edits to the
same `plan_problems` (`rehearsal.plans.editor`), so neither door lets in a plan the other
would refuse.

Text as a plan keeps it: line breaks are "\\n" (a spreadsheet turns "\\r\\n" into "\\n"),
no control character a spreadsheet cannot hold (they are invisible; the tab stays), no
space or blank line before or after (sheets are read trimmed). A NUL or a lone surrogate
is not text: it is refused, never stored.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rehearsal.durations import format_duration
from rehearsal.errors import FormatError
from rehearsal.limits import (
    DAY_S,
    MAX_CUSTOM_COLUMNS,
    MAX_DURATION_S,
    MAX_NAME_CHARS,
    MAX_PLAN_TEXT_CHARS,
    MAX_SLOT_S,
    MAX_STEPS,
    MIN_SLOT_S,
    is_text,
    is_uuid,
)
from rehearsal.model import Plan, PlanDraft, Section, Segment, Transition

# Fixed forever: an id that is not a UUID ("s1") becomes a UUID derived in this namespace,
# and changing it would give the segments of every such file new ids on their next import.
ID_NAMESPACE = uuid.UUID("13434708-3d21-49d4-8236-5475a4f2aa31")
_LINE_BREAK = re.compile("\r\n?|[\x0b\x0c]")
# C0 controls but NUL (refused), tab and line feed; U+FFFE and U+FFFF (not XML characters).
_INVISIBLE = re.compile("[\x01-\x08\x0e-\x1f\ufffe\uffff]")

# Each text field of a segment and the longest it may be.
SEGMENT_TEXTS: dict[str, int] = {
    "title": MAX_NAME_CHARS,
    "cue": MAX_NAME_CHARS,
    "lead_person": MAX_NAME_CHARS,
    "intent": MAX_PLAN_TEXT_CHARS,
    "facilitator_notes": MAX_PLAN_TEXT_CHARS,
    "producer_cues": MAX_PLAN_TEXT_CHARS,
    "materials": MAX_PLAN_TEXT_CHARS,
    "contingency": MAX_PLAN_TEXT_CHARS,
}
SEGMENT_DURATIONS = ("planned_s", "flex_min_s", "flex_max_s")
PLAN_TEXTS: dict[str, int] = {
    "name": MAX_NAME_CHARS,
    "notes": MAX_PLAN_TEXT_CHARS,
    "source": MAX_PLAN_TEXT_CHARS,
}
TRANSITION_CUE_CHARS = MAX_PLAN_TEXT_CHARS
SECTION_TITLE_CHARS = MAX_NAME_CHARS
CUSTOM_NAME_CHARS = MAX_NAME_CHARS
DURATION_EXPECTED = f"whole seconds from 0 to {MAX_DURATION_S:,} (7 days)"
SLOT_EXPECTED = "a slot from 1 minute (0:01:00) to 24 hours (24:00:00), or none"
START_EXPECTED = "a time of day from 00:00:00 to 23:59:59, or none"


def tidy_text(value: str) -> str:
    """`value` as a plan keeps text: "\\n" line breaks, no invisible control character,
    trimmed. A NUL or a lone surrogate is left for `text_problem` to refuse."""
    return _INVISIBLE.sub("", _LINE_BREAK.sub("\n", value)).strip()


def as_uuid(kind: str, raw: str) -> str:
    """The id a plan keeps for the id `raw` of a section, segment or transition (`kind`) in a
    file: a UUID as is (in its canonical form); anything else ("s1", "intro") a UUID derived
    from it, the same on every import, so a file keeps each segment's history."""
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        return str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{raw}"))


def text_problem(value: object, max_chars: int) -> str | None:
    """Why `value` cannot be a plan's text, or None when it can."""
    if not isinstance(value, str):
        return "not text"
    if "\x00" in value:
        return "it holds a NUL character"
    if len(value) > max_chars:
        return f"{len(value):,} characters, more than {max_chars:,}"
    if not is_text(value, max_chars):
        return "not valid Unicode (a lone surrogate)"
    if tidy_text(value) != value:
        return "untidy text (a control character, or space around it)"
    return None


def duration_problem(value: object) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return "not a whole number of seconds"
    if value < 0:
        return f"{value} seconds is negative"
    if value > MAX_DURATION_S:
        return f"{_shown(value)} seconds is longer than 7 days"
    return None


def slot_problem(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        return "not a whole number of seconds"
    if not MIN_SLOT_S <= value <= MAX_SLOT_S:
        return f"a slot of {_shown(value)} seconds is not from 1 minute to 24 hours"
    return None


def start_problem(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < DAY_S:
        return f"{_shown(value)} is not a time of day in seconds (0 to {DAY_S - 1})"
    return None


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 24 else text[:20] + "…"


@dataclass(frozen=True, slots=True)
class Problem:
    """What is out of bounds, and where: `where` names the part ("segment 3"), `field` the
    field; `expected` says what would do."""

    where: str
    field: str
    problem: str
    expected: str = ""

    def message(self) -> str:
        return f"{self.where}, {self.field}: {self.problem}" if self.where else self.problem


def plan_problems(plan: Plan | PlanDraft) -> Iterator[Problem]:
    """Everything about `plan` that is outside the domain's bounds, in plan order."""
    for name, max_chars in PLAN_TEXTS.items():
        if name == "name" and not isinstance(plan, PlanDraft):
            continue
        if (why := text_problem(getattr(plan, name), max_chars)) is not None:
            yield Problem("the plan", name, why)
    if (why := slot_problem(plan.slot_s)) is not None:
        yield Problem("the plan", "slot_s", why, SLOT_EXPECTED)
    if (why := start_problem(plan.start_s)) is not None:
        yield Problem("the plan", "start_s", why, START_EXPECTED)
    yield from _count_problems(plan)
    yield from _section_problems(plan.sections)
    section_ids = {s.id for s in plan.sections}
    for index, segment in enumerate(plan.segments, start=1):
        yield from segment_problems(segment, f"segment {index}", section_ids)
    yield from _id_problems("segment", plan.segments)
    yield from _custom_column_problems(plan.segments)
    yield from _transition_problems(plan.transitions, {s.id for s in plan.segments})


def segment_problems(segment: Segment, where: str, section_ids: set[str]) -> Iterator[Problem]:
    if not is_uuid(segment.id):
        yield Problem(where, "id", f"{segment.id!r} is not an id", "a UUID")
    for name, max_chars in SEGMENT_TEXTS.items():
        if (why := text_problem(getattr(segment, name), max_chars)) is not None:
            yield Problem(where, name, why)
    for name in SEGMENT_DURATIONS:
        value = getattr(segment, name)
        if (value is not None or name == "planned_s") and (
            why := duration_problem(value)
        ) is not None:
            yield Problem(where, name, why, DURATION_EXPECTED)
    lo, hi = segment.flex_min_s, segment.flex_max_s
    if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
        yield Problem(
            where,
            "flex_min_s",
            f"the flexible range's shortest ({format_duration(lo)}) is longer than its "
            f"longest ({format_duration(hi)})",
            "the shortest no longer than the longest",
        )
    if segment.section_id is not None and segment.section_id not in section_ids:
        yield Problem(where, "section_id", "no section has this id", "a section of the plan")
    if len(segment.custom) > MAX_CUSTOM_COLUMNS:
        yield Problem(where, "custom", f"more than {MAX_CUSTOM_COLUMNS} custom columns")
    for key, value in segment.custom:
        if (why := text_problem(key, CUSTOM_NAME_CHARS)) is not None or not key:
            yield Problem(where, "custom", f"a custom column's name: {why or 'empty'}")
        elif (why := text_problem(value, MAX_PLAN_TEXT_CHARS) or _empty(value)) is not None:
            yield Problem(where, f"custom {key[:40]!r}", why)


def _empty(value: str) -> str | None:
    return None if value else "no value (an empty cell is none)"


def _count_problems(plan: Plan | PlanDraft) -> Iterator[Problem]:
    for what, items in (("segments", plan.segments), ("sections", plan.sections)):
        if len(items) > MAX_STEPS:
            yield Problem("the plan", what, f"{len(items):,} {what}, more than {MAX_STEPS:,}")
    if len(plan.transitions) > len(plan.segments):
        yield Problem("the plan", "transitions", "more hand-offs than segments")


def _section_problems(sections: Sequence[Section]) -> Iterator[Problem]:
    for index, section in enumerate(sections, start=1):
        where = f"section {index}"
        if not is_uuid(section.id):
            yield Problem(where, "id", f"{section.id!r} is not an id", "a UUID")
        if (why := text_problem(section.title, SECTION_TITLE_CHARS)) is not None:
            yield Problem(where, "title", why)
    yield from _id_problems("section", sections)


def _id_problems(kind: str, items: Sequence[Section | Segment | Transition]) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, item in enumerate(items, start=1):
        if item.id in seen:
            yield Problem(f"{kind} {index}", "id", f"another {kind} has the id {item.id!r}")
        seen.add(item.id)


def _custom_column_problems(segments: Sequence[Segment]) -> Iterator[Problem]:
    """The custom columns a sheet export lays out (`custom_columns`) stay within
    `MAX_CUSTOM_COLUMNS`."""
    if custom_columns(segments) is None:
        yield Problem(
            "the plan",
            "custom",
            f"more than {MAX_CUSTOM_COLUMNS} columns Rehearsal has no field for, as a sheet "
            "lays them out",
        )


def custom_columns(segments: Sequence[Segment]) -> list[str] | None:
    """The custom columns of a sheet holding `segments`, by name and in order, such that
    each segment's pairs fall in columns left to right in its own order — so that reading
    the sheet back, which takes a row's cells from left to right, gives every segment its
    pairs in the same order. A name gets a column more where a segment repeats it, or
    where two segments order their names differently (one has "Room, Slides", another
    "Slides, Room"). None when that takes more than `MAX_CUSTOM_COLUMNS` columns.

    Each segment's names are placed at the first fitting columns; a name with none fitting
    is inserted right after the segment's previous one (an insertion keeps every placement
    made before it in order)."""
    columns: list[str] = []
    placed: set[tuple[str, ...]] = set()
    for segment in segments:
        names = tuple(name for name, _ in segment.custom)
        if names in placed:
            continue  # it fits as it did: columns are only ever inserted
        placed.add(names)
        last = -1
        for name in names:
            at = next((i for i in range(last + 1, len(columns)) if columns[i] == name), None)
            if at is None:
                at = last + 1
                columns.insert(at, name)
                if len(columns) > MAX_CUSTOM_COLUMNS:
                    return None
            last = at
    return columns


def custom_positions(segment: Segment, columns: Sequence[str]) -> list[int]:
    """Where each of `segment`'s pairs goes among `columns` (as `custom_columns` laid them
    out for it)."""
    positions: list[int] = []
    last = -1
    for name, _ in segment.custom:
        last = next(i for i in range(last + 1, len(columns)) if columns[i] == name)
        positions.append(last)
    return positions


def _transition_problems(
    transitions: Sequence[Transition], segment_ids: set[str]
) -> Iterator[Problem]:
    after: set[str] = set()
    for index, transition in enumerate(transitions, start=1):
        where = f"hand-off {index}"
        if not is_uuid(transition.id):
            yield Problem(where, "id", f"{transition.id!r} is not an id", "a UUID")
        if transition.after_segment_id not in segment_ids:
            yield Problem(where, "after_segment_id", "no segment has this id", "a segment's id")
        elif transition.after_segment_id in after:
            yield Problem(where, "after_segment_id", "a second hand-off after the same segment")
        after.add(transition.after_segment_id)
        if (why := duration_problem(transition.allowance_s)) is not None:
            yield Problem(where, "allowance_s", why, DURATION_EXPECTED)
        if (why := text_problem(transition.cue, TRANSITION_CUE_CHARS)) is not None:
            yield Problem(where, "cue", why)
    yield from _id_problems("hand-off", transitions)


def check_plan(plan: PlanDraft, file: str) -> PlanDraft:
    """`plan` when it is within the domain's bounds; else a `FormatError` naming `file` and
    the first thing out of bounds."""
    for problem in plan_problems(plan):
        raise FormatError(problem.message(), file=file, expected=problem.expected)
    return plan
