"""Issue 12: a plan with no slot is measured against its planned total, and bad input (no
rehearsals, one step, rehearsals where no step ran, no timed steps) gives a statement —
never a crash, a NaN, "nan" or "inf" — in the core, the reports and `rehearsal stats`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from degenerate import CASES, build, finite, finite_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rehearsal import Workspace
from rehearsal.analysis import (
    DIMENSIONS,
    Against,
    observations,
    revision_comparison,
    simulate,
    spread_by,
    step_stats,
    suggest,
    time_stolen,
)
from rehearsal.analysis.observations import plan_steps
from rehearsal.analysis.risk import measured_against
from rehearsal.cli.main import main
from rehearsal.reports.model import Chart, Report
from rehearsal.reports.one_rehearsal import rehearsal_report
from rehearsal.reports.program import program_report

EXPECTED = {
    "no-slot": Against.PLAN,
    "no-rehearsals": Against.SLOT,
    "no-slot-no-rehearsals": Against.PLAN,
    "one-step": Against.SLOT,
    "no-step-ran": Against.SLOT,
    "all-zero": Against.NOTHING,
    "all-markers": Against.NOTHING,
}


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def words(report: Report) -> str:
    """The report's text, with its charts' captions and the text of their SVG."""
    charts = [b for b in report.blocks if isinstance(b, Chart)]
    return "\n".join([report.text(), *(f"{c.description}\n{c.svg}" for c in charts)])


@pytest.mark.parametrize("case", CASES)
def test_the_core_says_what_it_measured_against_and_holds_no_nan(ws: Workspace, case: str) -> None:
    plan = build(ws, case)
    obs = observations(ws, plan.id)
    for figures in (
        step_stats(obs),
        time_stolen(obs),
        revision_comparison(obs),
        *(spread_by(obs, d) for d in DIMENSIONS),
    ):
        assert finite(figures), case
    for method in ("segments", "rehearsals"):
        risk = simulate(obs, draws=400, seed=3, method=method)
        assert risk.against is EXPECTED[case]
        assert finite([risk.p50_s, risk.p80_s, risk.p95_s, risk.shares, risk.p_overrun])
        assert np.isfinite(risk.totals).all()
        if risk.against is Against.NOTHING:
            assert risk.p_overrun is None and risk.limit_s is None and risk.limit == ""
            assert risk.statement and finite_text(risk.statement)
        else:
            assert risk.p_overrun is not None and 0 <= risk.p_overrun <= 1
            assert risk.statement == ""
            limit = plan.slot_s if risk.against is Against.SLOT else plan.planned_s
            assert risk.limit_s == limit
            assert risk.p_overrun == pytest.approx(float((risk.totals > limit).mean()))
    assert finite([s.suggested_s for s in suggest(obs).suggestions])


def test_without_a_slot_the_overrun_is_of_the_planned_total(ws: Workspace) -> None:
    plan = build(ws, "no-slot")
    risk = simulate(observations(ws, plan.id), draws=2_000, seed=1)
    assert plan.slot_s is None and risk.slot_s is None
    assert (risk.against, risk.limit_s) == (Against.PLAN, plan.planned_s)
    assert risk.limit == "the planned 29:00 (no slot set)" and risk.limit_label == "plan 29:00"
    with_slot = build(ws, "no-rehearsals")
    slotted = simulate(observations(ws, with_slot.id), draws=500)
    assert slotted.limit == "the 30:00 slot" and slotted.limit_label == "slot 30:00"


@given(
    slot=st.none() | st.integers(0, 36_000),
    planned=st.integers(0, 36_000),
    steps=st.integers(0, 5),
)
def test_measured_against_the_slot_else_the_plan_else_nothing(
    slot: int | None, planned: int, steps: int
) -> None:
    against, limit = measured_against(slot, planned, steps)
    if not steps:
        assert (against, limit) == (Against.NOTHING, None)
    elif slot:
        assert (against, limit) == (Against.SLOT, slot)
    elif planned:
        assert (against, limit) == (Against.PLAN, planned)
    else:
        assert (against, limit) == (Against.NOTHING, None)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    actual=st.lists(
        st.lists(st.none() | st.floats(0, 5_000), min_size=5, max_size=5), min_size=0, max_size=6
    ),
    slot=st.none() | st.integers(60, 7_200),
)
def test_any_observations_give_finite_figures(
    ws: Workspace, actual: list[list[float | None]], slot: int | None
) -> None:
    """Stats and risk over any grid of observations, empty rows and columns included."""
    from dataclasses import replace

    from plans import small_draft

    from rehearsal.analysis import Observations, RunInfo

    plan = ws.add_plan(replace(small_draft(), slot_s=slot))
    grid = np.array([[np.nan if v is None else v for v in row] for row in actual], dtype=float)
    grid = grid.reshape(len(actual), 5)
    obs = Observations(
        plan=plan,
        steps=plan_steps(plan),
        runs=tuple(
            RunInfo(f"r{i}", plan.id, 1, "dry-run", "2026-01-01", ("F",), "", "", "")
            for i in range(len(actual))
        ),
        actual=grid,
        pause=np.zeros_like(grid),
        attempts=np.ones(grid.shape, dtype=np.int64),
    )
    assert finite(step_stats(obs)) and finite(revision_comparison(obs))
    assert all(finite(spread_by(obs, d)) for d in DIMENSIONS)
    risk = simulate(obs, draws=200)
    assert np.isfinite(risk.totals).all() and finite(risk.shares)


@pytest.mark.parametrize("case", CASES)
def test_reports_state_it_plainly_with_no_nan(ws: Workspace, case: str) -> None:
    plan = build(ws, case)
    text = words(program_report(ws, plan.id, draws=400))
    assert finite_text(text), text
    if case in ("no-slot", "no-slot-no-rehearsals"):
        assert "Risk of overrunning the plan (no slot set)" in text
        assert "the dashed line is the planned total (no slot set)" in text
        assert "Risk of overrunning the slot" not in text
        assert "the dashed line is the slot" not in text and ">slot " not in text
        assert ">plan 29:00<" in text  # the histogram's line, at the planned total
    elif EXPECTED[case] is Against.SLOT:
        assert "Risk of overrunning the slot" in text and "the dashed line is the slot" in text
    else:
        assert "Risk of an overrun" in text and "nothing to" in text
        assert "Simulated session lengths" not in text
    if case == "all-markers":
        assert "The plan has no timed steps" in text and "Spread of actuals" not in text
    if case in ("no-step-ran", "no-rehearsals"):
        assert "the risk below is the plan's own estimate" in text
    for rehearsal in ws.rehearsals():
        one = words(rehearsal_report(ws, rehearsal.id))
        assert finite_text(one), one
        if case == "no-step-ran":
            assert "No step ran in this rehearsal" in one and "Cumulative drift" not in one
        if case == "all-markers":
            assert "The plan has no timed steps" in one
        if case == "no-slot":
            assert "no slot set" in one


@pytest.mark.parametrize("case", CASES)
def test_stats_states_it_in_text_and_valid_json(
    ws_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Workspace.open(ws_path) as ws:
        plan = build(ws, case)
    args = ["stats", plan.id, "--db", str(ws_path), "--draws", "400"]
    assert main(args) == 0
    text = capsys.readouterr().out
    assert finite_text(text), text
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out, parse_constant=_refuse_constant)
    risk = data["risk"]
    assert risk["measured_against"] == EXPECTED[case].value
    if EXPECTED[case] is Against.NOTHING:
        assert risk["p_overrun"] is None and risk["limit_s"] is None and risk["statement"]
        assert f"Risk: {risk['statement']}" in text
    else:
        limit = plan.slot_s if EXPECTED[case] is Against.SLOT else plan.planned_s
        assert risk["limit_s"] == limit and risk["statement"] == ""
        assert ("slot" if plan.slot_s else "no slot set") in text
    if case == "all-markers":
        assert "The plan has no timed steps" in text
    if case == "no-step-ran":
        assert "No step ran in the rehearsals that match" in text
