from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from rehearsal import Workspace
from rehearsal.errors import ColumnsNotRecognised
from rehearsal.formats import read_plan
from rehearsal_ui.exchange import import_flow
from rehearsal_ui.exchange.import_flow import ColumnMappingDialog
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


def _error(path: Path) -> ColumnsNotRecognised:
    with pytest.raises(ColumnsNotRecognised) as caught:
        read_plan(path)
    return caught.value


def test_mapping_dialog_previews_what_will_be_imported(qtbot: QtBot, sheet: Path) -> None:
    dialog = ColumnMappingDialog(sheet, _error(sheet))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and "titles" in dialog.status.text()
    dialog.choices["title"].setFocus()
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        qtbot.keyClicks(dialog.choices["title"], "Ohjelma")  # type-ahead picks the column
    assert dialog.choices["title"].currentText() == "Ohjelma"
    assert not ok.isEnabled() and "duration" in dialog.status.text()  # no duration yet
    dialog.choices["duration"].setCurrentText("Kesto")
    assert not ok.isEnabled() and dialog.status.text() == "Reading agenda.csv with these columns…"
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        pass
    assert ok.isEnabled()
    assert dialog.preview.rowCount() == 3
    assert dialog.preview.item(2, 0).text() == "Breakout"
    assert dialog.preview.item(2, 1).text() == "15:00"
    assert dialog.status.text().startswith("3 segments, 24:00 planned")
    assert dialog.mapping() == {"title": "Ohjelma", "duration": "Kesto"}


def test_import_asks_for_a_mapping_then_stores_the_plan(
    qtbot: QtBot, sheet: Path, ws_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def choose(dialog: ColumnMappingDialog) -> int:
        dialog.choices["title"].setCurrentText("Ohjelma")
        dialog.choices["duration"].setCurrentText("Kesto")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ColumnMappingDialog, "exec", choose)
    with Workspace.open(ws_path) as ws:
        window = MainWindow(ws)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.plan_files.import_path(sheet).done, timeout=10_000):
            pass
        [program] = ws.programs()
        [plan] = ws.plans(program.id)
        assert [s.title for s in plan.segments] == ["Welcome", "Poll", "Breakout"]
        assert window.design.model.rowCount() == 3
        assert "agenda" in window.design.title.text().lower()


def test_cancelled_mapping_imports_nothing(
    qtbot: QtBot,
    sheet: Path,
    ws_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    runner: Runner,
    finished: Finished,
) -> None:
    monkeypatch.setattr(ColumnMappingDialog, "exec", lambda _: QDialog.DialogCode.Rejected.value)
    with Workspace.open(ws_path) as ws:
        assert finished(import_flow.import_file(ws, sheet, runner=runner)) is None
        assert ws.programs() == []


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
        qtbot.waitUntil(lambda: [p.name for p in ws.programs()] == ["show"], timeout=10_000)


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
    real_read = import_flow.import_draft

    def noted(path: Path, **given: Any) -> Any:
        threads.append("read on the UI thread" if threading.get_ident() == UI else "pool")
        return real_read(path, **given)

    monkeypatch.setattr(import_flow, "import_draft", noted)
    stored: list[str] = []
    ws.changes.subscribe(
        lambda changes: stored.append("pool" if threading.get_ident() != UI else "UI")
    )
    task = import_flow.import_file(ws, path, runner=runner)
    assert ws.programs() == []  # not yet: it is being read
    plan = finished(task)
    assert plan is not None and [s.title for s in plan.segments] == ["Welcome", "Close"]
    assert threads == ["pool"] and stored == ["UI"]


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
    real_read = import_flow.import_draft

    def slow(path: Path, **given: Any) -> Any:
        assert cancelled.wait(10)  # a workbook that takes a while
        return real_read(path, **given)

    monkeypatch.setattr(import_flow, "import_draft", slow)
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


def test_a_mapping_already_previewed_is_not_read_again(
    qtbot: QtBot,
    sheet: Path,
    ws: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    runner: Runner,
    finished: Finished,
) -> None:
    reads: list[object] = []
    real_read = import_flow.import_draft

    def counted(path: Path, **given: Any) -> Any:
        reads.append(given.get("mapping"))
        return real_read(path, **given)

    def choose(dialog: ColumnMappingDialog) -> int:
        dialog.choices["title"].setCurrentText("Ohjelma")
        with qtbot.waitSignal(dialog.previewed, timeout=10_000):
            dialog.choices["duration"].setCurrentText("Kesto")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(import_flow, "import_draft", counted)
    monkeypatch.setattr(ColumnMappingDialog, "exec", choose)
    plan = finished(import_flow.import_file(ws, sheet, runner=runner))
    assert plan is not None and [s.title for s in plan.segments] == ["Welcome", "Poll", "Breakout"]
    assert plan.source == "agenda.csv" and ws.program(plan.program_id).name == "Agenda for Tuesday"
    assert reads == [None]  # the first reading asked for the mapping; the preview's draft is stored


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
        with qtbot.waitSignal(window.plan_files.import_path(path).done, timeout=10_000):
            pass
        box = window.plan_files.notes_box
        assert box is not None and box.isVisible() and not box.isModal()
        assert "row 3 is Windows-1252" in box.text() and "mixed.csv" in box.text()
        box.close()
