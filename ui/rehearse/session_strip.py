"""A strip of every step of the session: planned widths above, actual widths so far below
(at the same scale, whatever the session's length), flags as marks where they were raised,
a retried step labelled with its attempt, and a "now" line where the run is."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from rehearsal.durations import format_duration
from rehearsal.rehearsing.live import StripCell
from rehearsal_ui.shell.chart_palette import chart_colours
from rehearsal_ui.shell.theme import semantic_colors


class SessionStrip(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cells: tuple[StripCell, ...] = ()
        self._signature: tuple[object, ...] = ()
        self._base = QFont(self.font())
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        # It paints its own background: a new mark does not repaint the page beneath.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.set_scale(1.0)

    def set_scale(self, factor: float) -> None:
        """Taller, with larger labels, in a larger window (on a resize, never a mark)."""
        font = QFont(self._base)
        font.setPointSizeF(self._base.pointSizeF() * 0.9 * factor)
        self.setFont(font)
        self.setFixedHeight(round(84 * factor))

    def sizeHint(self) -> QSize:
        return QSize(800, self.height())

    def show_cells(self, cells: tuple[StripCell, ...]) -> None:
        """Repaint only when what is drawn changes (whole seconds, flags, the running step)."""
        signature = tuple(
            (
                int(c.actual_s) if c.actual_s is not None else None,
                c.running,
                len(c.flags),
                c.attempts,
            )
            for c in cells
        )
        if signature == self._signature:
            return
        self._signature, self.cells = signature, cells
        self.update()

    def _scale(self) -> float:
        planned = sum(c.planned_s for c in self.cells)
        actual = sum(c.actual_s or 0.0 for c in self.cells)
        total = max(planned, actual, 1.0)
        return (self.width() - 2) / total

    def paintEvent(self, event: QPaintEvent) -> None:
        """Few, unantialiased calls: the strip repaints on every mark (one fill for the planned
        row, one per reached step, one batch of separators, triangles for flags)."""
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())
        if not self.cells:
            return
        colours = semantic_colors()
        chart = chart_colours()  # over/under in colours told apart with red-green blindness
        scale = self._scale()
        row = (self.height() - 14) / 2
        top = row + 4
        separators: list[QLineF] = []
        flags: list[QPolygonF] = []
        labels: list[tuple[QRectF, str, QColor]] = []
        now_x: float | None = None
        x_planned = x_actual = 1.0
        for cell in self.cells:
            separators.append(QLineF(x_planned, 0, x_planned, row))
            x_planned += cell.planned_s * scale
            if cell.actual_s is None:
                continue
            w = cell.actual_s * scale
            colour = QColor(chart.over if cell.actual_s > cell.planned_s else chart.under)
            colour = colour.lighter(125) if cell.running else colour
            painter.fillRect(QRectF(x_actual, top, w, row), colour)
            separators.append(QLineF(x_actual, top, x_actual, top + row))
            if cell.attempts > 1:
                labels.append((QRectF(x_actual, top, w, row), f"attempt {cell.attempts}", colour))
            if cell.running:
                now_x = x_actual + w
            base = top + row + 10
            for share in cell.flags:
                fx = x_actual + share * w
                flags.append(
                    QPolygonF(
                        [QPointF(fx, top + row), QPointF(fx - 5, base), QPointF(fx + 5, base)]
                    )
                )
            x_actual += w
        painter.fillRect(QRectF(1.0, 0, x_planned - 1.0, row), QColor(colours.planned))
        painter.setPen(self.palette().window().color())
        painter.drawLines(separators)
        if labels:
            metrics = QFontMetricsF(self.font())
            for rect, text, fill in labels:
                painter.setPen(QColor("#000000" if fill.lightness() > 140 else "#ffffff"))
                shown = text if metrics.horizontalAdvance(text) + 4 <= rect.width() else ""
                if not shown and metrics.horizontalAdvance(text[-1]) + 4 <= rect.width():
                    shown = f"×{text.rsplit(' ', 1)[-1]}"
                if shown:
                    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), shown)
        if now_x is not None:  # where the run is now: across both rows
            pen = QPen(self.palette().windowText().color())
            pen.setWidthF(2.0)
            painter.setPen(pen)
            painter.drawLine(QLineF(now_x, 0, now_x, top + row))
        if flags:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(QColor(colours.flag))
            painter.setPen(Qt.PenStyle.NoPen)
            for triangle in flags:
                painter.drawPolygon(triangle)
        painter.end()

    def event_tooltip(self, x: float) -> str:
        scale = self._scale()
        at = 1.0
        for cell in self.cells:
            width = cell.planned_s * scale
            if at <= x < at + width:
                actual = (
                    "not reached"
                    if cell.actual_s is None
                    else format_duration(round(cell.actual_s))
                )
                return (
                    f"{cell.step.title}\nplanned {format_duration(cell.planned_s)}, "
                    f"actual {actual}" + (f", {len(cell.flags)} flags" if cell.flags else "")
                )
            at += width
        return ""

    def mouseMoveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.setToolTip(self.event_tooltip(event.position().x()))
