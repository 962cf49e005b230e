"""Step figures: stored when a rehearsal finishes, equal to a replay of its events, never
older than its events, derived again where missing; the analysis reads only them."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
import raw
from plans import small_draft
from reviewing import recorded

from rehearsal import Workspace
from rehearsal.analysis import Filters, observations
from rehearsal.clock import FakeClock
from rehearsal.exchange.packs import export_pack, import_pack
from rehearsal.rehearsing.summary import RehearsalSummary

Figures = tuple[str, list[int], list[float | None], list[float], list[int]]


def stored(ws: Workspace, rehearsal_id: str) -> Figures | None:
    """The figures as stored (started, then per step: planned, actual, paused, attempts),
    decoded by hand from the row, without the workspace's own reader."""
    found = raw.rows(ws, "SELECT * FROM step_figures WHERE rehearsal_id = ?", (rehearsal_id,))
    if not found:
        return None
    row = found[0]
    ints = [int(x) for x in np.frombuffer(row["planned_s"], "<i8")]
    actual = [None if np.isnan(x) else float(x) for x in np.frombuffer(row["actual_s"], "<f8")]
    pause = [float(x) for x in np.frombuffer(row["pause_s"], "<f8")]
    attempts = [int(x) for x in np.frombuffer(row["attempts"], "<i8")]
    assert row["steps"] == len(ints) == len(actual) == len(pause) == len(attempts)
    return row["started_wall"], ints, actual, pause, attempts


def replayed(summary: RehearsalSummary) -> Figures:
    """What the events say, step by step, written out from the summary by hand."""
    steps = summary.segments
    return (
        summary.started_wall,
        [s.planned_s for s in steps],
        [s.attempts[-1] if s.attempts else None for s in steps],
        [s.pause_s for s in steps],
        [len(s.attempts) for s in steps],
    )


def rehearse(ws: Workspace, plan_id: str, clock: FakeClock, extra: float, steps: int = 99) -> str:
    run = ws.start_rehearsal(plan_id, clock=clock)
    for step in run.steps[:steps]:
        run.next()
        clock.advance(step.planned_s + extra)
    run.finish()
    return run.rehearsal.id


def test_a_finished_rehearsal_stores_what_a_replay_of_its_events_says(ws: Workspace) -> None:
    rehearsal, _ = recorded(ws)  # a pause, a retry, two flags
    figures = stored(ws, rehearsal.id)
    assert figures == replayed(ws.rehearsal_summary(rehearsal.id))
    assert figures is not None and figures[4] == [1, 1, 1, 2, 1]
    assert figures[3][1] == 45.0


def test_only_finished_rehearsals_have_figures(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock)
    run.next()
    clock.advance(60)
    assert stored(ws, run.rehearsal.id) is None  # running
    run.abandon()
    assert stored(ws, run.rehearsal.id) is None
    assert ws.step_figures([ws.rehearsal(run.rehearsal.id)]) == {}


def test_a_new_event_outdates_the_figures_and_a_merge_derives_them_again(
    ws: Workspace, tmp_path: Path
) -> None:
    rehearsal, _ = recorded(ws)
    with Workspace.open(tmp_path / "other.rehearsal") as other:
        import_pack(other, export_pack(ws, rehearsal.id, tmp_path / "a.rehearsalpack"))
        assert stored(other, rehearsal.id) == stored(ws, rehearsal.id)  # derived on merge
        # an event arriving later (by whatever path) deletes what it outdates
        last = raw.rows(
            other, "SELECT * FROM events WHERE rehearsal_id = ? ORDER BY seq DESC", (rehearsal.id,)
        )[0]
        raw.conn(other).execute(
            "INSERT INTO events (id, rehearsal_id, seq, kind, at_ns, wall, data) "
            "VALUES ('late', ?, ?, 'note', ?, ?, '{}')",
            (rehearsal.id, last["seq"] + 1, last["at_ns"] + 1, last["wall"]),
        )
        assert stored(other, rehearsal.id) is None
        assert other.derive_figures() == 1
        assert stored(other, rehearsal.id) == replayed(other.rehearsal_summary(rehearsal.id))


def test_a_workspace_without_figures_gets_them_when_opened(ws_path: Path) -> None:
    with Workspace.open(ws_path) as ws:
        rehearsal, _ = recorded(ws)
        expected = stored(ws, rehearsal.id)
        raw.conn(ws).execute("DELETE FROM step_figures")  # as before schema 4
    with Workspace.open(ws_path) as ws:
        assert expected is not None and stored(ws, rehearsal.id) == expected


