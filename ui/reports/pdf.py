"""A report as a PDF: A4 pages laid out in points, text and charts as vectors (the charts'
SVG painted by Qt's SVG renderer), tables whose rows never split across pages (the header
repeats on each page), and "Page n of N" at the foot of every page.

The same layout paints the preview (`page_images`). Both may run on a worker thread (the
report dialog does): Qt paints on a `QPdfWriter` or a `QImage` from any thread, text
included, and nothing here touches a widget, a pixmap or another thread's objects.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QByteArray, QLineF, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
)
from PySide6.QtSvg import QSvgRenderer

from rehearsal.errors import RehearsalError
from rehearsal.reports.model import Chart, Facts, Heading, Paragraph, Report, Table
from rehearsal_ui.shell.output import pdf_file

PAGE_W, PAGE_H = 595.0, 842.0  # A4 in points
MARGIN = 42.0
FOOT = 24.0
CONTENT_W = PAGE_W - 2 * MARGIN
BOTTOM = PAGE_H - MARGIN - FOOT
INK, MUTED, RULE, HEAD_BG = "#1f2328", "#59636e", "#d0d7de", "#f0f3f6"
WRAP = int(Qt.TextFlag.TextWordWrap.value)
Op = Callable[[QPainter], None]


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont("Helvetica")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


@dataclass(frozen=True, slots=True)
class RowPlace:
    """Where a table row landed: page index, which table, header or not, top and bottom."""

    page: int
    table: int
    header: bool
    top: float
    bottom: float


@dataclass(slots=True)
class _Layout:
    pages: list[list[Op]] = field(default_factory=lambda: [[]])
    y: float = MARGIN
    rows: list[RowPlace] = field(default_factory=list)
    tables: int = 0

    def room(self) -> float:
        return BOTTOM - self.y

    def new_page(self) -> None:
        self.pages.append([])
        self.y = MARGIN

    def need(self, height: float) -> None:
        if height > self.room() and self.y > MARGIN:
            self.new_page()

    def draw(self, op: Op) -> None:
        self.pages[-1].append(op)


POINTS_PER_METRE = round(72 / 0.0254)


def _points_device() -> QImage:
    """A device where a point is a unit, as on the PDF writer at 72 dpi: text is measured
    on it so the layout matches what is painted."""
    image = QImage(1, 1, QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(POINTS_PER_METRE)
    image.setDotsPerMeterY(POINTS_PER_METRE)
    return image


_DEVICES = threading.local()  # one per thread: a QImage is reentrant, not thread-safe


def _metrics(font: QFont) -> QFontMetricsF:
    device = getattr(_DEVICES, "image", None)
    if device is None:
        device = _DEVICES.image = _points_device()
    return QFontMetricsF(font, device)


def _text_height(text: str, font: QFont, width: float) -> float:
    return _metrics(font).boundingRect(QRectF(0, 0, width, 1e6), WRAP, text or " ").height()


def _widest_word(text: str, font: QFont) -> float:
    metrics = _metrics(font)
    return max((metrics.horizontalAdvance(word) for word in text.split()), default=0.0)


def _pieces(
    out: _Layout, text: str, font: QFont, width: float, least: float = 0.0
) -> Iterator[str]:
    """`text` whole when it fits on a page (on the next one when not on this); else in
    pieces that each fill the rest of a page, ending the page between them: text taller
    than a page flows on instead of running off its foot. Split between words (a line
    break stays in its piece). `least`: the height the first piece needs at least."""
    height = _text_height(text, font, width)
    if height <= BOTTOM - MARGIN:
        out.need(max(least, height))
        yield text
        return
    if out.room() < max(least, 3 * _metrics(font).lineSpacing()):
        out.new_page()
    words = text.split(" ")
    while words:
        whole = " ".join(words)
        if _text_height(whole, font, width) <= out.room():
            yield whole
            return
        fits, lo, hi = 1, 1, len(words) - 1  # the most words that fit: at least one
        while lo <= hi:
            mid = (lo + hi) // 2
            if _text_height(" ".join(words[:mid]), font, width) <= out.room():
                fits, lo = mid, mid + 1
            else:
                hi = mid - 1
        yield " ".join(words[:fits])
        words = words[fits:]
        out.new_page()


def _text_op(rect: QRectF, text: str, font: QFont, colour: str, align: int = 0) -> Op:
    def op(p: QPainter) -> None:
        p.setFont(font)
        p.setPen(QColor(colour))
        p.drawText(rect, WRAP | align, text)

    return op


def _layout(report: Report) -> _Layout:
    out = _Layout()
    title, subtitle = _font(17, True), _font(10.5)
    h = _text_height(report.title, title, CONTENT_W)
    out.draw(_text_op(QRectF(MARGIN, out.y, CONTENT_W, h), report.title, title, INK))
    out.y += h + 2
    h = _text_height(report.subtitle, subtitle, CONTENT_W)
    out.draw(_text_op(QRectF(MARGIN, out.y, CONTENT_W, h), report.subtitle, subtitle, MUTED))
    out.y += h + 12
    for index, block in enumerate(report.blocks):
        if isinstance(block, Heading):
            following = report.blocks[index + 1] if index + 1 < len(report.blocks) else None
            _heading(out, block, _first_part(following))
        elif isinstance(block, Paragraph):
            font = _font(9.5)
            colour = MUTED if block.muted else INK
            for piece in _pieces(out, block.text, font, CONTENT_W):
                h = _text_height(piece, font, CONTENT_W)
                out.draw(_text_op(QRectF(MARGIN, out.y, CONTENT_W, h), piece, font, colour))
                out.y += h
            out.y += 6
        elif isinstance(block, Facts):
            _facts(out, block)
        elif isinstance(block, Table):
            _table(out, block)
        elif isinstance(block, Chart):
            _chart(out, block)
    return out


def _first_part(block: object) -> float:
    """The height of what must follow a heading on its page: the next chart whole, a
    table's header and first row, a paragraph, the first fact."""
    if isinstance(block, Chart):
        return min(block.height * min(1.0, CONTENT_W / block.width), BOTTOM - MARGIN - 80) + 20
    if isinstance(block, Table):
        return 60.0
    if isinstance(block, Paragraph | Facts):
        return 30.0
    return 20.0


