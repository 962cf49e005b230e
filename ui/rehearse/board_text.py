"""Text on the live board that repaints itself and never asks the page for a new layout.

A `QLabel` asks its parents to lay out again whenever its text changes (its size hint may
have changed); on the live board that meant relaying out and repainting the whole page on
every mark. A `BoardText` has a size fixed by its font and line count, so new text only
repaints its own rectangle. Text that does not fit is elided with "…".
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPixmap,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

ELLIPSIS = "…"
# Qt draws glyphs this many pixels tall and more as paths, on every paint (the timer's 6×
# font took 0.8 ms a repaint); a one-line BoardText that large draws cached glyph images.
LARGE_PX = 48


class BoardText(QWidget):
    def __init__(
        self,
        size: float = 1.0,
        *,
        bold: bool = False,
        lines: int = 1,
        wrap: bool = True,
        fill: bool = False,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # (colour, ratio) → char → (its image, its advance)
        self._glyphs: dict[tuple[int, float], dict[str, tuple[QPixmap, int]]] = {}
        self._shown: tuple[str, int, str] = ("", -1, "")  # (text, width) → what fits
        self._lines = max(1, lines)
        self._wrap = wrap and self._lines > 1
        self._remember_palette()
        font = QFont(self.font())
        self._base_pt = font.pointSizeF() * size
        font.setPointSizeF(self._base_pt)
        font.setBold(bold)
        self.setFont(font)
        self._text = ""
        self._colour: QColor | None = None
        self._align = align
        self._flags = self._flags_for(align)
        # `fill`: at least `lines` high, and as high as the layout gives (a panel's body);
        # else exactly `lines` high. Either way its size never depends on its text.
        self._fill = fill
        self._fit_height()
        # It paints its own background, so a new text does not repaint what lies beneath.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_scale(self, factor: float) -> None:
        """Its size times `factor` (the live board follows its window): a new height, so
        call it on a resize, never on a mark."""
        font = QFont(self.font())
        font.setPointSizeF(self._base_pt * factor)
        if font == self.font():
            return
        self.setFont(font)
        self._fit_height()

    def _fit_height(self) -> None:
        self._remember_font()
        height = self._metrics.lineSpacing() * self._lines + 4
        if self._fill:
            self.setMinimumHeight(height)
            self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        else:
            self.setFixedHeight(height)
            self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    # -- the QLabel-like surface -----------------------------------------------------------
    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text == self._text:
            return
        self._text = text
        self.setAccessibleName(text)
        self.update()

    def setAlignment(self, align: Qt.AlignmentFlag) -> None:
        self._align = align
        self._flags = self._flags_for(align)
        self.update()

    def colour(self) -> QColor:
        """The colour the text is drawn in: the set one, else the palette's text colour."""
        return QColor(self._pen_colour())

    def _pen_colour(self) -> QColor:
        return self._colour if self._colour is not None else self._palette_text

    def set_colour(self, colour: QColor | None) -> None:
        """A colour for the text (the timer's warning and danger), or None for the palette's."""
        if colour == self._colour:
            return
        self._colour = QColor(colour) if colour is not None else None
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(self._metrics.averageCharWidth() * 24, self.minimumHeight())

    def minimumSizeHint(self) -> QSize:
        return QSize(self._metrics.averageCharWidth() * 4, self.minimumHeight())

    # -- painting ------------------------------------------------------------------------------
    # A mark repaints a dozen of these: what a paint needs is worked out when the font or the
    # alignment changes (metrics, flags, whether glyphs are drawn from images), not per paint.
    def _remember_font(self) -> None:
        self._font = self.font()
        self._metrics = QFontMetrics(self._font)
        self._large = not self._wrap and self._metrics.height() >= LARGE_PX

    def _remember_palette(self) -> None:
        palette = self.palette()
        self._background = palette.window().color()
        self._palette_text = palette.windowText().color()

    def _flags_for(self, align: Qt.AlignmentFlag) -> int:
        flags = int(align.value) if hasattr(align, "value") else int(align)
        if self._wrap:
            flags |= int(Qt.TextFlag.TextWordWrap.value)
        return flags

    def shown_text(self) -> str:
        """What is drawn at the present size: the text, or its start and "…"."""
        return self._fitting(self._area())

    def _area(self) -> QRect:
        return self.rect().adjusted(0, 2, 0, -2)

    def _fitting(self, area: QRect, overflows: bool = False) -> str:
        """The text, elided with … when it needs more than the lines there are
        (`overflows`: it is known to)."""
        text, width = self._text, area.width()
        if self._shown[0] == text and self._shown[1] == width:
            return self._shown[2]
        metrics = self._metrics
        if not self._wrap:
            fitted = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        else:
            fitted = text
            room = self._room(area)
            if overflows or metrics.boundingRect(area, self._flags, text).height() > room:
                fitted = self._cut(text, area, room)
        self._shown = (text, width, fitted)
        return fitted

    def _cut(self, text: str, area: QRect, room: int) -> str:
        """The text's start and "…", as much as fits in `room`: up to the end of the last
        line that fits when the text is laid out once, then a word less at a time until
        the ellipsis fits too (a text is laid out a few times, not once per halving)."""
        metrics, flags = self._metrics, self._flags
        # A line break is the layout's line separator, as drawText makes it (same length).
        layout = QTextLayout(text.replace("\n", "\u2028"), self._font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        end, height = 0, 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(area.width())
            height += line.height()
            if height > room:
                break
            end = line.textStart() + line.textLength()
        layout.endLayout()
        kept = text[:end].rstrip()
        while kept:
            if metrics.boundingRect(area, flags, kept + ELLIPSIS).height() <= room:
                return kept + ELLIPSIS
            space = kept.rfind(" ")
            kept = kept[:space].rstrip() if space > 0 else kept[:-1]
        return ELLIPSIS

    def _room(self, area: QRect) -> int:
        """The height wrapped text may take in `area`: less than a line more fits."""
        return area.height() + self._metrics.lineSpacing() // 2

    def _fits(self, drawn: QRect, area: QRect) -> bool:
        """Whether text that took `drawn` needs no "…" in `area` (as `_fitting` decides)."""
        if not self._wrap:
            return drawn.width() <= area.width()
        return drawn.height() <= self._room(area)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        background = self._background
        painter.fillRect(event.rect(), background)
        text = self._text
        if not text:
            return
        area = self.rect().adjusted(0, 2, 0, -2)
        if self._large:
            self._draw_cached(painter, area, text)
            return
        painter.setFont(self._font)
        painter.setPen(self._pen_colour())
        shown = self._shown
        if shown[0] == text and shown[1] == area.width():
            painter.drawText(area, self._flags, shown[2])
            return
        # A new text is drawn first and measured by its drawing (one layout of the text, not
        # one to measure and one to draw); one that needs more room than there is is drawn
        # again over a clean background, cut short with "…". One with more lines than fit
        # (a panel's list) is cut at once.
        many_lines = self._wrap and text.count("\n") * self._metrics.lineSpacing() >= (
            self._room(area)
        )
        if not many_lines:
            if self._fits(painter.drawText(area, self._flags, text), area):
                self._shown = (text, area.width(), text)
                return
            painter.fillRect(event.rect(), background)
        painter.drawText(area, self._flags, self._fitting(area, overflows=True))

    def _draw_cached(self, painter: QPainter, area: QRect, text: str) -> None:
        """Draw one line from glyph images made once per character and colour; a line wider
        than the area is cut short with "…" (its width is the sum of the glyphs' advances)."""
        height = self._metrics.height()
        glyphs = self._glyph_set()
        drawn = [glyphs.get(char) or self._glyph(glyphs, char, height) for char in text]
        width = sum(advance for _, advance in drawn)
        if width > area.width():
            text = self._fitting(area)
            drawn = [glyphs.get(char) or self._glyph(glyphs, char, height) for char in text]
            width = sum(advance for _, advance in drawn)
        if self._align & Qt.AlignmentFlag.AlignHCenter:
            x = area.left() + (area.width() - width) // 2
        elif self._align & Qt.AlignmentFlag.AlignRight:
            x = area.right() - width
        else:
            x = area.left()
        y = area.top() + (area.height() - height) // 2
        for pixmap, advance in drawn:
            painter.drawPixmap(x, y, pixmap)
            x += advance

    def _glyph_set(self) -> dict[str, tuple[QPixmap, int]]:
        """The glyph images (and advances) of the present colour and pixel ratio."""
        key = (self._pen_colour().rgba(), self.devicePixelRatioF())
        glyphs = self._glyphs.get(key)
        if glyphs is None:
            glyphs = self._glyphs[key] = {}
        return glyphs

    def _glyph(
        self, glyphs: dict[str, tuple[QPixmap, int]], char: str, height: int
    ) -> tuple[QPixmap, int]:
        advance = self._metrics.horizontalAdvance(char)
        ratio = self.devicePixelRatioF()
        glyph = QPixmap(round(advance * ratio), round(height * ratio))
        glyph.setDevicePixelRatio(ratio)
        glyph.fill(Qt.GlobalColor.transparent)
        glyph_painter = QPainter(glyph)
        glyph_painter.setFont(self.font())
        glyph_painter.setPen(self._pen_colour())
        glyph_painter.drawText(0, self._metrics.ascent(), char)
        glyph_painter.end()
        glyphs[char] = (glyph, advance)
        return glyph, advance

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._glyphs.clear()
            self._shown = ("", -1, "")
            self._remember_font()
            self._remember_palette()
        super().changeEvent(event)
