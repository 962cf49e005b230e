"""The domain model, in the product's words (see PRODUCT.md).

Every type is an immutable value. Durations are whole seconds (`*_s`), monotonic
instants are nanoseconds (`*_ns`), wall-clock instants are ISO-8601 strings in UTC.
Ids are UUID strings; a segment keeps its id across the revisions of its plan.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


def new_id() -> str:
    return str(uuid.uuid4())


class InteractionType(StrEnum):
    PRESENTATION = "presentation"
    DISCUSSION = "discussion"
    POLL = "poll"
    BREAKOUT = "breakout"
    CHAT = "chat"
    ANNOTATION = "annotation"  # annotation / whiteboard
    DEMO = "demo"
    SCENARIO_PRACTICE = "scenario-practice"
    KNOWLEDGE_CHECK = "knowledge-check"
    QA = "qa"
    BREAK = "break"
    OTHER = "other"

    @property
    def label(self) -> str:
        return INTERACTION_LABELS[self]


INTERACTION_LABELS: dict[InteractionType, str] = {
    InteractionType.PRESENTATION: "Presentation",
    InteractionType.DISCUSSION: "Discussion",
    InteractionType.POLL: "Poll",
    InteractionType.BREAKOUT: "Breakout",
    InteractionType.CHAT: "Chat",
    InteractionType.ANNOTATION: "Annotation / whiteboard",
    InteractionType.DEMO: "Demo",
    InteractionType.SCENARIO_PRACTICE: "Scenario practice",
    InteractionType.KNOWLEDGE_CHECK: "Knowledge check",
    InteractionType.QA: "Q&A",
    InteractionType.BREAK: "Break",
    InteractionType.OTHER: "Other",
}

# Interactions that need a producer's cues ("what to watch for") to be ready.
INTERACTIVE: frozenset[InteractionType] = frozenset(
    {
        InteractionType.POLL,
        InteractionType.BREAKOUT,
        InteractionType.CHAT,
        InteractionType.ANNOTATION,
        InteractionType.SCENARIO_PRACTICE,
        InteractionType.KNOWLEDGE_CHECK,
    }
)


class LeadRole(StrEnum):
    FACILITATOR = "facilitator"
    CO_FACILITATOR = "co-facilitator"
    PRODUCER = "producer"
    LEARNERS = "learners"


class RehearsalKind(StrEnum):
    DRY_RUN = "dry-run"
    TECH_CHECK = "tech-check"
    DRESS_REHEARSAL = "dress-rehearsal"
    PILOT = "pilot"
    LIVE_COHORT = "live-cohort"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


class RehearsalStatus(StrEnum):
    ARMED = "armed"  # started, no step begun yet
    RUNNING = "running"
    FINISHED = "finished"
    ABANDONED = "abandoned"


class PauseReason(StrEnum):
    TECH = "tech"
    CONTENT = "content"
    BREAK = "break"
    OTHER = "other"


class EventKind(StrEnum):
    NEXT = "next"  # ends the running step (if any) and starts the following one
    PAUSE = "pause"
    RESUME = "resume"
    FLAG = "flag"
    NOTE = "note"
    UNDO = "undo"  # cancels the latest mark that is not already undone
    RETRY = "retry"  # ends the running attempt and starts the same step again
    GAP = "gap"  # the computer slept: wall clock moved further than the monotonic one
    INTERRUPTED = "interrupted"  # the app stopped mid-run; written on resume
    FINISH = "finish"
    ABANDON = "abandon"
    SKIP = "skip"  # the following step was not run (actuals imported from elsewhere)
    ADJUST = "adjust"  # a step's target changed live (a recovery plan accepted)


class FlagStatus(StrEnum):
    OPEN = "open"
    FIXED = "fixed"  # fixed in plan revision `fixed_in_revision`
    ACCEPTED = "accepted"
    WONT_FIX = "wont-fix"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


FLAG_CATEGORIES: tuple[str, ...] = (
    "instructions unclear",
    "breakout logistics",
    "tool launch",
    "hand-off missed",
    "content/asset",
    "access/login",
    "audio/video/connectivity",
    "participant readiness",
    "pacing/scope",
    "timekeeping signal missed",
    "other",
)

DEBRIEF_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("slowed_learners", "What slowed learners down?"),
    ("instructions_clarified", "Which instructions needed clarification?"),
    ("engagement_dropped", "Where did engagement drop?"),
    ("facilitator_adjusted", "What did the facilitator adjust?"),
    ("producer_fixed", "What did the producer fix in the moment?"),
    ("changes_next", "What changes before the next cohort?"),
)


@dataclass(frozen=True, slots=True)
class Program:
    id: str
    name: str
    created: str
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Segment:
    id: str
    title: str
    planned_s: int
    section_id: str | None = None
    interaction: InteractionType = InteractionType.PRESENTATION
    lead: LeadRole = LeadRole.FACILITATOR
    lead_person: str = ""  # who leads it, where the sheet names someone ("Ana", "fx1")
    intent: str = ""
    non_negotiable: bool = False
    flex_min_s: int | None = None  # acceptable range for a flexible segment
    flex_max_s: int | None = None
    facilitator_notes: str = ""
    producer_cues: str = ""
    materials: str = ""
    contingency: str = ""
    cue: str = ""  # the label a show caller uses ("3", "B2"); helps match rows across files
    marker: bool = False  # a zero-length cue (Ontime milestone, "Standby")
    skipped: bool = False  # kept in the plan but not run
    custom: tuple[tuple[str, str], ...] = ()  # columns we do not know, kept verbatim

    def custom_value(self, name: str) -> str:
        """The value of the custom column `name` ("" when the segment has none): its first,
        should a sheet have repeated the column."""
        return next((value for key, value in self.custom if key == name), "")


def lead_text(segment: Segment) -> str:
    """Who leads a segment, as every surface writes it: "Ana (facilitator)", the role
    alone when no person is named, the person alone when the name says the role already
    ("Sam, producer")."""
    person, role = segment.lead_person, segment.lead.value
    if not person:
        return role
    return person if role in person.casefold() else f"{person} ({role})"


def lead_persons(segments: Iterable[Segment]) -> tuple[str, ...]:
    """The people and labels named as leading `segments`, each once, in plan order."""
    return tuple(dict.fromkeys(s.lead_person for s in segments if s.lead_person))


def custom_names(segments: Iterable[Segment]) -> tuple[str, ...]:
    """The names of the custom columns of `segments`, each once, in the order they first
    appear."""
    return tuple(dict.fromkeys(name for s in segments for name, _ in s.custom))


@dataclass(frozen=True, slots=True)
class Transition:
    """The hand-off after `after_segment_id` into whatever segment follows it."""

    id: str
    after_segment_id: str
    allowance_s: int = 0
    cue: str = ""


def planned_total_s(segments: tuple[Segment, ...], transitions: tuple[Transition, ...]) -> int:
    """The planned length: segments that run, plus transition allowances."""
    return sum(s.planned_s for s in segments if not s.skipped) + sum(
        t.allowance_s for t in transitions
    )


@dataclass(frozen=True, slots=True)
class Plan:
    """One revision of a program's run-of-show."""

    id: str
    program_id: str
    revision: int
    created: str
    slot_s: int | None = None
    start_s: int | None = None  # planned start, seconds after midnight in `time_zone`
    time_zone: str = ""  # IANA name ("Europe/Berlin"); "" = the local time of the device
    notes: str = ""
    source: str = ""  # where it was imported from, for the record
    based_on: str | None = None  # the plan id of the previous revision
    sections: tuple[Section, ...] = ()
    segments: tuple[Segment, ...] = ()
    transitions: tuple[Transition, ...] = ()

    @property
    def planned_s(self) -> int:
        return planned_total_s(self.segments, self.transitions)

    def segment(self, segment_id: str) -> Segment:
        for s in self.segments:
            if s.id == segment_id:
                return s
        raise KeyError(segment_id)

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def transition_after(self, segment_id: str) -> Transition | None:
        for t in self.transitions:
            if t.after_segment_id == segment_id:
                return t
        return None


