"""Across rehearsals, per segment: what learners said, typed and answered — seconds of
learner talk, learner messages and learner contributions (turns, messages, poll answers),
each per minute of the segment — as a bar over the rehearsals with evidence and a point
per rehearsal (the spread), with "interaction planned, none observed" marked where the core
finds it. Every figure is the core's (`rehearsal.analysis.engagement`); the chart only
draws and words them."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from rehearsal.analysis.engagement import SegmentEngagement
from rehearsal.durations import count
from rehearsal_ui.analyze.charts.frame import (
    ChartFrame,
    Label,
    LabelsItem,
    band_around,
    row_ticks,
    swatch,
)
from rehearsal_ui.analyze.loader import Engaged
from rehearsal_ui.shell.chart_palette import role_colours, translucent

NONE_OBSERVED = "interaction planned, none observed"
NO_EVIDENCE = (
    "No rehearsal with evidence among those chosen.\nImport a meeting platform's transcript, "
    "chat or poll report into a rehearsal in Review (its Evidence tab, or drop the files on "
    "its timeline): what learners said, typed and answered is compared here per segment."
)
# (title, what each panel shows, how a rehearsal's value is read, unit)
PANELS = (
    ("Learner talk", "learner_talk_s_per_min", "s / min"),
    ("Learner messages", "messages_per_min", "per min"),
    ("Learner contributions", "contributions_per_min", "per min"),
)
BAR_HEIGHT = 0.56


def rate(s: SegmentEngagement, attribute: str) -> float | None:
    value = getattr(s, attribute)
    return None if value is None else float(value)


def words(value: float | None, unit: str) -> str:
    return "not observed" if value is None else f"{value:.2f} {unit}"


class EngagementChart(ChartFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Where do learners take part? Learner talk, messages and contributions per "
            "minute of each segment",
            parent,
        )
        self.engaged: Engaged | None = None
        self.bars: list[pg.BarGraphItem] = []
        self.points: list[pg.ScatterPlotItem] = []
        self.row_bands: list[pg.LinearRegionItem] = []
        self.marks = LabelsItem(min_row_px=12)
        for i in range(len(PANELS)):
            panel = self.add_panel(0, i, rows_down=True)
            if i:
                panel.hideAxis("left")
                panel.setYLink(self.panels[0])
            self.row_bands.append(self.row_band(panel))
            bars = pg.BarGraphItem(x0=[], x1=[], y=[], height=BAR_HEIGHT)
            points = pg.ScatterPlotItem(size=7, pen=None)
            panel.addItem(bars)
            panel.addItem(points)
            self.bars.append(bars)
            self.points.append(points)
        self.panels[-1].addItem(self.marks)
        layout = self.canvas.ci.layout
        layout.setColumnStretchFactor(0, 50)
        layout.setColumnStretchFactor(1, 25)
        layout.setColumnStretchFactor(2, 25)
        self.apply_colours()

    @property
    def rows(self) -> tuple[SegmentEngagement, ...]:
        return self.engaged.overall.segments if self.engaged is not None else ()

    # -- drawing ---------------------------------------------------------------------------
    def apply_colours(self) -> None:
        super().apply_colours()
        self.learner = role_colours()["learner"]
        for panel, (title, _attr, unit) in zip(self.panels, PANELS, strict=True):
            # above each panel (the page scrolls, and may hide the bottom at first)
            panel.setTitle(f"{title} ({unit})", color=self.colours.text, bold=True)
        self.apply_legend()
        if self.engaged is not None:
            self.draw(self.engaged)

    def draw(self, engaged: Engaged | None) -> None:
        self.engaged = engaged
        if engaged is None or not engaged.overall.rehearsal_ids:
            basis = f"\n({engaged.overall.basis})" if engaged is not None else ""
            self.set_note(NO_EVIDENCE + basis)
            return
        self.set_note("")
        c = self.colours
        rows = self.rows
        warn = QColor(c.over)
        for panel, bars, points, (_title, attr, _unit) in zip(
            self.panels, self.bars, self.points, PANELS, strict=True
        ):
            values = [(i, rate(s, attr)) for i, s in enumerate(rows)]
            seen = [(i, v) for i, v in values if v is not None]
            brushes = [
                pg.mkBrush(warn if rows[i].none_observed and attr == PANELS[2][1] else self.learner)
                for i, _ in seen
            ]
            bars.setOpts(
                x0=[0.0] * len(seen),
                x1=[v for _, v in seen],
                y=[float(i) for i, _ in seen],
                height=BAR_HEIGHT,
                brushes=brushes or None,
                pens=[pg.mkPen(None)] * len(seen) or None,
            )
            xs: list[float] = []
            ys: list[float] = []
            for run in engaged.runs.values():
                for i, s in enumerate(run.segments):
                    value = rate(s, attr)
                    if value is not None:
                        xs.append(value)
                        ys.append(float(i))
            points.setData(xs, ys, brush=pg.mkBrush(translucent(c.text, 200)))
            panel.setYRange(-0.6, max(len(rows), 1) - 0.4, padding=0)
            top = max([*xs, *(v for _, v in seen), 0.5])
            panel.setXRange(0, top * 1.08, padding=0)
        self.marks.set_labels(
            [
                Label(0.0, float(i), f"⚠ {NONE_OBSERVED}", warn, bold=True)
                for i, s in enumerate(rows)
                if s.none_observed
            ]
        )
        row_ticks(
            self.panels[0],
            [f"⚠ {s.title}" if s.none_observed else s.title for s in rows],
        )
        self.apply_legend()
        self.select(self.selected)

    def apply_legend(self) -> None:
        """What the marks mean, and what the figures rest on."""
        c = self.colours
        basis = f" &nbsp; — {self.engaged.overall.basis}" if self.engaged is not None else ""
        self.set_legend(
            f"{swatch(self.learner, 'all the rehearsals with evidence')} &nbsp; "
            f"{swatch(c.text, 'one rehearsal', '●')} &nbsp; "
            f"{swatch(c.over, NONE_OBSERVED, '⚠')}{basis}"
        )

    def select(self, key: str | None) -> None:
        super().select(key)
        row = next((i for i, s in enumerate(self.rows) if s.segment_id == key), None)
        for band in self.row_bands:
            band_around(band, row)

    # -- what is where -----------------------------------------------------------------------
    def _row(self, y: float) -> int | None:
        row = round(y)
        return row if 0 <= row < len(self.rows) and abs(y - row) <= 0.5 else None

    def hit(self, panel: int, x: float, y: float) -> str | None:
        row = self._row(y)
        return None if row is None else self.rows[row].segment_id

    def describe(self, panel: int, x: float, y: float) -> str:
        row = self._row(y)
        if row is None or self.engaged is None:
            return ""
        s = self.rows[row]
        lines = [
            f"{s.title} · {s.interaction.label}",
            f"{count(s.rehearsals, 'rehearsal')} with evidence ran it",
        ]
        for title, attr, unit in PANELS:
            lines.append(f"{title}: {words(rate(s, attr), unit)}")
        lines.append(
            f"{count(s.contributions, 'learner contribution')} · "
            f"{count(s.learner_messages, 'learner message')}"
        )
        if s.none_observed:
            lines.append(f"⚠ {NONE_OBSERVED.capitalize()}")
        return "\n".join(lines)
