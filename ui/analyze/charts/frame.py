"""The frame every Analyze chart sits in: a title, a one-line legend, the plot panels, an
Export button, hover tooltips with exact values, click to select, and keys.

A chart subclasses `ChartFrame`, adds panels with `add_panel`, draws into them, and answers
`hit(panel, x, y)` (the key of what is at those view coordinates) and `describe(panel, x, y)`
(the exact values there). Up/Down on a focused chart move the selection between segments;
the menu key or a right click opens the export menu.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QCursor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QPainter,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QTableView,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from rehearsal.errors import RehearsalError
from rehearsal_ui.analyze.charts.export import export_pdf, export_png, export_table_pdf
from rehearsal_ui.shell.chart_palette import ChartColours, chart_colours, style_panel
from rehearsal_ui.shell.file_dialogs import save_file_name


def elide(text: str, pixels: int) -> str:
    """`text` cut to `pixels` wide in the application font, with an ellipsis."""
    metrics = QFontMetricsF(QApplication.font())
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, pixels)


class RowAxis(pg.AxisItem):
    """The left axis of a chart with one row per segment (row i at y = i): each row's
    title, cut to the axis width; when rows are closer than a line of text, every k-th."""

    def __init__(self) -> None:
        super().__init__("left")
        self.titles: list[str] = []

    def set_titles(self, titles: Sequence[str], width: int) -> None:
        self.setWidth(width)
        self.titles = [elide(t, width - 16) for t in titles]
        self.picture = None
        self.update()

    def tickValues(
        self, minVal: float, maxVal: float, size: float
    ) -> list[tuple[float, list[float]]]:
        if not self.titles:
            return []
        lo, hi = sorted((minVal, maxVal))  # an inverted axis gives them the other way round
        low, high = max(0, int(np.ceil(lo))), min(len(self.titles) - 1, int(np.floor(hi)))
        shown = max(high - low + 1, 1)
        line = QFontMetricsF(QApplication.font()).height() * 1.05
        stride = max(1, int(np.ceil(line / max(size / shown, 1e-6))))
        return [(float(stride), [float(i) for i in range(low, high + 1) if i % stride == 0])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [self.titles[int(v)] if 0 <= int(v) < len(self.titles) else "" for v in values]


def row_ticks(panel: pg.PlotItem, titles: Sequence[str], width: int = 250) -> None:
    """Name the rows of a panel made with `rows_down=True`."""
    axis = panel.getAxis("left")
    assert isinstance(axis, RowAxis)
    axis.set_titles(titles, width)


def swatch(colour: str, label: str, mark: str = "■") -> str:
    return f'<span style="color:{colour}">{mark}</span>&nbsp;{label}'


class Canvas(pg.GraphicsLayoutWidget):
    """The panels' widget, with keys: ↑/↓ previous/next segment, the menu key exports;
    tooltips are asked for when Qt shows them (after the usual hover delay)."""

    step_key = Signal(int)
    menu_key = Signal()
    tooltip_requested = Signal(QPoint, QPoint)  # position in the viewport, on the screen

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            self.tooltip_requested.emit(event.pos(), event.globalPos())
            return True
        handled: bool = super().viewportEvent(event)
        return handled

    def keyPressEvent(self, ev: QKeyEvent) -> None:
        key = ev.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.step_key.emit(-1 if key == Qt.Key.Key_Up else 1)
        elif key == Qt.Key.Key_Menu or (
            key == Qt.Key.Key_F10 and ev.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.menu_key.emit()
        else:
            super().keyPressEvent(ev)


@dataclass(frozen=True, slots=True)
class Label:
    x: float
    y: float
    text: str
    colour: QColor
    align: str = "left"  # "left": starts at x; "right": ends at x; "centre"
    bold: bool = False


class LabelsItem(pg.GraphicsObject):
    """Many short texts in one item, placed in data coordinates and painted in device pixels
    (one paint call, however many labels); a label is left out where rows are too close."""

    def __init__(self, min_row_px: float = 11.0) -> None:
        super().__init__()
        self.labels: list[Label] = []
        self.min_row_px = min_row_px
        self._bounds = QRectF()

    def set_labels(self, labels: Sequence[Label]) -> None:
        self.prepareGeometryChange()
        self.labels = list(labels)
        if self.labels:
            xs = [lb.x for lb in self.labels]
            ys = [lb.y for lb in self.labels]
            self._bounds = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        else:
            self._bounds = QRectF()
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds.adjusted(-1e-6, -1e-6, 1e-6, 1e-6)

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange: object = None) -> None:
        return None  # labels never stretch the auto range

    def paint(self, painter: QPainter, option: object, widget: object = None) -> None:
        if not self.labels:
            return
        transform = painter.transform()
        row_px = abs(transform.m22())  # pixels per data unit vertically
        if row_px < self.min_row_px and len({lb.y for lb in self.labels}) > 1:
            return
        painter.resetTransform()
        font = QFont(QApplication.font())
        font.setPointSizeF(max(7.0, min(font.pointSizeF() * 0.9, row_px * 0.55)))
        bold = QFont(font)
        bold.setBold(True)
        metrics = QFontMetricsF(font)
        height = metrics.height()
        shown = self.viewRect()  # the data in view: a label is kept inside it, not clipped
        edges = transform.mapRect(shown) if shown is not None else None
        for label in self.labels:
            at = transform.map(QPointF(label.x, label.y))
            painter.setFont(bold if label.bold else font)
            width = QFontMetricsF(painter.font()).horizontalAdvance(label.text)
            x = at.x() + 4 if label.align == "left" else at.x() - width - 4
            if label.align == "centre":
                x = at.x() - width / 2
            if edges is not None and edges.width() > width + 4:
                x = max(edges.left() + 2, min(x, edges.right() - width - 2))
            painter.setPen(label.colour)
            painter.drawText(QRectF(x, at.y() - height / 2, width + 2, height), label.text)


class Framed(QFrame):
    """A titled frame with a one-line legend and an Export menu (PNG, PDF)."""

    message = Signal(str)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(title)
        self.colours: ChartColours = chart_colours()
        self.title = QLabel(title)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.08)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.legend.hide()
        self.export_button = QToolButton()
        self.export_button.setText("Export")
        self.export_button.setToolTip("Save this chart as a PNG picture or a PDF")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setAutoRaise(True)
        menu = QMenu(self.export_button)
        menu.addAction("Export as PNG…", self.ask_png)
        menu.addAction("Export as PDF…", self.ask_pdf)
        self.export_button.setMenu(menu)
        self.header = QHBoxLayout()
        self.header.setContentsMargins(0, 0, 0, 0)
        self.header.addWidget(self.title, 1)
        self.header.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(8, 6, 8, 6)
        self.body.setSpacing(3)
        self.body.addLayout(self.header)
        self.body.addWidget(self.legend)

    def set_legend(self, html: str) -> None:
        self.legend.setText(html)
        self.legend.setVisible(bool(html))

    def export_name(self) -> str:
        return self.title.text()

    def export_png(self, path: str | Path) -> Path:
        with self._without_button():
            return export_png(self, path)

    def export_pdf(self, path: str | Path) -> Path:
        with self._without_button():
            return export_pdf(self, path, self.export_name())

    @contextmanager
    def _without_button(self) -> Iterator[None]:
        """The Export button is not part of the picture."""
        shown = not self.export_button.isHidden()
        self.export_button.hide()
        try:
            yield
        finally:
            self.export_button.setVisible(shown)

    def _ask(self, suffix: str, what: str) -> Path | None:
        name = " ".join(
            "".join(c if c.isalnum() or c in " -" else " " for c in self.export_name()).split()
        )
        chosen, _ = save_file_name(
            self, f"Export chart as {what}", f"{name[:60]}.{suffix}", f"{what} (*.{suffix})"
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == f".{suffix}" else path.with_suffix(f".{suffix}")

    def ask_png(self) -> None:
        self._export(self._ask("png", "PNG picture"), self.export_png)

    def ask_pdf(self) -> None:
        self._export(self._ask("pdf", "PDF"), self.export_pdf)

    def _export(self, path: Path | None, how: Callable[[Path], Path]) -> None:
        if path is None:
            return
        try:
            how(path)
        except RehearsalError as exc:
            self.message.emit(str(exc))
            return
        self.message.emit(f"Chart saved to {path}")


class TableFrame(Framed):
    """A titled table; its PDF holds every row, as text."""

    def __init__(self, title: str, table: QTableView, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.table = table
        self.body.addWidget(table, 1)
        self.note = QLabel()  # said under the table when it has no rows
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.hide()
        self.body.addWidget(self.note)

    def set_note(self, text: str) -> None:
        """Say `text` (why the table is empty) under it; "" says nothing."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def export_pdf(self, path: str | Path) -> Path:
        model = self.table.model()
        columns = range(model.columnCount())
        headers = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns]
        rows = [
            [str(model.index(r, c).data() or "") for c in columns] for r in range(model.rowCount())
        ]
        right = [
            bool(
                int(model.index(0, c).data(Qt.ItemDataRole.TextAlignmentRole) or 0)
                & Qt.AlignmentFlag.AlignRight.value
            )
            if model.rowCount()
            else False
            for c in columns
        ]
        metrics = QFontMetricsF(QApplication.font())
        widths = [  # each column as wide as its text, none more than 45 % of the page
            min(
                max([metrics.horizontalAdvance(t) for t in (h, *(r[c] for r in rows))]) + 12,
                metrics.averageCharWidth() * 90,
            )
            for c, h in enumerate(headers)
        ]
        note = self.legend.text() if not self.legend.isHidden() else ""
        return export_table_pdf(path, self.title.text(), note, headers, rows, widths, right)


