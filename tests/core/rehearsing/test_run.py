"""The timing engine on a fake clock (the live screen and the kill test come with issue 4)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from plans import small_draft

from rehearsal import InvalidOperation, Workspace
from rehearsal.clock import FakeClock
from rehearsal.model import EventKind, RehearsalStatus
from rehearsal.rehearsing.timing import StepKind, live_steps, replay


def test_steps_include_timed_transitions(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    steps = live_steps(plan)
    assert [s.kind for s in steps] == [
        StepKind.SEGMENT,
        StepKind.SEGMENT,
        StepKind.TRANSITION,
        StepKind.SEGMENT,
        StepKind.SEGMENT,
    ]
    assert steps[2].planned_s == 120 and steps[2].title == "Open rooms"


def test_actuals_exclude_pauses_and_keep_attempts(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, "dry-run", facilitator="Ann", clock=clock)
    run.next()
    clock.advance(100)
    run.pause("tech")
    clock.advance(30)
    run.resume()
    clock.advance(250)  # welcome: 350 s of segment time, 30 s paused
    run.next()
    clock.advance(10)
    run.retry()  # poll started again
    clock.advance(200)
    run.next()  # transition
    clock.advance(180.5)
    run.finish()
    summary = ws.rehearsal_summary(run.rehearsal.id)
    welcome, poll, move, breakout, close = summary.segments
    assert (welcome.actual_s, welcome.over_s, welcome.pause_s) == (350.0, 50.0, 30.0)
    assert poll.attempts == (10.0, 200.0) and poll.actual_s == 200.0
    assert move.actual_s == 180.5 and move.over_s == 60.5
    assert breakout.actual_s is None and close.over_s is None
    assert summary.totals.elapsed_s == 30 + 350 + 210 + 180.5
    assert ws.rehearsal(run.rehearsal.id).status is RehearsalStatus.FINISHED


def test_undo_cancels_the_last_mark_as_an_event(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock)
    run.next()
    clock.advance(60)
    run.next()  # a mis-tap
    clock.advance(1)
    run.undo()
    clock.advance(59)
    assert run.state.index == 0
    assert run.state.step_elapsed_ns(run.now_ns()) == 120 * 10**9
    kinds = [e.kind for e in ws.events(run.rehearsal.id)]
    assert kinds == [EventKind.NEXT, EventKind.NEXT, EventKind.UNDO]


def test_flag_targets_the_handoff_in_the_first_minute(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock)
    run.next()
    clock.advance(300)
    run.next()
    clock.advance(20)
    early = run.flag("tool launch")
    clock.advance(60)
    late = run.flag("instructions unclear", note="which poll?", seconds_lost=30)
    assert early.transition_id is not None and early.segment_id == plan.segments[0].id
    assert late.transition_id is None and late.segment_id == plan.segments[1].id
    assert ws.flags(run.rehearsal.id) == [early, late]
    assert run.state.index == 1  # the clock never stopped


def test_sleep_gap_is_recorded(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock)
    run.next()
    clock.advance(30)
    clock.sleep_gap(600)
    run.next()
    gaps = [e for e in ws.events(run.rehearsal.id) if e.kind is EventKind.GAP]
    assert len(gaps) == 1 and float(gaps[0].get("gap_s")) == pytest.approx(600, abs=0.01)
    assert ws.rehearsal_summary(run.rehearsal.id).segments[0].actual_s == 30.0


def test_resume_after_interruption_continues_the_clock(ws_path: Path) -> None:
    with Workspace.open(ws_path) as ws:
        plan = ws.add_plan(small_draft())
        clock = FakeClock()
        run = ws.start_rehearsal(plan.id, clock=clock)
        run.next()
        clock.advance(100)
        run.flag("other")
        rid = run.rehearsal.id
    # The app died; the machine rebooted (monotonic clock restarted) 10 minutes later.
    later = FakeClock(wall=clock.wall().replace(minute=clock.wall().minute + 10), monotonic_ns=5)
    with Workspace.open(ws_path) as ws:
        assert [r.id for r in ws.interrupted_rehearsals()] == [rid]
        run = ws.resume_rehearsal(rid, clock=later)
        later.advance(200)
        run.next()
        summary = ws.rehearsal_summary(rid)
        assert summary.segments[0].actual_s == 300.0
        interrupted = [e for e in ws.events(rid) if e.kind is EventKind.INTERRUPTED]
        assert float(interrupted[0].get("gap_s")) == pytest.approx(600)


def test_nothing_after_finish(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    run = ws.start_rehearsal(plan.id, clock=FakeClock())
    with pytest.raises(InvalidOperation):
        run.pause()
    run.next()
    run.finish()
    with pytest.raises(InvalidOperation, match="finished"):
        run.next()
    with pytest.raises(InvalidOperation):
        ws.start_rehearsal(plan.id, kind="rehearsal-ish")


MARKS_AFTER_THE_END = {
    "next": lambda run: run.next(),
    "pause": lambda run: run.pause("tech"),
    "resume": lambda run: run.resume(),
    "retry": lambda run: run.retry(),
    "undo": lambda run: run.undo(),
    "note": lambda run: run.note("too late"),
    "flag": lambda run: run.flag("other", note="too late"),
    "interruption": lambda run: run.record_interruption(5.0),
    "adjust": lambda run: run.adjust_target(run.steps[-1].id, 60, "too late"),
    "finish": lambda run: run.finish(),
    "abandon": lambda run: run.abandon(),
}


@pytest.mark.parametrize("ending", ["finish", "abandon"])
@pytest.mark.parametrize("mark", sorted(MARKS_AFTER_THE_END))
def test_every_mark_is_refused_once_the_run_ended(ws: Workspace, ending: str, mark: str) -> None:
    """Marks belong to the run: after finish() or abandon() the API refuses every one of
    them, and nothing is stored (review adds notes and edits flags afterwards)."""
    plan = ws.add_plan(small_draft())
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock)
    run.next()
    clock.advance(30)
    run.pause("tech")  # paused, so that resume() would otherwise apply
    getattr(run, ending)()
    stored = ws.events(run.rehearsal.id)
    with pytest.raises(InvalidOperation, match="finished" if ending == "finish" else "abandoned"):
        MARKS_AFTER_THE_END[mark](run)
    assert ws.events(run.rehearsal.id) == stored == list(run.events)
    assert ws.flags(run.rehearsal.id) == []


@settings(max_examples=40, deadline=None)
@given(
    script=st.lists(
        st.tuples(
            st.sampled_from(["next", "pause", "resume", "undo", "retry", "flag", "adjust"]),
            st.integers(0, 400),
        ),
        max_size=25,
    )
)
def test_replaying_a_prefix_gives_the_state_at_that_moment(
    tmp_path_factory: pytest.TempPathFactory, script: list[tuple[str, int]]
) -> None:
    with Workspace.open(tmp_path_factory.mktemp("w") / "w.rehearsal") as ws:
        plan = ws.add_plan(small_draft())
        clock = FakeClock()
        run = ws.start_rehearsal(plan.id, clock=clock)
        seen = []
        for action, wait in script:
            clock.advance(wait)
            args: list[object] = ["other"] if action == "flag" else []
            if action == "adjust":  # a step, perhaps one already over; a target
                args = [run.steps[wait % len(run.steps)].id, wait, "behind"]
                action = "adjust_target"
            try:
                getattr(run, action)(*args)
            except InvalidOperation:
                continue
            assert run.state == replay(run.steps, run.events)  # kept up to date, not replayed
            seen.append(
                (
                    len(run.events),
                    run.state.index,
                    run.state.paused_since,
                    run.state.relative_offset_s(run.now_ns()),
                    dict(run.state.targets),
                    run.state.remaining_planned_s(run.now_ns()),
                )
            )
        events = ws.events(run.rehearsal.id)
        for count, index, paused, offset, targets, remaining in seen:
            state = replay(run.steps, events[:count])
            assert (state.index, state.paused_since, state.targets) == (index, paused, targets)
            assert state.relative_offset_s(events[count - 1].at_ns) == offset
            assert state.remaining_planned_s(events[count - 1].at_ns) == remaining


@pytest.mark.parametrize(
    ("mark", "reason"),
    [
        (lambda run: run.flag("x\x00"), "without NUL"),
        (lambda run: run.flag("   "), "cannot be empty"),
        (lambda run: run.flag("other", note="\ud800"), "broken characters"),
        (lambda run: run.flag("other", raised_by="r" * 1001), "1,000"),
        (lambda run: run.flag("other", seconds_lost=10**6), "Seconds lost"),
        (lambda run: run.flag("other", severity="critical"), "Severity"),
        (lambda run: run.note("n" * 100_001), "100,000"),
    ],
)
def test_a_mark_holds_what_is_typed_to_what_a_pack_can_carry(
    ws: Workspace, mark: object, reason: str
) -> None:
    plan = ws.add_plan(small_draft())
    run = ws.start_rehearsal(plan.id, clock=FakeClock())
    run.next()
    events = len(ws.events(run.rehearsal.id))
    with pytest.raises(InvalidOperation, match=reason):
        mark(run)  # type: ignore[operator]
    assert len(ws.events(run.rehearsal.id)) == events


def test_a_rehearsal_names_its_people_in_text_a_pack_can_carry(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    with pytest.raises(InvalidOperation, match="The cohort"):
        ws.start_rehearsal(plan.id, cohort="\x00")
    with pytest.raises(InvalidOperation, match="at most 100 facilitators"):
        ws.start_rehearsal(plan.id, facilitator=tuple(f"F{n}" for n in range(101)))
    assert ws.rehearsals() == []


def test_a_mark_while_running_is_one_insert_committed_at_once(ws: Workspace) -> None:
    """A Next or an undo while the run is running writes one row in its transaction and
    nothing else (no UPDATE of a status that does not change); the status still moves at
    the first Next and at the finish, and every event is readable from another connection."""
    plan = ws.add_plan(small_draft())
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, "dry-run", clock=clock)
    said: list[str] = []

    def traced(statement: str) -> None:  # a trigger's steps are traced as the statement again
        if not said or said[-1] != statement:
            said.append(statement)

    ws.storage.conn.set_trace_callback(traced)
    try:
        run.next()  # the first: armed → running
        first = list(said)
        said.clear()
        clock.advance(30)
        run.next()
        clock.advance(1)
        run.undo()
        marks = list(said)
        said.clear()
        run.finish()
        finish = list(said)
    finally:
        ws.storage.conn.set_trace_callback(None)
    assert [s.split()[0] for s in first] == ["BEGIN", "INSERT", "UPDATE", "COMMIT"]
    assert [s.split()[0] for s in marks] == ["BEGIN", "INSERT", "COMMIT"] * 2
    assert all(s.startswith('INSERT INTO "events"') for s in marks if s.startswith("INSERT"))
    assert any(s.startswith("UPDATE rehearsals SET status") for s in finish)
    reader = sqlite3.connect(f"file:{ws.path}?mode=ro", uri=True)
    try:
        stored = reader.execute(
            "SELECT kind FROM events WHERE rehearsal_id = ? ORDER BY seq", (run.rehearsal.id,)
        ).fetchall()
        status = reader.execute(
            "SELECT status FROM rehearsals WHERE id = ?", (run.rehearsal.id,)
        ).fetchone()[0]
    finally:
        reader.close()
    assert [k for (k,) in stored] == ["next", "next", "undo", "finish"]
    assert status == RehearsalStatus.FINISHED.value


def test_a_resumed_run_moves_an_armed_rehearsal_to_running(ws_path: Path) -> None:
    """The status the appender remembers is the one stored: a run resumed while armed still
    writes `running` at its first Next."""
    with Workspace.open(ws_path) as ws:
        plan = ws.add_plan(small_draft())
        run = ws.start_rehearsal(plan.id, "dry-run", clock=FakeClock())
        run.note("before the start")
        rid = run.rehearsal.id
    with Workspace.open(ws_path) as ws:
        assert ws.rehearsal(rid).status is RehearsalStatus.ARMED
        resumed = ws.resume_rehearsal(rid, clock=FakeClock())
        resumed.next()
        assert ws.rehearsal(rid).status is RehearsalStatus.RUNNING
