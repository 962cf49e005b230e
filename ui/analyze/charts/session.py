"""Across rehearsals, the whole session: how far behind plan every rehearsal drifted,
how consistent timing is by interaction type, lead role, facilitator…, and whether a
revision reduced the overrun."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from rehearsal.analysis import RevisionTotals, Spread, drift, spread_by
from rehearsal.durations import count, format_signed
from rehearsal.model import InteractionType, LeadRole
from rehearsal_ui.analyze.charts.frame import (
    ChartFrame,
    Label,
    LabelsItem,
    band_around,
    row_ticks,
    swatch,
)
from rehearsal_ui.analyze.data import (
    SPREAD_DIMENSIONS,
    Analysis,
    mmss,
    percent,
)
from rehearsal_ui.shell.chart_palette import translucent

Matrix = npt.NDArray[np.float64]


class DriftChart(ChartFrame):
    """Every rehearsal's offset from its plan after each step (one line item per revision,
    all of its rehearsals in it, broken between them), and their median."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("How far behind plan did each rehearsal drift?", parent)
        self.analysis: Analysis | None = None
        # Planned minutes from the start at each point. It shadows QWidget.x(): to be renamed.
        self.x: Matrix = np.zeros(1)  # type: ignore[assignment]
        self.offsets: Matrix = np.zeros((0, 1))  # minutes behind, runs × points
        self.valid = np.zeros((0, 1), dtype=bool)
        self.median: Matrix = np.zeros(1)
        self.panel = self.add_panel()
        self.panel.setLabel("bottom", "Planned time from the start (min)")
        self.panel.setLabel("left", "Behind plan (min); below 0 = ahead")
        self.band = self.row_band(self.panel, horizontal=False)
        self.curves: list[pg.PlotDataItem] = []
        self.median_curve = pg.PlotDataItem()
        self.median_curve.setZValue(10)
        self.panel.addItem(self.median_curve)
        self.zero = pg.InfiniteLine(0, angle=0)
        self.slot = pg.InfiniteLine(
            0, angle=0, label="", labelOpts={"position": 0.03, "anchors": [(0, 1), (0, 1)]}
        )
        self.panel.addItem(self.zero, ignoreBounds=True)
        self.panel.addItem(self.slot)
        self.apply_colours()

    def apply_colours(self) -> None:
        super().apply_colours()
        c = self.colours
        self.panel.showGrid(x=True, y=True, alpha=c.grid_alpha)
        self.zero.setPen(pg.mkPen(c.muted, width=1))
        self.slot.setPen(pg.mkPen(c.over, width=1.5, style=Qt.PenStyle.DashLine))
        self.slot.label.setColor(c.over)
        self.median_curve.setPen(pg.mkPen(c.text, width=3))
        if self.analysis is not None:
            self.draw(self.analysis)

    def draw(self, analysis: Analysis) -> None:
        self.analysis = analysis
        c = self.colours
        obs = analysis.obs
        offsets, valid = drift(obs)
        self.offsets, self.valid = offsets / 60.0, valid
        self.x = np.concatenate([[0.0], np.cumsum(obs.planned)]) / 60.0
        revisions = sorted({r.revision for r in obs.runs})
        run_revision = np.array([r.revision for r in obs.runs], dtype=np.int64)
        while len(self.curves) < len(revisions):
            curve = pg.PlotDataItem()
            self.panel.addItem(curve)
            self.curves.append(curve)
        legend = []
        for k, curve in enumerate(self.curves):
            if k >= len(revisions):
                curve.setData([], [])
                curve.hide()
                continue
            rows = run_revision == revisions[k]
            keep = valid[rows]
            x = np.broadcast_to(self.x, keep.shape)[keep]
            y = self.offsets[rows][keep]
            # each rehearsal's points are a prefix of its row: break the line after its last
            connect = np.ones(len(x), dtype=bool)
            ends = np.cumsum(keep.sum(axis=1)) - 1
            connect[ends[ends >= 0]] = False
            alpha = int(np.clip(255 * 6 / max(rows.sum(), 1), 35, 210))
            colour = c.revision(k)
            curve.setData(x, y, connect=connect)
            width = 1.6 if rows.sum() <= 50 else 1.0  # wide lines cost much more to paint
            curve.setPen(pg.mkPen(translucent(colour, alpha), width=width))
            curve.show()
            legend.append(swatch(colour, f"revision {revisions[k]} ({int(rows.sum())})", "━"))
        counts = valid.sum(axis=0)
        self.median = np.full(len(self.x), np.nan)
        some = counts > 0
        if some.any():
            masked = np.where(valid, self.offsets, np.nan)
            self.median[some] = np.nanmedian(masked[:, some], axis=0)
        self.median_curve.setData(self.x[some], self.median[some])
        plan = obs.plan
        if plan.slot_s:
            buffer_s = plan.slot_s - plan.planned_s
            self.slot.setValue(buffer_s / 60.0)
            self.slot.label.setFormat(f"the slot ends here ({format_signed(buffer_s)} of buffer)")
            self.slot.show()
        else:
            self.slot.hide()
        legend.append(swatch(c.text, "median", "━"))
        if plan.slot_s:
            legend.append(swatch(c.over, "later than this overruns the slot", "┅"))
        else:  # no slot line: the zero line is the plan's end
            legend.append(swatch(c.muted, "on plan (no slot set: above it overruns the plan)", "━"))
        self.set_legend(" &nbsp; ".join(legend))
        self.set_note(
            "Every step is planned 0:00: there is no planned time to drift from."
            if obs.steps and not obs.planned.any()
            else ""
        )
        self.panel.enableAutoRange()
        self.select(self.selected)

    def _step_at(self, x: float) -> int | None:
        if self.analysis is None or not self.analysis.obs.steps:
            return None
        j = int(np.searchsorted(self.x, x, side="right")) - 1
        return j if 0 <= j < len(self.x) - 1 else None

    def select(self, key: str | None) -> None:
        super().select(key)
        place = self.analysis.place(key) if self.analysis is not None else None
        if place is None or place.step is None:
            self.band.hide()
            return
        j = place.step
        self.band.setRegion((self.x[j], self.x[j + 1]))
        self.band.show()

    def hit(self, panel: int, x: float, y: float) -> str | None:
        j = self._step_at(x)
        return None if j is None or self.analysis is None else self.analysis.obs.steps[j].key

    def describe(self, panel: int, x: float, y: float) -> str:
        a = self.analysis
        if a is None or not a.obs.runs:
            return ""
        k = int(np.abs(self.x - x).argmin())
        at = self.valid[:, k]
        if not at.any():
            return ""
        rows = np.flatnonzero(at)
        nearest = rows[np.abs(self.offsets[rows, k] - y).argmin()]
        run = a.obs.runs[nearest]
        where = "at the start" if k == 0 else f"after {a.obs.steps[k - 1].title}"
        behind = format_signed(self.offsets[nearest, k] * 60)
        return (
            f"{run.label}\n{where} (planned {mmss(self.x[k] * 60)} from the start): "
            f"{behind} against its plan"
            f"\nmedian of {len(rows)} rehearsals here: {format_signed(self.median[k] * 60)}"
        )


