"""One rehearsal against its own plan revision, step by step, in three panels that share
their rows (the steps, top to bottom): planned vs actual duration, the running offset
(a waterfall of over/under building up), and elapsed time against the plan."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QWidget

from rehearsal.analysis import drift_of_row
from rehearsal.durations import count, format_signed
from rehearsal.rehearsing.figures import run_line
from rehearsal_ui.analyze.charts.frame import (
    ChartFrame,
    Label,
    LabelsItem,
    band_around,
    row_ticks,
    swatch,
)
from rehearsal_ui.analyze.data import Analysis, mmss
from rehearsal_ui.shell.chart_palette import HATCH, translucent

Matrix = npt.NDArray[np.float64]
BAR = 0.62


class OneRehearsalChart(ChartFrame):
    rehearsal_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("One rehearsal against its plan, step by step", parent)
        self.analysis: Analysis | None = None
        self.row = -1  # the rehearsal shown: its row in the observations
        self.picker = QComboBox()
        self.picker.setAccessibleName("Rehearsal")
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.labels = QStringListModel(self.picker)  # one row per rehearsal, the latest first
        self.picker.setModel(self.labels)
        self.picker.currentIndexChanged.connect(self._picked)
        self.header.insertWidget(1, self.picker)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.body.insertWidget(1, self.summary)
        self.bars = self.add_panel(0, 0, rows_down=True)
        self.waterfall = self.add_panel(0, 1, rows_down=True)
        self.elapsed = self.add_panel(0, 2, rows_down=True)
        layout = self.canvas.ci.layout
        for col, stretch in enumerate((5, 3, 3)):
            layout.setColumnStretchFactor(col, stretch)
        self.bars.setLabel("bottom", "Minutes")
        self.waterfall.setLabel("bottom", "Minutes behind plan (+) or ahead (−)")
        self.elapsed.setLabel("bottom", "Minutes from the start")
        for panel in (self.waterfall, self.elapsed):
            panel.setYLink(self.bars)
            panel.hideAxis("left")  # the rows are named in the first panel
        self.row_bands = [self.row_band(p) for p in (self.bars, self.waterfall, self.elapsed)]
        self.planned_bars = pg.BarGraphItem(x0=[], x1=[], y=[], height=BAR)
        self.under_bars = pg.BarGraphItem(x0=[], x1=[], y=[], height=BAR * 0.6)
        self.over_bars = pg.BarGraphItem(x0=[], x1=[], y=[], height=BAR * 0.6)
        self.over_hatch = pg.BarGraphItem(x0=[], x1=[], y=[], height=BAR * 0.6)
        self.bar_labels = LabelsItem()
        for item in (
            self.planned_bars,
            self.under_bars,
            self.over_bars,
            self.over_hatch,
            self.bar_labels,
        ):
            self.bars.addItem(item)
        self.steps_over = pg.BarGraphItem(x0=[], x1=[], y=[], height=BAR)
        self.steps_under = pg.BarGraphItem(x0=[], x1=[], y=[], height=BAR)
        self.zero = pg.InfiniteLine(0, angle=90)
        for item in (self.steps_under, self.steps_over):
            self.waterfall.addItem(item)
        self.waterfall.addItem(self.zero, ignoreBounds=True)
        self.planned_line = pg.PlotDataItem(symbol="o", symbolSize=5)
        self.actual_line = pg.PlotDataItem(symbol="o", symbolSize=6)
        self.slot = pg.InfiniteLine(0, angle=90, label="slot", labelOpts={"position": 0.04})
        self.elapsed.addItem(self.planned_line)
        self.elapsed.addItem(self.actual_line)
        self.elapsed.addItem(self.slot)
        self.planned: Matrix = np.zeros(0)
        self.actual: Matrix = np.zeros(0)
        self.offsets: Matrix = np.zeros(1)  # the schedule offset at the start and after each step
        self.apply_colours()

    # -- which rehearsal ---------------------------------------------------------------------
    def _index_of(self, row: int) -> int:
        return self.labels.rowCount() - 1 - row

    def _picked(self, index: int) -> None:
        if self.analysis is None or index < 0:
            return
        self.row = self._index_of(index)
        self._draw_row()
        self.rehearsal_changed.emit(self.analysis.obs.runs[self.row].id)

    def show_rehearsal(self, rehearsal_id: str) -> None:
        runs = self.analysis.obs.runs if self.analysis is not None else ()
        row = next((i for i, r in enumerate(runs) if r.id == rehearsal_id), None)
        if row is not None:
            self.picker.setCurrentIndex(self._index_of(row))

    # -- drawing ---------------------------------------------------------------------------
    def apply_colours(self) -> None:
        super().apply_colours()
        c = self.colours
        for panel, title in (
            (self.bars, "Planned and actual duration"),
            (self.waterfall, "Running offset"),
            (self.elapsed, "Elapsed time"),
        ):
            panel.setTitle(title, color=c.text, bold=True)
        self.zero.setPen(pg.mkPen(c.text, width=1))
        self.slot.setPen(pg.mkPen(c.over, width=1.5, style=Qt.PenStyle.DashLine))
        self.slot.label.setColor(c.over)
        self.planned_line.setPen(pg.mkPen(c.planned, width=2, style=Qt.PenStyle.DashLine))
        self.planned_line.setSymbolBrush(c.planned)
        self.planned_line.setSymbolPen(None)
        self.actual_line.setPen(pg.mkPen(c.accent, width=2.5))
        self.actual_line.setSymbolBrush(c.accent)
        self.actual_line.setSymbolPen(None)
        self._legend()
        if self.analysis is not None:
            self._draw_row()

    def _legend(self) -> None:
        """What is drawn; the slot's line only where the plan has a slot."""
        c = self.colours
        slot = self.analysis.obs.plan.slot_s if self.analysis is not None else None
        end = (
            swatch(c.over, "end of the slot", "┅")
            if slot
            else swatch(c.planned, "no slot set: the planned elapsed line ends at the plan", "┅")
        )
        self.set_legend(
            f"{swatch(c.planned, 'planned', '▭')} &nbsp; "
            f"{swatch(c.under, 'actual, within the plan')} &nbsp; "
            f"{swatch(c.over, 'actual beyond the plan (hatched)', '▨')} &nbsp; "
            f"{swatch(c.accent, 'actual elapsed', '━')} &nbsp; "
            f"{swatch(c.planned, 'planned elapsed', '┅')} &nbsp; {end}"
        )

    def draw(self, analysis: Analysis) -> None:
        keep = self.analysis.obs.runs[self.row].id if self.analysis and self.row >= 0 else None
        self.analysis = analysis
        runs = analysis.obs.runs
        self.picker.blockSignals(True)
        self.labels.setStringList([r.label for r in reversed(runs)])  # the latest first
        chosen = next((i for i, r in enumerate(runs) if r.id == keep), len(runs) - 1)
        self.picker.setCurrentIndex(self._index_of(chosen))
        self.picker.blockSignals(False)
        self.row = chosen
        row_ticks(self.bars, [s.title for s in analysis.obs.steps])
        self._draw_row()

    def _draw_row(self) -> None:
        a = self.analysis
        if a is None or not 0 <= self.row < len(a.obs.runs):
            return
        c = self.colours
        obs = a.obs
        planned = a.planned_rows[self.row] / 60.0
        actual = obs.actual[self.row] / 60.0
        self.planned, self.actual = planned, actual
        rows = np.arange(len(planned), dtype=float)
        reached = ~np.isnan(actual)
        filled = np.where(reached, actual, 0.0)
        self.planned_bars.setOpts(
            x0=np.zeros(len(rows)),
            x1=planned,
            y=rows,
            height=BAR,
            brush=QBrush(Qt.BrushStyle.NoBrush),
            pen=pg.mkPen(c.planned, width=1.5),
        )
        within = np.minimum(filled, planned)
        self.under_bars.setOpts(
            x0=np.zeros(len(rows)),
            x1=within,
            y=rows,
            height=BAR * 0.6,
            brush=c.under,
            pen=pg.mkPen(None),
        )
        over = reached & (filled > planned)
        for item, brush in (
            (self.over_bars, QBrush(QColor(c.over))),
            (self.over_hatch, QBrush(QColor(c.background), HATCH)),
        ):
            item.setOpts(
                x0=planned[over],
                x1=filled[over],
                y=rows[over],
                height=BAR * 0.6,
                brush=brush,
                pen=pg.mkPen(None),
            )
        diff = filled - planned
        labels = [
            Label(
                float(max(filled[j], planned[j])),
                float(j),
                "not reached" if not reached[j] else format_signed(diff[j] * 60),
                QColor(c.over if reached[j] and diff[j] > 0 else c.text),
                bold=bool(reached[j] and diff[j] > 0),
            )
            for j in range(len(rows))
        ]
        self.bar_labels.set_labels(labels)
        # the waterfall: each step moves the schedule offset (the core's, `drift`) from
        # where the step before left it
        offsets, valid = drift_of_row(obs, self.row)
        self.offsets = offsets
        after = offsets[1:] / 60.0
        before = np.maximum.accumulate(np.where(valid, np.arange(len(valid)), 0))[:-1]
        before = offsets[before] / 60.0
        ran = valid[1:]
        step = after - before
        for item, mask, colour in (
            (self.steps_over, ran & (step > 0), c.over),
            (self.steps_under, ran & (step <= 0), c.under),
        ):
            item.setOpts(
                x0=before[mask],
                x1=after[mask],
                y=rows[mask],
                height=BAR,
                brush=colour,
                pen=pg.mkPen(translucent(c.text, 90), width=0.5),
            )
        # elapsed: where each step ended, planned vs actual (the plan to it, plus the offset)
        planned_end = np.cumsum(planned)
        actual_end = planned_end + after
        self.planned_line.setData(planned_end, rows)
        self.actual_line.setData(actual_end[ran], rows[ran])
        slot = obs.plan.slot_s
        self.slot.setVisible(bool(slot))
        if slot:
            self.slot.setValue(slot / 60.0)
            self.slot.label.setFormat(f"slot {mmss(slot)}")
        self._legend()
        run = obs.runs[self.row]
        flags = sum(1 for f in obs.flags if f.run == self.row)
        figures = "its figures could not be read" if run.totals is None else run_line(run.totals)
        self.summary.setText(
            f"Revision {run.revision} · {run.kind} · {figures} · {count(flags, 'flag')}"
        )
        widest = float(np.nanmax(np.concatenate([planned, filled]))) if len(rows) else 1.0
        self.bars.setXRange(0, widest * 1.18, padding=0.01)  # room for the labels
        for panel in (self.waterfall, self.elapsed):
            panel.enableAutoRange(axis="x")
        self.bars.setYRange(-0.6, max(len(rows), 1) - 0.4, padding=0)
        self.select(self.selected)

    def select(self, key: str | None) -> None:
        super().select(key)
        place = self.analysis.place(key) if self.analysis is not None else None
        row = place.step if place is not None else None
        for band in self.row_bands:
            band_around(band, row)

    # -- what is where -----------------------------------------------------------------------
    def _step(self, y: float) -> int | None:
        row = round(y)
        ok = self.analysis is not None and 0 <= row < len(self.planned) and abs(y - row) <= 0.5
        return row if ok else None

    def hit(self, panel: int, x: float, y: float) -> str | None:
        j = self._step(y)
        return None if j is None or self.analysis is None else self.analysis.obs.steps[j].key

    def describe(self, panel: int, x: float, y: float) -> str:
        j = self._step(y)
        if j is None or self.analysis is None:
            return ""
        obs = self.analysis.obs
        step = obs.steps[j]
        run = obs.runs[self.row]
        planned_s = self.planned[j] * 60
        head = f"{step.title}\n{run.label}"
        if np.isnan(self.actual[j]):
            return f"{head}\nplanned {mmss(planned_s)} · not reached in this rehearsal"
        actual_s = self.actual[j] * 60
        offset = float(self.offsets[j + 1])
        planned_to = float(self.planned[: j + 1].sum()) * 60
        text = (
            f"{head}\nplanned {mmss(planned_s)} · actual {mmss(actual_s)} "
            f"({format_signed(actual_s - planned_s)})"
            f"\nafter it: {format_signed(offset)} against the plan · ended at "
            f"{mmss(planned_to + offset)} (planned {mmss(planned_to)})"
        )
        attempts = int(obs.attempts[self.row, j])
        pause = float(obs.pause[self.row, j])
        if attempts > 1:
            text += f"\n{attempts} attempts"
        if pause:
            text += f"\npaused {mmss(pause)}"
        return text
