"""A strip of every step of the session: planned widths above, actual widths so far below
(at the same scale, whatever the session's length), flags as marks where they were raised,
a retried step labelled with its attempt, and a "now" line where the run is."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from rehearsal.durations import format_duration
from rehearsal.rehearsing.live import StripCell
from rehearsal_ui.shell.chart_palette import chart_colours
from rehearsal_ui.shell.theme import semantic_colors

FLAG_HALF_WIDTH = 5  # px: a flag is a triangle this far either side of its moment


class SessionStrip(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cells: tuple[StripCell, ...] = ()
        self._signature: tuple[tuple[object, ...], ...] = ()
        self._base = QFont(self.font())
        self._look_key = -1
        self._look_colours: tuple[QColor, ...] = ()
        self._backdrop_key: tuple[object, ...] = ()
        self._backdrop_pixmap: QPixmap | None = None
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
        """Repaint only when what is drawn changes (whole seconds, flags, the running step),
        and only from the first step that changed: on a mark, the steps before it (and the
        planned row) stay as they were painted."""
        signature = tuple(
            (
                c.planned_s,
                int(c.actual_s) if c.actual_s is not None else None,
                c.running,
                len(c.flags),
                c.attempts,
            )
            for c in cells
        )
        if signature == self._signature:
            return
        before, old = self._signature, self.cells
        self._signature, self.cells = signature, cells
        self.update(self._changed(before, old, signature))

    def _changed(
        self,
        before: tuple[tuple[object, ...], ...],
        old: tuple[StripCell, ...],
        signature: tuple[tuple[object, ...], ...],
    ) -> QRect:
        """What a change from `old` to the present cells repaints: the whole strip when the
        steps or the scale changed, else from the first step drawn otherwise (or the step
        running before or now, whose width follows the clock) to the right end."""
        whole = self.rect()
        if len(before) != len(signature) or self._scale_of(old) != self._scale():
            return whole
        first = next(i for i, (a, b) in enumerate(zip(before, signature, strict=True)) if a != b)
        for cells in (old, self.cells):
            running = next((i for i, c in enumerate(cells) if c.running), first)
            first = min(first, running)
        scale = self._scale()
        left = min(
            sum(c.actual_s or 0.0 for c in cells[:first]) * scale for cells in (old, self.cells)
        )
        left = max(0, int(left) - FLAG_HALF_WIDTH - 1)  # a flag's triangle reaches left
        return QRect(left, 0, whole.width() - left, whole.height())

    def _scale(self) -> float:
        return self._scale_of(self.cells)

    def _scale_of(self, cells: tuple[StripCell, ...]) -> float:
        planned = sum(c.planned_s for c in cells)
        actual = sum(c.actual_s or 0.0 for c in cells)
        total = max(planned, actual, 1.0)
        return (self.width() - 2) / total

    def _look(self) -> tuple[QColor, ...]:
        """(window, planned, under, over, under running, over running, flag, text): made
        again only when the palette changes (a switch of appearance), not on every paint."""
        key = self.palette().cacheKey()
        if self._look_key != key:
            colours = semantic_colors()
            chart = chart_colours()  # over/under in colours told apart with red-green blindness
            under, over = QColor(chart.under), QColor(chart.over)
            self._look_colours = (
                self.palette().window().color(),
                QColor(colours.planned),
                under,
                over,
                under.lighter(125),
                over.lighter(125),
                QColor(colours.flag),
                self.palette().windowText().color(),
            )
            self._look_key = key
        return self._look_colours

    def _backdrop(self, scale: float, row: float, look: tuple[QColor, ...]) -> QPixmap:
        """The background and the planned row with its separators: the same on every mark
        of a run (until the actual time outgrows the plan and the scale changes), so it is
        drawn once into a pixmap and copied."""
        ratio = self.devicePixelRatioF()
        planned = tuple(c.planned_s for c in self.cells)
        key = (self.width(), self.height(), ratio, self._look_key, scale, planned)
        if self._backdrop_key == key and self._backdrop_pixmap is not None:
            return self._backdrop_pixmap
        pixmap = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(look[0])
        painter = QPainter(pixmap)
        separators: list[QLineF] = []
        x = 1.0
        for planned_s in planned:
            separators.append(QLineF(x, 0, x, row))
            x += planned_s * scale
        painter.fillRect(QRectF(1.0, 0, x - 1.0, row), look[1])
        painter.setPen(look[0])
        painter.drawLines(separators)
        painter.end()
        self._backdrop_pixmap, self._backdrop_key = pixmap, key
        return pixmap

    def paintEvent(self, event: QPaintEvent) -> None:
        """Few, unantialiased calls: the strip repaints on every mark (the planned row copied
        from a pixmap, one fill per reached step, one batch of separators, a triangle for
        the flags of each pixel column — however many flags a step has)."""
        painter = QPainter(self)
        look = self._look()
        if not self.cells:
            painter.fillRect(event.rect(), look[0])
            return
        window, _planned, under, over, under_now, over_now, flag, text = look
        scale = self._scale()
        row = (self.height() - 14) / 2
        top = row + 4
        painter.drawPixmap(0, 0, self._backdrop(scale, row, look))
        separators: list[QLineF] = []
        flags: set[int] = set()  # a triangle per pixel column: flags there look as one
        labels: list[tuple[QRectF, str, QColor]] = []
        now_x: float | None = None
        x_actual = 1.0
        base = top + row + 10
        left = event.rect().left() - FLAG_HALF_WIDTH - 1  # steps wholly left of it: as painted
        for cell in self.cells:
            actual_s = cell.actual_s
            if actual_s is None:
                continue
            w = actual_s * scale
            if x_actual + w < left:
                x_actual += w
                continue
            if actual_s > cell.planned_s:
                colour = over_now if cell.running else over
            else:
                colour = under_now if cell.running else under
            painter.fillRect(QRectF(x_actual, top, w, row), colour)
            separators.append(QLineF(x_actual, top, x_actual, top + row))
            if cell.attempts > 1:
                labels.append((QRectF(x_actual, top, w, row), f"attempt {cell.attempts}", colour))
            if cell.running:
                now_x = x_actual + w
            flags.update(round(x_actual + share * w) for share in cell.flags)
            x_actual += w
        painter.setPen(window)
        painter.drawLines(separators)
        if labels:
            metrics = QFontMetricsF(self.font())
            for rect, label, fill in labels:
                painter.setPen(QColor("#000000" if fill.lightness() > 140 else "#ffffff"))
                shown = label if metrics.horizontalAdvance(label) + 4 <= rect.width() else ""
                if not shown and metrics.horizontalAdvance(label[-1]) + 4 <= rect.width():
                    shown = f"×{label.rsplit(' ', 1)[-1]}"
                if shown:
                    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), shown)
        if now_x is not None:  # where the run is now: across both rows
            pen = QPen(text)
            pen.setWidthF(2.0)
            painter.setPen(pen)
            painter.drawLine(QLineF(now_x, 0, now_x, top + row))
        if flags:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(flag)
            painter.setPen(Qt.PenStyle.NoPen)
            for fx in sorted(flags):
                painter.drawPolygon(
                    QPolygonF(
                        [
                            QPointF(fx, top + row),
                            QPointF(fx - FLAG_HALF_WIDTH, base),
                            QPointF(fx + FLAG_HALF_WIDTH, base),
                        ]
                    )
                )
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