def _heading(out: _Layout, block: Heading, keep: float = 40.0) -> None:
    top = block.level <= 1
    font = _font(12.5 if top else 10.5, True)
    h = _text_height(block.text, font, CONTENT_W)
    out.y += 8 if top else 4
    out.need(h + 10 + keep)  # a heading never ends a page: what follows starts with it
    y = out.y
    out.draw(_text_op(QRectF(MARGIN, y, CONTENT_W, h), block.text, font, INK))
    if not top:  # an item's heading: no rule under it
        out.y += h + 4
        return

    def rule(p: QPainter, y: float = y + h + 2) -> None:
        p.setPen(QPen(QColor(RULE), 0.8))
        p.drawLine(QLineF(MARGIN, y, MARGIN + CONTENT_W, y))

    out.draw(rule)
    out.y += h + 8


def _facts(out: _Layout, block: Facts) -> None:
    label_font, value_font = _font(9.5, True), _font(9.5)
    label_w = 110.0
    value_w = CONTENT_W - label_w
    for label, value in block.pairs:
        label_h = _text_height(label, label_font, label_w)
        out.need(label_h)
        for piece in _pieces(out, value, value_font, value_w, label_h):
            h = max(label_h, _text_height(piece, value_font, value_w))
            out.draw(_text_op(QRectF(MARGIN, out.y, label_w, h), label, label_font, INK))
            value_rect = QRectF(MARGIN + label_w, out.y, value_w, h)
            out.draw(_text_op(value_rect, piece, value_font, INK))
            out.y += h
            label, label_h = "", 0.0  # the label once, beside the value's first piece
        out.y += 2
    out.y += 6


def _table(out: _Layout, table: Table) -> None:
    font, bold = _font(8), _font(8, True)
    pad = 3.0
    weights = list(table.weights) or [1.0] * len(table.headers)
    total = sum(weights)
    widths = [CONTENT_W * w / total for w in weights]
    # No column narrower than its longest header word, nor a figure column than its figures.
    least = []
    for i, header in enumerate(table.headers):
        need = _widest_word(header, bold)
        if table.numeric[i]:
            need = max([need] + [_metrics(bold).horizontalAdvance(r[i]) for r in table.rows])
        least.append(need + 2 * pad + 1)
    short = sum(max(0.0, n - w) for n, w in zip(least, widths, strict=True))
    if short > 0:
        spare = [max(0.0, w - n) for n, w in zip(least, widths, strict=True)]
        room = sum(spare) or 1.0
        widths = [
            max(n, w - short * s / room) for n, w, s in zip(least, widths, spare, strict=True)
        ]
    lefts = [MARGIN + sum(widths[:i]) for i in range(len(widths))]

    def row_height(cells: tuple[str, ...], f: QFont) -> float:
        return (
            max(_text_height(c, f, w - 2 * pad) for c, w in zip(cells, widths, strict=True))
            + 2 * pad
        )

    header_h = row_height(table.headers, bold)

    table_index = out.tables
    out.tables += 1

    def draw_row(cells: tuple[str, ...], f: QFont, y: float, h: float, shade: bool) -> None:
        out.rows.append(RowPlace(len(out.pages) - 1, table_index, shade, y, y + h))

        def background(p: QPainter) -> None:
            if shade:
                p.fillRect(QRectF(MARGIN, y, CONTENT_W, h), QColor(HEAD_BG))
            p.setPen(QPen(QColor(RULE), 0.5))
            p.drawLine(QLineF(MARGIN, y + h, MARGIN + CONTENT_W, y + h))

        out.draw(background)
        for i, cell in enumerate(cells):
            align = int(Qt.AlignmentFlag.AlignRight.value) if table.numeric[i] else 0
            rect = QRectF(lefts[i] + pad, y + pad, widths[i] - 2 * pad, h - 2 * pad)
            out.draw(_text_op(rect, cell, f, INK, align))

    out.need(header_h + row_height(table.rows[0], font) if table.rows else header_h)
    draw_row(table.headers, bold, out.y, header_h, True)
    out.y += header_h
    for index, cells in enumerate(table.rows):
        f = bold if index in table.emphasis else font
        h = row_height(cells, f)
        if h > out.room():  # never split a row: the rest goes to the next page
            out.new_page()
            draw_row(table.headers, bold, out.y, header_h, True)
            out.y += header_h
        draw_row(cells, f, out.y, h, False)
        out.y += h
    out.y += 10


