"""The laws of a re-timing suggestion, for any plan and any observations: it never shortens
a non-negotiable segment, keeps a flexible one inside its range, respects the floor and
the rounding, says why it left the statistic, and suggests nothing without enough complete
rehearsals. Plus the user's case: one click-through must not re-time anything."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearsal import Workspace
from rehearsal.analysis import Limit, Observations, Retiming, apply_retiming, suggest
from rehearsal.analysis.observations import RunInfo, plan_steps
from rehearsal.errors import InvalidOperation
from rehearsal.launch_rules import RETIMING_RULES
from rehearsal.model import InteractionType, Plan, PlanDraft, RunTotals, Segment, Transition

NAN = float("nan")


@st.composite
def segments(draw: st.DrawFn, i: int) -> Segment:
    planned = draw(st.integers(0, 7200))
    flexible_range = draw(st.none() | st.tuples(st.integers(0, 7200), st.integers(0, 7200)))
    low = high = None
    if flexible_range is not None:
        low, high = sorted(flexible_range)
        low = draw(st.sampled_from([low, None]))
        high = draw(st.sampled_from([high, None]))
    return Segment(
        f"s{i}",
        f"Step {i}",
        planned,
        non_negotiable=draw(st.booleans()),
        flex_min_s=low,
        flex_max_s=high,
    )


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    segs = tuple(draw(segments(i)) for i in range(draw(st.integers(1, 6))))
    transitions = tuple(
        Transition(f"t{i}", seg.id, draw(st.integers(1, 600)))
        for i, seg in enumerate(segs[:-1])
        if draw(st.booleans())
    )
    slot = draw(st.none() | st.integers(60, 36_000))
    return Plan("p", "prog", 1, "2026-01-01", slot_s=slot, segments=segs, transitions=transitions)


@dataclass(frozen=True)
class Run:
    kind: str  # complete, stopped, click
    actual: list[float]


@st.composite
def runs(draw: st.DrawFn, width: int) -> list[Run]:
    found = []
    for _ in range(draw(st.integers(0, 7))):
        kind = draw(st.sampled_from(["complete", "stopped", "click"]))
        values = draw(st.lists(st.floats(0, 9000), min_size=width, max_size=width))
        if kind == "stopped":
            ran = draw(st.integers(0, width - 1))
            values = values[:ran] + [NAN] * (width - ran)
        found.append(Run(kind, values))
    return found


def observe(plan: Plan, given: list[Run], left_out: int = 0) -> Observations:
    steps = plan_steps(plan)

    def info(i: int, run: Run) -> RunInfo:
        ran = sum(1 for v in run.actual if not math.isnan(v))
        totals = RunTotals(
            elapsed_s=0.0,
            paused_s=0.0,
            actual_s=0.0,
            planned_s=0,
            drift_s=0.0,
            steps_run=ran,
            steps_planned=len(steps),
            complete=run.kind != "stopped",
            retried=0,
            click_through=run.kind == "click",
        )
        return RunInfo(f"r{i}", plan.id, 1, "dry-run", "2026-01-02", (), "", "", "", totals)

    grid = np.array([r.actual for r in given], dtype=np.float64).reshape(len(given), len(steps))
    out = tuple(info(100 + i, Run("click", [1.0] * len(steps))) for i in range(left_out))
    return Observations(
        plan=plan,
        steps=steps,
        runs=tuple(info(i, r) for i, r in enumerate(given)),
        actual=grid,
        pause=np.zeros_like(grid),
        attempts=np.ones(grid.shape, dtype=np.int64),
        left_out=out,
    )


@st.composite
def cases(draw: st.DrawFn) -> tuple[Observations, list[Run], str, int]:
    plan = draw(plans())
    given = draw(runs(len(plan_steps(plan))))
    obs = observe(plan, given, draw(st.integers(0, 2)))
    return obs, given, draw(st.sampled_from(list(RETIMING_RULES))), draw(st.integers(1, 5))


def check_laws(retiming: Retiming, given: list[Run], least: int) -> None:
    complete = sum(1 for r in given if r.kind == "complete")
    assert retiming.evidence.complete == complete
    assert retiming.enough == (complete >= least)
    assert retiming.suggested_total_s == sum(s.suggested_s for s in retiming.suggestions)
    if not retiming.enough:
        assert retiming.changed == ()
        assert all(s.suggested_s == s.planned_s for s in retiming.suggestions)
        assert retiming.missing.startswith(f"Re-timing needs {least} complete rehearsal")
        return
    assert retiming.missing == ""
    for j, s in enumerate(retiming.suggestions):
        step = s.step
        counted = [r.actual[j] for r in given if r.kind != "click" and not math.isnan(r.actual[j])]
        assert s.n == len(counted)
        if s.n < least:  # too few observations of this step: it keeps its plan
            assert s.suggested_s == s.planned_s
            continue
        assert s.statistic_s is not None
        assert min(counted) - 1e-6 <= s.statistic_s <= max(counted) + 1e-6
        if step.non_negotiable:
            assert s.suggested_s >= s.planned_s, "a non-negotiable segment was shortened"
        else:
            if step.flex_min_s is not None:
                assert s.suggested_s >= step.flex_min_s
            if step.flex_max_s is not None:
                assert s.suggested_s <= step.flex_max_s
        ceiling = step.flex_max_s if not step.non_negotiable else None
        if ceiling is None or ceiling >= 60:
            if s.planned_s >= 300:
                assert s.suggested_s >= 60, "a 5-minute step suggested under a minute"
            assert s.suggested_s >= min(30, s.planned_s)
        if s.limit is Limit.NONE:  # the statistic, rounded to the unit
            unit = 60 if s.statistic_s >= 600 else 30
            assert s.suggested_s % unit == 0 and s.suggested_s % 30 == 0
            assert abs(s.suggested_s - s.statistic_s) <= unit / 2 + 1e-9
        else:  # a limit moved it: the value is that limit's
            assert (
                s.suggested_s
                == {
                    Limit.FLOOR: min(60 if s.planned_s >= 300 else 30, s.planned_s),
                    Limit.FLEX_MIN: step.flex_min_s,
                    Limit.FLEX_MAX: step.flex_max_s,
                    Limit.NON_NEGOTIABLE: s.planned_s,
                }[s.limit]
            )
            assert s.reason


@settings(max_examples=400, deadline=None)
@given(cases())
def test_a_suggestion_protects_the_design(case: tuple[Observations, list[Run], str, int]) -> None:
    obs, given, rule, least = case
    check_laws(suggest(obs, rule=rule, min_complete=least), given, least)


@settings(max_examples=100, deadline=None)
@given(cases(), st.floats(0, 9000))
def test_click_throughs_never_move_a_suggestion(
    case: tuple[Observations, list[Run], str, int], other: float
) -> None:
    obs, _, rule, least = case
    before = suggest(obs, rule=rule, min_complete=least)
    clicks = np.array([r.click_through for r in obs.runs], dtype=bool)
    changed = obs.actual.copy()
    changed[clicks, :] = other
    obs.actual = changed
    assert suggest(obs, rule=rule, min_complete=least) == before


def user_plan() -> Plan:
    """The user's session: a non-negotiable 6:00 breakout practice among flexible steps."""
    segs = (
        Segment("a", "Welcome", 300, flex_min_s=240, flex_max_s=420),
        Segment(
            "b", "Breakout practice", 360, interaction=InteractionType.BREAKOUT, non_negotiable=True
        ),
        Segment("c", "Debrief", 600),
    )
    return Plan("p", "prog", 1, "2026-01-01", slot_s=1500, segments=segs)


