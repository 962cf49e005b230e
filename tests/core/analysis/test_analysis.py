"""Statistics, risk and re-timing against values worked out by hand or known in theory."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import numpy as np
import pytest
from plans import small_draft

from rehearsal import Workspace
from rehearsal.analysis import (
    Filters,
    Limit,
    Observations,
    apply_retiming,
    observations,
    revision_comparison,
    simulate,
    spread_by,
    step_stats,
    suggest,
    time_stolen,
)
from rehearsal.analysis.observations import RunInfo, plan_steps
from rehearsal.analysis.risk import pert_bounds
from rehearsal.analysis.stats import column_quantiles
from rehearsal.clock import FakeClock
from rehearsal.errors import InvalidOperation
from rehearsal.model import Plan, RunTotals

NAN = float("nan")


def totals(row: list[float], *, click_through: bool = False) -> RunTotals:
    """A run's totals as its figures would be: complete when every step ran."""
    ran = [v for v in row if not math.isnan(v)]
    return RunTotals(
        elapsed_s=sum(ran),
        paused_s=0.0,
        actual_s=sum(ran),
        planned_s=0,
        drift_s=0.0,
        steps_run=len(ran),
        steps_planned=len(row),
        complete=len(ran) == len(row),
        retried=0,
        click_through=click_through,
    )


def made_up(ws: Workspace, actual: list[list[float]]) -> Observations:
    """Observations of the small plan (Welcome 300, Poll 240, transition 120, Breakout 900
    non-negotiable, Close 180) with the given actual seconds per run (complete when a row
    has no NaN, else stopped early)."""
    plan = ws.add_plan(small_draft())
    runs = tuple(
        RunInfo(
            f"r{i}",
            plan.id,
            1,
            "dry-run",
            f"2026-01-0{i + 1}",
            (f"F{i % 2}",),
            "",
            "",
            "",
            totals(row),
        )
        for i, row in enumerate(actual)
    )
    grid = np.array(actual, dtype=np.float64)
    return Observations(
        plan=plan,
        steps=plan_steps(plan),
        runs=runs,
        actual=grid,
        pause=np.zeros_like(grid),
        attempts=np.ones(grid.shape, dtype=np.int64),
    )


def test_step_statistics_match_values_worked_by_hand(ws: Workspace) -> None:
    obs = made_up(
        ws,
        [
            [300, 200, 100, 900, 180],
            [330, 260, 130, 800, NAN],
            [360, 240, 140, 850, NAN],
            [390, NAN, NAN, NAN, NAN],
        ],
    )
    welcome, poll, move, breakout, close = step_stats(obs)
    assert [s.step.title for s in (welcome, poll, breakout, close)] == [
        "Welcome",
        "Poll",
        "Breakout",
        "Close",
    ]
    assert welcome.n == 4 and welcome.median_s == 345 and welcome.mean_s == 345
    # p80, linear: position 0.8 × 3 = 2.4 between 360 and 390 → 360 + 0.4 × 30
    assert welcome.p80_s == pytest.approx(372)
    assert welcome.stdev_s == pytest.approx(math.sqrt((45**2 + 15**2 + 15**2 + 45**2) / 3))
    assert (welcome.min_s, welcome.max_s) == (300, 390)
    assert welcome.over_rate == pytest.approx(3 / 4) and welcome.mean_over_s == 45
    assert poll.n == 3 and poll.over_rate == pytest.approx(1 / 3)
    assert poll.mean_over_s == pytest.approx(700 / 3 - 240)
    assert move.step.title == "Open rooms" and move.median_s == 130
    assert breakout.over_rate == 0 and breakout.mean_over_s == pytest.approx(-50)
    assert close.n == 1 and close.stdev_s is None and close.p80_s == 180


def test_time_stolen_from_practice_and_consistency(ws: Workspace) -> None:
    obs = made_up(
        ws,
        [
            [400, 300, 120, 700, 180],  # welcome +100, poll +60; breakout (protected) −200
            [300, 240, 120, 900, 180],  # on time
            [250, 240, 120, 880, 200],  # breakout short, but nothing flexible over... Close +20
        ],
    )
    stolen = time_stolen(obs)
    assert [s.run.id for s in stolen] == ["r0", "r2"]
    first = stolen[0]
    assert first.stolen_s == 200 and first.overrun_s == 160
    assert dict(first.short) == {"Breakout": 200} and dict(first.over) == {
        "Welcome": 100,
        "Poll": 60,
    }
    groups = {s.group: s for s in spread_by(obs, "facilitator")}
    assert set(groups) == {"F0", "F1"} and groups["F1"].n == 5
    assert groups["F1"].mean_over_s == 0 and groups["F1"].stdev_ratio == 0
    by_type = {s.group: s.n for s in spread_by(obs, "interaction")}
    assert by_type["breakout"] == 3 and by_type["transition"] == 3
    (only,) = revision_comparison(obs)
    assert only.runs == 3 and only.mean_total_s == pytest.approx((1700 + 1740 + 1690) / 3)


