"""Session risk and the suggested re-timing: how likely the session is to overrun its slot,
or its planned total when it has no slot (Monte Carlo over what the rehearsals showed),
which segments carry that risk, and the plan re-timed from the evidence, ready to become
the next revision."""

from __future__ import annotations

from html import escape

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from rehearsal.analysis import RULES, Against, Evidence, Retiming, Risk, StepInfo, describe
from rehearsal.durations import format_signed, format_time_of_day
from rehearsal_ui.analyze.charts.frame import (
    ChartFrame,
    Label,
    LabelsItem,
    TableFrame,
    band_around,
    row_ticks,
    swatch,
)
from rehearsal_ui.analyze.data import Analysis, mmss, percent
from rehearsal_ui.analyze.tables import KeyedTable, retiming_model
from rehearsal_ui.shell.chart_palette import HATCH, translucent

Matrix = npt.NDArray[np.float64]
BINS = 40
TOP_SHARES = 8
METHOD_LABELS = {
    "segments": "each segment on its own",
    "rehearsals": "whole rehearsals (keeps a slow day slow)",
}


class HistogramChart(ChartFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("How long will the session run? Simulated sessions", parent)
        self.risk: Risk | None = None
        self.counts: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self.edges: Matrix = np.zeros(1)
        self.panel = self.add_panel()
        self.panel.setLabel("bottom", "Session length (min)")
        self.panel.setLabel("left", "Simulated sessions")
        self.within = pg.BarGraphItem(x0=[], x1=[], y0=[], y1=[])
        self.beyond = pg.BarGraphItem(x0=[], x1=[], y0=[], y1=[])
        self.beyond_hatch = pg.BarGraphItem(x0=[], x1=[], y0=[], y1=[])
        for item in (self.within, self.beyond, self.beyond_hatch):
            self.panel.addItem(item)
        self.slot = pg.InfiniteLine(
            0, angle=90, label="", labelOpts={"position": 0.95, "anchors": [(1, 0.5), (1, 0.5)]}
        )
        self.quantiles = [
            pg.InfiniteLine(
                0,
                angle=90,
                label=name,
                labelOpts={"position": pos, "anchors": [(0, 0.5), (0, 0.5)]},
            )
            for name, pos in (("P50", 0.95), ("P80", 0.87), ("P95", 0.79))
        ]
        for line in (self.slot, *self.quantiles):
            self.panel.addItem(line)
        self.apply_colours()

    def apply_colours(self) -> None:
        super().apply_colours()
        c = self.colours
        self.panel.showGrid(x=True, y=True, alpha=c.grid_alpha)
        self.slot.setPen(pg.mkPen(c.over, width=2))
        self.slot.label.setColor(c.over)
        for line in (self.slot, *self.quantiles):
            line.label.fill = pg.mkBrush(translucent(c.background, 215))
        for line in self.quantiles:
            line.setPen(pg.mkPen(c.text, width=1, style=Qt.PenStyle.DashLine))
            line.label.setColor(c.text)
        if self.risk is not None:
            self.draw(self.risk)
        else:
            self._legend(None)

    def _legend(self, risk: Risk | None) -> None:
        """What is drawn: the bars against the slot, or against the planned total when the
        plan has no slot, or neither when there is nothing to measure against."""
        c = self.colours
        quantiles = "P50/P80/P95: half, 80%, 95% of sessions end by then"
        if risk is None or not risk.simulated:
            self.set_legend("")
            return
        if risk.against is Against.NOTHING:
            self.set_legend(f"{swatch(c.under, 'simulated sessions')} &nbsp; {quantiles}")
            return
        name = {Against.SLOT: "the slot", Against.PLAN: "the plan"}[risk.against]
        end = "end of the slot" if risk.against is Against.SLOT else "planned total (no slot set)"
        self.set_legend(
            f"{swatch(c.under, f'fits {name}')} &nbsp; "
            f"{swatch(c.over, 'overruns it (hatched)', '▨')} &nbsp; "
            f"{swatch(c.over, end, '┃')} &nbsp; {quantiles}"
        )

    def draw(self, risk: Risk | None) -> None:
        self.risk = risk
        c = self.colours
        self._legend(risk)
        if risk is None or not risk.simulated:
            self.set_note(risk.statement if risk is not None else "No rehearsals to simulate from.")
            for item in (self.within, self.beyond, self.beyond_hatch):
                item.setOpts(x0=[], x1=[], y0=[], y1=[])
            for line in (self.slot, *self.quantiles):
                line.hide()
            self.counts, self.edges = np.zeros(0, dtype=np.int64), np.zeros(1)
            return
        self.set_note("")
        minutes = risk.totals / 60.0
        self.counts, self.edges = np.histogram(minutes, bins=BINS)
        left, right = self.edges[:-1], self.edges[1:]
        limit = risk.limit_s / 60.0 if risk.limit_s is not None else np.inf
        late = (left + right) / 2 > limit
        zeros = np.zeros(len(self.counts))
        for item, mask, brush in (
            (self.within, ~late, QBrush(QColor(c.under))),
            (self.beyond, late, QBrush(QColor(c.over))),
            (self.beyond_hatch, late, QBrush(QColor(c.background), HATCH)),
        ):
            item.setOpts(
                x0=left[mask],
                x1=right[mask],
                y0=zeros[mask],
                y1=self.counts[mask],
                brush=brush,
                pen=pg.mkPen(QColor(c.background), width=0.5),
            )
        # the line an overrun is measured against: the slot, else the planned total
        self.slot.setVisible(risk.limit_s is not None)
        if risk.limit_s is not None:
            self.slot.setValue(limit)
            self.slot.label.setFormat(risk.limit_label)
        for line, value in zip(self.quantiles, (risk.p50_s, risk.p80_s, risk.p95_s), strict=True):
            line.setValue(value / 60.0)
            line.show()
        self.panel.enableAutoRange()

    def describe(self, panel: int, x: float, y: float) -> str:
        if self.risk is None or len(self.counts) == 0:
            return ""
        k = int(np.searchsorted(self.edges, x, side="right")) - 1
        if not 0 <= k < len(self.counts):
            return ""
        n = int(self.counts[k])
        share = n / self.risk.draws
        return (
            f"{mmss(self.edges[k] * 60)}–{mmss(self.edges[k + 1] * 60)}: {n:,} of "
            f"{self.risk.draws:,} simulated sessions ({share * 100:.1f}%)"
        )


class SharesChart(ChartFrame):
    """The segments whose variation moves the session's length most."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Where the risk comes from: each segment's share of the variation", parent)
        self.shares: list[tuple[StepInfo, float]] = []
        self.panel = self.add_panel(rows_down=True)
        self.panel.setLabel("bottom", "Share of the variation in session length (%)")
        self.band = self.row_band(self.panel)
        self.bars = pg.BarGraphItem(x0=[], x1=[], y=[], height=0.6)
        self.labels = LabelsItem(min_row_px=0)
        self.panel.addItem(self.bars)
        self.panel.addItem(self.labels)
        self.estimated = QLabel()
        self.estimated.setWordWrap(True)
        self.estimated.setTextFormat(Qt.TextFormat.PlainText)
        self.body.addWidget(self.estimated)
        self.apply_colours()

    def draw(self, risk: Risk | None) -> None:
        c = self.colours
        self.shares = list(risk.shares[:TOP_SHARES]) if risk is not None else []
        still = bool(self.shares) and all(share <= 0 for _, share in self.shares)
        if risk is None or not risk.simulated:
            self.set_note("No timed steps: no share of the risk to show.")
        elif still:
            self.set_note("Every simulated session is as long: no step moves its length.")
        else:
            self.set_note("")
        values = np.array([max(s, 0.0) * 100 for _, s in self.shares])
        rows = np.arange(len(values), dtype=float)
        self.bars.setOpts(
            x0=np.zeros(len(values)),
            x1=values,
            y=rows,
            height=0.6,
            brush=c.accent,
            pen=pg.mkPen(None),
        )
        self.labels.set_labels(
            [
                Label(float(v), float(r), f"{v:.0f}%", QColor(c.text))
                for r, v in zip(rows, values, strict=True)
            ]
        )
        row_ticks(self.panel, [step.title for step, _ in self.shares], width=230)
        self.panel.setYRange(-0.6, max(len(rows), 1) - 0.4, padding=0)
        self.panel.setXRange(0, max(float(values.max()) if len(values) else 0, 10) * 1.2)
        if risk is not None and risk.estimated:
            names = ", ".join(s.title for s in risk.estimated)
            self.estimated.setText(
                f"Estimated from the plan (PERT: planned time, flexible range), too few "
                f"rehearsals to draw from: {names}"
            )
            self.estimated.show()
        else:
            self.estimated.hide()
        self.select(self.selected)

    def select(self, key: str | None) -> None:
        super().select(key)
        row = next((i for i, (s, _) in enumerate(self.shares) if s.key == key), None)
        band_around(self.band, row)

    def _row(self, y: float) -> int | None:
        row = round(y)
        return row if 0 <= row < len(self.shares) and abs(y - row) <= 0.5 else None

    def hit(self, panel: int, x: float, y: float) -> str | None:
        row = self._row(y)
        return None if row is None else self.shares[row][0].key

    def describe(self, panel: int, x: float, y: float) -> str:
        row = self._row(y)
        if row is None:
            return ""
        step, share = self.shares[row]
        return (
            f"{step.title}: {share * 100:.1f}% of the variation in the session's length"
            f"\nplanned {mmss(step.planned_s)}"
        )


class RiskPanel(QWidget):
    """The numbers, the histogram and the shares on the left; the re-timing on the right."""

    method_changed = Signal(str)
    rule_changed = Signal(str)
    apply_requested = Signal()
    picked = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        histogram: HistogramChart | None = None,
        shares: SharesChart | None = None,
    ) -> None:
        """`histogram` and `shares`: its charts, made beforehand (each is a piece of work
        of its own; the Analyze view makes them a tick apart)."""
        super().__init__(parent)
        self.headline = QLabel()
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setAccessibleName("Probability of an overrun")
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.headline.setFont(font)
        self.numbers = QLabel()
        self.numbers.setTextFormat(Qt.TextFormat.RichText)
        for wrapped in (self.headline, self.numbers):  # the re-timing needs the room
            wrapped.setWordWrap(True)
            wrapped.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.method = QComboBox()
        self.method.setAccessibleName("Simulate by drawing")
        for key, label in METHOD_LABELS.items():
            self.method.addItem(f"Draw {label}", key)
        self.method.currentIndexChanged.connect(
            lambda: self.method_changed.emit(str(self.method.currentData()))
        )
        self.histogram = histogram or HistogramChart()
        self.shares = shares or SharesChart()
        self.shares.picked.connect(self.picked)
        top = QGridLayout()
        top.addWidget(self.headline, 0, 0)
        top.addWidget(self.method, 0, 1, Qt.AlignmentFlag.AlignRight)
        top.addWidget(self.numbers, 1, 0, 1, 2)
        top.setColumnStretch(0, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        charts = QSplitter(Qt.Orientation.Vertical)
        charts.addWidget(self.histogram)
        charts.addWidget(self.shares)
        charts.setSizes([420, 300])
        left_layout.addWidget(charts, 1)
        # the re-timing
        self.rule = QComboBox()
        self.rule.setAccessibleName("Re-time each step to")
        for key, label in RULES.items():
            self.rule.addItem(f"Set each step to the {label}", key)
        self.rule.currentIndexChanged.connect(
            lambda: self.rule_changed.emit(str(self.rule.currentData()))
        )
        self.retiming_model = retiming_model()
        self.table = KeyedTable(self.retiming_model)
        self.table.picked.connect(self.picked)
        self.retiming_frame = TableFrame("Suggested re-timing, from the evidence", self.table)
        self.retiming_frame.body.insertWidget(1, self.rule)
        self.new_total = QLabel()
        self.new_total.setWordWrap(True)
        self.new_total.setTextFormat(Qt.TextFormat.RichText)
        self.apply_button = QPushButton("Apply as revision 2")
        self.apply_button.setToolTip("Store the re-timed plan as the next revision")
        self.apply_button.clicked.connect(self.apply_requested)
        foot = QHBoxLayout()
        foot.addWidget(self.new_total, 1)
        foot.addWidget(self.apply_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.retiming_frame.body.addLayout(foot)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.retiming_frame)
        split.setStretchFactor(0, 1)  # the re-timing's steps need their titles to be read
        split.setStretchFactor(1, 1)
        split.setSizes([640, 640])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def charts(self) -> list[ChartFrame]:
        return [self.histogram, self.shares]

    def draw(self, analysis: Analysis, next_revision: int) -> None:
        self.draw_risk(analysis.risk, analysis.evidence)
        self.draw_retiming(analysis.retiming, analysis.obs.plan.slot_s, next_revision)

    def draw_risk(self, risk: Risk | None, found: Evidence) -> None:
        self.histogram.draw(risk)
        self.shares.draw(risk)
        c = self.histogram.colours
        if risk is None:
            self.headline.setText("No rehearsals to simulate from")
            self.numbers.setText("")
            return
        if not risk.simulated:
            self.headline.setText(escape(risk.statement))
            self.numbers.setText("")
            return
        if risk.p_overrun is None:
            self.headline.setText(escape(risk.statement))
        else:
            colour = c.over if risk.p_overrun > 0.2 else c.under
            self.headline.setText(
                f'<b style="color:{colour}">{percent(risk.p_overrun)}</b> chance of '
                f"overrunning {escape(risk.limit)}"
            )
        parts = []
        for name, total in (("P50", risk.p50_s), ("P80", risk.p80_s), ("P95", risk.p95_s)):
            end = risk.end_s(total)
            ends = f", ends {format_time_of_day(round(end))}" if end is not None else ""
            parts.append(f"<b>{name}</b> {mmss(total)}{ends}")
        self.numbers.setText(
            " &nbsp;·&nbsp; ".join(parts)
            + f"<br>{risk.draws:,} simulated sessions (seed {risk.seed}), "
            + escape(describe(found))
            + (
                "<br>No step was observed often enough: every step is drawn from the plan's "
                "own estimate (PERT)."
                if risk.from_plan_only
                else ""
            )
        )

    def draw_retiming(self, retiming: Retiming, slot_s: int | None, next_revision: int) -> None:
        """The suggestions, the new total and what it rests on; without enough complete
        rehearsals, what is missing, and Apply disabled with that reason."""
        self.retiming_model.set_rows(retiming.suggestions)
        c = self.histogram.colours
        self.apply_button.setText(f"Apply as revision {next_revision}")
        if not retiming.enough:
            self.new_total.setText(
                f'<b style="color:{c.over}">{escape(retiming.missing)}</b><br>Nothing is '
                "suggested, and nothing can be applied, until there are."
            )
            self.apply_button.setEnabled(False)
            self.apply_button.setToolTip(retiming.missing)
            return
        change = retiming.suggested_total_s - retiming.planned_total_s
        over = slot_s is not None and retiming.suggested_total_s > slot_s
        slot = f"; the slot is {mmss(slot_s)}" if slot_s else "; no slot set"
        warn = (
            f'<br><b style="color:{c.over}">The re-timed plan does not fit the slot: cut '
            f"{mmss(retiming.suggested_total_s - (slot_s or 0))} elsewhere.</b>"
            if over
            else ""
        )
        self.new_total.setText(
            f"New total <b>{mmss(retiming.suggested_total_s)}</b> (now "
            f"{mmss(retiming.planned_total_s)}, {format_signed(change)}){slot}. "
            f"{len(retiming.changed)} of {len(retiming.suggestions)} steps change, "
            f"{escape(retiming.described)}.{warn}"
        )
        self.apply_button.setEnabled(bool(retiming.changed))
        self.apply_button.setToolTip(
            "Review every change, then store the re-timed plan as the next revision"
            if retiming.changed
            else "The suggestion changes nothing: every step keeps its time"
        )
