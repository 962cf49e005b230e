"""The launch: the hook that times it."""

from __future__ import annotations

import argparse

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication

from rehearsal_ui.app import EXIT_AFTER_PAINT_ENV, launch
from rehearsal_ui.main_window import MainWindow


def test_exit_after_paint_prints_the_time_and_exits(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(EXIT_AFTER_PAINT_ENV, "1")
    guard = QTimer()  # without the hook the app would run until this ends it
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: QApplication.exit(1))
    guard.start(30_000)
    args = argparse.Namespace(db=None, demo=True, view=None, screenshot=None, appearance=None)
    try:
        assert launch(args) == 0, "the app did not exit after its first paint"
    finally:
        guard.stop()
        for window in QApplication.topLevelWidgets():
            if isinstance(window, MainWindow):
                window.hide()
                window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    [line] = [line for line in capsys.readouterr().out.splitlines() if "painted" in line]
    assert line.startswith("painted_ns=") and int(line.removeprefix("painted_ns=")) > 0
