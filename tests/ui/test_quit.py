"""Quitting after a long session never crashes, and the start after a crash says so."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from plans import small_draft
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from rehearsal import Workspace
from rehearsal.clock import FakeClock
from rehearsal.crashlog import fault_log_path
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.shell.settings import load_settings

SESSION = Path(__file__).with_name("long_session.py")
# What the offscreen platform says of any window: not the app's doing.
PLATFORM = ("does not support propagateSizeHints", "does not support raise()")


def test_a_long_session_quits_with_ctrl_q_without_a_crash_or_a_qt_warning(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONFAULTHANDLER": "1"}
    done = subprocess.run(
        [sys.executable, str(SESSION), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
    )
    said = [line for line in done.stderr.splitlines() if not any(p in line for p in PLATFORM)]
    assert done.returncode == 0, f"exit {done.returncode}:\n" + "\n".join(said[-40:])
    assert done.stdout.splitlines()[-1:] == ["SESSION OK"]
    assert said == [], "\n".join(said)
    assert not fault_log_path().exists() or fault_log_path().stat().st_size == 0


def when_dialog_opens(answer: Callable[[QMessageBox], None], seen: list[str]) -> None:
    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QMessageBox):
            QTimer.singleShot(10, handle)
            return
        seen.append(dialog.text())
        answer(dialog)

    QTimer.singleShot(0, handle)


def click(text: str) -> Callable[[QMessageBox], None]:
    return lambda box: next(b for b in box.buttons() if b.text().replace("&", "") == text).click()


@pytest.mark.parametrize("running", [True, False])
def test_the_start_after_a_crash_says_so_once(
    qtbot: QtBot, ws: Workspace, running: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = ws.add_plan(small_draft())
    if running:  # a rehearsal was running when the app crashed
        ws.start_rehearsal(plan.id, clock=FakeClock()).next()
    fault_log_path().parent.mkdir(parents=True, exist_ok=True)
    fault_log_path().write_text("Fatal Python error: Segmentation fault\n\nThread 0x1 …\n")
    opened: list[str] = []
    monkeypatch.setattr(
        "rehearsal_ui.shell.fault_notice.QDesktopServices.openUrl",
        lambda url: opened.append(url.toLocalFile()) or True,
    )
    window = MainWindow(ws)
    qtbot.addWidget(window)
    seen: list[str] = []
    when_dialog_opens(click("Open the log"), seen)
    if running:
        when_dialog_opens(click("Close as abandoned"), seen)
    window.after_start()
    assert seen[0].startswith("Rehearsal stopped unexpectedly the last time it ran.")
    assert ("The rehearsal that was running can be resumed" in seen[0]) is running
    assert opened == [str(fault_log_path())]
    if running:
        assert "interrupted" in seen[1]  # the resume offer follows
    assert load_settings().fault_log_seen == fault_log_path().stat().st_size

    again = MainWindow(ws)  # the next start: nothing new in the log, nothing said
    qtbot.addWidget(again)
    before = len(seen)
    again.after_start()
    assert len(seen) == before
