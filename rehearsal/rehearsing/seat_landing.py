"""Where a seat's flags and notes land on a rehearsal: which run's time window holds each,
and the moment of that run it was raised at (its wall-clock time through the run's marks,
as evidence is placed: `placement.RunClock`).

A run's window is its first mark to its last, widened by `TOLERANCE_MS` either side: two
computers' clocks differ by a few seconds, and a producer may flag the opening a moment
before the lead's first key. Within the run a mark falls on the step that was running then
(a hand-off's own step, or the segment); outside it, on the first or the last step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rehearsal.model import Event
from rehearsal.rehearsing.placement import MS, RunClock, run_clock
from rehearsal.rehearsing.timing import RunState, StepKind

TOLERANCE_MS = 120_000


@dataclass(frozen=True, slots=True)
class RunWindow:
    rehearsal_id: str
    clock: RunClock
    state: RunState
    first_ms: int  # the wall-clock time of the run's first mark
    last_ms: int  # ... and of its last

    def distance_ms(self, wall: int) -> int:
        """0 inside the run, else how far outside it `wall` is."""
        return max(self.first_ms - wall, wall - self.last_ms, 0)


@dataclass(frozen=True, slots=True)
class Landing:
    rehearsal_id: str
    at_ns: int
    segment_id: str | None
    transition_id: str | None


def run_window(rehearsal_id: str, events: Sequence[Event], state: RunState) -> RunWindow | None:
    """The window of a run, None when it has no dated marks."""
    clock = run_clock(events, state)
    if not clock.anchors:
        return None
    return RunWindow(rehearsal_id, clock, state, clock.anchors[0][0], clock.anchors[-1][0])


def choose(wall: int, windows: Sequence[RunWindow]) -> RunWindow | None:
    """The run whose window holds `wall` (the nearest, when two do); None when none does."""
    near = [w for w in windows if w.distance_ms(wall) <= TOLERANCE_MS]
    return min(near, key=lambda w: (w.distance_ms(wall), w.first_ms), default=None)


def land(wall: int, window: RunWindow) -> Landing:
    """The moment and the step of the run at the wall-clock time `wall`."""
    clock, state = window.clock, window.state
    placed = clock.at_ns(wall)
    first_at = clock.anchors[0][1]
    last_at = clock.ended_ns if clock.ended_ns is not None else clock.anchors[-1][1]
    at = min(max(placed if placed is not None else first_at, first_at), last_at)
    index = _step_at(state, at)
    if index is None:
        return Landing(window.rehearsal_id, at, None, None)
    step = state.steps[index]
    transition = step.id if step.kind is StepKind.TRANSITION else None
    return Landing(window.rehearsal_id, at, step.segment_id, transition)


def _step_at(state: RunState, at: int) -> int | None:
    """The step running at `at` (the latest attempt holding it); between or around the
    attempts, the one begun last before it, or the first."""
    running = None
    begun: list[tuple[int, int]] = []
    for i, attempts in enumerate(state.attempts):
        for attempt in attempts:
            begun.append((attempt.start_ns, i))
            if attempt.start_ns <= at and (attempt.end_ns is None or at < attempt.end_ns):
                running = i
    if running is not None or not begun:
        return running
    before = [b for b in begun if b[0] <= at]
    return max(before)[1] if before else min(begun)[1]


__all__ = ["MS", "TOLERANCE_MS", "Landing", "RunWindow", "choose", "land", "run_window"]
