"""What the columns and words of a run-of-show sheet mean.

People title their columns "Activity", "Mins", "Who" or "Watch for"; they write "Breakout
rooms" or "Lecture/Presentation" in a type column and "x" in a must-keep column. This
module holds the vocabularies that turn those words into the domain's fields and values.
"""

from __future__ import annotations

import re
from enum import StrEnum

from rehearsal.model import InteractionType, LeadRole


def _words(text: str) -> tuple[str, ...]:
    """Vocabulary written compactly: "title|segment|agenda item"."""
    return tuple(text.split("|"))


class Field(StrEnum):
    """A column's meaning. The values are the names a `--map field=COLUMN` option uses."""

    TITLE = "title"
    DURATION = "duration"
    START = "start"
    END = "end"
    SECTION = "section"
    SECTION_ID = "section_id"
    TYPE = "type"
    LEAD = "lead"
    LEAD_PERSON = "lead_person"
    INTENT = "intent"
    NOTES = "notes"
    PRODUCER = "producer"
    MATERIALS = "materials"
    CONTINGENCY = "contingency"
    CUE = "cue"
    ID = "id"
    NON_NEGOTIABLE = "non_negotiable"
    FLEXIBLE = "flexible"
    FLEX_MIN = "flex_min"
    FLEX_MAX = "flex_max"
    MARKER = "marker"
    SKIP = "skip"
    TIMER_TYPE = "timer_type"
    TRANSITION = "transition"
    TRANSITION_CUE = "transition_cue"
    TRANSITION_ID = "transition_id"


# Normalised header texts (see `normalize`) for each field, most specific first.
ALIASES: dict[Field, tuple[str, ...]] = {
    Field.TITLE: _words(
        "title|segment|activity|name|topic|item|agenda item|session|segment title|"
        "activity name|segment name|event|event title|what|agenda|content"
    ),
    Field.DURATION: _words(
        "duration|length|mins|minutes|min|time|planned duration|dur|planned time|"
        "time allocated|allocated time|allotted time|timing|duration min|duration mins|"
        "duration minutes|duration hh mm ss|duration h mm ss|duration mm ss|planned|"
        "runtime|run time"
    ),
    Field.START: _words(
        "start|time start|start time|starts|begin|begins|from|planned start|"
        "scheduled start|start at|clock"
    ),
    Field.END: _words(
        "end|time end|end time|ends|finish|finish time|to|until|scheduled end|planned end"
    ),
    Field.SECTION: _words(
        "section|module|group|part|block|chapter|unit|phase|section title|module title|section name"
    ),
    Field.SECTION_ID: ("section id",),
    Field.TYPE: _words(
        "type|method|interaction|format|interaction type|activity type|segment type|"
        "mode|methodology|technique|tool"
    ),
    Field.LEAD: _words(
        "lead|owner|speaker|who|presenter|led by|responsible|role|lead role|facilitated by|by"
    ),
    Field.LEAD_PERSON: _words("lead person|lead name|person|presenter name|speaker name"),
    Field.INTENT: _words(
        "intent|objective|purpose|why|goal|learning objective|outcome|objectives|"
        "learning outcome|aim"
    ),
    Field.NOTES: _words(
        "notes|note|facilitator notes|facilitator note|speaker notes|trainer notes|"
        "comments|comment|description|details|script|talking points"
    ),
    Field.PRODUCER: _words(
        "producer|producer notes|producer note|producer cues|cues|watch for|"
        "what to watch for|tech notes|production notes|tech|producer tasks"
    ),
    Field.MATERIALS: _words(
        "materials|material|slides|slide|slide numbers|resources|assets|handouts|links"
    ),
    Field.CONTINGENCY: _words(
        "contingency|backup|plan b|fallback|backup plan|if it goes wrong|contingency plan"
    ),
    Field.CUE: _words("cue|cue number|cue no|number|no|nr"),
    Field.ID: _words("id|segment id|uuid"),
    Field.NON_NEGOTIABLE: _words(
        "non negotiable|nonnegotiable|fixed|must keep|must have|keep|locked|protected|"
        "required|essential"
    ),
    Field.FLEXIBLE: _words("flexible|flex|can cut|optional|compressible|cuttable"),
    Field.FLEX_MIN: _words(
        "flex min|flexible min|min duration|minimum|minimum duration|shortest|"
        "min length|flex minimum"
    ),
    Field.FLEX_MAX: _words(
        "flex max|flexible max|max duration|maximum|maximum duration|longest|"
        "max length|flex maximum"
    ),
    Field.MARKER: ("marker", "milestone"),
    Field.SKIP: _words("skip|skipped|omit"),
    Field.TIMER_TYPE: _words("timer type|timertype|timer"),
    Field.TRANSITION: _words(
        "transition|transition allowance|handoff|hand off|changeover|transition time"
    ),
    Field.TRANSITION_CUE: _words("transition cue|handoff cue|hand off cue"),
    Field.TRANSITION_ID: ("transition id",),
}