def test_a_read_only_companion_derives_what_is_missing_without_writing(ws: Workspace) -> None:
    rehearsal, _ = recorded(ws)
    raw.conn(ws).execute("DELETE FROM step_figures")
    with ws.companion(read_only=True) as reader:
        found = reader.step_figures([reader.rehearsal(rehearsal.id)])
        assert reader.derive_figures() == 0
    assert list(found) == [rehearsal.id] and len(found[rehearsal.id].actual_s) == 5
    assert stored(ws, rehearsal.id) is None
    again = ws.step_figures([ws.rehearsal(rehearsal.id)])  # and stores them
    assert np.array_equal(again[rehearsal.id].actual_s, found[rehearsal.id].actual_s)
    assert stored(ws, rehearsal.id) == replayed(ws.rehearsal_summary(rehearsal.id))


def test_rebuilding_derives_every_figure_again(ws: Workspace) -> None:
    rehearsal, _ = recorded(ws)
    raw.conn(ws).execute("UPDATE step_figures SET actual_s = zeroblob(40)")  # a damaged cache
    assert ws.rebuild_figures() == 1
    assert stored(ws, rehearsal.id) == replayed(ws.rehearsal_summary(rehearsal.id))


def test_observations_come_from_the_figures_and_equal_a_replay(ws: Workspace) -> None:
    """Two revisions, early stops and retries: each cell is the replay's, each rehearsal is
    held against its own revision's plan, and the figures are the only thing read."""
    clock = FakeClock()
    first = ws.add_plan(small_draft())
    rehearse(ws, first.id, clock, 10)
    rehearse(ws, first.id, clock, -20, steps=3)
    second = ws.new_revision(
        dataclasses.replace(
            first,
            segments=tuple(
                dataclasses.replace(s, planned_s=s.planned_s + 30) for s in first.segments
            ),
        )
    )
    rehearse(ws, second.id, clock, 5)
    obs = observations(ws, second.id)
    summaries = ws.rehearsal_summaries([ws.rehearsal(r.id) for r in obs.runs])
    column = {s.key: j for j, s in enumerate(obs.steps)}
    expected = np.full(obs.actual.shape, np.nan)
    planned = np.tile(obs.planned, (len(obs.runs), 1))
    for i, summary in enumerate(summaries):
        for step in summary.segments:
            if step.id in column:
                planned[i, column[step.id]] = step.planned_s
                if step.actual_s is not None:
                    expected[i, column[step.id]] = step.actual_s
    assert obs.actual.shape == (3, 5)
    assert np.array_equal(obs.actual, expected, equal_nan=True)
    assert np.array_equal(obs.planned_by_run(), planned)
    assert not np.array_equal(planned[0], planned[2])  # the revisions differ
    raw.conn(ws).execute("DELETE FROM events")  # the events are no longer read
    assert np.array_equal(observations(ws, second.id).actual, expected, equal_nan=True)
    assert observations(ws, second.id, Filters(plan_ids=(first.id,))).actual.shape == (2, 5)


@pytest.mark.parametrize("finish_at", [0, 2])
def test_a_finish_writes_its_figures_in_the_same_transaction(ws: Workspace, finish_at: int) -> None:
    """The finish event and the figures are one write: a failing figure store leaves the
    rehearsal running (nothing half-done), and the events already shown are kept."""
    plan = ws.add_plan(small_draft())
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock)
    for _ in range(finish_at):
        run.next()
        clock.advance(30)
    raw.conn(ws).execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON step_figures BEGIN SELECT RAISE(ABORT, 'no'); END"
    )
    events = len(ws.events(run.rehearsal.id))
    with pytest.raises(Exception, match="no"):
        run.finish()
    assert ws.rehearsal(run.rehearsal.id).status.value in ("armed", "running")
    assert len(ws.events(run.rehearsal.id)) == events


def test_a_rehearsal_recorded_elsewhere_keeps_its_flags_and_figures(tmp_path: Path) -> None:
    """`record_rehearsal` with flags stores what the same run stores live."""
    from rehearsal.model import Event, Flag, Rehearsal, RehearsalKind, RehearsalStatus
    from rehearsal.rehearsing.run import Run

    kept: list[tuple[Event, Flag | None]] = []
    with Workspace.open(tmp_path / "elsewhere.rehearsal") as other:
        copy = other.add_plan(small_draft())
        clock = FakeClock()
        rehearsal = Rehearsal(
            "r-1",
            copy.id,
            RehearsalKind.DRY_RUN,
            RehearsalStatus.ARMED,
            "2026-01-01T09:00:00+00:00",
        )
        run = Run(rehearsal, copy, [], clock, lambda e, f: kept.append((e, f)))
        run.next()
        clock.advance(100)
        raised = run.flag("audio", note="echo")
        run.next()
        clock.advance(50)
        run.finish()
        events = [e for e, _ in kept]
        flags = [f for _, f in kept if f is not None]
        stored_run = other.record_rehearsal(rehearsal, events, flags)
        assert stored_run.status.value == "finished"
        assert other.flags("r-1") == [raised] and other.events("r-1") == events
        assert stored(other, "r-1") == replayed(other.rehearsal_summary("r-1"))
        with pytest.raises(Exception, match="named by no FLAG event"):
            other.record_rehearsal(
                dataclasses.replace(rehearsal, id="r-2"), [], [dataclasses.replace(raised)]
            )
        assert len(other.rehearsals()) == 1


