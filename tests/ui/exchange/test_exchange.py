"""The File menu's exchange commands in the main window: export, import, sync."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from qt_helpers import show_active
from reviewing import recorded

from rehearsal import Workspace
from rehearsal.exchange.shared_folder import SyncReport, set_shared_folder
from rehearsal_ui.exchange import pack_flow
from rehearsal_ui.main_window import MainWindow


@pytest.fixture
def quiet(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(
            QMessageBox, kind, lambda parent, title, text, *a, **k: said.append(text)
        )
    return said


def open_window(qtbot: QtBot, ws: Workspace) -> MainWindow:
    window = MainWindow(ws)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    return window


def test_export_from_review_and_import_elsewhere(
    qtbot: QtBot, tmp_path: Path, quiet: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "handed.rehearsalpack"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(target)], ""))
    with Workspace.open(tmp_path / "lead.rehearsal") as lead:
        rehearsal, _ = recorded(lead)
        window = open_window(qtbot, lead)
        window.review.show_rehearsal(rehearsal.id)
        window.exchange.export_pack.trigger()
        assert target.exists()
        window.close()
    with Workspace.open(tmp_path / "other.rehearsal") as other:
        window = open_window(qtbot, other)
        assert window.navigator.model().rowCount() == 0
        with qtbot.waitSignal(window.exchange.runner.idle, timeout=20_000):
            window.exchange.import_packs.trigger()
        assert [r.id for r in other.rehearsals()] == [rehearsal.id]
        # the navigator lists it again once the operation is over (its Changes)
        qtbot.waitUntil(lambda: window.navigator.model().rowCount() == 1)
        window.close()


def test_packs_the_app_was_opened_with_are_merged_without_asking(
    qtbot: QtBot, tmp_path: Path, quiet: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from rehearsal.exchange.packs import export_pack

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: pytest.fail("asked"))
    with Workspace.open(tmp_path / "lead.rehearsal") as lead:
        rehearsal, _ = recorded(lead)
        pack = export_pack(lead, rehearsal.id, tmp_path / "handed.rehearsalpack")
    with Workspace.open(tmp_path / "other.rehearsal") as other:
        window = open_window(qtbot, other)
        task = window.exchange.import_files([pack])  # `rehearsal handed.rehearsalpack`
        assert task is not None
        with qtbot.waitSignal(task.done, timeout=20_000):
            pass
        assert [r.id for r in other.rehearsals()] == [rehearsal.id]
        qtbot.waitUntil(lambda: window.navigator.model().rowCount() == 1)
        assert quiet and "new rehearsal" in quiet[0]  # the summary is shown
        window.close()


def test_sync_now_and_on_start_through_the_shared_folder(
    qtbot: QtBot, tmp_path: Path, quiet: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[int] = []
    real_sync = pack_flow.sync

    def noted(ws: Workspace, **given: Any) -> SyncReport:
        threads.append(threading.get_ident())
        return real_sync(ws, **given)

    monkeypatch.setattr(pack_flow, "sync", noted)
    folder = tmp_path / "shared"
    folder.mkdir()
    with Workspace.open(tmp_path / "one.rehearsal") as one:
        rehearsal, _ = recorded(one)
        window = open_window(qtbot, one)
        assert not window.exchange.sync_now.isEnabled()  # no folder yet
        set_shared_folder(one, folder)
        window.reload()
        assert window.exchange.sync_now.isEnabled()
        with qtbot.waitSignal(window.exchange.runner.idle, timeout=20_000):
            window.exchange.sync_now.trigger()
        assert len(list(folder.iterdir())) == 1 and quiet  # a summary was shown
        window.close()
    with Workspace.open(tmp_path / "two.rehearsal") as two:
        set_shared_folder(two, folder)
        window = open_window(qtbot, two)
        said = len(quiet)
        job = window.exchange.sync_on_start()
        assert job is not None
        assert window.exchange.sync_on_start() is None  # not two at once
        assert window.statusBar().currentMessage() == "The shared folder is being synced already."
        with qtbot.waitSignal(job.finished, timeout=20_000):
            pass
        assert [r.id for r in two.rehearsals()] == [rehearsal.id]
        assert len(quiet) == said  # on start: the status bar, no dialog
        assert "Shared folder" in window.statusBar().currentMessage()
        qtbot.waitUntil(lambda: window.navigator.model().rowCount() == 1)
        window.close()
    assert len(threads) == 2 and threading.get_ident() not in threads  # both on the pool


def test_closing_stops_a_sync_after_its_current_file_and_waits_for_it(
    qtbot: QtBot, tmp_path: Path, quiet: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    with Workspace.open(tmp_path / "one.rehearsal") as one:
        recorded(one)
        recorded(one)
        set_shared_folder(one, folder)
        window = open_window(qtbot, one)
        real_sync = pack_flow.sync
        stepped = threading.Event()
        go_on = threading.Event()

        def gated(ws: Workspace, **given: Any) -> SyncReport:
            progress = given["progress"]

            def step(done: int, total: int, text: str) -> None:
                progress(done, total, text)
                stepped.set()
                assert go_on.wait(10)  # the first file takes a while

            return real_sync(ws, **{**given, "progress": step})

        monkeypatch.setattr(pack_flow, "sync", gated)
        job = window.exchange.sync_on_start()
        assert job is not None and stepped.wait(10)
        window.exchange.runner.cancel()  # what close() does first, then it waits
        go_on.set()
        window.exchange.close()
        assert not window.exchange.runner.running()
        assert list(folder.iterdir()) == []  # stopped before writing the first pack
        window.close()
