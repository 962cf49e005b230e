from __future__ import annotations

import argparse
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.plan_table import PlanTableModel

from rehearsal import Workspace
from rehearsal.demo import write_demo


def test_window_shows_the_latest_revision(qtbot: QtBot, tmp_path: Path) -> None:
    with Workspace.open(write_demo(tmp_path / "demo.rehearsal")) as ws:
        window = MainWindow(ws)
        qtbot.addWidget(window)
        model = window.plan_model
        latest = ws.plans(ws.programs()[0].id)[-1]
        assert model.rowCount() == len(latest.segments)
        assert model.index(0, 2).data() == latest.segments[0].title
        assert model.index(1, 1).data() == "09:05"  # planned start from the plan's start time
        assert "revision 2" in window.plan_title.text()
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
        window.show_view("review")
        assert window.views.currentIndex() == 2


def test_plan_table_model_passes_qtmodeltester(qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with Workspace.open(write_demo(tmp_path / "demo.rehearsal")) as ws:
        model = PlanTableModel(ws.plans(ws.programs()[0].id)[0])
        qtmodeltester.check(model)


def test_screenshot_option_renders_a_png(tmp_path: Path) -> None:
    from rehearsal_ui.app import launch

    shot = tmp_path / "design.png"
    args = argparse.Namespace(db=None, demo=True, view="design", screenshot=str(shot))
    assert launch(args) == 0
    assert shot.read_bytes()[:4] == b"\x89PNG"
