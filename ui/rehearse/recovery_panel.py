"""The Recovery panel of the live screen: when the projected end passes the slot's end,
the smallest changes to the flexible steps still to come that land on time; ahead, where
the spare time would best go (PRODUCT.md, "Recovery plan"; the rule is the core's,
`rehearsing.recovery`). It shows `RecoveryPlan.lines()` and the key that accepts the
suggestion for the next step it changes; before the start, what it will show."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from rehearsal.rehearsing.recovery import RecoveryPlan

WAITING: Final = (
    "When the projected end passes the slot's end, the smallest changes to the flexible "
    "steps still to come appear here (never a non-negotiable one)."
)


class RecoveryPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel("Recovery")
        self.body = QLabel(WAITING)
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.body.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.body, 1)
        self._base = QFont(self.font())
        self._lines: tuple[str, ...] = ()
        self.set_scale(1.0)

    def set_scale(self, factor: float) -> None:
        font = QFont(self._base)
        font.setPointSizeF(self._base.pointSizeF() * 1.1 * factor)
        self.body.setFont(font)
        bold = QFont(font)
        bold.setBold(True)
        self.heading.setFont(bold)

    def show_plan(self, plan: RecoveryPlan | None, accept_key: str) -> None:
        """The plan in words and, when it changes a step, which key takes the first change."""
        if plan is None:
            self.show_lines(())
            return
        lines = plan.lines()
        if plan.changes and accept_key:
            lines = (*lines, "", f"{accept_key}: accept {plan.changes[0].line()}")
        self.show_lines(lines)

    def show_lines(self, lines: Sequence[str]) -> None:
        """The recovery plan in words, a line each; none: what the panel is for."""
        if tuple(lines) == self._lines:
            return
        self._lines = tuple(lines)
        self.body.setText("\n".join(lines) if lines else WAITING)
