"""Progress of work running on the pool (imports, syncs): what is being done — "2 of 5:
file name" — a bar, and a button to stop.

The dialog is window-modal but never blocks: it is shown, not executed, and only after half
a second (a quick run shows nothing), while the window stays painted and the work goes on
on its own thread. It is fed from `Job.progressed` (a fraction and a text).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QPushButton, QWidget

LABEL_WIDTH = 600  # pixels of the label
SHOW_AFTER_MS = 500
STEPS = 1000  # of the bar


def count_label(done: int, total: int, name: str) -> str:
    """'2 of 5: name' while `done` of `total` are handled; `name` alone at the end."""
    return f"{done + 1} of {total}: {name}" if done < total else name


def fraction(done: int, total: int) -> float:
    return min(1.0, done / total) if total > 0 else 1.0


class WorkProgress(QProgressDialog):
    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        label: str,
        button: str = "Stop",
        stopping: str = "Stopping after the current file…",
    ) -> None:
        super().__init__(label, button, 0, 0, parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(420)
        # Its bar is set directly: QProgressDialog.setValue would run the event loop inside
        # whatever slot is reporting the progress.
        bar, stop = self.findChild(QProgressBar), self.findChild(QPushButton)
        assert bar is not None and stop is not None  # QProgressDialog made them
        self.bar, self.button = bar, stop
        self.stopping = False
        self.ended = False
        self._stopping_text = stopping
        self.canceled.connect(self._stop_pressed)
        self.rejected.connect(self.canceled)  # Escape stops too
        self._late = QTimer(self)
        self._late.setSingleShot(True)
        self._late.timeout.connect(self.show)
        self._late.start(SHOW_AFTER_MS)

    def show_step(self, done: float, text: str) -> None:
        """`done`, a fraction, handled; `text` says what is being handled now."""
        if self.stopping:
            return  # keeps saying it stops
        metrics = QFontMetrics(self.font())  # a long file name is cut in its middle
        self.setLabelText(metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, LABEL_WIDTH))
        self.bar.setRange(0, STEPS)
        self.bar.setValue(round(min(max(done, 0.0), 1.0) * STEPS))

    def _stop_pressed(self) -> None:
        if not self.stopping:
            self.stopping = True
            self.setLabelText(self._stopping_text)
            self.button.setEnabled(False)

    def finish(self) -> None:
        """Close it for good (a second call does nothing)."""
        if self.ended:
            return
        self.ended = True
        self._late.stop()
        self.reset()  # also stops Qt's own timer that would show it late
        self.hide()
        self.deleteLater()
