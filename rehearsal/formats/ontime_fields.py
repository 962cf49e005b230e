"""What a plan says that Ontime has no field for, as Ontime custom fields and project info.

Ontime (github.com/cpvalente/ontime) knows an event's title, cue, note, times, skip and
colour. Everything else a segment holds travels as an Ontime custom field (a text column
Ontime shows in its cuesheet and keeps when it saves the project), under the labels below;
the plan's own facts (slot, time zone, planned start, which field the note holds) travel
as items of the project's info (`project.custom`, title and value), which Ontime shows on
its project page. The export writes them (`ontime_export`, `ontime_sheet`) and the reader
takes them back (`ontime_json`), so a plan exported to Ontime and read back is the same
plan, and a project edited in Ontime comes back with the edits.

Ontime accepts a custom field only when its label is letters, digits, spaces and
underscores, and keys it by the label with spaces turned into underscores. A plan's own
custom column is written under such a label (`ontime_label`): other characters are left
out ("Slide #" becomes "Slide"), and a label already taken is numbered ("Intent 2").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from rehearsal.durations import format_clock, parse_duration, parse_time_of_day
from rehearsal.formats.plan_limits import slot_problem
from rehearsal.limits import MAX_DURATION_S, MAX_NAME_CHARS, MAX_PLAN_TEXT_CHARS
from rehearsal.model import InteractionType, LeadRole
from rehearsal.schedule import is_time_zone


class Label(StrEnum):
    """The custom fields Rehearsal writes, by their Ontime labels."""

    TYPE = "Type"
    LEAD = "Lead"
    LEAD_PERSON = "Lead person"
    INTENT = "Intent"
    NON_NEGOTIABLE = "Non negotiable"
    FLEX_MIN = "Flex min"
    FLEX_MAX = "Flex max"
    FACILITATOR_NOTES = "Facilitator notes"  # when the note holds another field
    PRODUCER_CUES = "Producer cues"
    MATERIALS = "Materials"
    CONTINGENCY = "Contingency"
    PLANNED = "Planned duration"  # of a milestone: Ontime gives milestones no duration
    SKIPPED = "Skipped"  # of a milestone: Ontime skips events only
    HAND_OFF = "Hand off"  # the hand-off after the entry: its time allowed
    HAND_OFF_CUE = "Hand off cue"
    HAND_OFF_ID = "Hand off ID"


class Info(StrEnum):
    """Items of the project's info (`project.custom`) that hold the plan's facts."""

    PLANNED_START = "Planned start"  # "09:00:00", or "none"
    SLOT = "Slot"
    TIME_ZONE = "Time zone"
    NOTE = "Event note"  # which segment field Ontime's note holds, when not the default


NO_START = "none"

# The segment fields Ontime's note may hold, by the label of their custom field.
NOTE_FIELDS: dict[str, Label] = {
    "intent": Label.INTENT,
    "facilitator_notes": Label.FACILITATOR_NOTES,
    "producer_cues": Label.PRODUCER_CUES,
    "materials": Label.MATERIALS,
    "contingency": Label.CONTINGENCY,
}
DEFAULT_NOTE_FIELD = "facilitator_notes"

# The colour an event gets for its interaction type (Ontime shows it as the row's colour).
COLOURS: dict[InteractionType, str] = {
    InteractionType.PRESENTATION: "#5C7CFA",
    InteractionType.DISCUSSION: "#20C997",
    InteractionType.POLL: "#FAB005",
    InteractionType.BREAKOUT: "#FD7E14",
    InteractionType.CHAT: "#15AABF",
    InteractionType.ANNOTATION: "#BE4BDB",
    InteractionType.DEMO: "#228BE6",
    InteractionType.SCENARIO_PRACTICE: "#F03E3E",
    InteractionType.KNOWLEDGE_CHECK: "#82C91E",
    InteractionType.QA: "#7950F2",
    InteractionType.BREAK: "#868E96",
    InteractionType.OTHER: "#ADB5BD",
}

_NOT_IN_LABEL = re.compile(r"[^A-Za-z0-9_ ]+")
LABEL_PATTERN = re.compile(r"^[A-Za-z0-9_ ]+$")  # what Ontime accepts as a custom field label


def field_key(label: str) -> str:
    """Ontime's key for a custom field labelled `label`."""
    return label.strip().replace(" ", "_")


