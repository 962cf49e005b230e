"""The launch rules are the workspace's: the Design view's readiness and Analyze's re-timing
read them there, so they agree with the reports and the command line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qt_helpers import settled

from rehearsal import Workspace
from rehearsal.demo import write_demo
from rehearsal.plans.readiness import CheckKey, readiness
from rehearsal_ui.analyze.view import AnalyzeView
from rehearsal_ui.design.view import DesignView
from rehearsal_ui.shell.settings import Settings


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.open(write_demo(tmp_path / "d.rehearsal")) as ws:
        yield ws


def test_design_readiness_uses_the_workspaces_rules(qtbot: QtBot, demo: Workspace) -> None:
    plan = demo.plans(demo.programs()[0].id)[-1]
    design = DesignView(demo)
    qtbot.addWidget(design)
    design.show_plan(plan.id)
    design.refresh_readiness()
    needed = demo.launch_rules().min_rehearsals
    assert design.readiness.report == readiness(demo, plan.id)
    demo.set_launch_rules(min_rehearsals=needed + 5, buffer_pct=40.0)
    design.refresh_readiness()
    report = design.readiness.report
    assert report is not None and report == readiness(demo, plan.id)
    assert str(needed + 5) in report.check(CheckKey.PROVEN).detail
    assert "40" in report.check(CheckKey.FITS_SLOT).detail


def test_analyze_retimes_by_the_workspaces_rule(qtbot: QtBot, demo: Workspace) -> None:
    demo.set_launch_rules(retiming_rule="median")
    view = AnalyzeView(demo, Settings())
    qtbot.addWidget(view)
    plan = demo.plans(demo.programs()[0].id)[0]
    view.set_plan(plan.id)
    settled(qtbot, view)
    assert view.rule == "median" and view.risk.rule.currentData() == "median"
    assert view.analysis is not None and view.analysis.retiming.rule == "median"
    view.risk.rule.setCurrentIndex(view.risk.rule.findData("mean"))  # trying another
    settled(qtbot, view)
    view.refresh()
    settled(qtbot, view)
    assert view.analysis.retiming.rule == "mean"  # kept while the workspace's is the same
    demo.set_launch_rules(retiming_rule="p90")  # Preferences changed it
    view.refresh()
    settled(qtbot, view)
    assert view.rule == "p90" and view.analysis.retiming.rule == "p90"
