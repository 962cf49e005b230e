"""The launch rules live in the workspace: one value, validated, published when changed,
and read by readiness, the reports and the command line alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rehearsal import Workspace
from rehearsal.changes import Changes
from rehearsal.cli.main import main
from rehearsal.demo import write_demo
from rehearsal.errors import InvalidOperation
from rehearsal.launch_rules import DEFAULT_RULES, LaunchRules
from rehearsal.plans.readiness import CheckKey, readiness
from rehearsal.reports import program_report, render_html


def test_defaults_until_set_then_kept_in_the_file(ws_path: Path) -> None:
    with Workspace.open(ws_path) as ws:
        assert ws.launch_rules() == DEFAULT_RULES == LaunchRules(10.0, 2, "p80", 3)
        assert not ws.has_launch_rules()
        heard: list[Changes] = []
        ws.changes.subscribe(heard.append)
        assert ws.set_launch_rules(buffer_pct=15, retiming_rule="median") == Changes(settings=True)
        assert heard == [Changes(settings=True)]
        assert not ws.set_launch_rules(LaunchRules(15.0, 2, "median"))  # the same: nothing
        assert heard == [Changes(settings=True)]
    with Workspace.open(ws_path) as ws:
        assert ws.launch_rules() == LaunchRules(15.0, 2, "median") and ws.has_launch_rules()


@pytest.mark.parametrize(
    "changes",
    [
        {"buffer_pct": 80},
        {"buffer_pct": -1},
        {"buffer_pct": float("nan")},
        {"min_rehearsals": 21},
        {"min_rehearsals": 1.5},
        {"retiming_rule": "p70"},
        {"retiming_min_complete": 0},
        {"retiming_min_complete": 101},
        {"retiming_min_complete": 2.5},
        {"retiming_min_complete": True},
    ],
)
def test_values_out_of_range_are_refused_and_nothing_changes(
    ws: Workspace, changes: dict[str, object]
) -> None:
    heard: list[Changes] = []
    ws.changes.subscribe(heard.append)
    with pytest.raises(InvalidOperation):
        ws.set_launch_rules(**changes)
    assert heard == [] and not ws.has_launch_rules()


def test_the_defaults_stored_explicitly_change_nothing_anyone_sees(ws: Workspace) -> None:
    heard: list[Changes] = []
    ws.changes.subscribe(heard.append)
    assert not ws.set_launch_rules(DEFAULT_RULES)
    assert heard == [] and ws.has_launch_rules()


def test_stored_rules_that_cannot_be_read_give_defaults_one_by_one() -> None:
    assert LaunchRules.from_json("{broken") == DEFAULT_RULES
    assert LaunchRules.from_json("[1]") == DEFAULT_RULES
    text = json.dumps(
        {
            "buffer_pct": 99,
            "min_rehearsals": 3,
            "retiming_rule": "mean",
            "retiming_min_complete": 0,
            "x": 1,
        }
    )
    assert LaunchRules.from_json(text) == LaunchRules(10.0, 3, "mean", 3)
    stored_before = json.dumps({"buffer_pct": 12, "min_rehearsals": 3, "retiming_rule": "mean"})
    assert LaunchRules.from_json(stored_before).retiming_min_complete == 3  # older workspaces


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return write_demo(tmp_path / "demo.rehearsal")


def latest(ws: Workspace) -> str:
    return ws.plans(ws.programs()[0].id)[-1].id


def test_readiness_and_reports_use_the_workspaces_rules(demo: Path) -> None:
    with Workspace.open(demo) as ws:
        plan_id = latest(ws)
        ws.set_launch_rules(
            min_rehearsals=9, buffer_pct=33, retiming_rule="median", retiming_min_complete=2
        )
        assert ws.launch_rules().retiming_min_complete == 2
        report = readiness(ws, plan_id)
        assert "9" in report.check(CheckKey.PROVEN).detail and not report.ready
        assert "33" in report.check(CheckKey.FITS_SLOT).detail
        assert readiness(ws, plan_id, min_rehearsals=0).check(CheckKey.PROVEN).passed
        html = render_html(program_report(ws, plan_id, draws=200))
    assert "Suggested re-timing (median of actuals)" in html and "33" in html
    assert "From 7 complete rehearsals" in html


def test_too_few_complete_rehearsals_suggest_nothing_in_the_report_and_cli(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Workspace.open(demo) as ws:
        plan_id = latest(ws)
        ws.set_launch_rules(retiming_min_complete=20)
        html = render_html(program_report(ws, plan_id, draws=200))
    needed = (
        "Re-timing needs 20 complete rehearsals; there are 7 "
        "(1 stopped early, 1 click-through left out)."
    )
    assert "Suggested re-timing (80th percentile of actuals): none" in html and needed in html
    assert main(["stats", plan_id, "--draws", "100", "--db", str(demo)]) == 0
    assert needed in capsys.readouterr().out


def test_the_command_line_reads_and_sets_them(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(demo)]
    with Workspace.open(demo) as ws:
        plan_id = latest(ws)
    assert main(["rules", "--min-rehearsals", "9", "--retiming-rule", "mean", *db]) == 0
    assert "9" in capsys.readouterr().out
    assert main(["rules", "--retiming-min-complete", "4", *db]) == 0
    assert "re-timing needs 4 complete rehearsals" in capsys.readouterr().out
    assert main(["rules", "--producer-lead-days", "7", *db]) == 0
    assert "the producer receives the plan 7 days before launch" in capsys.readouterr().out
    assert main(["rules", "--json", *db]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown == {
        "buffer_pct": 10.0,
        "min_rehearsals": 9,
        "retiming_rule": "mean",
        "retiming_min_complete": 4,
        "producer_lead_days": 7,
        "set": True,
    }
    assert main(["rules", "--producer-lead-days", "91", *db]) == 2  # out of range
    assert main(["readiness", plan_id, "--json", *db]) == 0
    checks = {c["key"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    assert "9" in checks["proven"]["detail"]
    assert main(["readiness", plan_id, "--json", "--min-rehearsals", "1", *db]) == 0  # one-off
    checks = {c["key"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    assert "9" not in checks["proven"]["detail"]
    assert main(["stats", plan_id, "--json", "--draws", "100", *db]) == 0
    assert json.loads(capsys.readouterr().out)["rule"] == "mean"
    assert main(["stats", plan_id, "--json", "--draws", "100", "--rule", "p90", *db]) == 0
    assert json.loads(capsys.readouterr().out)["rule"] == "p90"
    assert main(["rules", "--buffer", "80", *db]) == 2
    assert "from 0 to 50" in capsys.readouterr().err
    assert main(["rules", "--retiming-min-complete", "0", *db]) == 2
    assert "from 1 to 100" in capsys.readouterr().err
