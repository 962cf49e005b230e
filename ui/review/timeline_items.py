"""The painted parts of the review timeline: blocks (planned, attempts, pauses) and markers.

Both items keep their geometry in data coordinates (minutes, rows) and paint in device
pixels, so hatching, outlines and labels stay crisp and readable at any zoom; labels are
elided to the room they have, never drawn over a neighbour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from rehearsal_ui.shell.theme import SemanticColors

HATCH = Qt.BrushStyle.BDiagPattern
DARK_TEXT = QColor("#111418")
LIGHT_TEXT = QColor("#ffffff")


def readable_on(fill: QColor) -> QColor:
    """Near-black or white, whichever reads better on `fill` (WCAG relative luminance)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    lum = (
        0.2126 * channel(fill.redF())
        + 0.7152 * channel(fill.greenF())
        + 0.0722 * channel(fill.blueF())
    )
    return DARK_TEXT if (lum + 0.05) / 0.0555 > 1.05 / (lum + 0.05) else LIGHT_TEXT


def mix(colour: QColor, other: QColor, share: float) -> QColor:
    """`share` of `colour` over the rest of `other`, opaque (so text on it can be judged)."""
    a = (colour.redF(), colour.greenF(), colour.blueF())
    b = (other.redF(), other.greenF(), other.blueF())
    return QColor.fromRgbF(*(share * x + (1 - share) * y for x, y in zip(a, b, strict=True)))


def _palette() -> QPalette:
    return QApplication.palette()


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # "planned" | "attempt" | "earlier" | "pause"
    key: str  # what selecting it selects: "step:3"
    x0: float
    x1: float
    y0: float
    y1: float
    fill: QColor | None
    outline: QColor | None = None
    hatch: QColor | None = None
    hatch_from: float | None = None  # hatch only from this x on (the time beyond the plan)
    text: str = ""
    short: str = ""  # shown instead of `text` when that barely fits
    subtext: str = ""
    text_colour: QColor | None = None
    bold_subtext: bool = False
    on_top: bool = False

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1


