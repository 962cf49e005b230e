"""The laws of a recovery plan, over arbitrary plans and runs: it never touches a
non-negotiable step nor leaves a flexible range, it lands on time whenever that is possible
(and says by how much it cannot otherwise), it changes nothing when on time, and it changes
the fewest steps that can land."""

from __future__ import annotations

import dataclasses
import itertools
import math

from hypothesis import event, given, settings
from hypothesis import strategies as st

from rehearsal.model import Event, EventKind, Plan, Segment, Transition, new_id
from rehearsal.rehearsing.recovery import (
    AHEAD_FROM_S,
    RecoveryPlan,
    RecoveryStatus,
    recovery_plan,
)
from rehearsal.rehearsing.timing import RunState, StepKind, live_steps, replay

S = 10**9


@st.composite
def segments(draw: st.DrawFn) -> Segment:
    planned = draw(st.integers(0, 1800))
    low = draw(st.one_of(st.none(), st.integers(0, 1800)))
    high = draw(st.one_of(st.none(), st.integers(0, 3600)))
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Segment(
        new_id(),
        draw(st.sampled_from(["Welcome", "Poll", "Breakout", "Practice", "Close"])),
        planned,
        non_negotiable=draw(st.integers(0, 3)) == 0,
        flex_min_s=low,
        flex_max_s=high,
    )


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    segs = tuple(draw(st.lists(segments(), min_size=1, max_size=7)))
    transitions = tuple(
        Transition(new_id(), s.id, draw(st.integers(0, 300)))
        for s in segs[:-1]
        if draw(st.booleans())
    )
    return Plan(new_id(), new_id(), 1, "", segments=segs, transitions=transitions)


@st.composite
def runs(draw: st.DrawFn) -> tuple[Plan, RunState, int, float]:
    """A plan, its run part-way (some steps marked, perhaps targets adjusted, perhaps
    paused or finished), the moment, and a slot end."""
    plan = draw(plans())
    steps = live_steps(plan)
    events: list[Event] = []
    at = 5 * S

    def add(kind: EventKind, **data: str) -> None:
        wall, pairs = "2026-03-02T09:00:00+00:00", tuple(sorted(data.items()))
        events.append(Event(new_id(), "r", len(events), kind, at, wall, pairs))

    marks = draw(st.integers(0, len(steps)))
    for index in range(marks):
        add(EventKind.NEXT, step=str(index))
        if draw(st.booleans()):
            later = draw(st.integers(index, len(steps) - 1))
            add(EventKind.ADJUST, step=str(later), target_s=str(draw(st.integers(0, 2400))))
        at += draw(st.integers(0, 2400)) * S // 4
    if marks and draw(st.booleans()):
        add(EventKind.PAUSE, reason="tech")
    elif marks and draw(st.integers(0, 5)) == 0:
        add(EventKind.FINISH)
    now = at + draw(st.integers(0, 1200)) * S
    state = replay(steps, events)
    # A slot ending around the projected end: behind or ahead by up to 20 minutes.
    late = draw(st.integers(-1200, 1200)) + draw(st.sampled_from([0.0, 0.25, 0.5]))
    return plan, state, now, max(0.0, projected(state, now) - late)


def projected(state: RunState, now: int) -> float:
    if state.started_ns is None:
        return state.remaining_planned_s(now)
    if state.ended_ns is not None:
        return (state.ended_ns - state.started_ns) / 1e9
    return (now - state.started_ns) / 1e9 + state.remaining_planned_s(now)


def accepted(state: RunState, plan: RecoveryPlan) -> RunState:
    targets = dict(state.targets) | {c.index: c.target_s for c in plan.changes}
    return dataclasses.replace(state, targets=targets)


