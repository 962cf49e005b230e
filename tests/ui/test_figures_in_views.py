"""The views show a run's figures in the core's words: Review's headline and picker, the
navigator, Analyze's one-rehearsal chart and evidence line say the same of the demo's run
stopped early and of its click-through."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from qt_helpers import settled, show_active

from rehearsal import Workspace
from rehearsal.analysis import describe, evidence, observations
from rehearsal.demo import write_demo
from rehearsal.rehearsing.figures import rehearsal_label, run_line
from rehearsal_ui.main_window import MainWindow


def test_a_run_stopped_early_reads_the_same_in_every_view(qtbot: QtBot, tmp_path: Path) -> None:
    with Workspace.open(write_demo(tmp_path / "demo.rehearsal")) as ws:
        runs = ws.rehearsals()
        totals = ws.run_totals(runs)
        stopped = next(r for r in runs if not totals[r.id].complete)
        clicked = next(r for r in runs if totals[r.id].click_through)
        line = run_line(totals[stopped.id])
        assert "stopped early" in line and "5 of 14 steps" in line
        window = MainWindow(ws)
        qtbot.addWidget(window)
        show_active(qtbot, window)
        # the navigator and Review's picker name each run the same way
        tree = window.navigator.model()
        names = {
            tree.item(0).child(p).child(k).text()
            for p in range(tree.item(0).rowCount())
            for k in range(tree.item(0).child(p).rowCount())
        }
        for r in (stopped, clicked):
            assert rehearsal_label(r, totals[r.id]) in names
        window.show_view("review")
        window.review.show_rehearsal(stopped.id)
        assert line in window.review.headline.text()
        assert window.review.picker.currentText() == rehearsal_label(stopped, totals[stopped.id])
        # Analyze: the evidence it rests on, and the run's line in the one-rehearsal chart
        window.show_view("analyze")
        analyze = window.analyze
        analyze.set_plan(stopped.plan_id)
        settled(qtbot, analyze)
        obs = observations(ws, stopped.plan_id)
        assert describe(evidence(obs)) in analyze.filters.count.text()
        assert "1 stopped early, 1 click-through left out" in analyze.filters.count.text()
        analyze.tabs.setCurrentIndex(3)
        settled(qtbot, analyze)
        analyze.one.show_rehearsal(stopped.id)
        assert line in analyze.one.summary.text()


def test_review_opens_on_the_newest_complete_rehearsal(qtbot: QtBot, tmp_path: Path) -> None:
    """Not on a click-through or a run stopped early, though newer: the run to look at."""
    with Workspace.open(write_demo(tmp_path / "demo.rehearsal")) as ws:
        runs = ws.rehearsals(ws.rehearsals()[-1].plan_id)
        totals = ws.run_totals(runs)
        newest = runs[-1]
        assert totals[newest.id].click_through or not totals[newest.id].complete
        wanted = [r for r in runs if totals[r.id].complete and not totals[r.id].click_through]
        window = MainWindow(ws)
        qtbot.addWidget(window)
        show_active(qtbot, window)
        window.review.set_plan(newest.plan_id)
        assert window.review.picker.currentData() == wanted[-1].id
