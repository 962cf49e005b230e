"""Always-visible totals of a plan: planned vs the slot, buffer left, time per interaction."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QAction, QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from rehearsal.durations import format_duration
from rehearsal.model import InteractionType, Plan
from rehearsal.schedule import plan_today, planned_start_caption

# A qualitative palette that reads on light and dark backgrounds alike.
TYPE_COLOURS: dict[InteractionType, str] = {
    InteractionType.PRESENTATION: "#4e79a7",
    InteractionType.DISCUSSION: "#f28e2b",
    InteractionType.POLL: "#e15759",
    InteractionType.BREAKOUT: "#76b7b2",
    InteractionType.CHAT: "#59a14f",
    InteractionType.ANNOTATION: "#edc948",
    InteractionType.DEMO: "#b07aa1",
    InteractionType.SCENARIO_PRACTICE: "#ff9da7",
    InteractionType.KNOWLEDGE_CHECK: "#9c755f",
    InteractionType.QA: "#8cd17d",
    InteractionType.BREAK: "#bab0ac",
    InteractionType.OTHER: "#86bcb6",
}
TRANSITIONS_COLOUR = "#7f7f7f"


def time_by_type(plan: Plan) -> list[tuple[str, int, str]]:
    """(label, seconds, colour) per interaction type, largest first, then transitions."""
    totals: Counter[InteractionType] = Counter()
    for seg in plan.segments:
        if not seg.skipped:
            totals[seg.interaction] += seg.planned_s
    parts = [(kind.label, s, TYPE_COLOURS[kind]) for kind, s in totals.most_common() if s > 0]
    allowance = sum(t.allowance_s for t in plan.transitions)
    if allowance:
        parts.append(("Transitions", allowance, TRANSITIONS_COLOUR))
    return parts


class TypeBar(QWidget):
    """A thin stacked bar of planned time per interaction type, against the slot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parts: list[tuple[str, int, str]] = []
        self.slot_s: int | None = None
        self.setMinimumHeight(14)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(240, 14)

    def set_parts(self, parts: list[tuple[str, int, str]], slot_s: int | None) -> None:
        self.parts, self.slot_s = parts, slot_s
        total = sum(s for _, s, _ in parts)
        self.setToolTip(
            "\n".join(f"{label}: {format_duration(s)} ({s / total:.0%})" for label, s, _ in parts)
            if total
            else ""
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        total = sum(s for _, s, _ in self.parts)
        scale_s = max(total, self.slot_s or 0)
        if scale_s <= 0:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = self.width(), self.height()
        x = 0.0
        for _, seconds, colour in self.parts:
            w = width * seconds / scale_s
            painter.fillRect(QRectF(x, 2, w, height - 4), QColor(colour))
            x += w
        if self.slot_s:
            painter.setPen(self.palette().windowText().color())
            slot_x = width * self.slot_s / scale_s - 1
            painter.drawLine(int(slot_x), 0, int(slot_x), height)
        painter.end()


class PlanTotals(QWidget):
    """The planned total against the slot, the planned start, the bar of time per type, and
    the button of the plan's properties (where the slot and the start are set)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = TypeBar()
        self.properties_button = QToolButton()
        self.properties_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.properties_button.hide()  # until the window gives it its action
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.properties_button)
        self.over = False

    def set_properties_action(self, action: QAction) -> None:
        """The window's one "Plan properties…" command, shown here as a button too."""
        self.properties_button.setDefaultAction(action)
        self.properties_button.show()

    def show_plan(self, plan: Plan | None, warning_colour: str = "#c0392b") -> None:
        if plan is None:
            self.summary.setText("")
            self.bar.set_parts([], None)
            return
        planned = plan.planned_s
        text = f"Planned {format_duration(planned)}"
        self.over = bool(plan.slot_s and planned > plan.slot_s)
        if plan.slot_s:
            buffer = plan.slot_s - planned
            share = buffer / plan.slot_s
            text += f" of a {format_duration(plan.slot_s)} slot — "
            if self.over:
                text += f"⚠ over the slot by {format_duration(-buffer)}"
            else:
                text += f"buffer {format_duration(buffer)} ({share:.0%})"
        else:
            text += " — no slot set"
        caption = planned_start_caption(plan, plan_today(plan))
        text += f" · starts {caption}" if caption else " · no planned start"
        self.summary.setText(text)
        self.summary.setStyleSheet(
            f"color: {warning_colour}; font-weight: bold" if self.over else ""
        )
        self.bar.set_parts(time_by_type(plan), plan.slot_s)
