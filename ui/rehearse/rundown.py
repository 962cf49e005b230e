"""The rundown under the running step: the steps coming next with their planned start, the
start expected at the pace of now and their length, the hand-off cue into each; above them
the last steps run with their actual time and over/under.

It only shows `LiveStatus.coming` and `.done` (computed in the core), painted in a few
calls, and repaints only when what it shows changes (times are shown to the minute). As many
rows as fit are shown; its text scales with the live board (`set_scale`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Final

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QStaticText
from PySide6.QtWidgets import QSizePolicy, QWidget

from rehearsal.durations import format_duration, format_signed
from rehearsal.rehearsing.live import RundownRow
from rehearsal_ui.shell.chart_palette import chart_colours
from rehearsal_ui.shell.theme import semantic_colors

DONE_SHOWN: Final = 3  # the last steps run, above the ones to come
CACHED_TEXTS: Final = 600  # laid-out texts kept: the rows shift up a mark at a time
# The columns' widths, as a multiple of the width of "88:88".
TIME_COLUMNS: Final = 1.5


def clock(moment: datetime | None) -> str:
    return f"{moment:%H:%M}" if moment is not None else "—"


def coming_cells(row: RundownRow) -> tuple[str, str, str, str, str]:
    """(planned start, expected start, length — its target —, title with its lead, hand-off
    cue)."""
    led = f" · {row.lead}" if row.lead else ""
    cue = f"hand-off: {row.handoff_cue}" if row.handoff_cue else ""
    target = row.target_s if row.target_s is not None else row.step.planned_s
    adjusted = "" if target == row.step.planned_s else " · adjusted live"
    return (
        clock(row.planned_start),
        clock(row.projected_start),
        format_duration(target),
        f"{row.step.title}{led}{adjusted}",
        cue,
    )


def is_late(row: RundownRow) -> bool:
    """Expected to start a minute or more after its planned start."""
    if row.planned_start is None or row.projected_start is None:
        return False
    return (row.projected_start - row.planned_start).total_seconds() >= 60


def done_cells(row: RundownRow) -> tuple[str, str, str, str]:
    """(actual, over/under, title, attempts)."""
    tried = f"{row.attempts} attempts" if row.attempts > 1 else ""
    return (
        format_duration(round(row.actual_s or 0.0)),
        format_signed(row.over_s),
        f"✓ {row.step.title}",
        tried,
    )


class Rundown(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base = QFont(self.font())
        self._done: tuple[RundownRow, ...] = ()
        self._coming: tuple[RundownRow, ...] = ()
        self._signature: tuple[object, ...] = ()
        self._done_texts: tuple[tuple[str, str, str, str], ...] = ()  # done_cells of each
        self._coming_texts: tuple[tuple[str, str, str, str, str], ...] = ()  # coming_cells
        # Text elided and laid out once and drawn again as rows move up (QStaticText), by
        # (text, width, font).
        self._texts: dict[tuple[str, int, str], QStaticText] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # It paints its own background: a new rundown does not repaint the page beneath.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.set_scale(1.0)

    def set_scale(self, factor: float) -> None:
        font = QFont(self._base)
        font.setPointSizeF(self._base.pointSizeF() * 1.15 * factor)
        self.setFont(font)
        self.update()

    def sizeHint(self) -> QSize:
        line = QFontMetrics(self.font()).lineSpacing()
        return QSize(line * 30, line * 8)

    def minimumSizeHint(self) -> QSize:
        line = QFontMetrics(self.font()).lineSpacing()
        return QSize(line * 12, line * 3)

    def show_rows(self, done: Sequence[RundownRow], coming: Sequence[RundownRow]) -> None:
        """Show the last steps run and those to come; repaint only if what is drawn changed."""
        last = tuple(done[-DONE_SHOWN:])
        done_texts = tuple(done_cells(r) for r in last)
        coming_texts = tuple(coming_cells(r) for r in coming)
        signature = (done_texts, coming_texts)
        if signature == self._signature:
            return
        self._signature, self._done, self._coming = signature, last, tuple(coming)
        self._done_texts, self._coming_texts = done_texts, coming_texts
        self.update()

    # -- what is drawn, as text (tests and the accessible name read this) ------------------
    def lines(self) -> list[str]:
        """Every row as the screen shows it, columns separated by two spaces."""
        out = [" ".join(c for c in done_cells(r) if c) for r in self._done]
        for row in self._coming:
            planned, expected, length, title, cue = coming_cells(row)
            out.append(f"{planned}  {expected}  {length}  {title}" + (f"  {cue}" if cue else ""))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())
        metrics = QFontMetrics(self.font())
        line = metrics.lineSpacing()
        colours, chart = semantic_colors(), chart_colours()
        text = self.palette().windowText().color()
        muted = QColor(colours.muted_text)
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.85)
        heading = QFont(self.font())
        heading.setBold(True)
        widest = QFontMetrics(heading).horizontalAdvance("Expected") + line // 2
        time_w = max(round(metrics.horizontalAdvance("88:88") * TIME_COLUMNS), widest)
        width = self.width()
        y = 0

        if len(self._texts) > CACHED_TEXTS:
            self._texts.clear()
        fonts = {
            name: (f, f.key(), QFontMetrics(f))
            for name, f in (("text", self.font()), ("small", small), ("heading", heading))
        }

        def draw(x: int, w: int, value: str, colour: QColor, font: str = "text") -> None:
            chosen, key, font_metrics = fonts[font]
            static = self._texts.get((value, w, key))  # elided to `w` and laid out once
            if static is None:
                shown = font_metrics.elidedText(value, Qt.TextElideMode.ElideRight, w)
                static = QStaticText(shown)
                static.setTextFormat(Qt.TextFormat.PlainText)
                static.prepare(font=chosen)
                self._texts[(value, w, key)] = static
            if painter.font() != chosen:
                painter.setFont(chosen)
            painter.setPen(colour)
            top = y + (line - font_metrics.height()) / 2
            painter.drawStaticText(QPointF(x, top), static)

        for row, (actual, over, title, tried) in zip(self._done, self._done_texts, strict=True):
            late = (row.over_s or 0.0) > 0
            draw(0, time_w, actual, muted)
            draw(time_w, time_w, over, QColor(chart.over if late else chart.under))
            draw(2 * time_w, width - 2 * time_w, f"{title}  {tried}".rstrip(), muted)
            y += line
        if self._coming:
            if self._done:
                y += line // 3
            draw(0, time_w, "Planned", muted, "heading")
            draw(time_w, time_w, "Expected", muted, "heading")
            draw(2 * time_w, time_w, "Length", muted, "heading")
            draw(3 * time_w, width - 3 * time_w, "Coming up", muted, "heading")
            y += line
        for row, cells in zip(self._coming, self._coming_texts, strict=True):
            planned, expected, length, title, cue = cells
            needed = line * (2 if cue else 1)
            if y + needed > self.height():
                break
            draw(0, time_w, planned, muted)
            draw(time_w, time_w, expected, QColor(chart.over) if is_late(row) else text)
            draw(2 * time_w, time_w, length, text)
            draw(3 * time_w, width - 3 * time_w, title, text)
            y += line
            if cue:
                draw(3 * time_w, width - 3 * time_w, f"↳ {cue}", muted, "small")
                y += line
        painter.end()
