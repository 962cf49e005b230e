"""The figures of a run's evidence, step by step and for the whole run — defined once, here,
and shown the same by Review, the reports and `rehearsal evidence`.

A step's **time** is each of its attempts, from the mark that started it to the mark that
ended it, pauses inside included (what was said during a pause was said in that step); a
retried step counts every attempt; a step not run has none. The run's time is all its
steps' time. Evidence is counted where it is placed on the run's clock (`placement`), by
the roles of its speakers (`speakers`); a moment on the mark between two steps counts in
the later one.

- **facilitator_talk**, **staff_talk**, **learner_talk**: the time in the step when at
  least one speaker of that role was speaking (two learners at once count once). Staff are
  the rest of the delivery team — producer, co-facilitators —, never the facilitator,
  whose talk is apart.
- **silence**: the step's time when nobody was speaking: its time less the union of all
  speech in it.
- **learner_turns**: learners' speech cues that begin in the step.
- **chat_messages**: messages sent in the step (reactions are not messages);
  **learner_messages** the learners' among them, **learner_questions** those holding a
  question mark; **chatters**: the distinct senders.
- **attendees**: the distinct people present at any moment of the step (**learners_present**
  the learners among them); **joined** / **left**: the distinct people whose presence
  began / ended in it.
- **poll_responses**: poll answers submitted in it.

A figure is None when the run has no evidence of its kind (no transcript: no talk, no
silence), never a 0 that nobody measured.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rehearsal.durations import format_duration
from rehearsal.evidence_model import EvidenceKind, ItemKind, SpeakerRole
from rehearsal.rehearsing.timing import RunState, Step, StepKind

Window = tuple[int, int]  # [start, end) on the run's clock, ns


@dataclass(frozen=True, slots=True)
class Placed:
    """One item of evidence on the run's clock, with its speaker's role."""

    kind: ItemKind
    start_ns: int
    end_ns: int
    speaker_id: str
    role: SpeakerRole
    asks: bool = False  # a message holding a question mark


@dataclass(frozen=True, slots=True)
class StepEngagement:
    """The evidence figures of one step (or, `step_id` "", of the whole run)."""

    step_id: str
    title: str
    kind: StepKind | None  # None for the whole run
    time_ns: int  # the step's time (see the module)
    facilitator_talk_ns: int | None
    staff_talk_ns: int | None
    learner_talk_ns: int | None
    silence_ns: int | None
    learner_turns: int | None
    chat_messages: int | None
    learner_messages: int | None
    learner_questions: int | None
    chatters: int | None
    attendees: int | None
    learners_present: int | None
    joined: int | None
    left: int | None
    poll_responses: int | None

    @property
    def learner_contributions(self) -> int | None:
        """What learners said, typed and answered, counted: turns, messages, poll answers
        (None when no transcript or chat was there to see them)."""
        if self.learner_turns is None and self.learner_messages is None:
            return None
        return (self.learner_turns or 0) + (self.learner_messages or 0) + (self.poll_responses or 0)


@dataclass(frozen=True, slots=True)
class RunEngagement:
    rehearsal_id: str
    kinds: frozenset[EvidenceKind]  # the kinds of evidence the run has (files not removed)
    steps: tuple[StepEngagement, ...]  # in the order of the run's steps
    totals: StepEngagement  # the whole run
    outside: int  # items placed outside every step's time (before the run, after it)
    unplaced: int  # items of wall-clock files the run has no marks to place by

    @property
    def has_evidence(self) -> bool:
        return bool(self.kinds)


def seconds(ns: int | None) -> float | None:
    """Nanoseconds as seconds to the millisecond (what JSON and the tables show)."""
    return None if ns is None else round(ns / 1e9, 3)


def step_windows(state: RunState) -> list[list[Window]]:
    """Each step's time as its attempts' windows (see the module)."""
    end = state.ended_ns if state.ended_ns is not None else state.last_ns
    return [
        [(a.start_ns, max(a.start_ns, a.end_ns if a.end_ns is not None else end)) for a in tried]
        for tried in state.attempts
    ]


class _Cover:
    """The union of intervals, for the time it covers inside any window (exact, ns)."""

    def __init__(self, intervals: Iterable[Window]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(i for i in intervals if i[1] > i[0]):
            if self.ends and start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)
        self.before = [0]  # covered time before each interval
        for start, end in zip(self.starts, self.ends, strict=True):
            self.before.append(self.before[-1] + end - start)

    def _upto(self, x: int) -> int:
        i = bisect.bisect_right(self.starts, x) - 1
        if i < 0:
            return 0
        return self.before[i] + min(x, self.ends[i]) - self.starts[i]

    def within(self, windows: Iterable[Window]) -> int:
        return sum(self._upto(b) - self._upto(a) for a, b in windows)


class _Moments:
    """Items that happen at a moment, sorted, for those inside windows."""

    def __init__(self, items: Iterable[Placed]) -> None:
        self.items = sorted(items, key=lambda p: p.start_ns)
        self.starts = [p.start_ns for p in self.items]

    def within(self, windows: Iterable[Window]) -> list[Placed]:
        found: list[Placed] = []
        for a, b in windows:
            found += self.items[
                bisect.bisect_left(self.starts, a) : bisect.bisect_left(self.starts, b)
            ]
        return found


class _Figures:
    """The placed evidence of one run, counted over any windows."""

    def __init__(self, items: Sequence[Placed], kinds: frozenset[EvidenceKind]) -> None:
        self.kinds = kinds
        speech = [p for p in items if p.kind is ItemKind.SPEECH]
        self.talk = {
            role: _Cover((p.start_ns, p.end_ns) for p in speech if p.role is role)
            for role in SpeakerRole
        }
        self.anyone = _Cover((p.start_ns, p.end_ns) for p in speech)
        self.turns = _Moments(p for p in speech if p.role is SpeakerRole.LEARNER)
        self.messages = _Moments(p for p in items if p.kind is ItemKind.MESSAGE)
        self.answers = _Moments(p for p in items if p.kind is ItemKind.ANSWER)
        self.present = [p for p in items if p.kind is ItemKind.PRESENT]

    def of(
        self, step_id: str, title: str, kind: StepKind | None, windows: list[Window]
    ) -> StepEngagement:
        time_ns = sum(b - a for a, b in windows)
        spoken = EvidenceKind.TRANSCRIPT in self.kinds
        chat = EvidenceKind.CHAT in self.kinds
        attendance = EvidenceKind.ATTENDANCE in self.kinds
        learner = SpeakerRole.LEARNER
        messages = self.messages.within(windows)
        mine = [m for m in messages if m.role is learner]
        present = [p for p in self.present if any(_overlaps(p, a, b) for a, b in windows)]
        joined = {p.speaker_id for p in self.present if _inside(p.start_ns, windows)}
        left = {p.speaker_id for p in self.present if _inside(p.end_ns, windows)}

        def talk(role: SpeakerRole) -> int | None:
            return self.talk[role].within(windows) if spoken else None

        return StepEngagement(
            step_id=step_id,
            title=title,
            kind=kind,
            time_ns=time_ns,
            facilitator_talk_ns=talk(SpeakerRole.FACILITATOR),
            staff_talk_ns=talk(SpeakerRole.STAFF),
            learner_talk_ns=talk(learner),
            silence_ns=time_ns - self.anyone.within(windows) if spoken else None,
            learner_turns=len(self.turns.within(windows)) if spoken else None,
            chat_messages=len(messages) if chat else None,
            learner_messages=len(mine) if chat else None,
            learner_questions=sum(1 for m in mine if m.asks) if chat else None,
            chatters=len({m.speaker_id for m in messages}) if chat else None,
            attendees=len({p.speaker_id for p in present}) if attendance else None,
            learners_present=(
                len({p.speaker_id for p in present if p.role is learner}) if attendance else None
            ),
            joined=len(joined) if attendance else None,
            left=len(left) if attendance else None,
            poll_responses=(
                len(self.answers.within(windows)) if EvidenceKind.POLL in self.kinds else None
            ),
        )


def _inside(at: int, windows: Iterable[Window]) -> bool:
    return any(a <= at < b for a, b in windows)


def _overlaps(p: Placed, a: int, b: int) -> bool:
    """Present at some moment of [a, b): a presence of no length counts at its moment; a
    step of no length (marked twice at one instant) has no moment to be present at."""
    return a < b and p.start_ns < b and max(p.end_ns, p.start_ns + 1) > a


def run_engagement(
    rehearsal_id: str,
    steps: Sequence[Step],
    state: RunState,
    items: Sequence[Placed],
    kinds: frozenset[EvidenceKind],
    unplaced: int = 0,
) -> RunEngagement:
    """The figures of the evidence `items` (placed, with roles) of the run `state` is (its
    events replayed over `steps`); `kinds`: the kinds of evidence it has."""
    figures = _Figures(items, kinds)
    windows = step_windows(state)
    every = [w for step in windows for w in step]
    outside = sum(
        1 for p in items if p.kind is not ItemKind.PRESENT and not _inside(p.start_ns, every)
    )
    return RunEngagement(
        rehearsal_id=rehearsal_id,
        kinds=kinds,
        steps=tuple(
            figures.of(step.id, step.title, step.kind, w)
            for step, w in zip(steps, windows, strict=True)
        ),
        totals=figures.of("", "The run", None, every),
        outside=outside,
        unplaced=unplaced,
    )


# -- words: each figure under one heading, formatted one way, on every surface --------------
HEADINGS = (
    "Time",
    "Facilitator talk",
    "Staff talk",
    "Learner talk",
    "Silence",
    "Messages",
    "From learners",
    "Chatters",
    "Present",
    "Joined",
    "Left",
    "Poll answers",
)


def cells(s: StepEngagement) -> tuple[str, ...]:
    """A step's figures under `HEADINGS`: durations as `format_duration`, counts as
    numbers, "—" where the run has no evidence of the kind."""

    def d(ns: int | None) -> str:
        return "—" if ns is None else format_duration(round(ns / 1e9))

    def n(value: int | None) -> str:
        return "—" if value is None else str(value)

    return (
        d(s.time_ns),
        d(s.facilitator_talk_ns),
        d(s.staff_talk_ns),
        d(s.learner_talk_ns),
        d(s.silence_ns),
        n(s.chat_messages),
        n(s.learner_messages),
        n(s.chatters),
        n(s.attendees),
        n(s.joined),
        n(s.left),
        n(s.poll_responses),
    )


def as_json(s: StepEngagement) -> dict[str, object]:
    """A step's figures as `rehearsal evidence --json` gives them: seconds to the
    millisecond, counts, null where the run has no evidence of the kind."""
    return {
        "time_s": seconds(s.time_ns),
        "facilitator_talk_s": seconds(s.facilitator_talk_ns),
        "staff_talk_s": seconds(s.staff_talk_ns),
        "learner_talk_s": seconds(s.learner_talk_ns),
        "silence_s": seconds(s.silence_ns),
        "learner_turns": s.learner_turns,
        "chat_messages": s.chat_messages,
        "learner_messages": s.learner_messages,
        "learner_questions": s.learner_questions,
        "chatters": s.chatters,
        "attendees": s.attendees,
        "learners_present": s.learners_present,
        "joined": s.joined,
        "left": s.left,
        "poll_responses": s.poll_responses,
    }