def test_one_click_through_re_times_nothing() -> None:
    obs = observe(user_plan(), [], left_out=1)
    retiming = suggest(obs)
    assert not retiming.enough and retiming.changed == ()
    assert retiming.missing == (
        "Re-timing needs 3 complete rehearsals; there are none (1 click-through left out)."
    )
    # even when the filters include it: a click-through is no timing evidence
    included = observe(user_plan(), [Run("click", [20.0, 15.0, 25.0])])
    assert suggest(included).changed == () and suggest(included, min_complete=1).changed == ()


def test_what_is_missing_names_what_there_is() -> None:
    given = [Run("complete", [300.0, 360.0, 600.0]), Run("stopped", [290.0, NAN, NAN])]
    retiming = suggest(observe(user_plan(), given, left_out=1))
    assert retiming.missing == (
        "Re-timing needs 3 complete rehearsals; there is 1 (1 stopped early, "
        "1 click-through left out)."
    )
    assert suggest(observe(user_plan(), given), min_complete=1).enough


def test_short_runs_hold_each_step_to_its_limits() -> None:
    fast = [Run("complete", [20.0, 20.0, 20.0]) for _ in range(3)]
    by_title = {s.step.title: s for s in suggest(observe(user_plan(), fast)).suggestions}
    assert (by_title["Welcome"].suggested_s, by_title["Welcome"].limit) == (240, Limit.FLEX_MIN)
    assert by_title["Breakout practice"].suggested_s == 360
    assert by_title["Breakout practice"].limit is Limit.NON_NEGOTIABLE
    assert (by_title["Debrief"].suggested_s, by_title["Debrief"].limit) == (60, Limit.FLOOR)
    slow = [Run("complete", [500.0, 500.0, 500.0]) for _ in range(3)]
    by_title = {s.step.title: s for s in suggest(observe(user_plan(), slow)).suggestions}
    assert (by_title["Welcome"].suggested_s, by_title["Welcome"].limit) == (420, Limit.FLEX_MAX)
    assert (by_title["Breakout practice"].suggested_s, by_title["Breakout practice"].limit) == (
        510,
        Limit.NONE,
    )  # lengthened: 500 → the nearest half-minute


def test_applying_without_enough_evidence_is_refused(ws: Workspace) -> None:
    draft = PlanDraft(name="M", segments=user_plan().segments, slot_s=1500)
    plan = ws.add_plan(draft)
    obs = observe(plan, [Run("complete", [30.0, 30.0, 30.0])])
    with pytest.raises(InvalidOperation, match="needs 3 complete rehearsals; there is 1"):
        apply_retiming(ws, plan.id, suggest(obs))
    assert [p.revision for p in ws.plans(plan.program_id)] == [1]
