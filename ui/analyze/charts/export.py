"""Export a chart (any widget: a plot with its title and legend, or a table) as PNG or PDF.

PNG: the widget rendered at twice its size (crisp on high-density screens and in slides).
PDF: the widget rendered through a QPainter on a QPdfWriter, one page the chart's size, so
lines and text stay vectors. (pyqtgraph's SVG exporter is not used: it crashes on Qt 6.12.)
Both take a path and raise `RehearsalError` when the file cannot be written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPoint, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QRegion,
)
from PySide6.QtWidgets import QApplication, QWidget

from rehearsal.errors import RehearsalError
from rehearsal_ui.shell.output import pdf_file, save_image

PNG_SCALE = 2.0
PDF_DPI = 96  # one widget pixel is one device unit: the page is the widget's size
RENDER = QWidget.RenderFlag.DrawWindowBackground | QWidget.RenderFlag.DrawChildren


def _prepare(widget: QWidget) -> None:
    widget.ensurePolished()
    layout = widget.layout()
    if layout is not None:
        layout.activate()


def export_png(widget: QWidget, path: str | Path, scale: float = PNG_SCALE) -> Path:
    target = Path(path)
    _prepare(widget)
    size = widget.size()
    image = QImage(
        round(size.width() * scale), round(size.height() * scale), QImage.Format.Format_ARGB32
    )
    image.setDevicePixelRatio(scale)
    image.fill(widget.palette().color(QPalette.ColorRole.Window))
    painter = QPainter(image)
    try:
        QWidget.render(widget, painter, QPoint(), QRegion(), RENDER)  # not a subclass override
    finally:
        painter.end()
    save_image(image, target)
    return target


def export_pdf(widget: QWidget, path: str | Path, title: str = "") -> Path:
    target = Path(path)
    _prepare(widget)
    size = widget.size()
    with pdf_file(target) as writer:
        writer.setCreator("Rehearsal")
        writer.setTitle(title or widget.accessibleName() or "Chart")
        writer.setResolution(PDF_DPI)
        points = QSizeF(size.width() * 72 / PDF_DPI, size.height() * 72 / PDF_DPI)
        page = QPageSize(
            points, QPageSize.Unit.Point, "chart", QPageSize.SizeMatchPolicy.ExactMatch
        )
        writer.setPageLayout(
            QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
        )
        painter = QPainter()
        if not painter.begin(writer):
            raise RehearsalError(f"Could not write the chart to {target}.")
        try:
            QWidget.render(widget, painter, QPoint(), QRegion(), RENDER)  # not an override
        finally:
            painter.end()
    return target


def export_table_pdf(
    path: str | Path,
    title: str,
    note: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    right_aligned: Sequence[bool],
) -> Path:
    """A table as text on A4 landscape pages (every row, the header repeated on each page).

    Drawn cell by cell rather than by rendering the QTableView, whose styled header uses
    gradients the PDF engine refuses, and which would show only the rows on screen."""
    target = Path(path)
    with pdf_file(target) as writer:
        writer.setCreator("Rehearsal")
        writer.setTitle(title)
        writer.setResolution(PDF_DPI)
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Landscape,
                QMarginsF(12, 12, 12, 12),
                QPageLayout.Unit.Millimeter,
            )
        )
        page = writer.pageLayout().paintRectPixels(PDF_DPI)
        painter = QPainter()
        if not painter.begin(writer):
            raise RehearsalError(f"Could not write the table to {target}.")
        try:
            font = QFont(QApplication.font())
            bold = QFont(font)
            bold.setBold(True)
            metrics = QFontMetricsF(font)
            line = metrics.height() * 1.45
            scale = page.width() / max(sum(widths), 1)
            columns = [w * scale for w in widths]
            y = 0.0

            def text_row(cells: Sequence[str], at: float, header: bool = False) -> None:
                painter.setFont(bold if header else font)
                x = 0.0
                for cell, width, right in zip(cells, columns, right_aligned, strict=True):
                    shown = metrics.elidedText(cell, Qt.TextElideMode.ElideRight, width - 8)
                    align = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
                    painter.drawText(
                        QRectF(x + 4, at, width - 8, line),
                        align | Qt.AlignmentFlag.AlignVCenter,
                        shown,
                    )
                    x += width
                if header:
                    painter.drawLine(QPointF(0, at + line), QPointF(page.width(), at + line))

            painter.setFont(bold)
            painter.drawText(QRectF(0, y, page.width(), line * 1.2), title)
            y += line * 1.3
            if note:
                painter.setFont(font)
                box = QRectF(0, y, page.width(), line * 3)
                used = painter.boundingRect(box, int(Qt.TextFlag.TextWordWrap), note)
                painter.drawText(box, int(Qt.TextFlag.TextWordWrap), note)
                y += used.height() + line * 0.4
            text_row(headers, y, header=True)
            y += line * 1.1
            for cells in rows:
                if y + line > page.height():
                    writer.newPage()
                    y = 0.0
                    text_row(headers, y, header=True)
                    y += line * 1.1
                text_row(cells, y)
                y += line
        finally:
            painter.end()
    return target