@dataclass(frozen=True, slots=True)
class PlanDraft:
    """A plan read from a file, not yet in a workspace (no program, no revision)."""

    name: str = ""
    slot_s: int | None = None
    start_s: int | None = None
    time_zone: str = ""  # as `Plan.time_zone`
    notes: str = ""
    source: str = ""
    sections: tuple[Section, ...] = ()
    segments: tuple[Segment, ...] = ()
    transitions: tuple[Transition, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def planned_s(self) -> int:
        return planned_total_s(self.segments, self.transitions)


@dataclass(frozen=True, slots=True)
class Rehearsal:
    id: str
    plan_id: str
    kind: RehearsalKind
    status: RehearsalStatus
    created: str
    lead: str = ""
    facilitators: tuple[str, ...] = ()
    producer: str = ""
    cohort: str = ""
    region: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """One append-only fact of a rehearsal."""

    id: str
    rehearsal_id: str
    seq: int
    kind: EventKind
    at_ns: int  # monotonic clock, nanoseconds
    wall: str  # ISO-8601 UTC, for display and reports
    data: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str = "") -> str:
        for k, v in self.data:
            if k == key:
                return v
        return default


@dataclass(frozen=True, slots=True)
class Flag:
    id: str
    rehearsal_id: str
    category: str
    at_ns: int
    segment_id: str | None = None
    transition_id: str | None = None  # set when the flag is on a hand-off
    severity: Severity = Severity.MEDIUM
    seconds_lost: int | None = None
    note: str = ""
    raised_by: str = ""
    status: FlagStatus = FlagStatus.OPEN
    fixed_in_revision: int | None = None


