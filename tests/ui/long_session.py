"""A long scripted session of the desktop app, run as a program (`test_quit.py` runs it in
a subprocess, so a crash fails that test instead of killing pytest).

Every view (Analyze's tabs all built), a rehearsal driven from the presenter window, the
appearance switched back and forth with the presenter window open and full screen,
another workspace opened, a second rehearsal left running, and Ctrl+Q. Every Qt message
is printed to stderr as `Qt <kind>: <message>`; the last line on stdout is `SESSION OK`
when the script got through. Usage: long_session.py FOLDER (the workspaces go there; the
caller isolates the user's settings and logs).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QMessageLogContext, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from rehearsal.demo import write_demo
from rehearsal_ui.app import launch
from rehearsal_ui.main_window import MainWindow
from rehearsal_ui.shell.application import application
from rehearsal_ui.shell.theme import apply_appearance

KEY_PAUSE_MS = 350  # past the live screen's double-press window


def report(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    print(f"Qt {kind.name}: {message}", file=sys.stderr, flush=True)


def answer_next_dialog() -> None:
    """Accept the next modal dialog (the start dialog; Yes to a question) once it is up."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, answer)
        elif isinstance(dialog, QMessageBox):
            yes = dialog.button(QMessageBox.StandardButton.Yes)
            (yes.click if yes is not None else dialog.accept)()
        elif isinstance(dialog, QDialog):
            dialog.accept()

    QTimer.singleShot(0, answer)


def main_window() -> MainWindow:
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))


def every_view(window: MainWindow) -> None:
    for name in ("design", "rehearse", "review", "analyze"):
        window.show_view(name)
        window.finish_pending_work()
    window.analyze.ensure_built()
    for i in range(window.analyze.tabs.count()):
        window.analyze.tabs.setCurrentIndex(i)
        window.finish_pending_work()
    QApplication.processEvents()


def switch_appearance(app: QApplication, *modes: str) -> None:
    for mode in modes:
        apply_appearance(app, mode)
        QApplication.processEvents()


def script(app: QApplication, other: Path) -> list[Callable[[], None]]:
    def views() -> None:
        every_view(main_window())

    def rehearse_from_the_presenter() -> None:
        window = main_window()
        window.show_view("rehearse")
        answer_next_dialog()
        window.rehearse.start()
        window.toggle_presenter()
        presenter = window.presenter
        assert presenter is not None
        for _ in range(4):
            QTest.keyClick(presenter, Qt.Key.Key_Space)
            QTest.qWait(KEY_PAUSE_MS)

    def themes() -> None:
        window = main_window()
        presenter = window.presenter
        assert presenter is not None
        switch_appearance(app, "dark", "light", "dark")
        presenter.full_screen_on(presenter.screen().name())
        switch_appearance(app, "system", "light", "dark")
        window.toggle_presenter()
        window.toggle_presenter()
        every_view(window)
        switch_appearance(app, "light")

    def finish() -> None:
        window = main_window()
        presenter = window.presenter
        assert presenter is not None
        answer_next_dialog()
        QTest.keyClick(presenter, Qt.Key.Key_Escape)  # finish, from the presenter window
        assert window.rehearse.run is None

    def another_workspace() -> None:
        window = main_window()
        assert window.open_workspace(other)
        every_view(window)
        switch_appearance(app, "dark", "light")

    def leave_one_running() -> None:
        window = main_window()
        window.show_view("rehearse")
        answer_next_dialog()
        window.rehearse.start()
        QTest.keyClick(window.rehearse, Qt.Key.Key_Space)
        switch_appearance(app, "dark")

    def quit_with_ctrl_q() -> None:
        window = main_window()
        window.activateWindow()
        QTest.qWaitForWindowActive(window, 2000)
        answer_next_dialog()  # "Quit while the rehearsal is running?" Yes
        print("SESSION OK", flush=True)
        QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        QTimer.singleShot(5000, lambda: app.exit(3))  # Ctrl+Q did not quit

    return [
        views,
        rehearse_from_the_presenter,
        themes,
        finish,
        another_workspace,
        leave_one_running,
        quit_with_ctrl_q,
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    folder = parser.parse_args().folder
    qInstallMessageHandler(report)
    first, other = folder / "first.rehearsal", folder / "other.rehearsal"
    write_demo(first)
    write_demo(other)
    app = application()
    steps = script(app, other)

    def run(at: int = 0) -> None:
        if at < len(steps):
            steps[at]()
            QTimer.singleShot(100, lambda: run(at + 1))

    QTimer.singleShot(300, run)
    args = argparse.Namespace(
        db=str(first), demo=False, view=None, screenshot=None, appearance="light"
    )
    return launch(args)


if __name__ == "__main__":
    sys.exit(main())
