"""The evidence lane: under the review timeline, on the same time axis (minutes from the
run's first mark, linked to the timeline's zoom and pan), what the meeting platform
recorded — who spoke when by role (facilitator, other staff, learners), every chat message,
how many people were present (with joins and leaves), every poll answer.

It draws the items the core placed (`EvidenceStore.placed`) as they are; the counts its
tooltip gives are the figures of the step under the pointer, the core's
(`rehearsing.evidence_figures`: `HEADINGS`, `cells`). Without evidence it says how to
bring some: drop the platform's files here.
"""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QPalette
from PySide6.QtWidgets import QLabel, QStackedWidget, QToolTip, QVBoxLayout, QWidget

from rehearsal.durations import format_duration
from rehearsal.evidence_model import ItemKind, SpeakerRole
from rehearsal_ui.review.data import ReviewData
from rehearsal_ui.review.evidence_data import figures_line
from rehearsal_ui.shell.chart_palette import role_colours

HINT = "Drop Zoom/Teams/Webex transcripts, chats, attendance or poll reports here"
ROWS = {  # y of each row's centre
    SpeakerRole.FACILITATOR: 5.0,
    SpeakerRole.STAFF: 4.0,
    SpeakerRole.LEARNER: 3.0,
    "chat": 2.0,
    "present": 1.0,
    "poll": 0.0,
}
ROW_TICKS = [
    (5.0, "Facilitator"),
    (4.0, "Other staff"),
    (3.0, "Learners"),
    (2.0, "Chat"),
    (1.0, "Present"),
    (0.0, "Poll answers"),
]
Y_RANGE = (-0.6, 5.6)
BAR_HALF = 0.34
HINT_HEIGHT = 36
UNLIMITED = 16_777_215  # Qt's QWIDGETSIZE_MAX
NO_PEN = pg.mkPen(None)
AXIS_WIDTH = 92  # the timeline's: the two time axes line up


class FileDrops(QObject):
    """Lets files be dropped on the widgets it is installed on (`watch`): `dropped` says
    which (local files only)."""

    dropped = Signal(list)  # [Path]

    def watch(self, widget: QWidget) -> None:
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent | QDropEvent)
            if _paths(event):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            paths = _paths(event)
            if paths:
                event.acceptProposedAction()
                self.dropped.emit(paths)
                return True
        return False


def _paths(event: QDropEvent) -> list[Path]:
    data = event.mimeData()
    if data is None or not data.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in data.urls() if u.isLocalFile()]