def ontime_label(name: str) -> str:
    """`name` as an Ontime label may be: letters, digits, spaces and underscores."""
    label = " ".join(_NOT_IN_LABEL.sub(" ", name).split())
    return label or "Custom"


# The columns of Ontime's spreadsheet import: a custom field may not be called so.
ONTIME_COLUMNS = (
    "ID",
    "Flag",
    "Cue",
    "Title",
    "Colour",
    "Time Start",
    "Time End",
    "Duration",
    "Link Start",
    "Count to end",
    "Note",
    "Timer Type",
    "End Action",
    "Warning Time",
    "Danger Time",
    "Skip",
)


def _taken(label: str) -> str:
    """What two labels share when Ontime would take them for the same field or column: its
    spreadsheet import matches headers in lower case."""
    return field_key(label).casefold()


class Labels:
    """The Ontime label of each custom column of a plan (and of each repeat of a name within
    one segment), none of them a label of Rehearsal's own fields, one of Ontime's columns
    or another column's."""

    def __init__(self) -> None:
        self._keys: set[str] = {_taken(label) for label in (*Label, *ONTIME_COLUMNS)}
        self._of: dict[tuple[str, int], str] = {}

    def of(self, name: str, occurrence: int) -> str:
        """The label of the `occurrence`-th (0-based) pair named `name` in a segment."""
        if (name, occurrence) not in self._of:
            base = ontime_label(name)
            label, n = base, 1
            while _taken(label) in self._keys:
                n += 1
                label = f"{base} {n}"
            self._keys.add(_taken(label))
            self._of[name, occurrence] = label
        return self._of[name, occurrence]


def custom_pairs(custom: Iterable[tuple[str, str]], labels: Labels) -> list[tuple[str, str]]:
    """A segment's custom pairs under their Ontime labels, in its own order."""
    seen: dict[str, int] = {}
    pairs = []
    for name, value in custom:
        occurrence = seen.get(name, 0)
        seen[name] = occurrence + 1
        pairs.append((labels.of(name, occurrence), value))
    return pairs


def duration_text(seconds: int) -> str:
    return format_clock(seconds)


def read_duration(text: str) -> int | None:
    try:
        return parse_duration(text)
    except ValueError:
        return None


