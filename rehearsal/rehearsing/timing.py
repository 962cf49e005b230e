"""The timing engine's pure half: the live sequence of a plan, and replaying events into state.

Everything shown about a rehearsal is derived here from its append-only events; nothing is
stored that this cannot recompute. Replaying any prefix of the events gives the state at
that moment.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from rehearsal.model import Event, EventKind, Plan, Transition

_HANDOFF_NS = uuid.UUID("6b0b7f0e-3c52-4c1e-9a53-6a4b8f3f2d11")
MARKS = frozenset({EventKind.NEXT, EventKind.RETRY, EventKind.PAUSE, EventKind.RESUME})


def handoff_id(after_segment_id: str) -> str:
    """The stable id of the hand-off after a segment that has no stored transition."""
    return str(uuid.uuid5(_HANDOFF_NS, after_segment_id))


def handoff(plan: Plan, after_segment_id: str) -> Transition:
    stored = plan.transition_after(after_segment_id)
    return stored or Transition(id=handoff_id(after_segment_id), after_segment_id=after_segment_id)


class StepKind(StrEnum):
    SEGMENT = "segment"
    TRANSITION = "transition"


@dataclass(frozen=True, slots=True)
class Step:
    """One timed block of the live sequence: a segment, or a transition with an allowance."""

    kind: StepKind
    id: str  # segment id or transition id
    title: str
    planned_s: int
    segment_id: str  # the segment itself, or the one a transition follows


def live_steps(plan: Plan) -> tuple[Step, ...]:
    """The order a rehearsal walks: segments that run, and transitions that take time."""
    running = [s for s in plan.segments if not s.skipped and not s.marker]
    steps: list[Step] = []
    for i, seg in enumerate(running):
        steps.append(Step(StepKind.SEGMENT, seg.id, seg.title, seg.planned_s, seg.id))
        t = plan.transition_after(seg.id)
        if t is not None and t.allowance_s > 0 and i + 1 < len(running):
            title = t.cue or f"Transition to {running[i + 1].title}"
            steps.append(Step(StepKind.TRANSITION, t.id, title, t.allowance_s, seg.id))
    return tuple(steps)


@dataclass(slots=True)
class Attempt:
    start_ns: int
    end_ns: int | None = None
    pause_ns: int = 0

    def actual_ns(self, now_ns: int) -> int:
        end = self.end_ns if self.end_ns is not None else now_ns
        return max(0, end - self.start_ns - self.pause_ns)


@dataclass(frozen=True, slots=True)
class Pause:
    start_ns: int
    end_ns: int | None
    reason: str
    step_index: int


@dataclass(slots=True)
class RunState:
    """The state of a rehearsal after some prefix of its events."""

    steps: tuple[Step, ...]
    index: int = -1  # the running step; -1 armed; len(steps) when all are done
    attempts: list[list[Attempt]] = field(default_factory=list)
    pauses: list[Pause] = field(default_factory=list)
    paused_since: int | None = None
    pause_reason: str = ""
    started_ns: int | None = None
    started_wall: str = ""
    ended_ns: int | None = None
    last_ns: int = 0
    gaps_s: list[float] = field(default_factory=list)
    flag_marks: list[tuple[int, int]] = field(default_factory=list)  # (step index, at_ns)
    undone: frozenset[int] = frozenset()
    # Targets changed live (ADJUST events): step index → seconds. The plan is unchanged and
    # over/under and drift stay measured against it; the rest of the session is projected
    # with these targets.
    targets: dict[int, int] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.ended_ns is not None

    @property
    def current(self) -> Step | None:
        return self.steps[self.index] if 0 <= self.index < len(self.steps) else None

    def step_elapsed_ns(self, now_ns: int) -> int:
        """Time in the running attempt, pauses excluded (0 when no step runs)."""
        if self.current is None or not self.attempts[self.index]:
            return 0
        attempt = self.attempts[self.index][-1]
        paused = now_ns - self.paused_since if self.paused_since is not None else 0
        return max(0, attempt.actual_ns(now_ns) - paused)

    def target_s(self, index: int) -> int:
        """The step's target: as planned, unless it was adjusted live."""
        return self.targets.get(index, self.steps[index].planned_s)

    def planned_before_s(self, index: int) -> int:
        return sum(s.planned_s for s in self.steps[:index])

    def relative_offset_s(self, now_ns: int) -> float:
        """Drift since the actual start: + behind the plan, − ahead of it."""
        if self.started_ns is None:
            return 0.0
        end = self.ended_ns if self.ended_ns is not None else now_ns
        if self.current is None:
            return (end - self.started_ns) / 1e9 - self.planned_before_s(len(self.steps))
        if not self.attempts[self.index]:  # a step passed over (SKIP)
            return (end - self.started_ns) / 1e9 - self.planned_before_s(self.index)
        step_start = self.attempts[self.index][0].start_ns
        late_start = (step_start - self.started_ns) / 1e9 - self.planned_before_s(self.index)
        overrun = max(0.0, (end - step_start) / 1e9 - self.current.planned_s)
        return late_start + overrun

    def remaining_planned_s(self, now_ns: int) -> float:
        """What the rest of the session is planned to take from now: the steps' targets
        (as planned unless adjusted live), less what the running step has used."""
        if self.current is None:
            if self.index >= 0:
                return 0.0
            return float(self.planned_before_s(len(self.steps)) + self._adjusted_after(-1))
        in_step = max(0.0, self.target_s(self.index) - self.step_elapsed_ns(now_ns) / 1e9)
        later = sum(s.planned_s for s in self.steps[self.index + 1 :])
        return in_step + later + self._adjusted_after(self.index)

    def _adjusted_after(self, index: int) -> int:
        """How much the targets of the steps after `index` differ from their plan."""
        return sum(t - self.steps[i].planned_s for i, t in self.targets.items() if i > index)