def group_label(dimension: str, group: str) -> str:
    if dimension == "interaction":
        try:
            return InteractionType(group).label
        except ValueError:
            return group.capitalize()
    if dimension == "lead":
        try:
            return LeadRole(group).value.capitalize()
        except ValueError:
            return group.capitalize()
    return group


class SpreadChart(ChartFrame):
    """Mean actual ÷ planned per group, ± one standard deviation, for a chosen dimension."""

    dimension_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("How consistent is the timing?", parent)
        self.analysis: Analysis | None = None
        self.spreads: list[Spread] = []
        self.dimension = "interaction"
        self.choice = QComboBox()
        self.choice.setAccessibleName("Group the spread by")
        for key, label in SPREAD_DIMENSIONS.items():
            self.choice.addItem(f"by {label}", key)
        self.choice.currentIndexChanged.connect(self._chosen)
        self.header.insertWidget(1, self.choice)
        self.panel = self.add_panel(rows_down=True)
        self.panel.setLabel("bottom", "Mean actual as % of planned, ± 1 standard deviation")
        self.band = self.row_band(self.panel)
        self.bars = pg.BarGraphItem(x0=[], x1=[], y=[], height=0.6)
        self.errors = pg.ErrorBarItem(beam=0.25)
        self.labels = LabelsItem()
        self.plan_line = pg.InfiniteLine(100, angle=90)
        for item in (self.bars, self.errors, self.labels):
            self.panel.addItem(item)
        self.panel.addItem(self.plan_line, ignoreBounds=True)
        self._x_fit: tuple[float, float, float] | None = None  # data low, high; label px
        self.panel.getViewBox().sigResized.connect(self._fit_x)
        self.apply_colours()

    def _chosen(self) -> None:
        self.dimension = str(self.choice.currentData())
        if self.analysis is not None:
            self.draw(self.analysis)
        self.dimension_changed.emit(self.dimension)

    def set_dimension(self, dimension: str) -> None:
        self.choice.setCurrentIndex(self.choice.findData(dimension))

    def apply_colours(self) -> None:
        super().apply_colours()
        c = self.colours
        self.plan_line.setPen(pg.mkPen(c.text, width=1, style=Qt.PenStyle.DashLine))
        self.errors.setOpts(pen=pg.mkPen(c.text, width=1.2))
        self.set_legend(
            f"{swatch(c.over, 'runs over plan on average (bar right of 100%)')} &nbsp; "
            f"{swatch(c.under, 'under (left)')} &nbsp; whisker: ± 1 standard deviation"
        )
        if self.analysis is not None:
            self.draw(self.analysis)

    def draw(self, analysis: Analysis) -> None:
        self.analysis = analysis
        c = self.colours
        self.spreads = spread_by(analysis.obs, self.dimension)
        self.set_note(
            ""
            if self.spreads
            else "No step with a planned time was observed: no actual ÷ planned to compare "
            f"by {SPREAD_DIMENSIONS[self.dimension]}."
        )
        mean = np.array([s.mean_ratio * 100 for s in self.spreads])
        sd = np.array([(s.stdev_ratio or 0.0) * 100 for s in self.spreads])
        rows = np.arange(len(self.spreads), dtype=float)
        self.bars.setOpts(
            x0=np.full(len(rows), 100.0),
            x1=mean,
            y=rows,
            height=0.6,
            brushes=[c.over if m > 100 else c.under for m in mean],
            pen=pg.mkPen(None),
        )
        self.errors.setData(x=mean, y=rows, left=sd, right=sd)
        right = np.maximum(mean + sd, 100.0)
        texts = [f"{m:.0f}%  (n = {s.n})" for m, s in zip(mean, self.spreads, strict=True)]
        self.labels.set_labels(
            [
                Label(float(x), float(r), text, QColor(self.colours.text))
                for x, r, text in zip(right, rows, texts, strict=True)
            ]
        )
        titles = [group_label(self.dimension, s.group) for s in self.spreads]
        row_ticks(self.panel, titles, width=150)
        self.panel.setYRange(-0.6, max(len(rows), 1) - 0.4, padding=0)
        if len(mean):
            low = min(100.0, float((mean - sd).min()))
            high = max(100.0, float((mean + sd).max()))
            span = high - low or 10.0
            text_px = max(QFontMetricsF(QApplication.font()).horizontalAdvance(t) for t in texts)
            self._x_fit = (low - span * 0.05, high, text_px + 12)
            self._fit_x()
        else:
            self._x_fit = None
        self.select(self.selected)

    def _fit_x(self) -> None:
        """The x range with room on the right for the longest label, at the chart's width
        now (again whenever it is resized)."""
        if self._x_fit is None:
            return
        low, high, text_px = self._x_fit
        width_px = max(self.panel.getViewBox().width(), 3 * text_px)
        room = (high - low) * text_px / (width_px - text_px)
        self.panel.setXRange(low, high + room, padding=0)

    def select(self, key: str | None) -> None:
        super().select(key)
        a = self.analysis
        place = a.place(key) if a is not None else None
        row = None
        by_step = self.dimension in ("interaction", "lead")
        if a is not None and place is not None and place.step is not None and by_step:
            group = getattr(a.obs.steps[place.step], self.dimension)
            row = next((i for i, s in enumerate(self.spreads) if s.group == group), None)
        band_around(self.band, row)

    def describe(self, panel: int, x: float, y: float) -> str:
        row = round(y)
        if not 0 <= row < len(self.spreads) or abs(y - row) > 0.5:
            return ""
        s = self.spreads[row]
        sd = "—" if s.stdev_ratio is None else f"{s.stdev_ratio * 100:.0f}%"
        return (
            f"{group_label(self.dimension, s.group)}: {s.n} observations"
            f"\nmean {s.mean_ratio * 100:.1f}% of planned · standard deviation {sd}"
            f"\nmean over/under {format_signed(s.mean_over_s)} · over plan {percent(s.over_rate)}"
        )