def _font(bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(max(7.5, font.pointSizeF() * 0.92))
    font.setBold(bold)
    return font


class BlocksItem(pg.GraphicsObject):
    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[Block] = []
        self.selected = ""
        self._bounds = QRectF()

    def set_blocks(self, blocks: Sequence[Block]) -> None:
        self.prepareGeometryChange()
        self.blocks = sorted(blocks, key=lambda b: b.on_top)
        if self.blocks:
            x0 = min(b.x0 for b in self.blocks)
            x1 = max(b.x1 for b in self.blocks)
            y0 = min(b.y0 for b in self.blocks)
            y1 = max(b.y1 for b in self.blocks)
            self._bounds = QRectF(x0, y0, x1 - x0, y1 - y0)
        else:
            self._bounds = QRectF()
        self.update()

    def set_selected(self, key: str) -> None:
        if key != self.selected:
            self.selected = key
            self.update()

    def block_at(self, x: float, y: float) -> Block | None:
        """The topmost block at (x, y), pauses under it aside (they belong to the step)."""
        hits = [b for b in self.blocks if b.contains(x, y)]
        solid = [b for b in hits if b.kind != "pause"]
        found = solid or hits
        return found[-1] if found else None

    def boundingRect(self) -> QRectF:
        pad = (self.pixelWidth() or 0.0) * 4
        return self._bounds.adjusted(-pad, -0.1, pad, 0.1)

    def paint(self, painter: QPainter, *_args: object) -> None:
        """Shapes first, then the steps' labels over them, then the pauses' labels in the
        strip under the row (they may run past a narrow pause)."""
        if not self.blocks:
            return
        to_device = painter.transform()
        painter.save()
        painter.resetTransform()
        palette = _palette()
        separator = palette.color(QPalette.ColorRole.Base)
        placed = []
        for block in self.blocks:
            r = to_device.mapRect(
                QRectF(block.x0, block.y0, block.x1 - block.x0, block.y1 - block.y0)
            ).normalized()
            r = QRectF(round(r.left()), round(r.top()), max(1.0, round(r.width())), r.height())
            placed.append((block, r))
            if block.fill is not None:
                painter.fillRect(r, block.fill)
            if block.hatch is not None:
                hatched = QRectF(r)
                if block.hatch_from is not None:
                    left = to_device.map(QPointF(block.hatch_from, 0)).x()
                    hatched.setLeft(max(r.left(), left))
                painter.fillRect(hatched, QBrush(block.hatch, HATCH))
            if block.kind in ("earlier", "pause"):
                pen = QPen(block.outline or separator, 1.5, Qt.PenStyle.DashLine)
            else:
                pen = QPen(separator, 1)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(r.adjusted(0.5, 0.5, -0.5, -0.5))
        if self.selected:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 3))
            for block, r in placed:
                if block.key == self.selected and block.kind != "pause":
                    painter.drawRect(r.adjusted(1.5, 1.5, -1.5, -1.5))
        seen = self._visible(to_device)
        for block, r in placed:
            if block.kind != "pause":
                self._label(painter, block, r.intersected(seen) if seen is not None else r)
        for block, r in placed:
            if block.kind == "pause":
                self._strip_label(painter, block, r)
        painter.restore()

    def _visible(self, to_device: QTransform) -> QRectF | None:
        """The part of the plot on screen, in device pixels: labels of blocks that run off
        an edge start at the edge."""
        view = self.getViewBox()
        if view is None:
            return None
        shown: QRectF = view.viewRect()
        return to_device.mapRect(shown).normalized()

    @staticmethod
    def _strip_label(painter: QPainter, block: Block, r: QRectF) -> None:
        font = _font()
        fm = QFontMetrics(font)
        text = f"{block.text} {block.subtext}".strip()
        box = QRectF(
            r.left() + 3, r.bottom() - fm.height() - 1, fm.horizontalAdvance(text) + 4, fm.height()
        )
        back = QColor(_palette().color(QPalette.ColorRole.Base))
        back.setAlpha(235)
        painter.fillRect(box, back)
        painter.setFont(font)
        painter.setPen(block.text_colour or _palette().color(QPalette.ColorRole.Text))
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)

    @staticmethod
    def _label(painter: QPainter, block: Block, r: QRectF) -> None:
        room = r.width() - 8
        if room < 14 or not (block.text or block.subtext):
            return
        font, bold = _font(), _font(bold=block.bold_subtext)
        fm, fmb = QFontMetrics(font), QFontMetrics(bold)
        line = fm.height()
        title = fm.elidedText(block.text, Qt.TextElideMode.ElideRight, int(room))
        if title != block.text and len(title) <= 5 and block.short:
            title = block.short if fm.horizontalAdvance(block.short) <= room else ""
        sub = block.subtext if fmb.horizontalAdvance(block.subtext) <= room else ""
        lines: list[tuple[str, QFont]] = []
        two = r.height() >= 2 * line + 4
        if title and title != "…" and (two or not sub or len(title) > 4):
            lines.append((title, font))
        if sub and (two or not lines):
            lines.append((sub, bold))
        if not lines:
            return
        colour = block.text_colour or _palette().color(QPalette.ColorRole.Text)
        top = r.top() + (r.height() - line * len(lines)) / 2
        # Text sits on its own colour, so hatching and pauses never cut through it.
        back = QColor(block.fill or _palette().color(QPalette.ColorRole.Base))
        back.setAlpha(255 if block.fill is not None else 225)
        for text, f in lines:
            painter.setFont(f)
            width = QFontMetrics(f).horizontalAdvance(text)
            box = QRectF(r.left() + 4, top, width + 2, line)
            painter.fillRect(box.adjusted(-2, 0, 2, 0).intersected(r.adjusted(1, 1, -1, -1)), back)
            painter.setPen(colour)
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            top += line


@dataclass(frozen=True, slots=True)
class Mark:
    kind: str  # "flag" | "annotation"
    key: str  # "flag:<id>" | "annotation:<id>"
    x: float
    y: float
    label: str
    colour: QColor
    size: int = 14


