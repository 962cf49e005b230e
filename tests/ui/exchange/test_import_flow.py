from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from rehearsal import Workspace
from rehearsal.formats import write_plan
from rehearsal.formats.sheet_columns import Field
from rehearsal.model import PlanDraft, Segment
from rehearsal_ui.exchange import import_flow
from rehearsal_ui.exchange.import_flow import PlanImport
from rehearsal_ui.exchange.mapping_dialog import ColumnMappingDialog
from rehearsal_ui.exchange.progress import WorkProgress
from rehearsal_ui.exchange.task import Task
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.shell.worker import Runner

Finished = Callable[[Task | None], Any]  # waits for a task, returns what it came to
UI = threading.get_ident()

SHEET = "Agenda for Tuesday\nOhjelma,Kesto,Who\nWelcome,5,Dana\nPoll,4,Sam\nBreakout,15,All\n"


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "agenda.csv"
    path.write_text(SHEET, encoding="utf-8")
    return path


def _dialog(qtbot: QtBot, task: PlanImport | None = None) -> ColumnMappingDialog:
    """The mapping dialog an import opened, once its first preview is shown."""

    def opened() -> ColumnMappingDialog | None:
        if task is not None:
            return task.dialog
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, ColumnMappingDialog)]
        return next((w for w in shown if w.isVisible()), None)

    qtbot.waitUntil(lambda: opened() is not None, timeout=10_000)
    dialog = opened()
    assert dialog is not None
    qtbot.waitUntil(lambda: "Reading" not in dialog.status.text(), timeout=10_000)
    return dialog


def test_every_sheet_import_shows_the_mapping_first_and_stores_on_import(
    qtbot: QtBot, tmp_path: Path, ws_path: Path
) -> None:
    """Even a sheet whose every column is recognised: the person sees the guess first."""
    path = tmp_path / "show.csv"
    path.write_text("Title,Duration,Speaker\nWelcome,5,Ana\nBreakout 1,15,Learners\n")
    with Workspace.open(ws_path) as ws:
        window = MainWindow(ws)
        qtbot.addWidget(window)
        task = window.plan_files.import_path(path)
        dialog = _dialog(qtbot, task)
        assert dialog.isVisible() and dialog.isModal() and ws.programs() == []
        assert dialog.summary.text() == "Recognised 3 of 3 columns."
        assert dialog.reading is not None
        with qtbot.waitSignal(task.done, timeout=10_000):
            dialog.accept()
        [program] = ws.programs()
        [plan] = ws.plans(program.id)
        assert [(s.title, s.lead_person) for s in plan.segments] == [
            ("Welcome", "Ana"),
            ("Breakout 1", ""),
        ]
        assert window.design.model.rowCount() == 2
        box = window.plan_files.notes_box  # the type the title gave, said after the import
        assert box is not None and "type guessed from the title for 1 row" in box.text()
        box.close()


def test_a_mapping_chosen_in_the_dialog_is_the_one_stored(
    qtbot: QtBot, sheet: Path, ws: Workspace, runner: Runner, finished: Finished
) -> None:
    task = import_flow.import_file(ws, sheet, runner=runner)
    assert isinstance(task, PlanImport)
    dialog = _dialog(qtbot, task)
    dialog.choices[Field.TITLE].setCurrentText("Ohjelma")
    dialog.choices[Field.DURATION].setCurrentText("Kesto")
    qtbot.waitUntil(lambda: dialog.reading is not None, timeout=10_000)
    dialog.accept()
    plan = finished(task)
    assert [(s.title, s.planned_s, s.lead_person) for s in plan.segments] == [
        ("Welcome", 300, "Dana"),
        ("Poll", 240, "Sam"),
        ("Breakout", 900, ""),
    ]
    assert plan.source == "agenda.csv" and ws.program(plan.program_id).name == "Agenda for Tuesday"


def test_cancelled_mapping_imports_nothing(
    qtbot: QtBot, sheet: Path, ws: Workspace, runner: Runner
) -> None:
    task = import_flow.import_file(ws, sheet, runner=runner)
    assert isinstance(task, PlanImport)
    dialog = _dialog(qtbot, task)
    with qtbot.waitSignal(task.done) as done:
        dialog.reject()
    assert done.args == [None]
    assert ws.programs() == []


def test_a_json_plan_imports_without_the_dialog(
    qtbot: QtBot, tmp_path: Path, ws: Workspace, runner: Runner, finished: Finished
) -> None:
    path = tmp_path / "plan.json"
    write_plan(PlanDraft(name="Native", segments=(Segment("s1", "Welcome", 300),)), path)
    task = import_flow.import_file(ws, path, runner=runner)
    plan = finished(task)
    assert plan is not None and [s.title for s in plan.segments] == ["Welcome"]
    assert isinstance(task, PlanImport) and task.dialog is None


def test_bad_file_is_explained_and_changes_nothing(
    qtbot: QtBot, tmp_path: Path, ws_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: told.append(text))
    bad = tmp_path / "plan.xlsx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with Workspace.open(ws_path) as ws:
        window = MainWindow(ws)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.plan_files.import_path(bad).done, timeout=10_000) as done:
            pass
        assert done.args == [None]
        assert ws.programs() == []
    assert len(told) == 1 and "plan.xlsx" in told[0] and "Nothing was imported" in told[0]