def _chart(out: _Layout, chart: Chart) -> None:
    scale = min(1.0, CONTENT_W / chart.width)
    w, h = chart.width * scale, chart.height * scale
    caption_font = _font(8)
    caption = f"{chart.title} — {chart.description}" if chart.description else chart.title
    caption_h = _text_height(caption, caption_font, CONTENT_W)
    if h + caption_h > BOTTOM - MARGIN:  # taller than a page: shrink to fit one
        shrink = (BOTTOM - MARGIN - caption_h) / h
        w, h = w * shrink, h * shrink
    out.need(h + caption_h + 4)
    renderer = QSvgRenderer(QByteArray(chart.svg.encode()))
    rect = QRectF(MARGIN, out.y, w, h)

    def op(p: QPainter) -> None:
        renderer.render(p, rect)

    out.draw(op)
    out.y += h + 2
    out.draw(_text_op(QRectF(MARGIN, out.y, CONTENT_W, caption_h), caption, caption_font, MUTED))
    out.y += caption_h + 10


def paginate(report: Report) -> list[RowPlace]:
    """Where every table row of `report` lands (for checking the page breaks)."""
    return _layout(report).rows


def _foot(p: QPainter, report: Report, number: int, count: int) -> None:
    p.setFont(_font(7.5))
    p.setPen(QColor(MUTED))
    y = PAGE_H - MARGIN - FOOT + 10
    p.drawText(QRectF(MARGIN, y, CONTENT_W * 0.7, 14), 0, report.title)
    right = int(Qt.AlignmentFlag.AlignRight.value)
    p.drawText(QRectF(MARGIN, y, CONTENT_W, 14), right, f"Page {number} of {count}")


def write_pdf(
    report: Report, path: str | Path, progress: Callable[[str], None] | None = None
) -> Path:
    """Write `report` to `path` as a PDF (a QGuiApplication must exist)."""
    target = Path(path)
    layout = _layout(report)
    with pdf_file(target) as writer:
        writer.setResolution(72)  # painter units are points; text and charts stay vectors
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(0, 0, 0, 0),
            )
        )
        writer.setTitle(report.title)
        writer.setCreator("Rehearsal")
        painter = QPainter()
        if not painter.begin(writer):
            raise RehearsalError(f"{target} could not be written: the PDF could not be begun.")
        try:
            count = len(layout.pages)
            for number, ops in enumerate(layout.pages, start=1):
                if progress is not None:
                    progress(f"Writing page {number} of {count}")
                if number > 1:
                    writer.newPage()
                for op in ops:
                    op(painter)
                _foot(painter, report, number, count)
        finally:
            painter.end()
    return target


def page_images(report: Report, width_px: int = 620) -> list[QImage]:
    """The pages as images, for the preview."""
    layout = _layout(report)
    scale = width_px / PAGE_W
    images = []
    for number, ops in enumerate(layout.pages, start=1):
        image = QImage(QSizeF(PAGE_W * scale, PAGE_H * scale).toSize(), QImage.Format.Format_RGB32)
        image.setDotsPerMeterX(POINTS_PER_METRE)  # a point is a pixel before the scaling
        image.setDotsPerMeterY(POINTS_PER_METRE)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        for op in ops:
            op(painter)
        _foot(painter, report, number, len(layout.pages))
        painter.end()
        images.append(image)
    return images


def write_pdf_headless(
    report: Report, path: str | Path, progress: Callable[[str], None] | None = None
) -> Path:
    """For the `rehearsal report` command: a Qt application offscreen if none exists yet."""
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _KEEP.append(QGuiApplication(["rehearsal"]))  # lives as long as the command
    return write_pdf(report, path, progress)


_KEEP: list[QGuiApplication] = []