@dataclass(frozen=True, slots=True)
class Annotation:
    id: str
    rehearsal_id: str
    text: str
    author: str = ""
    at_ns: int | None = None
    segment_id: str | None = None
    transition_id: str | None = None
    created: str = ""


@dataclass(frozen=True, slots=True)
class DebriefAnswer:
    question: str  # a key of DEBRIEF_QUESTIONS
    answer: str
    answered_by: str = ""
    updated: str = ""  # when it was last edited (UTC, ISO 8601)


@dataclass(frozen=True, slots=True)
class Debrief:
    rehearsal_id: str
    answers: tuple[DebriefAnswer, ...] = ()  # in the order of DEBRIEF_QUESTIONS, answered only

    def answer(self, question: str) -> DebriefAnswer | None:
        return next((a for a in self.answers if a.question == question), None)


class ActionSource(StrEnum):
    FLAG = "flag"
    DEBRIEF = "debrief"  # source_id is the question key


@dataclass(frozen=True, slots=True)
class ActionItem:
    """Something to change before the next cohort, raised from a flag or a debrief answer."""

    id: str
    rehearsal_id: str
    source_kind: ActionSource
    source_id: str
    title: str
    owner_role: str = ""
    status: FlagStatus = FlagStatus.OPEN
    fixed_in_plan: str | None = None  # the plan revision it was fixed in (status FIXED)
    segment_id: str | None = None
    transition_id: str | None = None
    created: str = ""


@dataclass(frozen=True, slots=True)
class FieldEdit:
    """One change to one field of a flag, annotation, debrief or action item.

    Edits are never changed or removed: the value shown is the latest edit (by `edited_at`,
    then id) among those no other edit replaced; the others stay as history.
    """

    id: str
    rehearsal_id: str
    entity: str  # "flag" | "annotation" | "debrief" | "action" | "evidence" | "speaker"
    entity_id: str
    field: str
    value: Any
    edited_at: str
    author: str = ""
    origin: str = ""  # the workspace it was made in
    replaces: tuple[str, ...] = ()  # the edits that were current where it was made


@dataclass(frozen=True, slots=True)
class Conflict:
    """The same field edited on two machines without either seeing the other's edit."""

    rehearsal_id: str
    entity: str
    entity_id: str
    field: str
    winner: FieldEdit  # the latest edit: its value is the one shown
    losers: tuple[FieldEdit, ...]


@dataclass(frozen=True, slots=True)
class StepFigure:
    """What one step of a finished rehearsal came to (see `RunFigures`)."""

    step_id: str  # segment id, or transition id
    planned_s: int  # as the rehearsal's own revision planned it
    actual_s: float | None  # the last attempt; None: not reached
    pause_s: float
    attempts: int
    offset_s: float | None  # the schedule offset when it ended (+ behind); None: not run


@dataclass(frozen=True, slots=True)
class RunTotals:
    """The figures of a run as a whole, each defined once (PRODUCT.md, "The figures of a
    run"); computed from its events by `rehearsing.figures.run_totals`, stored with its
    step figures, shown by every surface through `rehearsing.figures` words and formats."""

    elapsed_s: float  # first mark to finish (to the last mark while it runs), pauses in
    paused_s: float  # time inside pauses
    actual_s: float  # the steps' actual durations (each step's last attempt), summed
    planned_s: int  # the plan of the steps that ran
    drift_s: float  # the schedule offset after the last step run: + behind, − ahead
    steps_run: int  # steps with an attempt
    steps_planned: int  # steps of the plan's live sequence
    complete: bool  # it ran to the plan's last step (and ran some); else it stopped early
    retried: int  # steps run more than once (each attempt is kept)
    click_through: bool  # most steps took a small fraction of their plan

    @property
    def over_s(self) -> float:
        """Over (+) or under (−) the plan: actual − planned, of the steps that ran."""
        return round(self.actual_s - self.planned_s, 3)


@dataclass(frozen=True, slots=True)
class RunFigures:
    """A finished rehearsal's figures, step by step in its plan's order: derived from its
    events (`rehearsing.summary.figures`), stored when it finishes, read by the analysis."""

    rehearsal_id: str
    started_wall: str
    steps: tuple[StepFigure, ...]
    totals: RunTotals
