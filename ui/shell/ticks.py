"""Work in pieces, a piece per pass of the event loop, so that none holds the UI thread for
long: between two pieces the window repaints and takes clicks.

    drawing = Ticks(self)
    drawing.done.connect(self.drawn)
    drawing.run([lambda: chart.draw(a) for chart in charts])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer, Signal

Piece = Callable[[], None]


class Ticks(QObject):
    """Runs queued pieces one per tick; `done` once the last has run. A piece that raises
    (reported by the crash handler) stops none of the others; `run` again replaces what
    was left."""

    done = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._pieces: list[Piece] = []
        self._timer = QTimer(self)  # a child: it dies with its owner, never fires after
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._next)

    @property
    def pending(self) -> bool:
        return bool(self._pieces)

    def run(self, pieces: Iterable[Piece]) -> None:
        self._pieces = list(pieces)
        self._timer.start()

    def clear(self) -> None:
        self._pieces = []
        self._timer.stop()

    def _next(self) -> None:
        if not self._pieces:  # run with nothing to do
            self.done.emit()
            return
        try:
            self._pieces.pop(0)()
        finally:
            if self._pieces:
                self._timer.start()
            else:
                self.done.emit()