def shrink_rooms(plan: Plan, state: RunState, now: int) -> list[int]:
    """How far each flexible segment still to run may shrink (the test's own reading)."""
    if state.ended_ns is not None:
        return []
    by_id = {s.id: s for s in plan.segments}
    rooms = []
    for index in range(max(state.index, 0), len(state.steps)):
        step = state.steps[index]
        if step.kind is not StepKind.SEGMENT:
            continue
        seg = by_id[step.id]
        if seg.non_negotiable or (seg.flex_min_s is None and seg.flex_max_s is None):
            continue
        floor = seg.planned_s if seg.flex_min_s is None else seg.flex_min_s
        if index == state.index:
            floor = max(floor, math.ceil(state.step_elapsed_ns(now) / 1e9))
        rooms.append(max(0, state.target_s(index) - floor))
    return rooms


@settings(max_examples=400, deadline=None)
@given(runs())
def test_the_laws_of_a_recovery_plan(case: tuple[Plan, RunState, int, float]) -> None:
    plan, state, now, slot_end = case
    result = recovery_plan(plan, state, now, slot_end_s=slot_end)
    by_id = {s.id: s for s in plan.segments}
    late = projected(state, now) - slot_end
    event(str(result.status))
    event(f"{len(result.changes)} changes")
    assert result.projected_end_s == projected(state, now)
    assert result.behind_s == max(0, math.ceil(late - 1e-9))

    for change in result.changes:  # a segment still to run, moved within its range
        segment = by_id[change.step_id]
        assert state.steps[change.index].kind is StepKind.SEGMENT
        assert change.index >= max(state.index, 0) and state.ended_ns is None
        assert change.from_s == state.target_s(change.index) != change.target_s
        low = segment.planned_s if segment.flex_min_s is None else segment.flex_min_s
        high = segment.planned_s if segment.flex_max_s is None else segment.flex_max_s
        if result.status in (RecoveryStatus.BEHIND, RecoveryStatus.CANNOT_LAND):
            assert not segment.non_negotiable  # never a non-negotiable step
            assert low <= change.target_s < change.from_s
            assert change.target_s <= max(high, change.from_s)
            if change.index == state.index:  # never below what the running step has used
                assert change.target_s * 1e9 >= state.step_elapsed_ns(now)
        else:
            assert result.status is RecoveryStatus.AHEAD
            assert change.from_s < change.target_s
            assert segment.non_negotiable or change.target_s <= high

    if late <= 0:  # on time or ahead: nothing shortened
        assert result.status in (RecoveryStatus.ON_TIME, RecoveryStatus.AHEAD)
        planned_end = sum(state.target_s(i) for i in range(len(state.steps)))
        gained = min(result.spare_s, max(0, math.floor(planned_end - projected(state, now) + 1e-9)))
        assert result.gained_s == gained
        if gained < AHEAD_FROM_S:
            assert result.status is RecoveryStatus.ON_TIME and result.changes == ()
        else:  # the time given never runs past the slot's end nor the planned end
            after = projected(accepted(state, result), now)
            assert after <= min(slot_end, planned_end) + 1e-6
        return

    rooms = shrink_rooms(plan, state, now)
    after = projected(accepted(state, result), now)
    if sum(rooms) >= result.behind_s:  # it can land: it does
        assert result.status is RecoveryStatus.BEHIND and result.shortfall_s == 0
        assert after <= slot_end + 1e-6
        fewest = next(  # the fewest steps whose rooms cover the shortfall, by brute force
            k
            for k in range(len(rooms) + 1)
            if any(sum(c) >= result.behind_s for c in itertools.combinations(rooms, k))
        )
        assert len(result.changes) == fewest
        again = recovery_plan(plan, accepted(state, result), now, slot_end_s=slot_end)
        assert again.status is RecoveryStatus.ON_TIME and again.changes == ()
    else:  # it cannot: every flexible step at its minimum, and the line says how short
        assert result.status is RecoveryStatus.CANNOT_LAND
        assert result.shortfall_s == result.behind_s - sum(rooms) > 0
        assert len(result.changes) == sum(1 for r in rooms if r)
        assert math.isclose(after - slot_end, late - sum(rooms), abs_tol=1e-6)
        assert result.lines()[0].startswith(f"{_clock(result.shortfall_s)} short")


def _clock(seconds: int) -> str:
    m, s = divmod(seconds, 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