class EvidenceLane(QWidget):
    """The lane; `show_data` draws a rehearsal's evidence, `link_to` follows a time axis."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: ReviewData | None = None
        self.hover_text = ""  # what the tooltip says now (tests read it)
        self.plot = pg.PlotWidget(enableMenu=False)
        self.plot.setAccessibleName(
            "Evidence: talk by role, chat, people present and poll answers over the run"
        )
        self.plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the timeline above has the keys
        self.plot.setMinimumHeight(120)
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.setMouseEnabled(x=True, y=False)
        item.getAxis("left").setTicks([ROW_TICKS, []])
        item.getAxis("left").setWidth(AXIS_WIDTH)
        item.getAxis("bottom").setHeight(0)
        item.getAxis("bottom").hide()
        item.showGrid(x=True, y=False, alpha=0.18)
        self.view = item.getViewBox()
        self.view.disableAutoRange()
        self.view.setYRange(*Y_RANGE, padding=0)
        self.view.setLimits(yMin=Y_RANGE[0], yMax=Y_RANGE[1])
        self.talk = pg.BarGraphItem(x0=[], x1=[], y=[], height=2 * BAR_HALF)
        self.chat = pg.PlotDataItem(connect="pairs")
        self.present = pg.PlotDataItem(stepMode="center")
        self.joins = pg.ScatterPlotItem(size=7, symbol="t1")
        self.leaves = pg.ScatterPlotItem(size=7, symbol="t")
        self.answers = pg.ScatterPlotItem(size=8, symbol="d")
        for shown in (self.talk, self.chat, self.present, self.joins, self.leaves, self.answers):
            self.plot.addItem(shown)
        self.hint = QLabel(HINT)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("Evidence")
        self.hint.setMinimumHeight(HINT_HEIGHT)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.hint)
        self.stack.addWidget(self.plot)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.plot.scene().sigMouseMoved.connect(self._hovered)
        self.apply_colours()

    def link_to(self, plot: pg.PlotWidget) -> None:
        """Share `plot`'s time axis: its zoom and pan move this lane too."""
        self.plot.setXLink(plot)

    # -- showing ---------------------------------------------------------------------------
    def apply_colours(self) -> None:
        palette = self.palette()
        self.plot.setBackground(palette.color(QPalette.ColorRole.Base))
        axis = self.plot.getPlotItem().getAxis("left")
        axis.setPen(pg.mkPen(palette.color(QPalette.ColorRole.Mid)))
        axis.setTextPen(pg.mkPen(palette.color(QPalette.ColorRole.Text)))
        self.colours = role_colours()
        self._draw()

    @property
    def drawn(self) -> bool:
        """Whether the lane shows evidence (else the hint)."""
        return self.stack.currentWidget() is self.plot

    def show_data(self, data: ReviewData | None) -> None:
        self.data = data
        self._draw()

    def _draw(self) -> None:
        data = self.data
        has = data is not None and data.evidence.present
        self.stack.setCurrentWidget(self.plot if has else self.hint)
        # the hint is a line: the room goes to the timeline above
        self.setMaximumHeight(UNLIMITED if has else HINT_HEIGHT)
        if data is None or not has:
            self.talk.setOpts(x0=[], x1=[], y=[], brushes=None, pens=None)
            for line in (self.chat, self.present):
                line.setData([], [])
            for points in (self.joins, self.leaves, self.answers):
                points.setData([], [])
            return
        ev = data.evidence
        text = self.palette().color(QPalette.ColorRole.Text)
        speech = ev.of_kind(ItemKind.SPEECH)
        by_role = {role: pg.mkBrush(self.colours[role.value]) for role in SpeakerRole}
        brushes = [by_role[p.role] for p in speech]
        self.talk.setOpts(
            x0=[data.minutes(p.start_ns) for p in speech],
            x1=[data.minutes(max(p.end_ns, p.start_ns + 1)) for p in speech],
            y=[ROWS[p.role] for p in speech],
            height=2 * BAR_HALF,
            # pyqtgraph wants no lists rather than empty ones
            brushes=brushes or None,
            pens=[NO_PEN] * len(speech) or None,
        )
        chat_y = ROWS["chat"]
        xs: list[float] = []
        ys: list[float] = []
        for p in ev.of_kind(ItemKind.MESSAGE):
            x = data.minutes(p.start_ns)
            xs += [x, x]
            # a learner's message reaches higher: the learners' share can be seen at a glance
            top = BAR_HALF if p.role is SpeakerRole.LEARNER else BAR_HALF * 0.5
            ys += [chat_y - BAR_HALF, chat_y + top]
        self.chat.setData(xs, ys)
        self.chat.setPen(pg.mkPen(QColor(self.colours["learner"]), width=1.5))
        self._draw_present(data)
        answers = ev.of_kind(ItemKind.ANSWER)
        self.answers.setData(
            [data.minutes(p.start_ns) for p in answers],
            [ROWS["poll"]] * len(answers),
            brush=pg.mkBrush(self.colours["learner"]),
            pen=pg.mkPen(text),
        )

    def _draw_present(self, data: ReviewData) -> None:
        """How many were present, as a step line in the Present row (scaled to its most),
        with a mark where someone joined (▲) or left (▼)."""
        present = data.evidence.of_kind(ItemKind.PRESENT)
        changes = sorted(
            [(p.start_ns, 1) for p in present] + [(max(p.end_ns, p.start_ns), -1) for p in present]
        )
        y0 = ROWS["present"] - BAR_HALF
        if not changes:
            self.present.setData([], [])
            self.joins.setData([], [])
            self.leaves.setData([], [])
            return
        xs = [data.minutes(changes[0][0])]
        counts: list[int] = []
        now = 0
        for at, step in changes:
            x = data.minutes(at)
            if x > xs[-1]:
                counts.append(now)
                xs.append(x)
            now += step
        most = max([*counts, 1])
        scale = 2 * BAR_HALF / most
        self.present.setData(xs, [y0 + n * scale for n in counts])
        self.present.setPen(pg.mkPen(self.palette().color(QPalette.ColorRole.Text), width=1.5))
        self.joins.setData(
            [data.minutes(p.start_ns) for p in present],
            [y0 - 0.08] * len(present),
            brush=pg.mkBrush(self.colours["learner"]),
            pen=pg.mkPen(None),
        )
        self.leaves.setData(
            [data.minutes(p.end_ns) for p in present],
            [y0 - 0.08] * len(present),
            brush=pg.mkBrush(QColor("#8a8f98")),
            pen=pg.mkPen(None),
        )

    # -- what is where ---------------------------------------------------------------------
    def describe_at(self, minutes: float) -> str:
        """The figures of the step at `minutes`, the core's, each under its heading."""
        data = self.data
        if data is None or not data.evidence.present:
            return ""
        index = data.row_at(data.ns_at(minutes))
        figures = data.evidence.step_figures(index) if index is not None else None
        if index is None or figures is None:
            return f"At {format_duration(round(minutes * 60))}: outside the run's steps"
        row = data.rows[index]
        what = "Transition" if row.is_transition else "Segment"
        return f"{what} “{row.step.title}” — evidence in it\n{figures_line(figures)}"

    def _hovered(self, scene_pos: QPointF) -> None:
        if not self.view.sceneBoundingRect().contains(scene_pos):
            self.hover_text = ""
        else:
            self.hover_text = self.describe_at(self.view.mapSceneToView(scene_pos).x())
        self.plot.setToolTip(self.hover_text)
        if not self.hover_text:
            QToolTip.hideText()
