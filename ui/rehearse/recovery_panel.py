"""The Recovery panel of the live screen: when the projected end passes the slot's end,
the smallest changes to the flexible steps still to come that land on time; ahead, where
the spare time would best go (PRODUCT.md, "Recovery plan"; the rule is the core's,
`rehearsing.recovery`). It shows `RecoveryPlan.lines()` and the key that accepts the
suggestion for the next step it changes; before the start, what it will show."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Final

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from rehearsal.durations import count
from rehearsal.rehearsing.recovery import RecoveryPlan
from rehearsal_ui.rehearse.board_text import BoardText

CHANGES_SHOWN: Final = 8  # the panel words this many changes; the rest are counted
WAITING: Final = (
    "When the projected end passes the slot's end, the smallest changes to the flexible "
    "steps still to come appear here (never a non-negotiable one)."
)


class RecoveryPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = BoardText(1.1, bold=True)
        self.heading.setText("Recovery")
        # Painted text of a size its text never changes: a new plan on a mark repaints the
        # panel alone, never lays out the live board again.
        self.body = BoardText(1.1, lines=4, fill=True)
        self.body.setText(WAITING)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.body, 1)
        self._lines: tuple[str, ...] = ()

    def set_scale(self, factor: float) -> None:
        self.heading.set_scale(factor)
        self.body.set_scale(factor)

    def show_plan(self, plan: RecoveryPlan | None, accept_key: str) -> None:
        """The plan in words and, when it changes a step, which key takes the first change."""
        if plan is None:
            self.show_lines(())
            return
        shown = plan.changes[:CHANGES_SHOWN]  # words for what fits, not for every change
        lines = dataclasses.replace(plan, changes=shown).lines()
        if len(plan.changes) > len(shown):
            lines = (*lines, f"… and {count(len(plan.changes) - len(shown), 'more change')}")
        if plan.changes and accept_key:
            lines = (*lines, "", f"{accept_key}: accept {plan.changes[0].line()}")
        self.show_lines(lines)

    def show_lines(self, lines: Sequence[str]) -> None:
        """The recovery plan in words, a line each; none: what the panel is for."""
        if tuple(lines) == self._lines:
            return
        self._lines = tuple(lines)
        self.body.setText("\n".join(lines) if lines else WAITING)