def test_dropping_a_file_imports_it(qtbot: QtBot, tmp_path: Path, ws_path: Path) -> None:
    path = tmp_path / "show.csv"
    path.write_text("Title,Duration\nWelcome,5\nClose,3\n", encoding="utf-8")
    with Workspace.open(ws_path) as ws:
        window = MainWindow(ws)
        qtbot.addWidget(window)
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        event = QDropEvent(
            QPoint(10, 10),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        window.dropEvent(event)
        _dialog(qtbot).accept()
        qtbot.waitUntil(lambda: [p.name for p in ws.programs()] == ["show"], timeout=10_000)
        # and the window shows it (the import's end reaches the window after the store)
        qtbot.waitUntil(lambda: window.design.plan is not None, timeout=10_000)


def test_the_file_is_read_off_the_ui_thread_and_stored_on_it(
    qtbot: QtBot,
    tmp_path: Path,
    ws: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    runner: Runner,
    finished: Finished,
) -> None:
    path = tmp_path / "show.csv"
    path.write_text("Title,Duration\nWelcome,5\nClose,3\n", encoding="utf-8")
    threads: list[str] = []
    real_read = import_flow.read_for_import

    def noted(path: Path) -> Any:
        threads.append("read on the UI thread" if threading.get_ident() == UI else "pool")
        return real_read(path)

    monkeypatch.setattr(import_flow, "read_for_import", noted)
    stored: list[str] = []
    ws.changes.subscribe(
        lambda changes: stored.append("pool" if threading.get_ident() != UI else "UI")
    )
    task = import_flow.import_file(ws, path, runner=runner)
    assert ws.programs() == []  # not yet: it is being read
    assert isinstance(task, PlanImport)
    dialog = _dialog(qtbot, task)
    assert threads == ["pool"]
    dialog.accept()
    plan = finished(task)
    assert plan is not None and [s.title for s in plan.segments] == ["Welcome", "Close"]
    assert stored == ["UI"]


def test_an_import_cancelled_while_reading_stores_nothing(
    qtbot: QtBot,
    tmp_path: Path,
    ws: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    runner: Runner,
    finished: Finished,
) -> None:
    path = tmp_path / "big.csv"
    path.write_text("Title,Duration\nWelcome,5\n", encoding="utf-8")
    cancelled = threading.Event()
    real_read = import_flow.read_for_import

    def slow(path: Path) -> Any:
        assert cancelled.wait(10)  # a workbook that takes a while
        return real_read(path)

    monkeypatch.setattr(import_flow, "read_for_import", slow)
    made: list[WorkProgress] = []

    class Noted(WorkProgress):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            made.append(self)

    monkeypatch.setattr(import_flow, "WorkProgress", Noted)
    task = import_flow.import_file(ws, path, runner=runner)
    [progress] = made
    assert progress.labelText() == "Reading big.csv…"
    qtbot.waitUntil(progress.isVisible)  # it takes more than half a second
    with qtbot.waitSignal(task.done) as done:
        progress.button.click()
    assert done.args == [None]  # at once, while the file is still being read
    cancelled.set()
    assert runner.wait()
    assert ws.programs() == []  # what was read was dropped
    assert isinstance(task, PlanImport) and task.dialog is None  # and no dialog came


def test_a_sheet_is_read_once_and_the_previewed_plan_stored(
    qtbot: QtBot,
    sheet: Path,
    ws: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    runner: Runner,
    finished: Finished,
) -> None:
    """The file is parsed once; each choice is read from its rows in memory, and the plan
    previewed last is the one stored."""
    opened: list[Path] = []
    real_open = import_flow.open_sheet

    def counted(path: Path) -> Any:
        opened.append(path)
        return real_open(path)

    monkeypatch.setattr(import_flow, "open_sheet", counted)
    task = import_flow.import_file(ws, sheet, runner=runner)
    assert isinstance(task, PlanImport)
    dialog = _dialog(qtbot, task)
    dialog.choices[Field.TITLE].setCurrentText("Ohjelma")
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        dialog.choices[Field.DURATION].setCurrentText("Kesto")
    previewed = dialog.reading
    assert previewed is not None
    dialog.accept()
    plan = finished(task)
    assert [s.id for s in plan.segments] == [s.id for s in previewed.draft.segments]
    assert opened == [sheet]


def test_what_a_file_read_loosely_is_shown_after_the_import(
    qtbot: QtBot, tmp_path: Path, ws_path: Path
) -> None:
    """The plan's warnings (here: rows of two encodings) reach the person, without a modal
    box in the way: the plan is stored already."""
    path = tmp_path / "mixed.csv"
    path.write_bytes("Title,Duration\r\nCafé,5\r\n".encode() + "Thé,5\r\n".encode("cp1252"))
    with Workspace.open(ws_path) as ws:
        window = MainWindow(ws)
        qtbot.addWidget(window)
        task = window.plan_files.import_path(path)
        with qtbot.waitSignal(task.done, timeout=10_000):
            _dialog(qtbot, task).accept()
        box = window.plan_files.notes_box
        assert box is not None and box.isVisible() and not box.isModal()
        assert "row 3 is Windows-1252" in box.text() and "mixed.csv" in box.text()
        box.close()