def time_text(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def read_time(text: str) -> int | None:
    try:
        return parse_time_of_day(text)
    except ValueError:
        return None


def interaction_text(interaction: InteractionType) -> str:
    return interaction.label


def read_interaction(text: str) -> InteractionType | None:
    key = text.strip().casefold()
    return next(
        (t for t in InteractionType if key in (t.value, t.label.casefold())),
        None,
    )


def read_lead(text: str) -> LeadRole | None:
    key = text.strip().casefold()
    return next((r for r in LeadRole if r.value == key), None)


def read_yes(text: str) -> bool | None:
    key = text.strip().casefold()
    return True if key == "yes" else False if key in ("", "no") else None


def is_type_colour(colour: str, interaction: InteractionType) -> bool:
    """Whether `colour` is the one the export gives `interaction` (so not worth keeping)."""
    return colour.strip().casefold() == COLOURS[interaction].casefold()


@dataclass(frozen=True, slots=True)
class PlanInfo:
    """The plan's facts found among the project's info items, and the items left over."""

    start_s: int | None = None
    no_start: bool = False  # "Planned start: none"
    slot_s: int | None = None
    time_zone: str = ""
    note_field: str = DEFAULT_NOTE_FIELD
    others: tuple[tuple[str, str], ...] = ()  # (title, value) of the items left over


@dataclass(frozen=True, slots=True)
class HandOff:
    """The hand-off after an entry, as its custom fields give it."""

    allowance_s: int
    cue: str
    id: str  # "" when the entry names none


@dataclass(frozen=True, slots=True)
class Taken:
    """An entry's custom fields read back: segment fields by name, the hand-off after it,
    and the pairs that are the plan's own custom columns (or values no field can hold)."""

    values: dict[str, object]
    hand_off: HandOff | None
    custom: tuple[tuple[str, str], ...]


_TEXTS: dict[Label, tuple[str, int]] = {
    Label.LEAD_PERSON: ("lead_person", MAX_NAME_CHARS),
    Label.INTENT: ("intent", MAX_PLAN_TEXT_CHARS),
    Label.FACILITATOR_NOTES: ("facilitator_notes", MAX_PLAN_TEXT_CHARS),
    Label.PRODUCER_CUES: ("producer_cues", MAX_PLAN_TEXT_CHARS),
    Label.MATERIALS: ("materials", MAX_PLAN_TEXT_CHARS),
    Label.CONTINGENCY: ("contingency", MAX_PLAN_TEXT_CHARS),
}


_HAND_OFF_LABELS = (Label.HAND_OFF, Label.HAND_OFF_CUE, Label.HAND_OFF_ID)


def take_fields(pairs: Iterable[tuple[str, str]], *, note_field: str, marker: bool) -> Taken:
    """Rehearsal's own fields among an entry's custom `pairs` (label, value). A value a
    field cannot hold ("Lead: the sponsor") stays a custom pair, so nothing is lost; so does
    the field whose value Ontime's note holds, should the project also have it."""
    values: dict[str, object] = {}
    hand_off: dict[Label, str] = {}
    custom: list[tuple[str, str]] = []
    for label, value in pairs:
        taken = _take(label, value, note_field=note_field, marker=marker)
        if taken is None and label in _HAND_OFF_LABELS and label not in hand_off:
            hand_off[Label(label)] = value
        elif taken is None:
            custom.append((label, value))
        elif taken[0] in values:
            custom.append((label, value))  # a second field of the same label
        else:
            values[taken[0]] = taken[1]
    allowance = read_duration(hand_off.get(Label.HAND_OFF, ""))
    cue = hand_off.get(Label.HAND_OFF_CUE, "")
    if hand_off and (allowance is None or allowance > MAX_DURATION_S):
        custom += hand_off.items()  # no allowance to read: kept as they are
        return Taken(values, None, tuple(custom))
    found = None
    if hand_off and allowance is not None:
        found = HandOff(allowance, cue, hand_off.get(Label.HAND_OFF_ID, ""))
    return Taken(values, found, tuple(custom))


def _take(label: str, value: str, *, note_field: str, marker: bool) -> tuple[str, object] | None:
    """The segment field and value a custom pair gives, or None when it gives none."""
    if label in _TEXTS and label != NOTE_FIELDS[note_field]:
        name, max_chars = _TEXTS[Label(label)]
        return (name, value) if len(value) <= max_chars else None
    found: object = None
    match label:
        case Label.TYPE:
            return None if (found := read_interaction(value)) is None else ("interaction", found)
        case Label.LEAD:
            return None if (found := read_lead(value)) is None else ("lead", found)
        case Label.NON_NEGOTIABLE:
            return None if (found := read_yes(value)) is None else ("non_negotiable", found)
        case Label.FLEX_MIN | Label.FLEX_MAX:
            found = read_duration(value)
            if found is None or found > MAX_DURATION_S:
                return None
            return ("flex_min_s" if label == Label.FLEX_MIN else "flex_max_s", found)
        case Label.PLANNED if marker:
            found = read_duration(value)
            return None if found is None or found > MAX_DURATION_S else ("planned_s", found)
        case Label.SKIPPED if marker:
            return None if (found := read_yes(value)) is None else ("skipped", found)
    return None


def read_info(items: Iterable[tuple[str, str]]) -> PlanInfo:
    """The plan's facts among the project's info items (title, value); an item whose value
    is not such a fact stays an item (read into the plan's notes)."""
    facts: dict[str, object] = {}
    others: list[tuple[str, str]] = []
    for title, value in items:
        fact = _info_fact(title.strip(), value.strip())
        if fact is None or fact[0] in facts:
            others.append((title, value))
        else:
            facts[fact[0]] = fact[1]
    return PlanInfo(
        start_s=_int_or_none(facts.get("start_s")),
        no_start=bool(facts.get("no_start")),
        slot_s=_int_or_none(facts.get("slot_s")),
        time_zone=str(facts.get("time_zone", "")),
        note_field=str(facts.get("note_field", DEFAULT_NOTE_FIELD)),
        others=tuple(others),
    )


def _info_fact(title: str, value: str) -> tuple[str, object] | None:
    match title:
        case Info.PLANNED_START:
            if value.casefold() == NO_START:
                return ("no_start", True)
            found = read_time(value)
            return None if found is None else ("start_s", found)
        case Info.SLOT:
            found = read_duration(value)
            return None if found is None or slot_problem(found) else ("slot_s", found)
        case Info.TIME_ZONE:
            return ("time_zone", value) if value and is_time_zone(value) else None
        case Info.NOTE:
            name = next((n for n, label in NOTE_FIELDS.items() if label == value), None)
            return None if name is None else ("note_field", name)
    return None


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