# The header our own export writes for each field, in column order.
EXPORT_HEADERS: dict[Field, str] = {
    Field.ID: "ID",
    Field.CUE: "Cue",
    Field.SECTION: "Section",
    Field.TITLE: "Title",
    Field.DURATION: "Duration",
    Field.START: "Start",
    Field.END: "End",
    Field.TYPE: "Type",
    Field.LEAD: "Lead",
    Field.LEAD_PERSON: "Lead person",
    Field.INTENT: "Intent",
    Field.NON_NEGOTIABLE: "Non-negotiable",
    Field.FLEX_MIN: "Flex min",
    Field.FLEX_MAX: "Flex max",
    Field.NOTES: "Facilitator notes",
    Field.PRODUCER: "Producer cues",
    Field.MATERIALS: "Materials",
    Field.CONTINGENCY: "Contingency",
    Field.MARKER: "Marker",
    Field.SKIP: "Skip",
    Field.TRANSITION: "Transition",
    Field.TRANSITION_CUE: "Transition cue",
    Field.SECTION_ID: "Section ID",
    Field.TRANSITION_ID: "Transition ID",
}

# Names a mapping may use besides the field values ("type" is the documented one).
MAPPING_NAMES: dict[str, Field] = {
    **{f.value: f for f in Field},
    "interaction": Field.TYPE,
    "facilitator_notes": Field.NOTES,
    "producer_cues": Field.PRODUCER,
    "non-negotiable": Field.NON_NEGOTIABLE,
    "section-id": Field.SECTION_ID,
}

_ALIAS_FIELD: dict[str, Field] = {
    alias: field for field, aliases in ALIASES.items() for alias in aliases
}
# An ambiguous alias: "Time" is a duration, unless another column already is one.
WEAK_DURATION_ALIASES = frozenset({"time", "timing", "planned"})

_NON_WORD = re.compile(r"[^0-9a-z#]+")


def normalize(text: str) -> str:
    """Lower case, punctuation and repeated whitespace folded to one space.

    >>> normalize("  Time-Start: "), normalize("Duration\\n(mins)"), normalize("Q&A")
    ('time start', 'duration mins', 'q and a')
    """
    folded = text.strip().lower().replace("&", " and ").replace("’", "'").replace("'", "")
    return _NON_WORD.sub(" ", folded).strip()


def field_for_header(header: str) -> Field | None:
    """The field a header names, or None. Tolerates units in brackets: "Duration (mins)"."""
    key = normalize(header)
    if not key:
        return None
    if key == "#":
        return Field.CUE
    found = _ALIAS_FIELD.get(key)
    if found is None:
        bare = normalize(re.sub(r"[(\[].*?[)\]]", " ", header))
        found = _ALIAS_FIELD.get(bare)
    return found


def duration_unit_s(header: str) -> int:
    """Seconds per bare number in a duration column: minutes unless the header says so."""
    key = normalize(header)
    words = set(key.split())
    if words & {"sec", "secs", "second", "seconds", "s"}:
        return 1
    if words & {"hour", "hours", "hr", "hrs", "h"}:
        return 3600
    return 60


# --- values -------------------------------------------------------------------------------

_INTERACTION_WORDS: dict[str, InteractionType] = {}
for _type, _vocab in {
    InteractionType.PRESENTATION: _words(
        "presentation|lecture|present|presenting|talk|keynote|lecturette|teach|"
        "teaching|slides|input|welcome|intro|introduction"
    ),
    InteractionType.DISCUSSION: _words(
        "discussion|discuss|debrief|group discussion|reflection|reflect|conversation|plenary"
    ),
    InteractionType.POLL: _words("poll|polls|polling|survey|vote|voting"),
    InteractionType.BREAKOUT: _words(
        "breakout|breakouts|breakout room|breakout rooms|break out|small group|"
        "small groups|group work|pairs|pair work"
    ),
    InteractionType.CHAT: _words("chat|chat waterfall|chatstorm|chat storm"),
    InteractionType.ANNOTATION: _words(
        "annotation|annotate|annotations|whiteboard|white board|annotation whiteboard|"
        "mural|miro|jamboard"
    ),
    InteractionType.DEMO: _words("demo|demonstration|walkthrough|walk through"),
    InteractionType.SCENARIO_PRACTICE: _words(
        "scenario practice|scenario|scenarios|role play|roleplay|role playing|"
        "simulation|case study|practice|skills practice"
    ),
    InteractionType.KNOWLEDGE_CHECK: _words(
        "knowledge check|quiz|knowledge test|assessment|check for understanding|kc"
    ),
    InteractionType.QA: _words("q and a|q a|qa|questions|questions and answers|q and as|qanda"),
    InteractionType.BREAK: _words(
        "break|lunch|coffee|coffee break|bio break|lunch break|comfort break|pause|recess"
    ),
    InteractionType.OTHER: ("other",),
}.items():
    for _word in _vocab:
        _INTERACTION_WORDS[_word] = _type
