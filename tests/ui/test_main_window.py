from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from qt_helpers import show_active

from rehearsal import Workspace
from rehearsal.demo import write_demo
from rehearsal_ui.main_window import MainWindow


def test_window_shows_the_latest_revision(qtbot: QtBot, tmp_path: Path) -> None:
    with Workspace.open(write_demo(tmp_path / "demo.rehearsal")) as ws:
        window = MainWindow(ws)
        qtbot.addWidget(window)
        latest = ws.plans(ws.programs()[0].id)[-1]
        assert window.design.plan == latest
        assert "revision 2" in window.design.title.text()
        program = window.tree.item(0)
        assert program.text() == ws.programs()[0].name
        assert program.child(0).text().startswith("Revision 2 · 12 segments · 5 rehearsals")
        revision = program.child(0)
        assert revision.rowCount() == 5  # its rehearsals, each saying how it ended
        endings = [revision.child(i).text().rsplit(" · ", 1)[1] for i in range(5)]
        assert sorted(endings) == [
            "click-through",
            "complete",
            "complete",
            "complete",
            "stopped early",
        ]
        show_active(qtbot, window)
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
        assert window.views.currentIndex() == 2
        assert window.commands.views[2].isChecked()


def test_every_command_is_in_a_menu_with_a_shortcut(qtbot: QtBot, tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "w.rehearsal") as ws:
        window = MainWindow(ws)
        qtbot.addWidget(window)
        in_menus = {a for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()}
        for name in (
            "new_program",
            "open_workspace",
            "import_plan",
            "export_plan",
            "undo",
            "redo",
            "find",
            "preferences",
            "quit",
            "plan_properties",
        ):
            action = getattr(window.commands, name)
            assert action in in_menus, name
            assert not action.shortcut().isEmpty(), name
        shortcuts = [
            s.toString()
            for a in window.findChildren(type(window.commands.undo))
            for s in a.shortcuts()
        ]
        assert len(shortcuts) == len(set(shortcuts)), "a shortcut is bound twice"


def test_open_workspace_refuses_a_locked_one(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: told.append(text))
    other = tmp_path / "other.rehearsal"
    with Workspace.open(tmp_path / "w.rehearsal") as ws, Workspace.open(other):
        window = MainWindow(ws)
        qtbot.addWidget(window)
        assert not window.open_workspace(other)
        assert window.ws is ws and "already open" in told[0]


def test_open_workspace_switches_and_remembers(qtbot: QtBot, tmp_path: Path) -> None:
    other = write_demo(tmp_path / "demo.rehearsal")
    ws = Workspace.open(tmp_path / "w.rehearsal")
    window = MainWindow(ws)
    qtbot.addWidget(window)
    assert window.design.plan is None
    assert window.open_workspace(other)
    assert window.design.plan is not None and window.windowTitle().endswith("demo.rehearsal")
    assert window.settings.recent_workspaces[0] == str(other)
    window.ws.close()


@pytest.mark.parametrize("view", ["design", "rehearse", "review", "analyze"])
def test_screenshot_option_renders_each_view(tmp_path: Path, view: str) -> None:
    from rehearsal_ui.app import launch

    shot = tmp_path / f"{view}.png"
    args = argparse.Namespace(db=None, demo=True, view=view, screenshot=str(shot), appearance=None)
    assert launch(args) == 0
    assert shot.read_bytes()[:4] == b"\x89PNG"


def test_review_and_analyze_are_built_when_first_shown_on_the_plan_chosen(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with Workspace.open(write_demo(tmp_path / "demo.rehearsal")) as ws:
        window = MainWindow(ws)
        qtbot.addWidget(window)
        show_active(qtbot, window)
        assert not window.review_page.is_built and not window.analyze_page.is_built
        first, latest = ws.plans(ws.programs()[0].id)
        window.reload(select_plan=latest.id)
        window.reload(select_plan=first.id)  # revision 1 chosen before Review was ever shown
        assert not window.review_page.is_built
        window.show_view("review")
        assert window.review_page.is_built and window.review.plan_id == first.id
        shown = window.review.rehearsal_id
        assert shown is not None and ws.rehearsal(shown).plan_id == first.id
        window.show_view("analyze")
        assert window.analyze.plan_id == first.id