class ChartFrame(Framed):
    picked = Signal(str)  # the key of the segment clicked
    step_requested = Signal(int)  # ↑/↓ on the chart: the previous/next segment
    open_requested = Signal()  # "Open segment in Design" from the context menu

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.selected: str | None = None
        self.hover_text = ""  # what the tooltip says now (tests read it)
        self.canvas = Canvas()
        self.canvas.setAccessibleName(title)
        self.canvas.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.canvas.ci.setContentsMargins(2, 2, 8, 2)
        self.canvas.ci.setSpacing(6)
        self.canvas.setMinimumHeight(140)
        self.body.addWidget(self.canvas, 1)
        self.note = QLabel()  # said instead of the chart when there is nothing to draw
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setMinimumHeight(140)
        self.note.hide()
        self.body.addWidget(self.note, 1)
        self.panels: list[pg.PlotItem] = []
        self.bands: dict[int, pg.LinearRegionItem] = {}
        scene = self.canvas.scene()
        scene.sigMouseMoved.connect(self._hovered)
        scene.sigMouseClicked.connect(self._clicked)
        self.canvas.step_key.connect(self.step_requested)
        self.canvas.tooltip_requested.connect(self._tooltip)
        self.canvas.menu_key.connect(
            lambda: self._menu(self.canvas.mapToGlobal(self.canvas.rect().center()))
        )

    def set_note(self, text: str) -> None:
        """Say `text` instead of drawing the chart (why it is empty); "" shows the chart."""
        self.note.setText(text)
        self.note.setVisible(bool(text))
        self.canvas.setVisible(not text)

    # -- panels ----------------------------------------------------------------------------
    def add_panel(self, row: int = 0, col: int = 0, rows_down: bool = False) -> pg.PlotItem:
        """A plot panel; `rows_down` puts row 0 at the top (segments read top to bottom)."""
        axes = {"left": RowAxis()} if rows_down else None
        # no context menus (the frame has its own Export menu): not even made, ~3 ms a panel
        panel = self.canvas.addPlot(row=row, col=col, axisItems=axes, enableMenu=False)
        panel.hideButtons()
        panel.setMenuEnabled(False)
        panel.setMouseEnabled(x=False, y=False)
        panel.getViewBox().setDefaultPadding(0.02)
        for side in ("left", "bottom"):
            panel.getAxis(side).enableAutoSIPrefix(False)  # minutes stay minutes
        if rows_down:
            panel.invertY(True)
        self.panels.append(panel)
        return panel

    def row_band(self, panel: pg.PlotItem, horizontal: bool = True) -> pg.LinearRegionItem:
        """A translucent band behind the selected row (or column span)."""
        orientation = "horizontal" if horizontal else "vertical"
        band = pg.LinearRegionItem(orientation=orientation, movable=False)
        band.setZValue(-20)
        for line in band.lines:
            line.setPen(pg.mkPen(None))
        band.hide()
        panel.addItem(band, ignoreBounds=True)
        self.bands[id(panel)] = band
        return band

    def apply_colours(self) -> None:
        self.colours = chart_colours()
        self.canvas.setBackground(self.colours.background)
        for panel in self.panels:
            style_panel(panel, self.colours)
            panel.showGrid(x=True, y=False, alpha=self.colours.grid_alpha)
        for band in self.bands.values():
            band.setBrush(pg.mkBrush(QColor(self.colours.selection)))

    # -- for subclasses ----------------------------------------------------------------------
    def hit(self, panel: int, x: float, y: float) -> str | None:
        return None

    def describe(self, panel: int, x: float, y: float) -> str:
        return ""

    def select(self, key: str | None) -> None:
        self.selected = key

    # -- the mouse, the menu -----------------------------------------------------------------
    def _at(self, scene_pos: QPointF) -> tuple[int, float, float] | None:
        for i, panel in enumerate(self.panels):
            view = panel.getViewBox()
            if view.sceneBoundingRect().contains(scene_pos):
                point = view.mapSceneToView(scene_pos)
                return i, point.x(), point.y()
        return None

    def describe_scene(self, scene_pos: QPointF) -> str:
        at = self._at(scene_pos)
        return self.describe(*at) if at is not None else ""

    def _hovered(self, scene_pos: QPointF) -> None:
        self.hover_text = self.describe_scene(scene_pos)
        if QToolTip.isVisible():  # keep a tooltip already shown up to date as the mouse moves
            self._show_tooltip(QCursor.pos())

    def _tooltip(self, pos: QPoint, global_pos: QPoint) -> None:
        self.hover_text = self.describe_scene(self.canvas.mapToScene(pos))
        self._show_tooltip(global_pos)

    def _show_tooltip(self, global_pos: QPoint) -> None:
        if self.hover_text:
            QToolTip.showText(global_pos, self.hover_text, self.canvas.viewport())
        else:
            QToolTip.hideText()

    def _clicked(self, event: object) -> None:
        at = self._at(event.scenePos())  # type: ignore[attr-defined]
        if at is None:
            return
        button = event.button()  # type: ignore[attr-defined]
        key = self.hit(*at)
        if button == Qt.MouseButton.RightButton:
            if key is not None:
                self.picked.emit(key)
            screen = event.screenPos()  # type: ignore[attr-defined]
            self._menu(QPoint(int(screen.x()), int(screen.y())))
        elif button == Qt.MouseButton.LeftButton and key is not None:
            self.picked.emit(key)

    def click_at(self, panel: int, x: float, y: float) -> str | None:
        """What a left click at these view coordinates does (tests use it)."""
        key = self.hit(panel, x, y)
        if key is not None:
            self.picked.emit(key)
        return key

    def context_actions(self) -> list[QAction]:
        return []

    def _menu(self, where: QPoint) -> None:
        menu = QMenu(self)
        for action in self.context_actions():
            menu.addAction(action)
        if self.selected is not None:
            menu.addAction("Open segment in Design", self.open_requested.emit)
        menu.addSeparator()
        menu.addAction("Export as PNG…", self.ask_png)
        menu.addAction("Export as PDF…", self.ask_pdf)
        menu.popup(where)


def band_around(band: pg.LinearRegionItem, centre: float | None, half: float = 0.5) -> None:
    if centre is None:
        band.hide()
        return
    band.setRegion((centre - half, centre + half))
    band.show()
