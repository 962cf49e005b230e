"""Statistics over nothing to speak of — no rehearsal, a plan of one step, a run where no
step ran, a plan with no timed step, a plan without a slot — give a clear statement: no
crash, and never "nan" or "inf" in the reports or on the command line."""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from rehearsal import Workspace
from rehearsal.analysis import observations, revision_comparison, simulate, step_stats, suggest
from rehearsal.cli.main import main
from rehearsal.clock import FakeClock
from rehearsal.model import InteractionType, PlanDraft, Segment, new_id
from rehearsal.reports.one_rehearsal import rehearsal_report
from rehearsal.reports.program import program_report

NOT_A_NUMBER = re.compile(r"\b(nan|inf)\b", re.IGNORECASE)


def plan_of(durations: list[int], *, slot_s: int | None = 1800, skipped: bool = False) -> PlanDraft:
    return PlanDraft(
        name="Edge",
        slot_s=slot_s,
        segments=tuple(
            Segment(new_id(), f"Step {i + 1}", s, None, InteractionType.OTHER, skipped=skipped)
            for i, s in enumerate(durations)
        ),
    )


def no_rehearsal(ws: Workspace) -> str:
    return ws.add_plan(plan_of([300, 600])).id


def one_step(ws: Workspace) -> str:
    plan = ws.add_plan(plan_of([600]))
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock)
    run.next()
    clock.advance(640)
    run.next()  # the last step: finished
    return plan.id


def nothing_ran(ws: Workspace) -> str:
    plan = ws.add_plan(plan_of([300, 600]))
    ws.start_rehearsal(plan.id, clock=FakeClock()).finish()  # stopped before the first mark
    return plan.id


def no_timed_step(ws: Workspace) -> str:
    plan = ws.add_plan(plan_of([0, 0], slot_s=None))
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, clock=clock)
    for _ in run.steps:
        run.next()
        clock.advance(5)
    run.finish()
    return plan.id


def all_skipped(ws: Workspace) -> str:
    return ws.add_plan(plan_of([300, 600], skipped=True)).id


def no_slot(ws: Workspace) -> str:
    plan = ws.add_plan(plan_of([300, 600], slot_s=None))
    for extra in (30, -20, 60):
        clock = FakeClock()
        run = ws.start_rehearsal(plan.id, clock=clock)
        for step in run.steps:
            run.next()
            clock.advance(step.planned_s + extra)
        run.finish()
    return plan.id


CASES: dict[str, Callable[[Workspace], str]] = {
    "no rehearsal": no_rehearsal,
    "one step": one_step,
    "nothing ran": nothing_ran,
    "no timed step": no_timed_step,
    "every segment skipped": all_skipped,
    "no slot": no_slot,
}


def finite(value: object) -> bool:
    return not isinstance(value, float) or math.isfinite(value)


@pytest.mark.parametrize("case", CASES)
def test_statistics_over_little_say_so_and_never_nan(case: str, tmp_path: Path) -> None:
    path = tmp_path / "w.rehearsal"
    with Workspace.open(path) as ws:
        plan_id = CASES[case](ws)
        obs = observations(ws, plan_id)
        for s in step_stats(obs):
            assert all(finite(getattr(s, f)) for f in s.__slots__)  # type: ignore[attr-defined]
        risk = simulate(obs, draws=500)
        assert all(math.isfinite(v) for v in (risk.p50_s, risk.p80_s, risk.p95_s))
        assert risk.p_overrun is None or 0 <= risk.p_overrun <= 1
        if case == "no slot":
            assert risk.against == "plan" and risk.limit_s == 900
            assert "no slot set" in risk.limit
        suggest(obs)
        revision_comparison(obs)
        texts = [program_report(ws, plan_id, draws=500).text()]
        for r in ws.rehearsals(plan_id):
            summary = ws.rehearsal_summary(r.id)
            assert all(finite(v) for v in vars_of(summary.totals))
            texts.append(rehearsal_report(ws, r.id).text())
    for text in texts:
        assert not NOT_A_NUMBER.search(text), NOT_A_NUMBER.search(text)
    if case == "no slot":
        assert "Risk of overrunning the plan (no slot set)" in texts[0]
        assert "the dashed line is the slot" not in texts[0]
    for argv in (["stats", plan_id, "--draws", "500"], ["rehearsals", plan_id]):
        for extra in ([], ["--json"]):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                assert main([*argv, *extra, "--db", str(path)]) == 0
            printed = out.getvalue()
            assert printed.strip()
            assert not NOT_A_NUMBER.search(printed)
            if extra:
                json.loads(printed, parse_constant=_refuse)  # no NaN or Infinity literal


def vars_of(totals: object) -> list[object]:
    return [getattr(totals, name) for name in totals.__slots__]  # type: ignore[attr-defined]


def _refuse(name: str) -> None:
    raise AssertionError(f"{name} in the JSON")
