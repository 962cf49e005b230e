from __future__ import annotations

from pathlib import Path

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
from rehearsal_ui.main_window import MainWindow

SHEET = "Agenda for Tuesday\nWhat,How long,Who\nWelcome,5,Dana\nPoll,4,Sam\nBreakout,15,All\n"


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
    qtbot.keyClicks(dialog.choices["title"], "What")  # type-ahead picks the column
    assert dialog.choices["title"].currentText() == "What"
    assert not ok.isEnabled()  # no duration yet
    dialog.choices["duration"].setCurrentText("How long")
    assert ok.isEnabled()
    assert dialog.preview.rowCount() == 3
    assert dialog.preview.item(2, 0).text() == "Breakout"
    assert dialog.preview.item(2, 1).text() == "15:00"
    assert dialog.status.text().startswith("3 segments, 24:00 planned")
    assert dialog.mapping() == {"title": "What", "duration": "How long"}


def test_import_asks_for_a_mapping_then_stores_the_plan(
    qtbot: QtBot, sheet: Path, ws_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def choose(dialog: ColumnMappingDialog) -> int:
        dialog.choices["title"].setCurrentText("What")
        dialog.choices["duration"].setCurrentText("How long")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ColumnMappingDialog, "exec", choose)
    with Workspace.open(ws_path) as ws:
        window = MainWindow(ws)
        qtbot.addWidget(window)
        window.plan_files.import_path(sheet)
        [program] = ws.programs()
        [plan] = ws.plans(program.id)
        assert [s.title for s in plan.segments] == ["Welcome", "Poll", "Breakout"]
        assert window.design.model.rowCount() == 3
        assert "agenda" in window.design.title.text().lower()


def test_cancelled_mapping_imports_nothing(
    qtbot: QtBot, sheet: Path, ws_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ColumnMappingDialog, "exec", lambda _: QDialog.DialogCode.Rejected.value)
    with Workspace.open(ws_path) as ws:
        assert import_flow.import_file(ws, sheet) is None
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
        window.plan_files.import_path(bad)
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
        assert [p.name for p in ws.programs()] == ["show"]
