"""The running step's intent, producer cues and custom columns, in full, in a box that
scrolls: plain text that wraps at its width and is as tall as it needs to be.

A word-wrapping `QLabel` lays its text out three or four times for each new text (its size
hint, its height for the box's width, sometimes twice, then its paint); the step's details
change on most marks, so this one lays a text out once for its height at a width (however
often the scroll area asks) and once to paint it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

FLAGS = int(
    Qt.AlignmentFlag.AlignLeft.value
    | Qt.AlignmentFlag.AlignTop.value
    | Qt.TextFlag.TextWordWrap.value
)
TALL = 1 << 20  # the room a text is laid out in to learn its height


class StepDetails(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._height: tuple[str, int, int] = ("", -1, 0)  # (text, width) → height
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        """Show `text`; the box lays out again only when the old or the new text needs more
        than the box shows (a scroll bar comes or goes, the page grows or shrinks)."""
        if text == self._text:
            return
        width, height = self.width(), self.height()
        before = self.heightForWidth(width)
        self._text = text
        self.setAccessibleName(text)
        box = self.parentWidget()
        fits = box is not None and height <= box.height()
        if not (fits and before <= height and self.heightForWidth(width) <= height):
            self.updateGeometry()
        self.update()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        text = self._text
        if not text:
            return 0
        known_text, known_width, height = self._height
        if known_text == text and known_width == width:
            return height
        room = QRect(0, 0, width, TALL)
        height = QFontMetrics(self.font()).boundingRect(room, FLAGS, text).height()
        self._height = (text, width, height)
        return height

    def sizeHint(self) -> QSize:
        width = QFontMetrics(self.font()).averageCharWidth() * 40
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(QFontMetrics(self.font()).averageCharWidth() * 8, 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._text:
            return
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(self.rect(), FLAGS, self._text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._height = ("", -1, 0)
            self.updateGeometry()
        super().changeEvent(event)
