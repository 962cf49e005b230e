"""The presenter window: a huge countdown for a second screen or a screen share.

It shows the segment's remaining time (counting up as `+m:ss` in overtime, in the warning and
danger colours), the segment title and who leads it, what comes next and who leads that, and
whether the clock is paused — nothing else. The live screen calls `show_status` on every
tick (10×/s), with the very status its own board shows: the two clocks read the same
(`format_countdown`) and change on the same tick. Labels are only touched when their text or
colour changes. Text scales with the window, so it stays readable from across a room.

It never takes the run away: a live key pressed while it has the focus goes to the live
screen (`key_handler`), so Space and Esc mark the run here too, and no key meant for the run
closes it. F11 or a double-click toggles full screen (Esc leaves it when no run is live);
its context menu puts it full screen on a chosen screen, which the app remembers
(`placement_changed`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QPalette,
    QResizeEvent,
    QScreen,
)
from PySide6.QtWidgets import QLabel, QMenu, QSizePolicy, QVBoxLayout, QWidget

from rehearsal.durations import format_countdown, format_duration
from rehearsal.rehearsing.live import LiveStatus, TimerState
from rehearsal_ui.shell.theme import appearance_changed, semantic_colors

WAITING: Final = "Waiting to start"
FINISHED: Final = "Finished"
# Share of the window's height for each line; the countdown also has to fit the width.
COUNTDOWN_SHARE: Final = 0.45
TITLE_SHARE: Final = 0.085
LEAD_SHARE: Final = 0.05
NEXT_SHARE: Final = 0.055
PAUSED_SHARE: Final = 0.07
MIN_PIXELS: Final = 10


def next_text(status: LiveStatus) -> str:
    """`Next: Q&A · led by Jordan (co-facilitator)`; `Next: the end` after the last step."""
    following = status.next_step
    if following is None:
        return "Next: the end"
    return f"Next: {following.title}" + (
        f" · led by {status.next_lead}" if status.next_lead else ""
    )


def paused_text(reason: str) -> str:
    return f"Paused — {reason}" if reason else "Paused"


def screen_named(name: str) -> QScreen | None:
    """The screen called `name` (`QScreen.name()`), if it is connected now."""
    return next((s for s in QGuiApplication.screens() if s.name() == name), None)


class PresenterWindow(QWidget):
    """A window of its own (a child of the main window, so Qt alone deletes it) with the
    countdown of the running segment, for everyone to see."""

    # The screen it went full screen on ("" none), and whether it is full screen.
    placement_changed = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        # Given a live key it handles (True) or leaves (False); set by the main window.
        self.key_handler: Callable[[QKeyEvent], bool] | None = None
        self.setWindowTitle("Rehearsal — presenter")
        self.setAutoFillBackground(True)
        self.resize(960, 540)

        self.title = self._label(bold=True)
        self.lead = self._label(bold=False)
        self.countdown = self._label(bold=True)
        self.next = self._label(bold=False)
        self.paused = self._label(bold=True)
        self.countdown.setWordWrap(False)
        # Sized by _scale_fonts, never by its text: the window must not grow to fit it.
        self.countdown.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(320, 180)

        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.lead)
        layout.addWidget(self.countdown, 4)
        layout.addWidget(self.paused)
        layout.addWidget(self.next)
        layout.addStretch(1)

        self._timer: TimerState | None = None
        self._template = ""
        appearance_changed.connect(self._apply_colours)
        self.show_status(None)
        self._apply_colours()
        self._scale_fonts()

    def _label(self, *, bold: bool) -> QLabel:
        label = QLabel()
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        font = QFont(label.font())
        font.setBold(bold)
        label.setFont(font)
        return label

    # -- what it shows ----------------------------------------------------------------------

    def show_status(self, status: LiveStatus | None) -> None:
        if status is None or not status.started or status.step is None:
            title = FINISHED if status is not None and status.finished else WAITING
            first = status.first_step if status is not None else None
            self._show(title, "", "", f"First: {first.title}" if first else "", "", None)
            return
        parts = [f"Led by {status.lead}" if status.lead else ""]
        if status.attempt > 1:  # a retry: which attempt runs
            parts.append(f"attempt {status.attempt}")
        if status.target_s is not None:  # a recovery plan's change, accepted live
            parts.append(f"target {format_duration(status.target_s)} (adjusted)")
        lead = " · ".join(p for p in parts if p)
        lead = lead[:1].upper() + lead[1:]
        self._show(
            status.step.title,
            lead,
            format_countdown(status.remaining_s),
            next_text(status),
            paused_text(status.pause_reason) if status.paused else "",
            status.timer,
        )

    def _show(
        self,
        title: str,
        lead: str,
        countdown: str,
        next_line: str,
        paused: str,
        timer: TimerState | None,
    ) -> None:
        refit = _set_text(self.title, title)
        refit |= _set_text(self.lead, lead)
        refit |= _set_text(self.next, next_line)
        refit |= _set_text(self.paused, paused)
        if _set_text(self.countdown, countdown):
            refit |= _template(countdown) != self._template  # e.g. 10:00 → 9:59
        if refit:
            self.paused.setVisible(bool(paused))
            self.lead.setVisible(bool(lead))
            self.next.setVisible(bool(next_line))
            self.countdown.setVisible(bool(countdown))  # "Waiting to start" alone, centred
            self._scale_fonts()
        if timer is not self._timer:
            self._timer = timer
            self._apply_colours()

    def _apply_colours(self) -> None:
        colours = semantic_colors()
        text = self.palette().color(QPalette.ColorRole.WindowText)
        if self._timer is TimerState.WARNING:
            timer_colour = QColor(colours.warning)
        elif self._timer is TimerState.OVERTIME:
            timer_colour = QColor(colours.danger)
        else:
            timer_colour = text
        _set_colour(self.countdown, timer_colour)
        _set_colour(self.paused, QColor(colours.warning))
        _set_colour(self.next, QColor(colours.muted_text))
        _set_colour(self.lead, QColor(colours.muted_text))

    # -- size -------------------------------------------------------------------------------

    def _scale_fonts(self) -> None:
        """Size each line from the window's height, shrunk to fit the width: the countdown
        on one line, the title on at most two, the others on one."""
        margins = self._layout.contentsMargins()
        width = max(1, self.width() - margins.left() - margins.right())
        height = max(1, self.height() - margins.top() - margins.bottom())
        self._template = _template(self.countdown.text())
        _fit(self.countdown, self._template, height * COUNTDOWN_SHARE, width, 1)
        _fit(self.title, self.title.text(), height * TITLE_SHARE, width, 2)
        _fit(self.lead, self.lead.text(), height * LEAD_SHARE, width, 1)
        _fit(self.paused, self.paused.text(), height * PAUSED_SHARE, width, 1)
        _fit(self.next, self.next.text(), height * NEXT_SHARE, width, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._scale_fonts()
        super().resizeEvent(event)

    # -- full screen ------------------------------------------------------------------------

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.leave_full_screen()
        else:
            self.full_screen_on(self.screen().name())

    def full_screen_on(self, name: str) -> None:
        """Full screen on the screen called `name` (where it is now if that one is gone)."""
        screen = screen_named(name) or self.screen()
        if self.isFullScreen():
            self.showNormal()
        self.setScreen(screen)
        self.move(screen.geometry().topLeft())
        self.showFullScreen()
        self.placement_changed.emit(screen.name(), True)

    def leave_full_screen(self) -> None:
        self.showNormal()
        self.placement_changed.emit(self.screen().name(), False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.key_handler is not None and self.key_handler(event):
            event.accept()  # a live key: the run goes on, whatever window has the focus
        elif event.key() == Qt.Key.Key_F11:
            self.toggle_full_screen()
        elif event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.leave_full_screen()
        else:
            super().keyPressEvent(event)

    def fill_screen_menu(self, menu: QMenu) -> None:
        """Full screen on each connected screen, or in a window (added to `menu`)."""
        for screen in QGuiApplication.screens():
            name, size = screen.name(), screen.size()
            action = menu.addAction(f"Full screen on {name} ({size.width()}×{size.height()})")
            action.triggered.connect(lambda _=False, n=name: self.full_screen_on(n))
        window = menu.addAction("In a window")
        window.setEnabled(self.isFullScreen())
        window.triggered.connect(self.leave_full_screen)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self._popup(event.globalPos())

    def _popup(self, at: QPoint) -> None:
        menu = QMenu(self)
        self.fill_screen_menu(menu)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(at)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.toggle_full_screen()
        event.accept()


def _template(text: str) -> str:
    """The widest text of the same shape, overtime sign included, so the size holds when the
    timer runs over: every digit an 8 (`4:59` and `+1:05` → `+8:88`)."""
    if not text:
        return ""
    return "+" + "".join("8" if c.isdigit() else c for c in text.removeprefix("+"))


def _set_text(label: QLabel, text: str) -> bool:
    """Set `text` unless the label shows it already; whether it changed."""
    if label.text() == text:
        return False
    label.setText(text)
    return True


def _set_colour(label: QLabel, colour: QColor) -> None:
    palette = label.palette()
    if palette.color(QPalette.ColorRole.WindowText) != colour:
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        label.setPalette(palette)


def _fit(label: QLabel, text: str, pixels: float, width: int, lines: int) -> None:
    """Give `label` a font of `pixels`, smaller if `text` would take more than `lines`."""
    font = QFont(label.font())
    font.setPixelSize(100)
    advance = QFontMetricsF(font).horizontalAdvance(text) if text else 0.0
    if advance > 0:
        # Word wrap never fills a line completely: leave some slack.
        pixels = min(pixels, 100 * lines * width * (0.92 if lines == 1 else 0.8) / advance)
    size = max(MIN_PIXELS, round(pixels))
    if label.font().pixelSize() != size:
        font.setPixelSize(size)
        label.setFont(font)