class MarksItem(pg.GraphicsObject):
    """Flags as triangles and annotations as diamonds, with a guide up to the actual row."""

    LABEL_MAX = 170

    def __init__(self, guide_top: float) -> None:
        super().__init__()
        self.marks: list[Mark] = []
        self.selected = ""
        self.guide_top = guide_top

    def set_marks(self, marks: Sequence[Mark]) -> None:
        self.prepareGeometryChange()
        self.marks = sorted(marks, key=lambda m: (m.y, m.x))
        self.update()

    def set_selected(self, key: str) -> None:
        if key != self.selected:
            self.selected = key
            self.update()

    def levels(self, px: float) -> list[int]:
        """How far down each mark is stacked, so marks at nearly the same moment (closer
        than a marker at `px` minutes per pixel) stay visible one under the other."""
        placed: dict[tuple[float, int], list[float]] = {}
        found = []
        for m in self.marks:
            at = m.x / max(px, 1e-12)
            level = 0
            while level < 3 and any(
                abs(at - other) < m.size + 2 for other in placed.get((m.y, level), [])
            ):
                level += 1
            placed.setdefault((m.y, level), []).append(at)
            found.append(level)
        return found

    def mark_at(self, x: float, y: float, px: float, py: float) -> Mark | None:
        """The mark within a few pixels of (x, y); `px`, `py`: data units per pixel."""
        best, distance = None, 1e9
        for m, level in zip(self.marks, self.levels(px), strict=True):
            shown_y = m.y - level * (m.size + 3) * py
            dx, dy = abs(m.x - x) / max(px, 1e-12), abs(shown_y - y) / max(py, 1e-12)
            if dx <= m.size * 0.7 and dy <= m.size * 0.7 and dx + dy < distance:
                best, distance = m, dx + dy
        return best

    def boundingRect(self) -> QRectF:
        if not self.marks:
            return QRectF()
        pw = self.pixelWidth() or 0.0
        ph = self.pixelHeight() or 0.0
        x0 = min(m.x for m in self.marks) - pw * (self.LABEL_MAX + 30)
        x1 = max(m.x for m in self.marks) + pw * (self.LABEL_MAX + 30)
        y0 = min(m.y for m in self.marks) - ph * 80
        return QRectF(x0, y0, x1 - x0, self.guide_top - y0)

    def paint(self, painter: QPainter, *_args: object) -> None:
        if not self.marks:
            return
        to_device = painter.transform()
        px = 1 / to_device.m11() if to_device.m11() else 1.0
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = _palette()
        font = _font()
        fm = QFontMetrics(font)
        painter.setFont(font)
        view = self.getViewBox()
        seen = to_device.mapRect(view.viewRect()) if view is not None else QRectF(0, 0, 1e6, 1e6)
        top = to_device.map(QPointF(0, self.guide_top)).y()
        levels = self.levels(px)
        points = [
            to_device.map(QPointF(m.x, m.y)) + QPointF(0, level * (m.size + 3))
            for m, level in zip(self.marks, levels, strict=True)
        ]
        for m, at, level in zip(self.marks, points, levels, strict=True):
            if level == 0:
                guide = QColor(m.colour)
                guide.setAlpha(140)
                painter.setPen(QPen(guide, 1, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(at.x(), top), QPointF(at.x(), at.y() - m.size / 2))
        for m, at in zip(self.marks, points, strict=True):
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Base), 1.5))
            painter.setBrush(m.colour)
            painter.drawPolygon(_shape(m, at))
            if m.key == self.selected:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2.5))
                painter.drawEllipse(at, m.size * 0.85, m.size * 0.85)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        lines: dict[tuple[float, int], list[int]] = {}
        for i, (m, level) in enumerate(zip(self.marks, levels, strict=True)):
            lines.setdefault((m.y, level), []).append(i)
        for members in lines.values():
            self._labels(painter, fm, [(self.marks[i], points[i]) for i in members], seen)
        painter.restore()

    def _labels(
        self, painter: QPainter, fm: QFontMetrics, line: list[tuple[Mark, QPointF]], seen: QRectF
    ) -> None:
        """Label the marks of one line left to right: each label goes right of its marker,
        or left of it when there is more room there (near the plot's right edge, or before
        a close neighbour), never over another label or marker."""
        line = sorted(line, key=lambda pair: pair[1].x())
        taken = seen.left()  # where the previous marker or label ends
        for n, (m, at) in enumerate(line):
            gap = m.size / 2 + 3
            following = (
                line[n + 1][1].x() - line[n + 1][0].size / 2 - 6
                if n + 1 < len(line)
                else seen.right()
            )
            wanted = min(self.LABEL_MAX, fm.horizontalAdvance(m.label) + 2) if m.label else 0
            right = min(self.LABEL_MAX, following - at.x() - gap)
            left = min(self.LABEL_MAX, at.x() - gap - taken - 6)
            on_left = right < wanted and left > right
            width = left if on_left else right
            taken = at.x() + m.size / 2
            if not m.label or width < 30:
                continue
            text = fm.elidedText(m.label, Qt.TextElideMode.ElideRight, int(width))
            used = fm.horizontalAdvance(text) + 2
            x = at.x() - gap - used if on_left else at.x() + gap
            painter.drawText(
                QRectF(x, at.y() - fm.height() / 2, used, fm.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            if not on_left:
                taken = x + used


def _shape(m: Mark, at: QPointF) -> QPolygonF:
    h = m.size / 2
    x, y = at.x(), at.y()
    if m.kind == "flag":  # a triangle pointing down at the moment
        return QPolygonF([QPointF(x - h, y - h), QPointF(x + h, y - h), QPointF(x, y + h)])
    return QPolygonF([QPointF(x, y - h), QPointF(x + h, y), QPointF(x, y + h), QPointF(x - h, y)])


def legend_swatch(kind: str, c: SemanticColors, palette: QPalette) -> QPixmap:
    """A small picture of how `kind` is drawn on the timeline, for the legend."""
    ratio = QApplication.primaryScreen().devicePixelRatio() if QApplication.primaryScreen() else 1.0
    pixmap = QPixmap(int(30 * ratio), int(16 * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    r = QRectF(1, 2, 28, 12)
    if kind == "planned":
        painter.fillRect(r, QColor(c.planned))
    elif kind == "under":
        painter.fillRect(r, QColor(c.ok))
    elif kind == "over":
        painter.fillRect(r, QColor(c.danger))
        painter.fillRect(r.adjusted(12, 0, 0, 0), QBrush(QColor(c.danger).darker(150), HATCH))
    elif kind in ("earlier", "pause"):
        painter.fillRect(r, QBrush(QColor(c.muted_text), HATCH))
        colour = QColor(c.actual if kind == "earlier" else c.muted_text)
        painter.setPen(QPen(colour, 1.5, Qt.PenStyle.DashLine))
        painter.drawRect(r)
    else:
        colour = QColor(c.flag if kind == "flag" else c.accent)
        mark = Mark(kind, "", 0, 0, "", colour, 12)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Base), 1))
        painter.setBrush(colour)
        painter.drawPolygon(_shape(mark, QPointF(15, 8)))
    painter.end()
    return pixmap


LEGEND: tuple[tuple[str, str], ...] = (
    ("planned", "Planned"),
    ("under", "On or under plan"),
    ("over", "Over plan (time beyond the plan hatched)"),
    ("earlier", "Earlier attempt (retried)"),
    ("pause", "Pause"),
    ("flag", "Flag"),
    ("annotation", "Annotation"),
)


class Legend(QWidget):
    """What each mark on the timeline means; wraps onto more lines when narrow."""

    SWATCH, GAP, SPACING = 30, 5, 16

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colours: SemanticColors | None = None
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName("Legend: " + ", ".join(text for _, text in LEGEND))

    def set_colours(self, colours: SemanticColors) -> None:
        self.colours = colours
        self.update()

    def _items(self) -> list[tuple[str, str, int]]:
        fm = self.fontMetrics()
        return [
            (kind, text, self.SWATCH + self.GAP + fm.horizontalAdvance(text))
            for kind, text in LEGEND
        ]

    def _rows(self, width: int) -> list[list[tuple[str, str, int]]]:
        rows: list[list[tuple[str, str, int]]] = [[]]
        used = 0
        for item in self._items():
            if rows[-1] and used + item[2] > width:
                rows.append([])
                used = 0
            rows[-1].append(item)
            used += item[2] + self.SPACING
        return rows

    def _line(self) -> int:
        return max(self.fontMetrics().height(), 16) + 4

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return len(self._rows(max(width, 1))) * self._line()

    def sizeHint(self) -> QSize:
        width = sum(w + self.SPACING for _, _, w in self._items())
        return QSize(width, self._line())

    def minimumSizeHint(self) -> QSize:
        return QSize(60, self._line())

    def paintEvent(self, event: object) -> None:
        if self.colours is None:
            return
        painter = QPainter(self)
        line = self._line()
        for row_number, row in enumerate(self._rows(self.width())):
            x, y = 0, row_number * line
            for kind, text, width in row:
                painter.drawPixmap(
                    x, y + (line - 16) // 2, legend_swatch(kind, self.colours, self.palette())
                )
                painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
                painter.drawText(
                    QRectF(x + self.SWATCH + self.GAP, y, width, line),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    text,
                )
                x += width + self.SPACING
        painter.end()