def test_a_run_stopped_early_has_no_session_total_to_compare(ws: Workspace) -> None:
    nan = float("nan")
    obs = made_up(
        ws, [[300, 240, 120, 900, 180], [320, 250, 130, 880, 200], [300, nan, nan, nan, nan]]
    )
    assert [r.complete for r in obs.runs] == [True, True, False]
    (only,) = revision_comparison(obs)
    assert (only.runs, only.stopped_early) == (2, 1)
    assert only.mean_total_s == pytest.approx((1740 + 1780) / 2)
    assert only.mean_over_s == pytest.approx((0 + 40) / 2)
    assert not revision_comparison(made_up(ws, [[300, nan, nan, nan, nan]]))


def normal_observations(
    ws: Workspace, means: list[float], sds: list[float], runs: int, correlated: bool
) -> Observations:
    rng = np.random.default_rng(7)
    if correlated:
        z = rng.standard_normal((runs, 1)).repeat(len(means), axis=1)
    else:
        z = rng.standard_normal((runs, len(means)))
    return made_up(ws, (np.array(means) + z * np.array(sds)).tolist())


def phi(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def test_the_simulated_total_of_normal_segments_is_the_known_normal(ws: Workspace) -> None:
    means, sds = [300.0, 240.0, 120.0, 900.0, 180.0], [30.0, 20.0, 15.0, 60.0, 10.0]
    obs = normal_observations(ws, means, sds, runs=4000, correlated=False)
    risk = simulate(obs, draws=40_000, seed=3)
    mu, sigma = sum(means), math.sqrt(sum(s * s for s in sds))
    assert risk.p50_s == pytest.approx(mu, abs=3)
    assert risk.p80_s == pytest.approx(mu + 0.8416 * sigma, abs=4)
    assert risk.p95_s == pytest.approx(mu + 1.6449 * sigma, abs=6)
    slot = obs.plan.slot_s or 0  # 1800 s
    assert risk.p_overrun == pytest.approx(1 - phi((slot - mu) / sigma), abs=0.01)
    shares = dict((s.title, v) for s, v in risk.shares)
    assert sum(shares.values()) == pytest.approx(1)
    assert shares["Breakout"] == pytest.approx(60**2 / sigma**2, abs=0.03)
    assert risk.shares[0][0].title == "Breakout" and risk.estimated == ()
    again = simulate(obs, draws=40_000, seed=3)
    assert np.array_equal(again.totals, risk.totals)  # seeded


def test_resampling_whole_rehearsals_keeps_the_correlation(ws: Workspace) -> None:
    means, sds = [300.0, 240.0, 120.0, 900.0, 180.0], [30.0, 20.0, 15.0, 60.0, 10.0]
    obs = normal_observations(ws, means, sds, runs=3000, correlated=True)
    independent = simulate(obs, draws=30_000, seed=1, method="segments")
    whole = simulate(obs, draws=30_000, seed=1, method="rehearsals")
    assert independent.totals.std() == pytest.approx(math.sqrt(sum(s * s for s in sds)), rel=0.05)
    assert whole.totals.std() == pytest.approx(sum(sds), rel=0.05)  # perfectly correlated


def test_too_few_observations_fall_back_to_a_pert_estimate(ws: Workspace) -> None:
    obs = made_up(ws, [[310, 250, 130, 950, 170], [290, 230, 110, 880, 190]])
    risk = simulate(obs, draws=50_000, seed=2)
    assert {s.title for s in risk.estimated} == {
        "Welcome",
        "Poll",
        "Open rooms",
        "Breakout",
        "Close",
    }
    expected = 0.0
    for step in obs.steps:
        low, mode, high = pert_bounds(step)
        expected += (low + 4 * mode + high) / 6
    assert risk.totals.mean() == pytest.approx(expected, rel=0.005)
    assert risk.totals.min() >= sum(pert_bounds(s)[0] for s in obs.steps)


def test_suggested_retiming_applied_as_the_next_revision(ws: Workspace) -> None:
    obs = made_up(
        ws,
        [
            [300, 200, 100, 900, 180],
            [330, 260, 130, 800, 180],
            [360, 240, 140, 850, 180],
            [390, 250, 150, 870, 180],
        ],
    )
    retiming = suggest(obs, rule="p80")
    assert retiming.enough and retiming.evidence.complete == 4
    by_title = {s.step.title: s for s in retiming.suggestions}
    assert by_title["Welcome"].suggested_s == 360  # p80 372 → nearest half-minute
    assert by_title["Welcome"].limit is Limit.NONE
    # p80 of 800, 850, 870, 900 = 882 → the nearest whole minute (10 minutes or more)
    assert by_title["Breakout"].statistic_s == pytest.approx(882)
    assert by_title["Breakout"].suggested_s == 900
    assert by_title["Breakout"].limit is Limit.NONE
    # its median, 860 → 840, but the breakout is non-negotiable: never shortened
    breakout = next(s for s in suggest(obs, rule="median").suggestions if s.step.non_negotiable)
    assert breakout.statistic_s == pytest.approx(860)
    assert (breakout.suggested_s, breakout.limit) == (900, Limit.NON_NEGOTIABLE)
    assert by_title["Close"].suggested_s == 180 and by_title["Close"].change_s == 0
    assert retiming.suggested_total_s == sum(s.suggested_s for s in retiming.suggestions)
    plan: Plan = obs.plan
    new = apply_retiming(ws, plan.id, retiming)
    assert new.revision == plan.revision + 1 and new.based_on == plan.id
    assert new.segment(plan.segments[0].id).planned_s == 360
    assert new.transitions[0].allowance_s == by_title["Open rooms"].suggested_s
    assert "80th percentile" in new.notes and ws.plan(plan.id) == plan  # the old one kept
    assert "from 4 complete rehearsals of revision 1" in new.notes
    assert "Welcome: 5:00 → 6:00 (+1:00)" in new.notes
    assert "Breakout" not in new.notes  # unchanged steps are not listed
    with pytest.raises(InvalidOperation):
        suggest(obs, rule="p99")


def test_observations_and_filters_from_real_rehearsals(ws: Workspace) -> None:
    plan = ws.add_plan(small_draft())
    for day, (kind, who, extra) in enumerate(
        [("dry-run", "Maya", 0), ("pilot", "Jordan", 60), ("dry-run", "Jordan", 30)]
    ):
        clock = FakeClock(wall=datetime(2026, 1, 10 + day, 9, tzinfo=UTC))
        run = ws.start_rehearsal(plan.id, kind, facilitator=who, clock=clock)
        for step in run.steps:
            run.next()
            clock.advance(step.planned_s + extra)
        run.finish()
    unfinished = ws.start_rehearsal(plan.id, clock=FakeClock())
    unfinished.next()
    obs = observations(ws, plan.id)
    assert obs.actual.shape == (3, 5)  # the unfinished one does not count
    assert obs.actual[1].tolist() == [s.planned_s + 60.0 for s in obs.steps]
    assert observations(ws, plan.id, Filters(kinds=("dry-run",))).actual.shape[0] == 2
    assert observations(ws, plan.id, Filters(facilitators=("Jordan",))).actual.shape[0] == 2
    dated = Filters(since=date(2026, 1, 11), until=date(2026, 1, 11))
    assert [r.kind for r in observations(ws, plan.id, dated).runs] == ["pilot"]
    unfinished.finish()


def test_column_quantiles_equal_numpys_nanquantile() -> None:
    rng = np.random.default_rng(5)
    values = rng.normal(300, 40, (50, 8))
    values[rng.random(values.shape) < 0.3] = np.nan
    values[:, 3] = np.nan  # a column never observed
    values[1:, 4] = np.nan  # one observation
    qs = [0.25, 0.5, 0.8]
    fast = column_quantiles(values, qs)
    seen = ~np.isnan(values).all(axis=0)
    assert np.allclose(fast[:, seen], np.nanquantile(values[:, seen], qs, axis=0))
    assert np.isnan(fast[:, 3]).all() and np.allclose(fast[:, 4], values[0, 4])
