"""The live board of the Rehearse view: what a rehearsal lead reads from across a room.

It only shows a `LiveStatus`. Top left, the step shown (title, type, lead, non-negotiable
badge, then its intent, producer cues and chosen custom columns in full, in a box that
scrolls rather than clip); top right the clock, the offset and what the next key does;
below, the rundown (coming steps, steps run) beside the Recovery panel; at the foot the
strip of the whole session and the keys. Sizes follow the window (`resizeEvent`).

Texts that change on a mark or a tick are `BoardText`s: new text repaints only its own
rectangle and never relays out the page, so a mark and the 10 Hz clock stay cheap.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rehearsal.durations import format_countdown, format_duration
from rehearsal.model import Segment
from rehearsal.rehearsing.live import LiveStatus, TimerState
from rehearsal.rehearsing.run import Run
from rehearsal.rehearsing.timing import Step, StepKind
from rehearsal.schedule import plan_today, planned_start_caption
from rehearsal_ui.rehearse.board_text import BoardText
from rehearsal_ui.rehearse.recovery_panel import RecoveryPanel
from rehearsal_ui.rehearse.rundown import Rundown
from rehearsal_ui.rehearse.session_strip import SessionStrip
from rehearsal_ui.rehearse.step_details import StepDetails
from rehearsal_ui.shell.theme import semantic_colors


def offset_text(seconds: float) -> str:
    if abs(seconds) < 5:
        return "on time"
    return f"{format_duration(round(abs(seconds)))} {'behind' if seconds > 0 else 'ahead'}"


def custom_text(segment: Segment, names: Sequence[str]) -> str:
    """The chosen custom columns a segment fills, one line: "Room: B2 · Slide #: 14"."""
    values = ((name, segment.custom_value(name)) for name in names)
    return " · ".join(f"{name}: {' '.join(value.split())}" for name, value in values if value)


# The board's text is its base size times the window's height over this, within SCALES.
REFERENCE_HEIGHT = 760
SCALES = (0.8, 2.6)


def board_scale(width: int, height: int) -> float:
    """How much larger than its base size the board's text is drawn in a window this big:
    it follows the height, unless the width is the narrower side (a window half a screen
    wide)."""
    low, high = SCALES
    return min(high, max(low, min(height / REFERENCE_HEIGHT, width * 0.62 / REFERENCE_HEIGHT)))


def label(size: float = 1.0, bold: bool = False) -> QLabel:
    """A plain-text, word-wrapping label for text that changes rarely (not on a mark)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * size)
    font.setBold(bold)
    label.setFont(font)
    return label


