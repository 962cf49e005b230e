"""The recovery plan: the smallest change to the rest of a session that lands it on time."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
from plans import small_draft

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.errors import InvalidOperation
from rehearsal.model import EventKind, Plan, PlanDraft
from rehearsal.rehearsing.live import live_status
from rehearsal.rehearsing.recovery import (
    RecoveryStatus,
    presenter_target,
    recovery_plan,
    slot_end,
)
from rehearsal.rehearsing.run import Run
from rehearsal.rehearsing.timing import replay

NINE_OH_TWO = datetime(2026, 3, 2, 9, 2, tzinfo=UTC)


def flexible_draft() -> PlanDraft:
    """Welcome 5:00 (3:00–7:00), Poll 4:00 (2:00–5:00), Open rooms 2:00, Breakout 15:00
    non-negotiable, Close 3:00 (2:00–4:00); 09:00, a 30-minute slot."""
    draft = small_draft()
    welcome, poll, breakout, close = draft.segments
    segments = (
        dataclasses.replace(welcome, flex_min_s=180, flex_max_s=420),
        dataclasses.replace(poll, flex_min_s=120, flex_max_s=300),
        breakout,
        dataclasses.replace(close, flex_min_s=120, flex_max_s=240),
    )
    return dataclasses.replace(draft, segments=segments)


def start(ws: Workspace, draft: PlanDraft | None = None) -> tuple[Run, FakeClock]:
    plan = ws.add_plan(draft or flexible_draft())
    clock = FakeClock(wall=NINE_OH_TWO)  # two minutes late: the slot ends 28:00 after it
    return ws.start_rehearsal(plan.id, clock=clock), clock


def now(run: Run):  # type: ignore[no-untyped-def]
    return recovery_plan(run.plan, run.state, run.now_ns())


def test_on_time_changes_nothing(ws: Workspace) -> None:
    run, clock = start(ws)
    run.next()
    clock.advance(60)
    plan = now(run)  # 29:00 planned from 09:02 against a 09:30 end: 1:00 over
    assert plan.status is RecoveryStatus.BEHIND
    run.undo()
    plan = recovery_plan(run.plan, run.state, run.now_ns(), slot_end_s=1780)
    assert plan.status is RecoveryStatus.ON_TIME and plan.changes == ()
    assert plan.lines() == ("On time: 0:40 to spare",)  # less than AHEAD_FROM_S
    assert plan.spare_s == 40 and plan.behind_s == 0
    exact = recovery_plan(run.plan, run.state, run.now_ns(), slot_end_s=1740)
    assert (exact.status, exact.changes, exact.lines()) == (
        RecoveryStatus.ON_TIME,
        (),
        ("On time",),
    )


def test_behind_cuts_the_roomiest_flexible_steps_and_lands_exactly(ws: Workspace) -> None:
    run, clock = start(ws)
    run.next()
    clock.advance(400)  # Welcome runs 1:40 over
    run.next()  # Poll starts at 6:40: 6:40 + 4:00 + 2:00 + 15:00 + 3:00 = 30:40 > 28:00
    plan = now(run)
    assert plan.status is RecoveryStatus.BEHIND
    assert (plan.behind_s, plan.slot_end_s, plan.projected_end_s) == (160, 1680, 1840)
    # Rooms: Poll 2:00, Close 1:00 — neither alone absorbs 2:40, both do; in proportion.
    assert [(c.title, c.from_s, c.target_s) for c in plan.changes] == [
        ("Poll", 240, 133),
        ("Close", 180, 127),
    ]
    assert plan.lines() == (
        "Behind 2:40: to land on time —",
        "Poll: 4:00 → 2:13 (\u22121:47)",
        "Close: 3:00 → 2:07 (\u22120:53)",
    )
    assert plan.reason == "behind 2:40"


def test_one_step_is_enough_when_its_room_covers_the_shortfall(ws: Workspace) -> None:
    run, clock = start(ws)
    run.next()
    clock.advance(330)  # Welcome 0:30 over: 30:30 projected
    run.next()
    plan = now(run)
    assert [(c.title, c.target_s) for c in plan.changes] == [("Poll", 150)]


def test_cannot_land_says_how_short_even_at_every_minimum(ws: Workspace) -> None:
    run, clock = start(ws)
    run.next()
    clock.advance(600)  # Welcome 5:00 over: 10:00 + 24:00 = 34:00 projected, 6:00 behind
    run.next()
    plan = now(run)  # 3:00 of room (Poll 2:00, Close 1:00)
    assert plan.status is RecoveryStatus.CANNOT_LAND
    assert (plan.behind_s, plan.shortfall_s) == (360, 180)
    assert plan.lines() == (
        "3:00 short even with every flexible step at its minimum",
        "Poll: 4:00 → 2:00 (\u22122:00)",
        "Close: 3:00 → 2:00 (\u22121:00)",
    )


def test_the_running_step_never_below_what_it_has_used(ws: Workspace) -> None:
    run, clock = start(ws)
    run.next()
    clock.advance(400)
    run.next()
    clock.advance(200)  # Poll has used 3:20 of its 4:00: it may end at 3:20, not at 2:00
    plan = now(run)
    poll = plan.changes[0]
    assert poll.title == "Poll" and poll.target_s >= 200
    assert plan.status is RecoveryStatus.CANNOT_LAND  # 2:40 behind, 0:40 + 1:00 of room
    assert plan.shortfall_s == 60


def test_never_a_non_negotiable_nor_a_transition(ws: Workspace) -> None:
    draft = flexible_draft()
    welcome, poll, breakout, close = draft.segments
    draft = dataclasses.replace(  # the breakout has a range, but it is non-negotiable
        draft, segments=(welcome, poll, dataclasses.replace(breakout, flex_min_s=60), close)
    )
    run, clock = start(ws, draft)
    run.next()
    clock.advance(1200)
    run.next()
    plan = now(run)
    assert plan.status is RecoveryStatus.CANNOT_LAND
    assert {c.title for c in plan.changes} == {"Poll", "Close"}


def test_ahead_gives_practice_first_then_flexible_steps(ws: Workspace) -> None:
    run, clock = start(ws)
    run.next()
    clock.advance(60)  # Welcome ends 4:00 early
    run.next()
    plan = recovery_plan(run.plan, run.state, run.now_ns(), slot_end_s=1740 + 600)
    # 10:00 more slot + 4:00 early = 14:00 to spare, of which the 4:00 gained on the plan
    # is given: the breakout first (it may grow by 7:30, half its 15:00: no maximum).
    assert plan.status is RecoveryStatus.AHEAD and (plan.spare_s, plan.gained_s) == (840, 240)
    assert [(c.title, c.target_s) for c in plan.changes] == [("Breakout", 1140)]
    assert plan.lines() == (
        "Ahead 4:00: where the extra time would best go —",
        "Breakout (non-negotiable): 15:00 → 19:00 (+4:00)",
    )
    assert plan.reason == "ahead 4:00"
    # with more gained than the breakout can take, the flexible steps come next
    clock.advance(10)  # the poll ends 3:50 early
    run.next()
    plan = recovery_plan(run.plan, run.state, run.now_ns(), slot_end_s=1740 + 600)
    assert plan.gained_s == 470
    assert [(c.title, c.target_s) for c in plan.changes] == [("Breakout", 1350), ("Close", 200)]


def test_a_buffer_the_plan_keeps_is_not_time_gained(ws: Workspace) -> None:
    run, _clock = start(ws)
    run.next()  # on the plan's clock, with 10:00 of slot after the plan's end
    plan = recovery_plan(run.plan, run.state, run.now_ns(), slot_end_s=1740 + 600)
    assert plan.status is RecoveryStatus.ON_TIME and plan.changes == ()
    assert plan.lines() == ("On time: 10:00 to spare",)


def test_accepting_lands_on_time_and_is_durable(ws: Workspace) -> None:
    run, clock = start(ws)
    run.next()
    clock.advance(400)
    run.next()
    suggested = now(run)
    events = run.accept_recovery(suggested)
    assert [e.kind for e in events] == [EventKind.ADJUST, EventKind.ADJUST]
    assert events[0].data == (("reason", "behind 2:40"), ("step", "1"), ("target_s", "133"))
    after = now(run)
    assert after.status is RecoveryStatus.ON_TIME and after.behind_s == 0
    assert presenter_target(run.state) == 133 == after.running_target_s
    # The live screen's projected end comes back to the slot's end.
    status = live_status(run.state, run.plan, run.now_ns(), clock.wall())
    assert status.projected_end == status.slot_end == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    # Replayed from the workspace, the targets are the same.
    stored = replay(run.steps, ws.events(run.rehearsal.id))
    assert stored.targets == run.state.targets == {1: 133, 4: 127}
    # Over/under stays against the plan: Poll runs 2:13 and is 1:47 under its 4:00.
    clock.advance(133)
    for _ in range(4):
        run.next()
    poll = ws.rehearsal_summary(run.rehearsal.id).segments[1]
    assert (poll.planned_s, poll.actual_s) == (240, 133)


def test_an_out_of_date_plan_is_refused_whole(ws: Workspace) -> None:
    run, clock = start(ws)
    run.next()
    clock.advance(400)
    run.next()
    suggested = now(run)  # Poll and Close
    run.next()  # Poll is over
    before = len(run.events)
    with pytest.raises(InvalidOperation, match="out of date"):
        run.accept_recovery(suggested)
    assert len(run.events) == before and run.state.targets == {}


def test_presenter_target_is_none_unless_adjusted(ws: Workspace) -> None:
    run, _ = start(ws)
    assert presenter_target(run.state) is None
    run.next()
    assert presenter_target(run.state) is None
    run.adjust_target(run.steps[0].id, 240, "the lead's call")
    assert presenter_target(run.state) == 240
    run.next()
    assert presenter_target(run.state) is None  # Poll runs to its plan


def test_adjusting_is_refused_for_past_steps_and_odd_targets(ws: Workspace) -> None:
    run, _ = start(ws)
    run.next()
    run.next()
    with pytest.raises(InvalidOperation, match="running step or a later one"):
        run.adjust_target(run.steps[0].id, 60)
    with pytest.raises(InvalidOperation, match="from 0 to"):
        run.adjust_target(run.steps[1].id, -1)
    with pytest.raises(InvalidOperation, match="whole number"):
        run.adjust_target(run.steps[1].id, 60.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidOperation, match="The reason"):
        run.adjust_target(run.steps[1].id, 60, "\x00")
    run.finish()
    with pytest.raises(InvalidOperation, match="has finished"):
        run.adjust_target(run.steps[2].id, 60)


def test_slot_end_is_the_one_the_live_screen_shows(ws: Workspace) -> None:
    run, clock = start(ws)
    run.next()
    status = live_status(run.state, run.plan, run.now_ns(), clock.wall())
    assert status.slot_end is not None
    assert slot_end(run.plan, run.state) == (status.slot_end - NINE_OH_TWO).total_seconds()
    no_slot: Plan = dataclasses.replace(run.plan, slot_s=None)
    assert slot_end(no_slot, run.state) == 1740  # the plan's length of live steps
    no_start: Plan = dataclasses.replace(run.plan, start_s=None)
    assert slot_end(no_start, run.state) == 1800  # the actual start + the slot
    quarter_late: Plan = dataclasses.replace(run.plan, start_s=8 * 3600 + 45 * 60)
    assert slot_end(quarter_late, run.state) == 780  # 17:00 of the 30:00 slot gone
    another_time: Plan = dataclasses.replace(run.plan, start_s=8 * 3600 + 30 * 60)
    assert slot_end(another_time, run.state) == 1800  # 32:00 late: a run at another time
    elsewhere = live_status(run.state, another_time, run.now_ns(), clock.wall())
    assert elsewhere.slot_end == datetime(2026, 3, 2, 9, 32, tzinfo=UTC)  # the live screen too


def test_a_finished_run_late_cannot_land(ws: Workspace) -> None:
    run, clock = start(ws)
    run.next()
    clock.advance(1800)
    run.finish()
    plan = now(run)
    assert plan.status is RecoveryStatus.CANNOT_LAND
    assert plan.lines() == ("2:00 short: no remaining step is flexible",)