class RevisionChart(ChartFrame):
    """Per revision: the session's mean overrun against that revision's own plan, ± the
    standard deviation of the totals."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Did the revision help? Overrun of the session, by revision", parent)
        self.analysis: Analysis | None = None
        self.revisions: list[RevisionTotals] = []
        self.panel = self.add_panel(rows_down=True)
        self.panel.setLabel("bottom", "Mean overrun against its own plan (min), ± 1 std. dev.")
        self.bars = pg.BarGraphItem(x0=[], x1=[], y=[], height=0.55)
        self.errors = pg.ErrorBarItem(beam=0.2)
        self.labels = LabelsItem(min_row_px=0)
        self.zero = pg.InfiniteLine(0, angle=90)
        for item in (self.bars, self.errors, self.labels):
            self.panel.addItem(item)
        self.panel.addItem(self.zero, ignoreBounds=True)
        self.apply_colours()

    def apply_colours(self) -> None:
        super().apply_colours()
        c = self.colours
        self.zero.setPen(pg.mkPen(c.text, width=1))
        self.errors.setOpts(pen=pg.mkPen(c.text, width=1.2))
        self.set_legend(
            f"{swatch(c.over, 'over its plan (right of 0)')} &nbsp; "
            f"{swatch(c.under, 'under (left)')} &nbsp; whisker: ± 1 standard deviation of the "
            "session length"
        )
        if self.analysis is not None:
            self.draw(self.analysis)

    def draw(self, analysis: Analysis) -> None:
        self.analysis = analysis
        c = self.colours
        self.revisions = analysis.revisions
        mean = np.array([r.mean_over_s / 60 for r in self.revisions])
        sd = np.array([(r.stdev_total_s or 0.0) / 60 for r in self.revisions])
        rows = np.arange(len(mean), dtype=float)
        self.bars.setOpts(
            x0=np.zeros(len(mean)),
            x1=mean,
            y=rows,
            height=0.55,
            brushes=[c.over if m > 0 else c.under for m in mean],
            pen=pg.mkPen(None),
        )
        self.errors.setData(x=mean, y=rows, left=sd, right=sd)
        labels = []
        for r, (row, m, s) in enumerate(zip(self.revisions, mean, sd, strict=True)):
            stopped = f"; {row.stopped_early} stopped early" if row.stopped_early else ""
            spread = f"{format_signed(row.mean_over_s)} ± {mmss(s * 60)}"
            text = f"{spread}  ({row.runs} complete{stopped})"
            labels.append(Label(float(min(m - s, 0.0)), float(r) - 0.42, text, QColor(c.text)))
        self.labels.set_labels(labels)
        row_ticks(self.panel, [f"Revision {r.revision}" for r in self.revisions], width=90)
        self.panel.setYRange(-0.75, max(len(rows), 1) - 0.4, padding=0)
        if len(mean):
            low = min(0.0, float((mean - sd).min()))
            high = max(0.0, float((mean + sd).max()))
            span = high - low or 1.0
            self.panel.setXRange(low - span * 0.05, high + span * 0.1, padding=0)

    def describe(self, panel: int, x: float, y: float) -> str:
        row = round(y)
        if not 0 <= row < len(self.revisions) or abs(y - row) > 0.5:
            return ""
        r = self.revisions[row]
        sd = "—" if r.stdev_total_s is None else mmss(r.stdev_total_s)
        step_sd = "—" if r.step_stdev_s is None else mmss(r.step_stdev_s)
        return (
            f"Revision {r.revision}: {count(r.runs, 'complete rehearsal')}"
            + (f" ({r.stopped_early} stopped early, left out)" if r.stopped_early else "")
            + f"\nmean session {mmss(r.mean_total_s)} · "
            f"{format_signed(r.mean_over_s)} against its plan"
            f"\nstandard deviation of the session {sd} · of a segment, on average {step_sd}"
        )
