"""The launch: what the first painted window costs, and the hook that times it."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication

from rehearsal_ui.app import EXIT_AFTER_PAINT_ENV, launch
from rehearsal_ui.main_window import MainWindow

# What the first painted window (the Design view) does not need, so does not import.
NOT_AT_LAUNCH = (
    "sqlite_utils",  # storage is plain sqlite3
    "rehearsal.cli.analysis",  # the commands' parsers: built when a command is given
    "rehearsal.cli.report",
    "rehearsal.analysis",  # what `rehearsal stats` and the Analyze view compute
    "rehearsal.plans.revision_diff",  # `rehearsal diff`
    "openpyxl",  # plan files as XLSX
    "rehearsal.formats.sheet_xlsx",
    "rehearsal.formats.sheet_csv",  # the readers and writers: imported to read or write
    "rehearsal.formats.ontime_json",
    "rehearsal_ui.review",  # the Review view and its timeline
    "rehearsal_ui.analyze",  # the Analyze view and its charts
    "rehearsal.reports",  # reports: built on demand
    "rehearsal_ui.reports",  # the report dialog and PDF writer
)

LAUNCH = f"""
import os, sys
os.environ[{EXIT_AFTER_PAINT_ENV!r}] = "1"
from rehearsal.cli.main import main
assert main(["--demo"]) == 0
print("imported", *sorted(sys.modules))
"""


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


def test_the_first_painted_window_imports_only_what_it_shows() -> None:
    """As every launch but the very first, which writes the demo once (its evidence read
    by the readers) before opening it."""
    for _launch in ("first: writes the demo", "then: opens it"):
        done = subprocess.run(
            [sys.executable, "-c", LAUNCH],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        assert done.returncode == 0, done.stderr
    [painted] = [line for line in done.stdout.splitlines() if line.startswith("painted_ns=")]
    [imported] = [
        line.split()[1:] for line in done.stdout.splitlines() if line.startswith("imported")
    ]
    assert painted and "rehearsal_ui.design.view" in imported
    early = [m for m in imported if any(m == n or m.startswith(f"{n}.") for n in NOT_AT_LAUNCH)]
    assert early == []


def test_the_main_window_does_not_import_sqlite_utils() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys, rehearsal_ui.main_window; print(*sorted(sys.modules))"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    imported = done.stdout.split()
    assert "rehearsal_ui.main_window" in imported and "rehearsal.storage.database" in imported
    assert [m for m in imported if m.split(".")[0] == "sqlite_utils"] == []
