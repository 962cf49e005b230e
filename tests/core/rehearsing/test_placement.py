"""Placing clock times on a run's clock through its marks: every mark is placed where it was
made, a later time never lands earlier, time the computer slept is no time of the run, and
between marks the run's clock and the wall clock move together."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from rehearsal.model import Event, EventKind, new_id
from rehearsal.rehearsing.placement import MS, RunClock, run_clock, wall_ms
from rehearsal.rehearsing.timing import RunState

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@st.composite
def clocks(draw: st.DrawFn) -> RunClock:
    """Marks a second to ten minutes apart on the run's clock; now and then the computer
    slept between two of them (the wall clock ran on)."""
    at, wall = draw(st.integers(0, 10**12)), START
    events = []
    for seq in range(draw(st.integers(1, 8))):
        events.append(
            Event(new_id(), "r", seq, EventKind.NEXT, at, wall.isoformat(timespec="milliseconds"))
        )
        step_ms = draw(st.integers(1_000, 600_000))
        slept_ms = draw(st.sampled_from([0, 0, 0, 5_000, 3_600_000]))
        at += step_ms * MS
        wall += timedelta(milliseconds=step_ms + slept_ms)
    state = RunState(steps=(), started_ns=events[0].at_ns, ended_ns=events[-1].at_ns)
    return run_clock(events, state)


@given(clock=clocks(), data=st.data())
def test_placing_keeps_the_marks_and_the_order_of_time(
    clock: RunClock, data: st.DataObject
) -> None:
    for wall, at in clock.anchors:
        assert clock.at_ns(wall) == at
    first, last = clock.anchors[0][0], clock.anchors[-1][0]
    a, b = sorted(
        data.draw(st.lists(st.integers(first - 10**7, last + 10**7), min_size=2, max_size=2))
    )
    placed_a, placed_b = clock.at_ns(a), clock.at_ns(b)
    assert placed_a is not None and placed_b is not None
    assert placed_a <= placed_b
    assert placed_b - placed_a <= (b - a) * MS  # the run's clock never runs faster


def test_a_moment_is_read_in_its_own_offset() -> None:
    assert wall_ms("2026-03-02T10:00:00.250+01:00") == wall_ms("2026-03-02T09:00:00.250+00:00")
    assert wall_ms("not a moment") is None
