"""What keeps the portfolio fast without changing a figure: it reads the workspace in the
same few statements however many programs there are; the P(overrun) it simulates is
Analyze's number, drawn the same way; the table's first part (`outline`) and its risks
(`fill_risks`) together are the whole portfolio."""

from __future__ import annotations

import uuid
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from plans import small_draft

from rehearsal import Workspace
from rehearsal.analysis.observations import Observations, plan_steps
from rehearsal.analysis.portfolio import fill_risks, outline, portfolio
from rehearsal.analysis.risk import METHODS, overrun_chance, simulate
from rehearsal.clock import FakeClock
from rehearsal.model import Plan, Severity
from rehearsal.rehearsing import timing
from rehearsal.signoff_model import SignoffRole


def rehearsed_program(ws: Workspace, name: str, over_s: int) -> Plan:
    """A program with two rehearsals, a high flag with an action item, a launch date and
    a sign-off: something in every table the portfolio reads."""
    plan = ws.add_plan(small_draft(name))
    for n in range(2):
        clock = FakeClock()
        run = ws.start_rehearsal(plan.id, facilitator=f"F{n}", clock=clock)
        for step in run.steps:
            run.next()
            clock.advance(step.planned_s + over_s * n)
            if n == 0 and step.title == "Breakout":
                run.flag("breakout logistics", severity=Severity.HIGH, on_handoff=False)
        run.finish()
    rid = run.rehearsal.id
    for flag in ws.flags(rid)[:1]:
        ws.review.add_action_item(rid, "flag", flag.id, owner_role="producer")
    ws.signoffs.set_launch(plan.id, "2027-03-01")
    ws.signoffs.record(plan.id, SignoffRole.PRODUCER, "Sam", accepted=True)
    return plan


def statements(ws: Workspace, read: object) -> list[str]:
    said: list[str] = []
    ws.storage.conn.set_trace_callback(said.append)
    try:
        assert callable(read)
        read()
    finally:
        ws.storage.conn.set_trace_callback(None)
    return said


def test_the_statements_read_do_not_grow_with_the_programs(ws: Workspace) -> None:
    for n in range(2):
        rehearsed_program(ws, f"Program {n}", 30)
    portfolio(ws)  # every risk kept: the reads alone are counted below
    few = statements(ws, lambda: outline(ws))
    for n in range(2, 8):
        rehearsed_program(ws, f"Program {n}", 30 + n)
    portfolio(ws)
    many = statements(ws, lambda: outline(ws))
    assert len(outline(ws).programs) == 8
    assert len(many) == len(few), "\n".join(many)
    assert len(many) < 25


def test_the_outline_and_its_risks_are_the_portfolio(ws: Workspace) -> None:
    plans = [rehearsed_program(ws, name, over) for name, over in (("A", 60), ("B", -20))]
    ws.add_plan(small_draft("Unrehearsed"))  # its risk from the plan's estimate
    first = outline(ws)
    assert [line.risk_pending for line in first.programs] == [True, True, True]
    assert all(line.p_overrun is None for line in first.programs)
    assert not first.complete and len(first.pending) == 3
    stopped = fill_risks(ws, first, cancelled=lambda: True)
    assert stopped.pending == first.pending and stopped.programs == first.programs
    whole = fill_risks(ws, first)
    assert whole.complete and whole == portfolio(ws)
    assert outline(ws) == whole  # kept: nothing left to simulate
    for line, plan in zip(whole.programs, plans, strict=False):
        assert line.plan_id == plan.id
        assert not line.risk_pending and line.p_overrun is not None


@pytest.fixture
def plan(ws: Workspace) -> Plan:
    return ws.add_plan(small_draft())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.data(),
    st.sampled_from(METHODS),
    st.integers(0, 2**32 - 1),
    st.integers(1, 400),
    st.one_of(st.none(), st.integers(1, 4 * 3600)),
)
def test_the_chance_of_overrunning_is_the_simulation_s(
    plan: Plan, data: st.DataObject, method: str, seed: int, draws: int, slot_s: int | None
) -> None:
    steps = plan_steps(plan)
    runs = data.draw(st.integers(0, 6))
    cell = st.one_of(st.just(np.nan), st.floats(0, 3600, allow_nan=False))
    actual = data.draw(arrays(np.float64, (runs, len(steps)), elements=cell))
    obs = Observations(
        plan=replace(plan, slot_s=slot_s),
        steps=steps,
        runs=tuple(() for _ in range(runs)),  # type: ignore[misc]  # only counted
        actual=actual,
        pause=np.zeros_like(actual),
        attempts=np.ones(actual.shape, dtype=np.int64),
    )
    risk = simulate(obs, draws=draws, seed=seed, method=method)
    assert overrun_chance(obs, draws=draws, seed=seed, method=method) == (
        risk.p_overrun,
        risk.against,
    )


@given(st.text())
def test_a_handoff_id_is_the_uuid5_of_its_segment(segment_id: str) -> None:
    expected = str(uuid.uuid5(timing._HANDOFF_NS, segment_id))
    assert timing.handoff_id(segment_id) == expected
