"""Every surface reports the same figures for the same run, and they are what the clock
that generated the run says (PRODUCT.md, "The figures of a run").

Hypothesis drives live runs on a fake clock — pauses, retries, undo, flags on hand-offs,
timed transitions, stopped early, killed and resumed — and runs recorded elsewhere with
steps passed over. An independent model in this file replays the marks that were not undone
in seconds; the workspace's summary (Review, the live screen, the rehearsal report), its
stored figures (Analyze, readiness, the CLI), `rehearsal rehearsals --json`, the
observations and drift of the analysis, and the rehearsal report's text must all agree
with it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plans import small_draft

from rehearsal import Workspace
from rehearsal.analysis import Filters, drift, observations
from rehearsal.cli.main import main
from rehearsal.clock import FakeClock
from rehearsal.model import (
    Event,
    EventKind,
    Plan,
    Rehearsal,
    RehearsalKind,
    RehearsalStatus,
    RunTotals,
    Transition,
    new_id,
)
from rehearsal.rehearsing.figures import CLICK_THROUGH_SHARE, figure_rows
from rehearsal.rehearsing.timing import live_steps
from rehearsal.reports.one_rehearsal import rehearsal_report


# -- the independent model: seconds, from the marks that count ------------------------------
@dataclass
class Model:
    planned: list[int]
    attempts: list[list[list[float]]] = field(default_factory=list)  # [start, end, paused]
    index: int = -1
    started: float | None = None
    ended: float | None = None
    paused_since: float | None = None
    pauses: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.attempts = [[] for _ in self.planned]

    def _close(self, at: float) -> None:
        if self.paused_since is not None:
            length = at - self.paused_since
            self.pauses.append(length)
            if 0 <= self.index < len(self.planned) and self.attempts[self.index]:
                self.attempts[self.index][-1][2] += length
            self.paused_since = None
        if 0 <= self.index < len(self.planned) and self.attempts[self.index]:
            self.attempts[self.index][-1][1] = at

    def apply(self, kind: str, at: float) -> None:
        if self.ended is not None:
            return
        if kind == "next":
            if self.started is None:
                self.started = at
            self._close(at)
            self.index += 1
            if self.index < len(self.planned):
                self.attempts[self.index].append([at, at, 0.0])
            else:
                self.ended = at
        elif kind == "retry":
            self._close(at)
            self.attempts[self.index].append([at, at, 0.0])
        elif kind == "pause":
            self.paused_since = at
        elif kind == "resume":
            length = at - (self.paused_since or at)
            self.pauses.append(length)
            if self.attempts[self.index]:
                self.attempts[self.index][-1][2] += length
            self.paused_since = None
        elif kind in ("finish", "skip-finish"):
            self._close(at)
            self.ended = at

    def totals(self) -> RunTotals:
        ran = [j for j, a in enumerate(self.attempts) if a]
        actual = {j: a[-1][1] - a[-1][0] - a[-1][2] for j, a in enumerate(self.attempts) if a}
        offsets = {
            j: self.attempts[j][-1][1] - (self.started or 0) - sum(self.planned[: j + 1])
            for j in ran
        }
        timed = [j for j in ran if self.planned[j] > 0]
        clicked = sum(actual[j] <= CLICK_THROUGH_SHARE * self.planned[j] for j in timed)
        end = self.ended if self.ended is not None else 0.0
        return RunTotals(
            elapsed_s=0.0 if self.started is None else end - self.started,
            paused_s=sum(self.pauses),
            actual_s=sum(actual.values()),
            planned_s=sum(self.planned[j] for j in ran),
            drift_s=offsets[ran[-1]] if ran else 0.0,
            steps_run=len(ran),
            steps_planned=len(self.planned),
            complete=self.index >= len(self.planned) - 1 and bool(ran),
            retried=sum(len(a) > 1 for a in self.attempts),
            click_through=bool(timed) and clicked * 2 > len(timed),
        )


def replay_model(planned: list[int], marks: list[tuple[str, float]]) -> Model:
    model = Model(planned)
    for kind, at in marks:
        model.apply(kind, at)
    return model


# -- what the surfaces say ------------------------------------------------------------------
def assert_same(found: RunTotals, expected: RunTotals) -> None:
    for name in ("elapsed_s", "paused_s", "actual_s", "drift_s", "over_s"):
        assert getattr(found, name) == pytest.approx(getattr(expected, name), abs=2e-3), name
    for name in ("planned_s", "steps_run", "steps_planned", "complete", "retried"):
        assert getattr(found, name) == getattr(expected, name), name
    assert found.click_through == expected.click_through


def every_surface(path: Path, plan: Plan, rid: str, expected: RunTotals) -> None:
    with Workspace.open(path) as ws:
        summary = ws.rehearsal_summary(rid)
        assert_same(summary.totals, expected)  # Review, the live screen, the report
        stored = ws.step_figures([ws.rehearsal(rid)])[rid].totals
        assert stored == summary.totals  # Analyze, readiness, the CLI read these
        text = rehearsal_report(ws, rid).text()
        for word, value in figure_rows(summary.totals):
            assert f"{word} {value}" in text
        obs = observations(ws, plan.id, Filters(include_click_through=True))
        (info,) = [r for r in obs.runs if r.id == rid]
        assert info.totals == summary.totals
        row = [r.id for r in obs.runs].index(rid)
        ran = obs.actual[row][~_nan(obs.actual[row])]
        assert float(ran.sum()) == pytest.approx(expected.actual_s, abs=2e-3)
        offsets, valid = drift(obs)
        if expected.steps_run:
            assert offsets[row][valid[row]][-1] == pytest.approx(expected.drift_s, abs=2e-3)
        ws.rebuild_figures()
        assert ws.step_figures([ws.rehearsal(rid)])[rid].totals == summary.totals
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["rehearsals", plan.id, "--db", str(path), "--json"]) == 0
    (listed,) = [r for r in json.loads(out.getvalue())["rehearsals"] if r["id"] == rid]
    for key, value in dataclasses.asdict(summary.totals).items():
        assert listed[key] == value, key
    assert listed["over_s"] == summary.totals.over_s


def _nan(values):  # type: ignore[no-untyped-def]
    return values != values


def with_transition(plan: Plan) -> Plan:
    """`plan` with a timed transition after its first segment too."""
    first = plan.segments[0]
    extra = Transition(new_id(), first.id, 45, "Hand over to the poll")
    return dataclasses.replace(plan, transitions=(*plan.transitions, extra))


# -- live runs ------------------------------------------------------------------------------
OPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["next", "next", "next", "pause", "resume", "retry", "undo", "flag", "kill"]
        ),
        st.integers(min_value=0, max_value=600_000),  # ms before the op
        st.booleans(),
    ),
    max_size=30,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=OPS, stop=st.booleans(), extra_transition=st.booleans())
def test_a_live_run_has_the_same_figures_everywhere(
    ops: list[tuple[str, int, bool]], stop: bool, extra_transition: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "w.rehearsal"
        clock = FakeClock()
        with Workspace.open(path) as ws:
            plan = ws.add_plan(small_draft())
            if extra_transition:
                plan = ws.save_plan(with_transition(plan))
            planned = [s.planned_s for s in live_steps(plan)]
            run = ws.start_rehearsal(plan.id, clock=clock)
            rid = run.rehearsal.id
            t = 0.0  # the model's clock: seconds since the run's clock began
            last_event = 0.0
            marks: list[tuple[str, float]] = []  # in order; undo removes one
            for kind, ms, on_handoff in ops:
                model = replay_model(planned, marks)
                if model.ended is not None:
                    break
                clock.advance(ms / 1000)
                t += ms / 1000
                if kind == "kill":  # the app dies; the clock resumes from the last mark
                    ws.close()
                    ws = Workspace.open(path)
                    run = ws.resume_rehearsal(rid, clock=clock)
                    t = last_event
                    continue
                if kind == "next":
                    run.next()
                    marks.append(("next" if model.index + 1 < len(planned) else "finish", t))
                elif kind == "pause" and model.started is not None:
                    if model.paused_since is not None:
                        continue
                    run.pause("tech")
                    marks.append(("pause", t))
                elif kind == "resume" and model.paused_since is not None:
                    run.resume()
                    marks.append(("resume", t))
                elif kind == "retry" and 0 <= model.index < len(planned):
                    run.retry()
                    marks.append(("retry", t))
                elif kind == "undo" and marks and marks[-1][0] != "finish":
                    run.undo()
                    marks.pop()
                elif kind == "flag" and model.started is not None:
                    run.flag("tool launch (poll/whiteboard/link)", on_handoff=on_handoff)
                else:
                    continue
                last_event = t
            model = replay_model(planned, marks)
            if model.ended is None:
                if stop or model.started is None:
                    clock.advance(1)
                    t += 1
                    run.finish()
                    marks.append(("finish", t))
                else:
                    while replay_model(planned, marks).ended is None:
                        clock.advance(30)
                        t += 30
                        step = replay_model(planned, marks).index
                        run.next()
                        marks.append(("next" if step + 1 < len(planned) else "finish", t))
            ws.close()
        model = replay_model(planned, marks)
        every_surface(path, plan, rid, model.totals())


# -- runs recorded elsewhere: steps passed over ---------------------------------------------
@settings(max_examples=25, deadline=None)
@given(
    spans=st.lists(
        st.one_of(st.none(), st.integers(min_value=0, max_value=2_000_000)), min_size=5, max_size=5
    )
)
def test_a_recorded_run_with_steps_passed_over_has_the_same_figures_everywhere(
    spans: list[int | None],
) -> None:
    """Each step of the plan runs for its span (ms), or is passed over (None)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "w.rehearsal"
        with Workspace.open(path) as ws:
            plan = ws.add_plan(small_draft())
            steps = live_steps(plan)
            planned = [s.planned_s for s in steps]
            rid = new_id()
            events: list[Event] = []
            model = Model(planned)
            at = 0.0

            def add(kind: EventKind, **data: str) -> None:
                events.append(
                    Event(
                        new_id(),
                        rid,
                        len(events),
                        kind,
                        1_000_000_000 + round(at * 1e9),
                        f"2026-03-02T09:{int(at // 60) % 60:02d}:00+00:00",
                        tuple(sorted(data.items())),
                    )
                )

            for index, span in enumerate(spans[: len(steps)]):
                if span is None:
                    add(EventKind.SKIP, step=str(index))
                    model._close(at)
                    model.index += 1
                    if model.index >= len(planned):
                        model.ended = at
                    continue
                add(EventKind.NEXT, step=str(index))
                model.apply("next", at)
                at += span / 1000
            add(EventKind.FINISH)
            model.apply("finish", at)
            rehearsal = Rehearsal(
                rid, plan.id, RehearsalKind.DRY_RUN, RehearsalStatus.FINISHED, "2026-03-02"
            )
            ws.record_rehearsal(rehearsal, events)
        every_surface(path, plan, rid, model.totals())