def undone_marks(events: Sequence[Event]) -> frozenset[int]:
    """Sequence numbers of marks cancelled by an UNDO event."""
    undone: set[int] = set()
    for i, event in enumerate(events):
        if event.kind is not EventKind.UNDO:
            continue
        target = event.get("target_seq")
        if target:
            undone.add(int(target))
            continue
        for earlier in reversed(events[:i]):
            if earlier.kind in MARKS and earlier.seq not in undone:
                undone.add(earlier.seq)
                break
    return frozenset(undone)


def replay(steps: tuple[Step, ...], events: Sequence[Event]) -> RunState:
    state = RunState(steps=steps, attempts=[[] for _ in steps])
    state.undone = undone_marks(events)
    for event in events:
        if event.seq in state.undone:
            continue
        apply_event(state, event)
    return state


def snapshot(state: RunState) -> RunState:
    """A copy of `state` that applying later events to `state` leaves unchanged.

    Applying an event mutates only the running step's last attempt and appends to lists,
    so those are copied; closed attempts are shared.
    """
    attempts = [list(step_attempts) for step_attempts in state.attempts]
    if state.current is not None and attempts[state.index]:
        last = attempts[state.index][-1]
        attempts[state.index][-1] = Attempt(last.start_ns, last.end_ns, last.pause_ns)
    return replace(
        state,
        attempts=attempts,
        pauses=list(state.pauses),
        gaps_s=list(state.gaps_s),
        flag_marks=list(state.flag_marks),
        targets=dict(state.targets),
    )


def _close_pause(state: RunState, at: int) -> None:
    if state.paused_since is None:
        return
    length = at - state.paused_since
    if state.current is not None and state.attempts[state.index]:
        state.attempts[state.index][-1].pause_ns += length
    state.pauses.append(Pause(state.paused_since, at, state.pause_reason, state.index))
    state.paused_since = None
    state.pause_reason = ""


def _close_attempt(state: RunState, at: int) -> None:
    _close_pause(state, at)
    if state.current is not None and state.attempts[state.index]:
        state.attempts[state.index][-1].end_ns = at


def apply_event(state: RunState, event: Event) -> None:
    """Advance `state` by one event that no UNDO cancels (an UNDO needs a full `replay`)."""
    at = event.at_ns
    state.last_ns = max(state.last_ns, at)
    kind = event.kind
    if state.finished and kind not in (EventKind.FLAG, EventKind.NOTE):
        return
    if kind is EventKind.NEXT:
        if state.started_ns is None:
            state.started_ns = at
            state.started_wall = event.wall
        _close_attempt(state, at)
        state.index += 1
        if state.index < len(state.steps):
            state.attempts[state.index].append(Attempt(start_ns=at))
        else:
            state.ended_ns = at
    elif kind is EventKind.SKIP:
        _close_attempt(state, at)
        state.index += 1  # the step is passed over: it has no attempt, it was not reached
        if state.index >= len(state.steps):
            state.ended_ns = at
    elif kind is EventKind.RETRY:
        if state.current is not None:
            _close_attempt(state, at)
            state.attempts[state.index].append(Attempt(start_ns=at))
    elif kind is EventKind.PAUSE:
        if state.paused_since is None and state.started_ns is not None:
            state.paused_since = at
            state.pause_reason = event.get("reason", "other")
    elif kind is EventKind.RESUME:
        _close_pause(state, at)
    elif kind is EventKind.FLAG:
        state.flag_marks.append((state.index, at))
    elif kind is EventKind.ADJUST:
        step = int(event.get("step", "-1"))
        if 0 <= step < len(state.steps):
            state.targets[step] = int(event.get("target_s", "0"))
    elif kind is EventKind.GAP:
        state.gaps_s.append(float(event.get("gap_s", "0")))
    elif kind in (EventKind.FINISH, EventKind.ABANDON):
        _close_attempt(state, at)
        state.ended_ns = at