class LiveBoard(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        centre = Qt.AlignmentFlag.AlignCenter
        self.header = BoardText(1.0)
        self.position = BoardText(1.2, bold=True)
        self.segment_title = BoardText(2.2, bold=True, lines=2)
        self.badges = BoardText(1.2)
        self.timer_label = BoardText(6.0, bold=True, wrap=False, align=centre)
        self.timer_caption = BoardText(1.1, align=centre)
        # The step's intent, producer cues and custom columns, in full: they wrap, and the
        # box scrolls when they need more room than the window has.
        self.details = StepDetails()
        self.details_box = QScrollArea()
        self.details_box.setWidget(self.details)
        self.details_box.setWidgetResizable(True)
        self.details_box.setFrameShape(QFrame.Shape.NoFrame)
        self.details_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.details_box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.intent = ""
        self.cues = ""
        self.custom = ""
        self._custom_names: tuple[str, ...] = ()
        self.next_key = BoardText(1.2, bold=True, lines=2)  # what the next key does
        self.next_label = BoardText(1.2, lines=3)
        self.schedule = BoardText(1.2, bold=True, lines=2)
        self.projection = BoardText(1.1, lines=2)
        self.rundown = Rundown()
        self.recovery = RecoveryPanel()
        self.strip = SessionStrip()
        self.keys_label = label(1.1, bold=True)  # changes only with the key settings
        self.last_mark = BoardText(1.0)
        self.presenter_button = QToolButton()
        self.presenter_button.setText("Presenter window")
        self.presenter_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.presenter_menu = QMenu(self.presenter_button)  # filled as it opens
        self.presenter_button.setMenu(self.presenter_menu)
        self.presenter_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self._scaled: list[BoardText] = [
            self.header,
            self.position,
            self.segment_title,
            self.badges,
            self.timer_label,
            self.timer_caption,
            self.next_key,
            self.next_label,
            self.schedule,
            self.projection,
            self.last_mark,
        ]
        self._base_font = QFont(self.details.font())
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.presenter_button)
        step = QVBoxLayout()
        step.addWidget(self.position)
        step.addWidget(self.segment_title)
        step.addWidget(self.badges)
        step.addWidget(self.details_box, 1)
        clock = QVBoxLayout()
        clock.addWidget(self.timer_label)
        clock.addWidget(self.timer_caption)
        clock.addWidget(self.schedule)
        clock.addWidget(self.projection)
        clock.addWidget(self.next_key)
        clock.addWidget(self.next_label)
        clock.addStretch(1)
        upper = QHBoxLayout()
        upper.addLayout(step, 3)
        upper.addLayout(clock, 2)
        lower = QHBoxLayout()
        lower.addWidget(self.rundown, 3)
        lower.addWidget(self.recovery, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(upper, 5)
        layout.addLayout(lower, 4)
        layout.addWidget(self.strip)
        layout.addWidget(self.last_mark)
        layout.addWidget(self.keys_label)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._scale = 0.0
        self._rescale(1.0)

    # -- size -------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        self._rescale(board_scale(self.width(), self.height()))
        super().resizeEvent(event)

    def _rescale(self, factor: float) -> None:
        factor = round(factor, 2)
        if factor == self._scale:
            return
        self._scale = factor
        for text in self._scaled:
            text.set_scale(factor)
        self.timer_label.setMinimumWidth(
            QFontMetrics(self.timer_label.font()).horizontalAdvance("+88:88:88")
        )
        font = QFont(self._base_font)
        font.setPointSizeF(self._base_font.pointSizeF() * 1.15 * factor)
        self.details.setFont(font)
        keys = QFont(self._base_font)
        keys.setPointSizeF(self._base_font.pointSizeF() * 1.1 * factor)
        keys.setBold(True)
        self.keys_label.setFont(keys)
        self.rundown.set_scale(factor)
        self.recovery.set_scale(factor)
        self.strip.set_scale(factor)

    # -- what it shows ----------------------------------------------------------------------
    def set_custom_columns(self, names: Sequence[str]) -> None:
        """Show these custom columns of the running segment (none: no line for them).
        Called when a run goes live, never on a tick."""
        self._custom_names = tuple(names)
        self.custom = ""

    def _set(self, text_widget: BoardText, text: str) -> None:
        text_widget.setText(text)

    def show_status(self, run: Run, s: LiveStatus, next_key: str = "Space") -> None:
        colours = semantic_colors()
        step = s.step if s.started else s.first_step
        total = len(run.steps)
        if not s.started:
            planned = format_duration(run.plan.planned_s)
            self._set(self.position, f"Ready: {total} steps, {planned} planned")
        elif step is not None:
            attempt = f" · attempt {s.attempt}" if s.attempt > 1 else ""
            self._set(self.position, f"Step {s.index + 1} of {total}{attempt}")
        if step is not None:
            self._set(self.segment_title, step.title)
            self._render_step(run, step, s.lead)
        if not s.started:
            self._set(self.timer_label, format_duration(step.planned_s) if step else "0:00")
            self._set(self.timer_caption, "not started")
        elif step is not None:
            self._set(self.timer_label, format_countdown(s.remaining_s))
            caption = f"{format_duration(int(s.elapsed_s))} of {format_duration(step.planned_s)}"
            if s.target_s is not None:  # a recovery plan's change, accepted live
                caption = (
                    f"{format_duration(int(s.elapsed_s))} of {format_duration(s.target_s)} "
                    f"(adjusted; planned {format_duration(step.planned_s)})"
                )
            if s.timer is TimerState.OVERTIME:
                caption = "overtime · " + caption
            if s.paused:
                caption = f"PAUSED ({s.pause_reason}) {format_duration(int(s.pause_s))} · P resumes"
            self._set(self.timer_caption, caption)
        colour = {
            TimerState.ON_TIME: None,
            TimerState.WARNING: QColor(colours.warning),
            TimerState.OVERTIME: QColor(colours.danger),
        }[s.timer]
        self.timer_label.set_colour(colour)
        self._set(self.next_key, f"{next_key}: {s.on_next}" if s.on_next else "")
        nxt = s.next_step
        if nxt is None:
            self._set(self.next_label, "Next: the end")
        else:
            cue = f" — hand-off: {s.next_cue}" if s.next_cue else ""
            led = f" · led by {s.next_lead}" if s.next_lead else ""
            planned = format_duration(nxt.planned_s)
            self._set(self.next_label, f"Next: {nxt.title} ({planned}){led}{cue}")
        if s.started:
            absolute = ""
            if s.absolute_offset_s is not None:
                absolute = f" · by the planned clock {offset_text(s.absolute_offset_s)}"
            relative = offset_text(s.relative_offset_s)
            self._set(self.schedule, f"Session {relative} since the start" + absolute)
        else:
            self._set(self.schedule, "The clock starts with the first key")
        self._set(self.projection, self._projection_text(s))
        self._caption_planned_start(run)
        self.strip.show_cells(s.strip)

    def show_panels(self, s: LiveStatus, accept_key: str) -> None:
        """The rundown and the Recovery panel (each repaints only when it changed)."""
        self.rundown.show_rows(s.done, s.coming)
        self.recovery.show_plan(s.recovery, accept_key)

    def _render_step(self, run: Run, step: Step, lead: str) -> None:
        if step.kind is StepKind.TRANSITION:
            self._set(self.badges, "Transition")
            self._show_details("", "", "")
            return
        seg = run.plan.segment(step.segment_id)
        badges = [seg.interaction.label, *([f"led by {lead}"] if lead else [])]
        if seg.non_negotiable:
            badges.append("■ NON-NEGOTIABLE")
        self._set(self.badges, " · ".join(badges))
        self._show_details(
            f"Why: {seg.intent}" if seg.intent else "",
            f"Producer, watch for: {seg.producer_cues}" if seg.producer_cues else "",
            custom_text(seg, self._custom_names) if self._custom_names else "",
        )

    def _show_details(self, intent: str, cues: str, custom: str) -> None:
        """The step's intent, producer cues and custom columns: only when they change (a
        new text lays out the box, not the page)."""
        if (intent, cues, custom) == (self.intent, self.cues, self.custom):
            return
        self.intent, self.cues, self.custom = intent, cues, custom
        self.details.setText("\n\n".join(t for t in (intent, cues, custom) if t))
        self.details_box.verticalScrollBar().setValue(0)

    def _caption_planned_start(self, run: Run) -> None:
        """The slot's end is measured from the planned start: say which, in the plan's
        time zone and here ("09:00 Europe/Berlin (15:00 here)")."""
        caption = planned_start_caption(run.plan, plan_today(run.plan))
        tip = f"Planned start {caption}" if caption else ""
        if self.projection.toolTip() != tip:
            self.projection.setToolTip(tip)

    @staticmethod
    def _projection_text(s: LiveStatus) -> str:
        if s.projected_end is None:
            return ""
        text = f"Projected end {s.projected_end:%H:%M}"
        if s.slot_end is not None:
            over = (s.projected_end - s.slot_end).total_seconds()
            verdict = (
                f"{format_duration(round(over))} over"
                if over > 30
                else f"{format_duration(round(-over))} to spare"
                if over < -30
                else "on the slot"
            )
            text += f" · slot ends {s.slot_end:%H:%M} ({verdict})"
        return text
