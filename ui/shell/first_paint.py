"""Knowing when a window was first painted: what tests/benchmarks/bench_launch.py times.

`rehearsal --demo` with REHEARSAL_EXIT_AFTER_PAINT=1 in the environment prints
``painted_ns=<time.time_ns()>`` right after the main window's first paint, then quits.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class FirstPaint(QObject):
    """Calls `then` once, when `window`'s first paint is done (its children paint in the
    same pass, so a zero timer started at the window's paint event runs after theirs)."""

    def __init__(self, window: QWidget, then: Callable[[], object]) -> None:
        super().__init__(window)
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


def exit_after_first_paint(window: QWidget) -> None:
    """Print the wall-clock time of `window`'s first paint, then leave the event loop.

    `exit`, not `quit`: quitting would first close the window, which saves its settings
    (the next launch would differ) and, in a test, posts a quit for after the loop ended.
    """

    def report() -> None:
        print(f"painted_ns={time.time_ns()}", flush=True)
        QApplication.exit(0)

    FirstPaint(window, report)
