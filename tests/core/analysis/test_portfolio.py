"""The portfolio: every program on one line, each figure the same as where it is defined
(readiness, the risk Analyze shows, the facilitator spread), in the documented JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from plans import small_draft

from rehearsal import Workspace
from rehearsal.analysis import observations, simulate
from rehearsal.analysis import portfolio as portfolio_module
from rehearsal.analysis.portfolio import portfolio, portfolio_json
from rehearsal.analysis.risk import overrun_chance
from rehearsal.analysis.stats import facilitator_spread_s
from rehearsal.cli.main import main
from rehearsal.clock import FakeClock
from rehearsal.model import Plan, Severity
from rehearsal.plans.readiness import readiness, report_json
from rehearsal.signoff_model import SignoffRole

KEYS = [
    "id",
    "name",
    "plan",
    "revision",
    "launch",
    "readiness",
    "ready",
    "p_overrun",
    "open_high_flags",
    "open_items",
    "complete_rehearsals",
    "missing_signoffs",
]


def rehearse(ws: Workspace, plan: Plan, facilitator: str, over_s: int, flag: bool = False) -> str:
    """A complete rehearsal in which every step takes its plan plus `over_s`."""
    clock = FakeClock()
    run = ws.start_rehearsal(plan.id, facilitator=facilitator, clock=clock)
    for step in run.steps:
        run.next()
        clock.advance(step.planned_s + over_s if step.planned_s else 0)
        if flag and step.title == "Breakout":
            run.flag("breakout logistics", severity=Severity.HIGH, on_handoff=False)
    run.finish()
    return run.rehearsal.id


@pytest.fixture
def two_programs(ws: Workspace) -> tuple[Workspace, Plan, Plan]:
    onboarding = ws.add_plan(small_draft("Onboarding"))
    rid = rehearse(ws, onboarding, "Maya", 30, flag=True)
    rehearse(ws, onboarding, "Jordan", 0)
    rehearse(ws, onboarding, "Maya", 30)
    flag = ws.flags(rid)[0]
    ws.review.add_action_item(rid, "flag", flag.id, owner_role="producer")
    ws.signoffs.set_launch(onboarding.id, "2027-03-01")
    ws.signoffs.record(onboarding.id, SignoffRole.PRODUCER, "Sam", accepted=True)
    quiet = ws.add_plan(small_draft("Quiet program"))
    return ws, onboarding, quiet


def test_every_program_on_one_line_with_the_figures_of_their_owners(
    two_programs: tuple[Workspace, Plan, Plan],
) -> None:
    ws, onboarding, quiet = two_programs
    found = portfolio(ws, today=date(2027, 2, 20))
    first, second = found.programs  # by name
    assert second.plan_id == quiet.id
    assert (first.name, second.name) == ("Onboarding", "Quiet program")
    assert first.launch_on == date(2027, 3, 1) and first.days_left == 9
    assert second.launch_on is None and second.days_left is None
    assert report_json(first.readiness) == report_json(readiness(ws, onboarding.id))
    alone = simulate(observations(ws, onboarding.id), draws=10_000, seed=0)
    assert first.p_overrun == alone.p_overrun  # what Analyze shows
    assert first.open_high_flags == 1 and first.open_items == 1
    assert first.complete_rehearsals == 3 and first.rehearsals == 3
    assert first.missing_signoffs == (
        "designer (nobody)",
        "facilitator (nobody)",
        "learning operations (nobody)",
    )
    # Maya ran every timed step 30 s over, Jordan on time: 30 s apart
    assert first.facilitator_spread_s == pytest.approx(30.0)
    assert first.facilitator_spread_s == facilitator_spread_s(observations(ws, onboarding.id))
    assert second.rehearsals == 0 and second.facilitator_spread_s is None
    assert second.p_overrun is not None  # from the plan's estimate (PERT)


def test_the_json_has_the_documented_keys(two_programs: tuple[Workspace, Plan, Plan]) -> None:
    ws, onboarding, _ = two_programs
    data = portfolio_json(portfolio(ws, today=date(2027, 2, 20)))
    assert list(data) == ["today", "programs"]
    line = data["programs"][0]
    assert list(line)[: len(KEYS)] == KEYS
    assert line["plan"] == onboarding.id and line["launch"] == "2027-03-01"
    assert line["ready"] is False and line["readiness"] == readiness(ws, onboarding.id).score
    json.dumps(data)


def test_risks_are_kept_and_simulated_again_only_when_their_evidence_changes(
    two_programs: tuple[Workspace, Plan, Plan], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, onboarding, _ = two_programs
    before = portfolio(ws)
    calls: list[str] = []

    def counted(obs: object, **kwargs: object) -> object:
        calls.append(obs.plan.id)  # type: ignore[attr-defined]
        return overrun_chance(obs, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(portfolio_module, "overrun_chance", counted)
    again = portfolio(ws)
    assert calls == [] and again.programs == before.programs
    rehearse(ws, onboarding, "Jordan", 60)  # new evidence: that program only
    after = portfolio(ws)
    assert calls == [onboarding.id]
    assert (
        after.programs[0].p_overrun
        == simulate(observations(ws, onboarding.id), draws=10_000, seed=0).p_overrun
    )


def test_a_read_only_workspace_has_a_portfolio_too(
    two_programs: tuple[Workspace, Plan, Plan],
) -> None:
    ws, _, _ = two_programs
    with ws.companion(read_only=True) as reader:
        assert portfolio_json(portfolio(reader)) == portfolio_json(portfolio(ws))


def test_the_command_line_prints_it(
    two_programs: tuple[Workspace, Plan, Plan], capsys: pytest.CaptureFixture[str]
) -> None:
    ws, onboarding, _ = two_programs
    db = str(Path(ws.path))
    ws.close()
    assert main(["portfolio", "--json", "--db", db]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["name"] for p in data["programs"]] == ["Onboarding", "Quiet program"]
    assert main(["portfolio", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "Onboarding, revision 1: readiness" in out
    assert "sign-off missing: designer (nobody)" in out
    assert main(["signoff", onboarding.id, "--role", "designer", "--person", "Maya", "--accept",
                 "--note", "Intent reads well", "--db", db]) == 0  # fmt: skip
    assert "designer Maya: accepted" in capsys.readouterr().out
    assert main(["signoff", onboarding.id, "--role", "designer", "--db", db]) == 2
    assert "--person" in capsys.readouterr().err
    assert main(["launch", onboarding.id, "none", "--db", db]) == 0
    assert capsys.readouterr().out.endswith("launch none\n")
    assert main(["launch", onboarding.id, "2027-13-01", "--db", db]) == 2
