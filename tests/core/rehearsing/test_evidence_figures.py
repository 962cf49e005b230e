"""The evidence figures of each step equal a count made the slow way: every millisecond of
the run looked at on its own — who was speaking then, who was present — for runs and
evidence generated at random (retries, pauses, runs stopped early, overlapping speech,
presences of no length, moments on the marks between steps)."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal.evidence_model import EvidenceKind, ItemKind, SpeakerRole
from rehearsal.model import Event, EventKind, Plan, Segment, new_id
from rehearsal.rehearsing.evidence_figures import Placed, run_engagement
from rehearsal.rehearsing.timing import live_steps, replay

MS = 1_000_000
SPEAKERS = {
    "fac": SpeakerRole.FACILITATOR,
    "prod": SpeakerRole.STAFF,
    "cofac": SpeakerRole.STAFF,
    "ana": SpeakerRole.LEARNER,
    "ben": SpeakerRole.LEARNER,
}


@dataclass
class Generated:
    plan: Plan
    events: list[Event]
    windows: list[list[tuple[int, int]]]  # per step, its attempts [start, end) in ms
    end_ms: int


@st.composite
def runs(draw: st.DrawFn) -> Generated:
    steps = draw(st.integers(1, 4))
    plan = Plan(
        id=new_id(),
        program_id=new_id(),
        revision=1,
        created="2026-01-05T09:00:00+00:00",
        segments=tuple(Segment(new_id(), f"Step {i}", 60) for i in range(steps)),
    )
    marks: list[tuple[EventKind, int, dict[str, str]]] = []
    windows: list[list[tuple[int, int]]] = [[] for _ in range(steps)]
    t = draw(st.integers(0, 40))
    ran = draw(st.integers(1, steps))  # the run may stop early
    for i in range(ran):
        marks.append((EventKind.NEXT, t, {"step": str(i)}))
        for attempt in range(draw(st.integers(1, 2))):
            if attempt:
                marks.append((EventKind.RETRY, t, {"step": str(i)}))
            length = draw(st.integers(0, 250))
            if length >= 2 and draw(st.booleans()):  # paused inside: still the step's time
                pause = draw(st.integers(t, t + length - 2))
                resume = draw(st.integers(pause + 1, t + length - 1))
                marks.append((EventKind.PAUSE, pause, {"reason": "tech"}))
                marks.append((EventKind.RESUME, resume, {}))
            windows[i].append((t, t + length))
            t += length
    marks.append((EventKind.FINISH, t, {}))
    rid = new_id()
    events = [
        Event(new_id(), rid, seq, kind, at * MS, "2026-01-05T09:00:00+00:00", tuple(data.items()))
        for seq, (kind, at, data) in enumerate(marks)
    ]
    return Generated(plan, events, windows, t)


@st.composite
def evidence(draw: st.DrawFn, run: Generated) -> list[Placed]:
    marks = sorted({t for step in run.windows for w in step for t in w})
    moment = st.integers(-30, run.end_ms + 30) | st.sampled_from(marks)  # on a mark, often
    found = []
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.sampled_from(ItemKind))
        who = draw(st.sampled_from(sorted(SPEAKERS)))
        start = draw(moment)
        if kind in (ItemKind.SPEECH, ItemKind.PRESENT):
            low = 0 if kind is ItemKind.PRESENT else 1
            end = max(start + low, draw(moment | st.integers(start, start + 200)))
        else:
            end = start
        asks = kind is ItemKind.MESSAGE and draw(st.booleans())
        found.append(Placed(kind, start * MS, end * MS, who, SPEAKERS[who], asks))
    return found


def slow_count(windows: list[tuple[int, int]], items: list[Placed]) -> dict[str, int]:
    """The figures of a step whose attempts are `windows` (ms), a millisecond at a time."""
    talk = {role: 0 for role in SpeakerRole}
    silence = 0
    present: set[str] = set()
    for a, b in windows:
        for t in range(a, b):
            at = t * MS
            speaking = {
                p.role for p in items if p.kind is ItemKind.SPEECH and p.start_ns <= at < p.end_ns
            }
            for role in speaking:
                talk[role] += 1
            silence += not speaking
            present |= {
                p.speaker_id
                for p in items
                if p.kind is ItemKind.PRESENT
                and (p.start_ns <= at < p.end_ns or p.start_ns == p.end_ns == at)
            }

    def during(ns: int) -> bool:
        return any(a * MS <= ns < b * MS for a, b in windows)

    messages = [p for p in items if p.kind is ItemKind.MESSAGE and during(p.start_ns)]
    learners = [m for m in messages if m.role is SpeakerRole.LEARNER]
    presences = [p for p in items if p.kind is ItemKind.PRESENT]
    return {
        "facilitator_talk_ns": talk[SpeakerRole.FACILITATOR] * MS,
        "staff_talk_ns": talk[SpeakerRole.STAFF] * MS,
        "learner_talk_ns": talk[SpeakerRole.LEARNER] * MS,
        "silence_ns": silence * MS,
        "learner_turns": sum(
            1
            for p in items
            if p.kind is ItemKind.SPEECH and p.role is SpeakerRole.LEARNER and during(p.start_ns)
        ),
        "chat_messages": len(messages),
        "learner_messages": len(learners),
        "learner_questions": sum(1 for m in learners if m.asks),
        "chatters": len({m.speaker_id for m in messages}),
        "attendees": len(present),
        "learners_present": len({p for p in present if SPEAKERS[p] is SpeakerRole.LEARNER}),
        "joined": len({p.speaker_id for p in presences if during(p.start_ns)}),
        "left": len({p.speaker_id for p in presences if during(p.end_ns)}),
        "poll_responses": sum(1 for p in items if p.kind is ItemKind.ANSWER and during(p.start_ns)),
        "time_ns": sum(b - a for a, b in windows) * MS,
    }


KIND_OF = {
    "facilitator_talk_ns": EvidenceKind.TRANSCRIPT,
    "staff_talk_ns": EvidenceKind.TRANSCRIPT,
    "learner_talk_ns": EvidenceKind.TRANSCRIPT,
    "silence_ns": EvidenceKind.TRANSCRIPT,
    "learner_turns": EvidenceKind.TRANSCRIPT,
    "chat_messages": EvidenceKind.CHAT,
    "learner_messages": EvidenceKind.CHAT,
    "learner_questions": EvidenceKind.CHAT,
    "chatters": EvidenceKind.CHAT,
    "attendees": EvidenceKind.ATTENDANCE,
    "learners_present": EvidenceKind.ATTENDANCE,
    "joined": EvidenceKind.ATTENDANCE,
    "left": EvidenceKind.ATTENDANCE,
    "poll_responses": EvidenceKind.POLL,
}


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_figures_of_each_step_are_the_millisecond_by_millisecond_count(
    data: st.DataObject,
) -> None:
    run = data.draw(runs())
    items = data.draw(evidence(run))
    kinds = frozenset(data.draw(st.sets(st.sampled_from(EvidenceKind))))
    steps = live_steps(run.plan)
    found = run_engagement("r", steps, replay(steps, run.events), items, kinds)
    every = [w for step in run.windows for w in step]
    for figures, windows in [*zip(found.steps, run.windows, strict=True), (found.totals, every)]:
        expected = slow_count(windows, items)
        assert figures.time_ns == expected["time_ns"]
        for name, kind in KIND_OF.items():
            assert getattr(figures, name) == (expected[name] if kind in kinds else None), name
    outside = [
        p
        for p in items
        if p.kind is not ItemKind.PRESENT
        and not any(a * MS <= p.start_ns < b * MS for a, b in every)
    ]
    assert found.outside == len(outside)