def test_what_was_read_is_read_again_only_where_changes_say(ws: Workspace) -> None:
    """`Known`: a reader given what was read before reads only what it lacks; a change of a
    rehearsal's timings forgets its figures and flags, a change of its review its flags."""
    from rehearsal.analysis.observations import Known, observations_among
    from rehearsal.changes import EVERYTHING, Changes

    first, flags = recorded(ws)
    plan = ws.plan(first.plan_id)
    clock = FakeClock()
    second = rehearse(ws, plan.id, clock, 10)
    known = Known()
    before = observations_among(ws, plan, [plan], ws.rehearsals(), known=known)
    assert set(known.figures) == set(known.flags) == {first.id, second}
    ws.review.edit_flag(flags[0].id, category="audio")
    again = observations_among(ws, plan, [plan], ws.rehearsals(), known=known.copy())
    assert [f.category for f in again.flags] == [f.category for f in before.flags]  # stale
    known.forget(Changes.of(review=[first.id]))
    assert first.id in known.figures and first.id not in known.flags
    fresh = observations_among(ws, plan, [plan], ws.rehearsals(), known=known)
    assert "audio" in {f.category for f in fresh.flags}
    assert np.array_equal(fresh.actual, before.actual, equal_nan=True)
    known.forget(Changes.of(rehearsals=[second]))
    assert second not in known.figures and second not in known.flags
    known.forget(EVERYTHING)
    assert not known.figures and not known.flags


def test_a_row_that_does_not_fit_its_plan_is_read_as_missing(ws: Workspace) -> None:
    """Figures whose arrays do not have the length the row says (a damaged or foreign row)
    are not used: they are derived again from the events."""
    rehearsal, _ = recorded(ws)
    raw.conn(ws).execute("UPDATE step_figures SET actual_s = zeroblob(16)")  # 2 steps, not 5
    found = ws.step_figures([ws.rehearsal(rehearsal.id)])
    again = stored(ws, rehearsal.id)
    assert again == replayed(ws.rehearsal_summary(rehearsal.id))  # and stored again
    assert list(found[rehearsal.id].actual_s) == again[2]


def test_a_rehearsal_that_cannot_be_replayed_does_not_keep_the_workspace_shut(
    ws_path: Path,
) -> None:
    with Workspace.open(ws_path) as ws:
        kept, _ = recorded(ws)
        broken = rehearse(ws, kept.plan_id, FakeClock(), 5)
        raw.conn(ws).execute("DELETE FROM step_figures")  # a v3 workspace, or a crash
        raw.conn(ws).execute(
            "UPDATE events SET kind = 'from-a-newer-app' WHERE rehearsal_id = ? AND seq = 1",
            (broken,),
        )
    with Workspace.open(ws_path) as ws:  # opens; the other rehearsal's figures are derived
        assert stored(ws, kept.id) == replayed(ws.rehearsal_summary(kept.id))
        assert stored(ws, broken) is None


@pytest.mark.parametrize(
    "damage",
    [
        ("elapsed_s", True),  # a bool is no number here
        ("steps_run", 2.0),  # a count is an int
        ("complete", 1),  # a yes/no is a bool
        ("paused_s", "0"),
        ("drift_s", None),
        ("retried", None),
    ],
)
def test_totals_of_the_wrong_type_are_read_as_missing(
    ws: Workspace, damage: tuple[str, object]
) -> None:
    rehearsal, _ = recorded(ws)
    (text,) = raw.conn(ws).execute("SELECT totals FROM step_figures").fetchone()
    name, value = damage
    bad = json.dumps({**json.loads(text), name: value})
    for totals in (bad, json.dumps(json.loads(text) | {"extra": 1}), "[]", "{"):
        raw.conn(ws).execute("UPDATE step_figures SET totals = ?", (totals,))
        found = ws.step_figures([ws.rehearsal(rehearsal.id)])  # derived again, and stored
        assert dataclasses.asdict(found[rehearsal.id].totals) == json.loads(text)
        (again,) = raw.conn(ws).execute("SELECT totals FROM step_figures").fetchone()
        assert json.loads(again) == json.loads(text)