for _type in InteractionType:
    _INTERACTION_WORDS.setdefault(normalize(_type.value), _type)
    _INTERACTION_WORDS.setdefault(normalize(_type.label), _type)
_INTERACTION_BY_LENGTH = sorted(_INTERACTION_WORDS, key=len, reverse=True)


def interaction_for(text: str) -> InteractionType | None:
    """The interaction a type cell names ("Breakout rooms", "Lecture/Presentation"), or None."""
    key = normalize(text)
    if not key:
        return None
    if key in _INTERACTION_WORDS:
        return _INTERACTION_WORDS[key]
    padded = f" {key} "
    for word in _INTERACTION_BY_LENGTH:
        if f" {word} " in padded:
            return _INTERACTION_WORDS[word]
    return None


_LEAD_WORDS: dict[str, LeadRole] = {
    **dict.fromkeys(
        _words(
            "facilitator|facilitators|fac|trainer|instructor|main facilitator|lead facilitator|host"
        ),
        LeadRole.FACILITATOR,
    ),
    **dict.fromkeys(
        _words(
            "co facilitator|cofacilitator|co facilitators|co fac|cofac|co host|cohost|"
            "co trainer|second facilitator"
        ),
        LeadRole.CO_FACILITATOR,
    ),
    **dict.fromkeys(_words("producer|producers|prod|tech producer|moderator"), LeadRole.PRODUCER),
    **dict.fromkeys(
        _words(
            "learners|learner|participants|participant|attendees|students|everyone|all|"
            "group|delegates|audience"
        ),
        LeadRole.LEARNERS,
    ),
}


def lead_for(text: str) -> LeadRole | None:
    """The role a lead cell names, or None when it is a person's name or anything else."""
    return _LEAD_WORDS.get(normalize(text))


_YES = frozenset(
    _words("yes|y|x|true|1|on|fixed|must|must keep|keep|locked|required|non negotiable|ja|oui|si")
)
_NO = frozenset({"no", "n", "false", "0", "off", "", "flexible", "optional", "nein", "non"})
_CHECKMARKS = frozenset("✓✔☑✅●•")


def yes_no(text: str) -> bool | None:
    """True for "yes"/"x"/"true"/"1"/"✓", False for "no"/"false"/"0"/"", None otherwise."""
    if text.strip() in _CHECKMARKS:
        return True
    key = normalize(text)
    if key in _YES:
        return True
    if key in _NO or text.strip() in {"-", "–", "—"}:
        return False
    return None


class TimerType(StrEnum):
    """What an Ontime "Timer Type" cell asks for, beyond an ordinary timed event."""

    EVENT = "event"
    MILESTONE = "milestone"
    GROUP = "group"
    GROUP_END = "group-end"
    DELAY = "delay"


_TIMER_TYPES: dict[str, TimerType] = {
    **dict.fromkeys(
        _words("|count down|countdown|count up|countup|clock|time to end|none|event|timer"),
        TimerType.EVENT,
    ),
    **dict.fromkeys(("milestone", "marker"), TimerType.MILESTONE),
    **dict.fromkeys(_words("group|group start|block|block start|section"), TimerType.GROUP),
    **dict.fromkeys(_words("group end|block end|end group|section end"), TimerType.GROUP_END),
    **dict.fromkeys(("delay",), TimerType.DELAY),
}


def timer_type_for(text: str) -> TimerType | None:
    return _TIMER_TYPES.get(normalize(text))


# Titles of rows that sum up the sheet rather than plan anything.
TOTAL_TITLES = frozenset({"total", "totals", "grand total", "total time", "sum", "total duration"})


# Key-value rows above the header that describe the plan ("Slot", "1:30:00").
class PlanKey(StrEnum):
    NAME = "name"
    SLOT = "slot"
    START = "start"
    TIME_ZONE = "time zone"
    NOTES = "notes"
    SOURCE = "source"
    EXPORT = "export"


PLAN_KEYS: dict[str, PlanKey] = {
    **dict.fromkeys(
        _words(
            "plan|plan name|program|programme|program name|course|workshop|event|project|"
            "project title|project name|show|show name|"
            "event name|session name|name|title"
        ),
        PlanKey.NAME,
    ),
    **dict.fromkeys(
        _words(
            "slot|slot length|time slot|session length|planned length|total time|length|duration"
        ),
        PlanKey.SLOT,
    ),
    **dict.fromkeys(
        _words("planned start|start|start time|starts|starts at|start at|begins"), PlanKey.START
    ),
    **dict.fromkeys(_words("time zone|timezone|tz|zone"), PlanKey.TIME_ZONE),
    **dict.fromkeys(("notes", "plan notes"), PlanKey.NOTES),
    **dict.fromkeys(("source",), PlanKey.SOURCE),
    **dict.fromkeys(("rehearsal run of show",), PlanKey.EXPORT),
}
EXPORT_MARK = "Rehearsal run-of-show"
EXPORT_VERSION = "sheet format 1"
