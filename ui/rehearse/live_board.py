"""The live board of the Rehearse view: what a rehearsal lead reads from across a room.

It only shows a `LiveStatus`. Its texts are `BoardText`s: new text repaints only its own
rectangle and never relays out the page, so a mark and the 10 Hz clock stay cheap.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from rehearsal.durations import format_duration
from rehearsal.model import Segment
from rehearsal.rehearsing.live import LiveStatus, TimerState
from rehearsal.rehearsing.run import Run
from rehearsal.rehearsing.timing import StepKind
from rehearsal.schedule import plan_today, planned_start_caption
from rehearsal_ui.rehearse.board_text import BoardText
from rehearsal_ui.rehearse.session_strip import SessionStrip
from rehearsal_ui.shell.theme import semantic_colors


def clock_text(seconds: float) -> str:
    """`12:34`, `1:02:03`; overtime as `+1:05`."""
    sign = "+" if seconds < 0 else ""
    return sign + format_duration(int(abs(seconds)))


def offset_text(seconds: float) -> str:
    if abs(seconds) < 5:
        return "on time"
    return f"{format_duration(round(abs(seconds)))} {'behind' if seconds > 0 else 'ahead'}"


def custom_text(segment: Segment, names: Sequence[str]) -> str:
    """The chosen custom columns a segment fills, one line: "Room: B2 · Slide #: 14"."""
    values = ((name, segment.custom_value(name)) for name in names)
    return " · ".join(f"{name}: {' '.join(value.split())}" for name, value in values if value)


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
        page = self
        centre = Qt.AlignmentFlag.AlignCenter
        self.header = BoardText(1.0)
        self.position = BoardText(1.0)
        self.segment_title = BoardText(2.2, bold=True, lines=2)
        self.badges = BoardText(1.2)
        self.timer_label = BoardText(6.0, bold=True, wrap=False, align=centre)
        self.timer_label.setMinimumWidth(
            QFontMetrics(self.timer_label.font()).horizontalAdvance("+88:88:88")
        )
        self.timer_caption = BoardText(1.1, align=centre)
        self.intent = BoardText(1.1, lines=3)
        self.cues = BoardText(1.1, lines=3)
        self.custom = BoardText(1.1, lines=2)  # the custom columns chosen for the live screen
        self.custom.hide()
        self._custom_names: tuple[str, ...] = ()
        self.next_label = BoardText(1.3, lines=2)
        self.schedule = BoardText(1.3, bold=True)
        self.projection = BoardText(1.2)
        self.strip = SessionStrip()
        self.keys_label = label(1.25, bold=True)  # changes only with the key settings
        self.last_mark = BoardText(1.0)
        self.presenter_button = QPushButton("Presenter window")
        self.presenter_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.presenter_button)
        grid = QGridLayout()
        grid.addWidget(self.segment_title, 0, 0)
        grid.addWidget(self.badges, 1, 0)
        grid.addWidget(self.timer_label, 0, 1, 2, 1)
        grid.addWidget(self.timer_caption, 2, 1)
        grid.addWidget(self.intent, 2, 0)
        grid.addWidget(self.cues, 3, 0)
        grid.addWidget(self.custom, 4, 0)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.position)
        layout.addLayout(grid)
        layout.addWidget(self.next_label)
        layout.addSpacing(8)
        layout.addWidget(self.schedule)
        layout.addWidget(self.projection)
        layout.addWidget(self.strip)
        layout.addStretch(1)
        layout.addWidget(self.last_mark)
        layout.addWidget(self.keys_label)

    def set_custom_columns(self, names: Sequence[str]) -> None:
        """Show these custom columns of the running segment (none: the line is hidden).
        Called when a run goes live, never on a tick: it may lay the page out again."""
        self._custom_names = tuple(names)
        self.custom.setVisible(bool(self._custom_names))
        self.custom.setText("")

    def _set(self, text_widget: BoardText, text: str) -> None:
        text_widget.setText(text)

    def show_status(self, run: Run, s: LiveStatus) -> None:
        colours = semantic_colors()
        step = s.step
        if not s.started:
            self._set(self.position, f"Ready: {len(run.steps)} steps")
            self._set(self.segment_title, run.steps[0].title if run.steps else "")
            self._set(self.badges, "Press Space to start the first segment")
            self._set(self.timer_label, "0:00")
            self._set(self.timer_caption, "not started")
        elif step is not None:
            self._set(self.position, f"Step {s.index + 1} of {len(run.steps)}")
            self._set(self.segment_title, step.title)
            self._render_step(run, s)
        remaining = s.remaining_s if step is not None else 0.0
        if s.started and step is not None:
            self._set(self.timer_label, clock_text(remaining))
            caption = f"{format_duration(int(s.elapsed_s))} of {format_duration(step.planned_s)}"
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
        nxt = s.next_step
        if nxt is None:
            self._set(self.next_label, "Next: the end (Space finishes)")
        else:
            # A timed transition is a step of its own; a zero-time hand-off is shown as a cue.
            in_segment = step is not None and step.kind is StepKind.SEGMENT
            in_segment = in_segment and nxt.kind is StepKind.SEGMENT
            handoff = run.plan.transition_after(step.segment_id) if step and in_segment else None
            cue = f" — hand-off: {handoff.cue}" if handoff and handoff.cue else ""
            led = f" · led by {s.next_lead}" if s.next_lead else ""
            planned = format_duration(nxt.planned_s)
            self._set(self.next_label, f"Next: {nxt.title} ({planned}){led}{cue}")
        absolute = ""
        if s.absolute_offset_s is not None:
            absolute = f" · by the planned clock {offset_text(s.absolute_offset_s)}"
        self._set(
            self.schedule, f"Session {offset_text(s.relative_offset_s)} since the start" + absolute
        )
        self._set(self.projection, self._projection_text(s))
        self._caption_planned_start(run)
        self.strip.show_cells(s.strip)

    def _render_step(self, run: Run, s: LiveStatus) -> None:
        step = s.step
        assert step is not None
        if step.kind is StepKind.TRANSITION:
            self._set(self.badges, "Transition")
            self._set(self.intent, "")
            self._set(self.cues, "")
            self._set(self.custom, "")
            return
        seg = run.plan.segment(step.segment_id)
        badges = [seg.interaction.label, f"led by {s.lead}"]
        if seg.non_negotiable:
            badges.append("■ NON-NEGOTIABLE")
        self._set(self.badges, " · ".join(badges))
        self._set(self.intent, f"Why: {seg.intent}" if seg.intent else "")
        self._set(
            self.cues, f"Producer, watch for: {seg.producer_cues}" if seg.producer_cues else ""
        )
        if self._custom_names:
            self._set(self.custom, custom_text(seg, self._custom_names))

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
