"""The timeline of one rehearsal: the plan laid end to end above what really happened.

A pyqtgraph plot with minutes from the start on x and four fixed rows: Planned (segments
and transitions end to end), Actual (every attempt as its own block, earlier ones outlined
and hatched, pauses shaded with their reason, the time beyond the plan hatched and the
over/under written on the block), Flags and Annotations (markers where they happened).
Wheel and drag zoom and pan the time axis only; hover explains, click selects, right-click
annotates. The blocks and markers are painted in device pixels by `timeline_items`, so text
and hatching stay crisp at any zoom.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from rehearsal.durations import count, format_duration, format_signed
from rehearsal_ui.review.data import ReviewData, duration
from rehearsal_ui.review.timeline_items import (
    Block,
    BlocksItem,
    Legend,
    Mark,
    MarksItem,
    mix,
    readable_on,
)
from rehearsal_ui.shell.theme import SemanticColors, semantic_colors

PLANNED_Y = (3.05, 3.85)
ACTUAL_Y = (1.75, 2.85)
PAUSE_STRIP_Y = 1.48  # pauses reach below the actual row, where their reason is written
FLAG_Y = 1.2
NOTE_Y = 0.55
Y_RANGE = (0.1, 4.0)
ROW_TICKS = [
    (sum(PLANNED_Y) / 2, "Planned"),
    (sum(ACTUAL_Y) / 2, "Actual"),
    (FLAG_Y, "Flags"),
    (NOTE_Y, "Annotations"),
]


@dataclass(frozen=True, slots=True)
class Hit:
    """What is under the pointer: ("step", "3"), ("flag", id) or ("annotation", id)."""

    kind: str
    id: str


class TimelinePlot(pg.PlotWidget):
    """The plot, with keys: ←/→ the previous/next step, +/− zoom, the menu key annotates."""

    step_key = Signal(int)
    zoom_key = Signal(float)
    menu_key = Signal()

    def keyPressEvent(self, ev: QKeyEvent) -> None:
        key = ev.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.step_key.emit(-1 if key == Qt.Key.Key_Left else 1)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus):
            self.zoom_key.emit(0.5 if key != Qt.Key.Key_Minus else 2.0)
        elif key == Qt.Key.Key_Menu or (
            key == Qt.Key.Key_F10 and ev.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.menu_key.emit()
        else:
            super().keyPressEvent(ev)


class ReviewTimeline(QWidget):
    picked = Signal(str, str)  # kind, id: the user clicked something
    activated = Signal(str, str)  # double click: edit it
    context_requested = Signal(float, object, QPoint)  # minutes, Hit | None, global position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: ReviewData | None = None
        self.selected: Hit | None = None
        self.colours: SemanticColors = semantic_colors()
        self.plot = TimelinePlot(enableMenu=False)
        self.plot.setAccessibleName("Timeline: planned and actual, flags and annotations")
        # One tab stop: the plot itself (its viewport's policy would be passed on to it).
        self.plot.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.plot.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.plot.setMinimumHeight(150)
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.setMouseEnabled(x=True, y=False)
        item.setLabel("bottom", "Minutes from the start")
        item.getAxis("left").setTicks([ROW_TICKS, []])
        item.getAxis("left").setWidth(92)
        item.showGrid(x=True, y=False, alpha=0.18)
        self.view = item.getViewBox()
        self.view.disableAutoRange()
        self.view.setYRange(*Y_RANGE, padding=0)
        self.view.setLimits(yMin=Y_RANGE[0], yMax=Y_RANGE[1])
        self.planned = BlocksItem()
        self.actual = BlocksItem()
        self.marks = MarksItem(guide_top=ACTUAL_Y[1])
        for shown in (self.planned, self.actual, self.marks):
            self.plot.addItem(shown)
        self.fit_button = QToolButton()
        self.fit_button.setText("Fit")
        self.fit_button.setToolTip("Show the whole rehearsal (Ctrl+0)")
        self.fit_button.clicked.connect(self.fit)
        self.legend = Legend()
        top = QHBoxLayout()
        top.addWidget(self.legend, 1)
        top.addWidget(self.fit_button, 0, Qt.AlignmentFlag.AlignTop)
        self.details = QLabel(" ")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setAccessibleName("Details of what is under the pointer or selected")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.details)
        scene = self.plot.scene()
        scene.sigMouseMoved.connect(self._hovered)
        scene.sigMouseClicked.connect(self._clicked)
        self.plot.step_key.connect(self._step_key)
        self.plot.zoom_key.connect(self._zoom)
        self.plot.menu_key.connect(self._menu_key)
        self.apply_colours()

    # -- showing ---------------------------------------------------------------------------
    def apply_colours(self) -> None:
        self.colours = semantic_colors()
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        self.plot.setBackground(palette.color(QPalette.ColorRole.Base))
        for name in ("left", "bottom"):
            axis = self.plot.getPlotItem().getAxis(name)
            axis.setPen(pg.mkPen(palette.color(QPalette.ColorRole.Mid)))
            axis.setTextPen(pg.mkPen(text))
        self.legend.set_colours(self.colours)
        self._draw()

    def show_data(self, data: ReviewData | None) -> None:
        fresh = data is None or self.data is None or data.rehearsal.id != self.data.rehearsal.id
        self.data = data
        if fresh:
            self.selected = None
        self._draw()
        if fresh:
            self.fit()

    def fit(self) -> None:
        span = self.data.span_min if self.data is not None else 10.0
        pad = span * 0.01
        self.view.setLimits(xMin=-pad * 3, xMax=span + pad * 3, minXRange=0.25)
        self.view.setXRange(-pad, span + pad, padding=0)

    def _zoom(self, factor: float) -> None:
        (x0, x1), _ = self.view.viewRange()
        centre = (x0 + x1) / 2
        if self.selected is not None and self.selected.kind == "step" and self.data:
            row = self.data.rows[int(self.selected.id)]
            centre = row.actual_start_min if row.actual_start_min is not None else centre
        half = (x1 - x0) * factor / 2
        self.view.setXRange(centre - half, centre + half, padding=0)

    def select(self, kind: str | None, ident: str | None = None) -> None:
        self.selected = Hit(kind, ident) if kind and ident is not None else None
        key = self._key(self.selected)
        self.planned.set_selected(key)
        self.actual.set_selected(key)
        self.marks.set_selected(key)
        self.details.setText(self.describe(self.selected) if self.selected else " ")

    @staticmethod
    def _key(hit: Hit | None) -> str:
        return f"{hit.kind}:{hit.id}" if hit is not None else ""

    def _draw(self) -> None:
        data = self.data
        if data is None:
            self.planned.set_blocks([])
            self.actual.set_blocks([])
            self.marks.set_marks([])
            return
        self.planned.set_blocks(self._planned_blocks(data))
        self.actual.set_blocks(self._actual_blocks(data))
        self.marks.set_marks(self._marks(data))
        self.select(
            self.selected.kind if self.selected else None,
            self.selected.id if self.selected else None,
        )

    def _planned_blocks(self, data: ReviewData) -> list[Block]:
        c = self.colours
        fill = QColor(c.planned)
        base = self.palette().color(QPalette.ColorRole.Base)
        lighter = mix(fill, base, 0.6)
        blocks = []
        for row in data.rows:
            y0, y1 = PLANNED_Y
            colour = fill
            if row.is_transition:  # hand-offs: thinner and lighter than segments
                y0, y1 = y0 + 0.14, y1 - 0.14
                colour = lighter
            blocks.append(
                Block(
                    kind="planned",
                    key=f"step:{row.index}",
                    x0=row.planned_start_min,
                    x1=row.planned_end_min,
                    y0=y0,
                    y1=y1,
                    fill=colour,
                    text=("↔ " if row.is_transition else "") + row.step.title,
                    subtext=format_duration(row.step.planned_s),
                    text_colour=readable_on(colour),
                )
            )
        return blocks

    def _actual_blocks(self, data: ReviewData) -> list[Block]:
        c = self.colours
        blocks: list[Block] = []
        for row in data.rows:
            over = (row.over_s or 0) > 0.5
            for a in row.attempts:
                y0, y1 = ACTUAL_Y
                if row.is_transition:
                    y0, y1 = y0 + 0.16, y1 - 0.16
                if not a.last:
                    blocks.append(
                        Block(
                            kind="earlier",
                            key=f"step:{row.index}",
                            x0=a.start_min,
                            x1=a.end_min,
                            y0=y0,
                            y1=y1,
                            fill=None,
                            outline=QColor(c.actual),
                            hatch=QColor(c.muted_text),
                            text=f"attempt {a.number}",
                            short=f"#{a.number}",
                            subtext=duration(a.actual_s),
                            text_colour=self.palette().color(QPalette.ColorRole.Text),
                        )
                    )
                    continue
                fill = QColor(c.danger if over else c.ok)
                hatch_from = a.end_min - (row.over_s or 0) / 60 if over else None
                blocks.append(
                    Block(
                        kind="attempt",
                        key=f"step:{row.index}",
                        x0=a.start_min,
                        x1=a.end_min,
                        y0=y0,
                        y1=y1,
                        fill=fill,
                        hatch=fill.darker(150) if over else None,
                        hatch_from=hatch_from,
                        text=("↔ " if row.is_transition else "") + row.step.title,
                        subtext=format_signed(row.over_s),
                        text_colour=readable_on(fill),
                        bold_subtext=True,
                    )
                )
        for p in data.pauses:
            shade = QColor(self.palette().color(QPalette.ColorRole.Base))
            shade.setAlpha(170)
            blocks.append(
                Block(
                    kind="pause",
                    key=f"step:{p.step_index}",
                    x0=p.start_min,
                    x1=p.end_min,
                    y0=PAUSE_STRIP_Y,
                    y1=ACTUAL_Y[1] + 0.05,
                    fill=shade,
                    hatch=QColor(c.muted_text),
                    outline=QColor(c.muted_text),
                    text=f"pause · {p.reason}",
                    subtext=duration(p.seconds),
                    text_colour=self.palette().color(QPalette.ColorRole.Text),
                    on_top=True,
                )
            )
        return blocks

    def _marks(self, data: ReviewData) -> list[Mark]:
        c = self.colours
        marks = [
            Mark(
                kind="flag",
                key=f"flag:{f.id}",
                x=data.minutes(f.at_ns),
                y=FLAG_Y,
                label=f.category,
                colour=QColor(c.flag),
                size={"low": 12, "medium": 15, "high": 19}[f.severity.value],
            )
            for f in data.flags
        ]
        for note in data.annotations:
            x = data.annotation_minutes(note)
            if x is not None:
                marks.append(
                    Mark(
                        kind="annotation",
                        key=f"annotation:{note.id}",
                        x=x,
                        y=NOTE_Y,
                        label=note.text.splitlines()[0] if note.text else "",
                        colour=QColor(c.accent),
                        size=14,
                    )
                )
        return marks

    # -- what is where ---------------------------------------------------------------------
    def hit_at(self, x: float, y: float) -> Hit | None:
        """The marker or step at view coordinates (x in minutes, y in rows)."""
        px, py = self.view.viewPixelSize()
        found = self.marks.mark_at(x, y, px, py)
        if found is not None:
            kind, ident = found.key.split(":", 1)
            return Hit(kind, ident)
        for item in (self.actual, self.planned):
            block = item.block_at(x, y)
            if block is not None:
                return Hit("step", block.key.split(":", 1)[1])
        return None

    def describe(self, hit: Hit | None, x: float | None = None) -> str:
        data = self.data
        if data is None or hit is None:
            return ""
        if hit.kind == "flag":
            flag = next((f for f in data.flags if f.id == hit.id), None)
            if flag is None:
                return ""
            lost = (
                f"{flag.seconds_lost} s lost"
                if flag.seconds_lost is not None
                else "time lost not known"
            )
            return (
                f"Flag at {format_duration(round(data.minutes(flag.at_ns) * 60))}: {flag.category}"
                f" · {flag.severity.value} · {lost} · {data.flag_status(flag)}"
                f" · {data.where(flag.segment_id, flag.transition_id)}"
                + (f"\n{flag.note}" if flag.note else "")
            )
        if hit.kind == "annotation":
            note = next((a for a in data.annotations if a.id == hit.id), None)
            if note is None:
                return ""
            by = f" — {note.author}" if note.author else ""
            where = data.where(note.segment_id, note.transition_id)
            at = data.annotation_minutes(note)
            when = (
                f"at {format_duration(round(at * 60))}"
                if note.at_ns is not None and at is not None
                else f"on {where}"
            )
            return f"Annotation {when}{by}\n{note.text}"
        row = data.rows[int(hit.id)]
        kind = "Transition" if row.is_transition else "Segment"
        actual = duration(row.summary.actual_s)
        over = format_signed(row.over_s)
        text = (
            f"{kind}: {row.step.title} · planned {format_duration(row.step.planned_s)} · "
            f"actual {actual}"
            + (
                f" ({over} {'over' if (row.over_s or 0) > 0 else 'under'})"
                if over and over != "0:00"
                else ""
            )
        )
        if len(row.attempts) > 1:
            text += " · " + ", ".join(
                f"attempt {a.number}: {duration(a.actual_s)}" for a in row.attempts
            )
        if row.summary.pause_s:
            text += f" · paused {duration(row.summary.pause_s)}"
        if x is not None:
            for p in data.pauses:
                if p.start_min <= x <= p.end_min:
                    text += f"\nPause ({p.reason}) of {duration(p.seconds)}"
        if row.flags:
            text += f" · {count(len(row.flags), 'flag')}"
        if row.handoff_flags:
            text += f" · {count(len(row.handoff_flags), 'flag')} on the hand-off after it"
        for adjustment in row.adjusted:
            text += f"\nAdjusted live: {adjustment.text()}"
        return text

    # -- the mouse and the keys ------------------------------------------------------------
    def _to_view(self, scene_pos: QPointF) -> QPointF | None:
        if not self.view.sceneBoundingRect().contains(scene_pos):
            return None
        at: QPointF = self.view.mapSceneToView(scene_pos)
        return at

    def _hovered(self, scene_pos: QPointF) -> None:
        """Explain what is under the pointer on the line below the chart, and as the
        tooltip the chart shows when the pointer rests (the items under it carry it)."""
        at = self._to_view(scene_pos)
        hit = self.hit_at(at.x(), at.y()) if at is not None else None
        text = self.describe(hit, at.x() if at is not None else None) if hit else ""
        for item in (self.planned, self.actual, self.marks):
            item.setToolTip(text)
        if not text:
            QToolTip.hideText()
        self.details.setText(text or (self.describe(self.selected) if self.selected else " "))

    def _clicked(self, event: object) -> None:
        at = self._to_view(event.scenePos())  # type: ignore[attr-defined]
        if at is None:
            return
        hit = self.hit_at(at.x(), at.y())
        button = event.button()  # type: ignore[attr-defined]
        if button == Qt.MouseButton.RightButton:
            screen = event.screenPos()  # type: ignore[attr-defined]
            self.context_requested.emit(at.x(), hit, QPoint(int(screen.x()), int(screen.y())))
            return
        if button != Qt.MouseButton.LeftButton or hit is None:
            return
        self.select(hit.kind, hit.id)
        if event.double():  # type: ignore[attr-defined]
            self.activated.emit(hit.kind, hit.id)
        else:
            self.picked.emit(hit.kind, hit.id)

    def _step_key(self, step: int) -> None:
        if self.data is None or not self.data.rows:
            return
        current = int(self.selected.id) if self.selected and self.selected.kind == "step" else -1
        index = max(0, min(len(self.data.rows) - 1, current + step if current >= 0 else 0))
        self.select("step", str(index))
        self.picked.emit("step", str(index))
        row = self.data.rows[index]
        start = row.actual_start_min if row.actual_start_min is not None else row.planned_start_min
        (x0, x1), _ = self.view.viewRange()
        if not x0 <= start <= x1:
            self.view.setXRange(start - (x1 - x0) / 4, start + (x1 - x0) * 3 / 4, padding=0)

    def _menu_key(self) -> None:
        x = 0.0
        if self.data is not None and self.selected is not None:
            x = self.selected_minutes() or 0.0
        (x0, _x1), _ = self.view.viewRange()
        scene = self.view.mapViewToScene(QPointF(max(x, x0), sum(ACTUAL_Y) / 2))
        global_pos = self.plot.mapToGlobal(self.plot.mapFromScene(scene))
        self.context_requested.emit(x, self.selected, global_pos)

    def selected_minutes(self) -> float | None:
        """Where the selection sits on the time axis (a step's actual start)."""
        data, hit = self.data, self.selected
        if data is None or hit is None:
            return None
        if hit.kind == "step":
            row = data.rows[int(hit.id)]
            return (
                row.actual_start_min if row.actual_start_min is not None else row.planned_start_min
            )
        for mark in self.marks.marks:
            if mark.key == self._key(hit):
                return mark.x
        return None
