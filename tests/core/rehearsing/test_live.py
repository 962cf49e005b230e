"""The live status and the remaining timing semantics, on a fake clock."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from plans import bounded_drafts, small_draft

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.model import (
    EventKind,
    LeadRole,
    PlanDraft,
    RehearsalStatus,
    Segment,
    lead_text,
    new_id,
)
from rehearsal.rehearsing.live import COMING_ROWS, TimerState, live_status
from rehearsal.rehearsing.run import Run

MOVES = st.tuples(st.sampled_from(["next", "retry", "adjust"]), st.integers(0, 900))


def start(
    ws: Workspace, at: datetime = datetime(2026, 3, 2, 9, 2, tzinfo=UTC)
) -> tuple[Run, FakeClock]:
    plan = ws.add_plan(small_draft())  # 09:00 start, 30 min slot: 300, 240, (120), 900, 180 s
    clock = FakeClock(wall=at)
    return ws.start_rehearsal(plan.id, clock=clock), clock


def status(run: Run, clock: FakeClock):  # type: ignore[no-untyped-def]
    return live_status(run.state, run.plan, run.now_ns(), clock.wall())


def test_timer_turns_warning_then_overtime(ws: Workspace) -> None:
    run, clock = start(ws)
    assert not status(run, clock).started
    run.next()
    clock.advance(200)
    now = status(run, clock)
    assert (now.timer, now.elapsed_s, now.remaining_s) == (TimerState.ON_TIME, 200, 100)
    assert now.next_step is not None and now.next_step.title == "Poll"
    clock.advance(50)
    assert status(run, clock).timer is TimerState.WARNING
    clock.advance(80)
    now = status(run, clock)
    assert now.timer is TimerState.OVERTIME and now.remaining_s == -30


def test_who_leads_the_step_and_the_next_one(ws: Workspace) -> None:
    draft = small_draft()
    welcome, poll, *rest = draft.segments
    led = (dataclasses.replace(welcome, lead_person="Sam Rivera"), poll, *rest)
    plan = ws.add_plan(dataclasses.replace(draft, segments=led))
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock)
    now = status(run, clock)
    # Not started: the first step is shown (the first key starts it), next is the poll.
    assert (now.lead, now.next_lead) == ("Sam Rivera (producer)", "facilitator")
    assert now.first_step is not None and now.first_step.title == "Welcome"
    assert now.next_step is not None and now.next_step.title == "Poll"
    run.next()
    now = status(run, clock)
    assert (now.lead, now.next_lead) == ("Sam Rivera (producer)", "facilitator")
    run.next()
    now = status(run, clock)  # the poll; next the timed hand-off "Open rooms"
    assert (now.lead, now.next_lead) == ("facilitator", "")
    run.next()
    now = status(run, clock)
    assert (now.lead, now.next_lead) == ("", "learners")


@pytest.mark.parametrize(
    ("person", "role", "shown"),
    [
        ("", LeadRole.PRODUCER, "producer"),
        ("Ana", LeadRole.FACILITATOR, "Ana (facilitator)"),
        ("fx1", LeadRole.CO_FACILITATOR, "fx1 (co-facilitator)"),
        ("Sam, Producer", LeadRole.PRODUCER, "Sam, Producer"),  # the name says it already
    ],
)
def test_who_leads_is_written_one_way(person: str, role: LeadRole, shown: str) -> None:
    assert lead_text(Segment(new_id(), "S", 60, lead=role, lead_person=person)) == shown


def test_offsets_projected_end_and_slot_end(ws: Workspace) -> None:
    run, clock = start(ws)  # two minutes late
    run.next()
    clock.advance(360)  # welcome runs a minute over
    run.next()
    clock.advance(60)
    now = status(run, clock)
    assert now.relative_offset_s == 60
    assert now.absolute_offset_s == 60 + 120
    # Remaining planned: 180 s of the poll + 120 + 900 + 180.
    assert now.projected_end == datetime(2026, 3, 2, 9, 32, tzinfo=UTC)  # 09:09 + 23 min
    assert now.slot_end == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert [c.actual_s for c in now.strip][:3] == [360, 60, None]
    assert now.strip[1].running


def test_undo_after_pause_resumes_the_clock(ws: Workspace) -> None:
    run, clock = start(ws)
    run.next()
    clock.advance(30)
    run.pause("tech")
    clock.advance(5)
    run.undo()  # the pause was a mis-tap
    clock.advance(25)
    now = status(run, clock)
    assert not now.paused and now.elapsed_s == 60


def test_retry_after_flag_keeps_the_flag_and_both_attempts(ws: Workspace) -> None:
    run, clock = start(ws)
    run.next()
    clock.advance(100)
    run.next()
    clock.advance(90)
    flag = run.flag("tool launch", note="poll would not open")
    run.retry()
    clock.advance(200)
    run.next()
    summary = ws.rehearsal_summary(run.rehearsal.id)
    poll = summary.segments[1]
    assert poll.attempts == (90.0, 200.0) and poll.actual_s == 200.0
    assert [f.id for f in poll.flags] == [flag.id]


def test_finishing_mid_segment_ends_the_rehearsal(ws: Workspace) -> None:
    run, clock = start(ws)
    run.next()
    clock.advance(100)
    run.pause("break")
    clock.advance(50)
    run.finish()  # paused, mid-segment
    summary = ws.rehearsal_summary(run.rehearsal.id)
    assert summary.segments[0].actual_s == 100 and summary.segments[0].pause_s == 50
    assert [s.actual_s for s in summary.segments[1:]] == [None] * 4
    assert summary.totals.elapsed_s == 150
    assert ws.rehearsal(run.rehearsal.id).status is RehearsalStatus.FINISHED
    assert status(run, clock).finished


def test_next_on_the_last_step_finishes(ws: Workspace) -> None:
    run, clock = start(ws)
    for _ in run.steps:
        run.next()
        clock.advance(10)
    last = run.next()
    assert last.kind is EventKind.FINISH and run.state.finished


def test_every_call_is_recorded_even_in_quick_succession(ws: Workspace) -> None:
    run, _ = start(ws)
    run.next()
    run.next()  # the core records every call; the live view guards double presses
    assert [e.kind for e in ws.events(run.rehearsal.id)] == [EventKind.NEXT, EventKind.NEXT]


def test_flag_at_the_key_press_and_its_targets(ws: Workspace) -> None:
    run, clock = start(ws)
    run.next()
    clock.advance(300)
    run.next()  # into the poll
    clock.advance(10)
    pressed = run.now_ns()
    targets = run.flag_targets(pressed)
    assert targets.on_handoff and targets.handoff_label == "hand-off Welcome → Poll"
    assert targets.segment_label == "Poll"
    clock.advance(25)  # choosing the category and typing the note
    flag = run.flag("tool launch", at_ns=pressed, on_handoff=False)
    assert flag.at_ns == pressed and flag.transition_id is None
    cell = status(run, clock).strip[1]
    assert cell.flags == (pytest.approx(10 / 35),)


def test_abandoning_an_interrupted_rehearsal_keeps_its_events(ws: Workspace) -> None:
    run, clock = start(ws)
    run.next()
    clock.advance(42)
    run.flag("other")
    ws.abandon_rehearsal(run.rehearsal.id)
    assert ws.rehearsal(run.rehearsal.id).status is RehearsalStatus.ABANDONED
    assert [e.kind for e in ws.events(run.rehearsal.id)][-1] is EventKind.ABANDON
    assert ws.interrupted_rehearsals() == []
    assert ws.rehearsal_summary(run.rehearsal.id).segments[0].actual_s is not None


def test_before_the_start_the_screen_says_what_the_first_key_does(ws: Workspace) -> None:
    run, clock = start(ws)
    now = status(run, clock)
    assert now.on_next == "starts the rehearsal with “Welcome” (5:00)"
    assert [r.step.title for r in now.coming][:2] == ["Poll", "Open rooms"]
    # As if it started now (09:02): the poll after Welcome's 5:00.
    assert now.coming[0].projected_start == datetime(2026, 3, 2, 9, 7, tzinfo=UTC)
    assert now.coming[0].planned_start == datetime(2026, 3, 2, 9, 5, tzinfo=UTC)  # 09:00 + 5:00
    run.next()
    assert status(run, clock).on_next == "ends “Welcome” and starts “Poll”"
    assert status(run, clock).first_step is None


def test_the_rundown_projects_starts_from_the_offset_now(ws: Workspace) -> None:
    run, clock = start(ws)  # 09:02, two minutes late; 300, 240, (120), 900, 180 s
    run.next()
    clock.advance(360)  # Welcome ran a minute over
    run.next()
    clock.advance(60)  # the poll: 180 s of its plan left at 09:09
    now = status(run, clock)
    [welcome] = now.done
    assert (welcome.step.title, welcome.actual_s, welcome.over_s) == ("Welcome", 360, 60)
    rooms, breakout, wrap = now.coming
    assert rooms.projected_start == datetime(2026, 3, 2, 9, 12, tzinfo=UTC)
    assert breakout.projected_start == datetime(2026, 3, 2, 9, 14, tzinfo=UTC)
    assert wrap.projected_start == datetime(2026, 3, 2, 9, 29, tzinfo=UTC)
    assert breakout.planned_start == datetime(2026, 3, 2, 9, 11, tzinfo=UTC)  # 300+240+120 s
    bare = live_status(run.state, run.plan, run.now_ns(), clock.wall(), panels=False)
    assert (bare.coming, bare.done, bare.recovery) == ((), (), None)  # a mark: on the next tick
    assert bare.remaining_s == now.remaining_s and bare.on_next == now.on_next
    clock.advance(300)  # the poll in overtime: the rest moves with the clock
    assert status(run, clock).coming[0].projected_start == datetime(2026, 3, 2, 9, 14, tzinfo=UTC)


def test_each_retry_is_an_attempt(ws: Workspace) -> None:
    run, clock = start(ws)
    run.next()
    assert status(run, clock).attempt == 1
    clock.advance(30)
    run.retry()
    clock.advance(10)
    now = status(run, clock)
    assert now.attempt == 2 and now.strip[0].attempts == 2
    run.next()
    assert status(run, clock).done[0].attempts == 2


@settings(max_examples=60, deadline=None)
@given(draft=bounded_drafts(max_segments=8), moves=st.lists(MOVES, max_size=14))
def test_the_rundown_lands_on_the_projected_end(
    tmp_path_factory: pytest.TempPathFactory, draft: PlanDraft, moves: list[tuple[str, int]]
) -> None:
    """Whatever was marked: the steps to come start one after another, each after the
    target of the one before, and the last ends at the projected end."""
    with Workspace.open(tmp_path_factory.mktemp("rundown") / "w.rehearsal") as ws:
        plan = ws.add_plan(dataclasses.replace(draft, start_s=None))
        clock = FakeClock()
        run = ws.start_rehearsal(plan.id, clock=clock)
        for move, seconds in moves:
            if run.state.finished:
                break
            clock.advance(seconds)
            if move == "next":
                run.next()
            elif move == "retry" and run.state.current is not None:
                run.retry()
            elif move == "adjust" and run.state.current is not None:
                step = run.steps[run.state.index]
                run.adjust_target(step.id, seconds, "test")
        now = status(run, clock)
        if now.finished or not now.coming or len(now.coming) == COMING_ROWS:
            return
        starts = [r.projected_start for r in now.coming]
        assert all(a is not None for a in starts)
        for row, after in zip(now.coming, now.coming[1:], strict=False):
            assert row.projected_start is not None and row.target_s is not None
            assert after.projected_start == row.projected_start + timedelta(seconds=row.target_s)
        last = now.coming[-1]
        assert last.projected_start is not None and last.target_s is not None
        end = last.projected_start + timedelta(seconds=last.target_s)
        assert now.projected_end is not None
        assert abs((end - now.projected_end).total_seconds()) < 1e-3


@settings(max_examples=40, deadline=None)
@given(
    drafts=st.tuples(bounded_drafts(max_segments=8), bounded_drafts(max_segments=8)),
    moves=st.lists(st.tuples(st.sampled_from(["next", "undo", "other"]), st.integers(0, 900))),
)
def test_the_strip_is_the_runs_own_whichever_run_was_shown_before(
    tmp_path_factory: pytest.TempPathFactory,
    drafts: tuple[PlanDraft, PlanDraft],
    moves: list[tuple[str, int]],
) -> None:
    """Two runs shown in turn (a lead's screen and a second one): each strip has a cell per
    step of its own run, in order, and a step is drawn as not reached — no actual, not
    running, no flags, no attempts — exactly when it was never started."""
    with Workspace.open(tmp_path_factory.mktemp("strip") / "w.rehearsal") as ws:
        runs = []
        for draft in drafts:
            plan = ws.add_plan(dataclasses.replace(draft, start_s=None))
            clock = FakeClock()
            runs.append((ws.start_rehearsal(plan.id, clock=clock), clock))
        for i, (move, seconds) in enumerate(moves):
            run, clock = runs[1] if move == "other" else runs[0]
            if run.state.finished:
                continue
            clock.advance(seconds)
            if move == "undo" and run.state.started_ns is not None and i % 3:
                run.undo()
            else:
                run.next()
            for shown, shown_clock in (runs[0], runs[1], runs[0]):
                strip = status(shown, shown_clock).strip
                assert [c.step for c in strip] == list(shown.steps)
                for cell, tried in zip(strip, shown.state.attempts, strict=True):
                    unreached = (cell.actual_s, cell.running, cell.flags, cell.attempts)
                    assert (unreached == (None, False, (), 0)) == (not tried)
