"""Analyze in the main window: follows the navigator, computes when shown, sees new data,
opens a segment in Design; File → Export report uses what is shown."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from qt_helpers import settled
from reviewing import recorded

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.reports.dialog import ReportDialog


def test_analyze_follows_the_plan_and_fresh_rehearsals(qtbot: QtBot, ws: Workspace) -> None:
    rehearsal, _ = recorded(ws)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    window.show_view("design")
    assert window.analyze.plan_id is None  # nothing computed while hidden
    window.show_view("analyze")
    assert window.analyze.plan_id == rehearsal.plan_id
    settled(qtbot, window.analyze)
    assert window.analyze.analysis is not None
    assert len(window.analyze.analysis.obs.runs) == 1
    window.show_view("design")
    clock = FakeClock()
    run = ws.start_rehearsal(rehearsal.plan_id, clock=clock)
    for step in run.steps:
        run.next()
        clock.advance(step.planned_s)
    run.finish()  # heard as Changes while Analyze is hidden: read again when shown
    assert window.analyze.stale and not window.analyze.busy
    window.show_view("analyze")
    settled(qtbot, window.analyze)
    assert window.analyze.analysis is not None and len(window.analyze.analysis.obs.runs) == 2
    segment = ws.plan(rehearsal.plan_id).segments[2]
    window.analyze.open_in_design.emit(segment.id)
    assert window.views.currentWidget() is window.design
    assert window.design.selected_ids() == [segment.id]


def test_export_report_offers_the_plan_from_analyze(
    qtbot: QtBot, ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded(ws)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    window.show_view("analyze")
    seen: list[ReportDialog] = []

    def look(dialog: ReportDialog) -> int:
        seen.append(dialog)
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(ReportDialog, "exec", look)
    window.menus.report_action.trigger()
    assert seen and seen[0].across.isChecked() and seen[0].plan_id == window.analyze.plan_id
    assert window.menus.report_action.shortcut().toString() == "Ctrl+Shift+R"


def test_analyze_shown_reads_again_when_an_operation_changes_what_it_analyses(
    qtbot: QtBot, ws: Workspace
) -> None:
    _rehearsal, flags = recorded(ws)
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    window.show_view("analyze")
    settled(qtbot, window.analyze)
    assert window.analyze.analysis is not None
    assert len(window.analyze.analysis.obs.flags) == len(flags)
    ws.review.edit_flag(flags[0].id, category="audio")  # Review's edit, heard as Changes
    assert window.analyze.busy  # debounced, then read off the UI thread
    settled(qtbot, window.analyze)
    categories = {f.category for f in window.analyze.analysis.obs.flags}
    assert "audio" in categories
    ws.set_launch_rules(retiming_rule="median")  # Preferences
    settled(qtbot, window.analyze)
    assert window.analyze.analysis.retiming.rule == "median"
