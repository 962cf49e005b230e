"""Across rehearsals, per segment: how each segment's actual time spreads around its plan
(box plot, or every rehearsal as a point when there are few), beside a heat strip of the
flags raised on it and on the hand-off after it, by category. One row per segment, the
same rows in both panels, in the order of the plan."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from rehearsal.analysis.stats import column_quantiles
from rehearsal_ui.analyze.charts.frame import (
    ChartFrame,
    Label,
    LabelsItem,
    band_around,
    row_ticks,
    swatch,
)
from rehearsal_ui.analyze.data import Analysis, mmss, percent
from rehearsal_ui.shell.chart_palette import blend, readable_on, translucent

Matrix = npt.NDArray[np.float64]
STRIP_MAX_RUNS = 12  # up to this many rehearsals, every one is drawn as a point
AXIS_HEIGHT = 64  # both panels' bottom axes, so that their rows line up
CATEGORY_X0 = 1.35  # the category columns start here; "all" is column 0


# Where the long words of the standard flag categories break (others break at the width).
SYLLABLES = {
    "instructions": ("instruc-", "tions"),
    "connectivity": ("connec-", "tivity"),
    "timekeeping": ("time-", "keeping"),
    "participant": ("partici-", "pant"),
    "breakout": ("break-", "out"),
    "hand-off": ("hand-", "off"),
    "logistics": ("logis-", "tics"),
    "readiness": ("readi-", "ness"),
}


def wrap(text: str, width: int = 8) -> str:
    """Split a category name over short lines at '/' and spaces; a word longer than a line
    is hyphenated rather than spilled into the next column."""
    words: list[str] = []
    for word in text.replace("/", "/ ").split():
        if word.lower() in SYLLABLES:
            words.extend(SYLLABLES[word.lower()])
            continue
        while len(word) > width:
            words.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        words.append(word)
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += ("" if lines[-1].endswith("/") else " ") + word
        else:
            lines.append(word)
    return "\n".join(lines[:4])


def box_stats(ratio: Matrix) -> dict[str, Matrix]:
    """Quartiles and Tukey whiskers (within 1.5 × IQR) of every column at once; columns
    without observations are NaN."""
    width = ratio.shape[1]
    n = (~np.isnan(ratio)).sum(axis=0)
    out = {k: np.full(width, np.nan) for k in ("q1", "median", "q3", "low", "high")}
    some = n > 0
    if some.any():
        sub = ratio[:, some]
        q1, med, q3 = column_quantiles(sub, [0.25, 0.5, 0.75])
        iqr = q3 - q1
        with np.errstate(invalid="ignore"):
            inside = (sub >= q1 - 1.5 * iqr) & (sub <= q3 + 1.5 * iqr)
        out["q1"][some], out["median"][some], out["q3"][some] = q1, med, q3
        out["low"][some] = np.where(inside, sub, np.inf).min(axis=0)
        out["high"][some] = np.where(inside, sub, -np.inf).max(axis=0)
    out["n"] = n.astype(np.float64)
    return out


class SegmentsChart(ChartFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Which segments fit their time? Actual as % of planned, and the flags raised", parent
        )
        self.analysis: Analysis | None = None
        self.ratio: Matrix = np.zeros((0, 0))
        self.box = self.add_panel(0, 0, rows_down=True)
        self.heat = self.add_panel(0, 1, rows_down=True)
        self.heat.setYLink(self.box)
        self.box.setLabel("bottom", "Actual as % of planned (100% = on plan)")
        self.heat.hideAxis("left")  # the rows are named in the box plot
        for panel in (self.box, self.heat):
            panel.getAxis("bottom").setHeight(AXIS_HEIGHT)
        self.band_box = self.row_band(self.box)
        self.band_heat = self.row_band(self.heat)
        self.boxes = pg.BarGraphItem(x0=[], x1=[], y=[], height=0.56)
        self.whiskers = pg.PlotDataItem(connect="pairs")
        self.medians = pg.PlotDataItem(connect="pairs")
        self.points_over = pg.ScatterPlotItem(size=7, pen=None)
        self.points_under = pg.ScatterPlotItem(size=7, pen=None)
        self.plan_line = pg.InfiniteLine(100, angle=90)
        for item in (self.boxes, self.whiskers, self.medians, self.points_under, self.points_over):
            self.box.addItem(item)
        self.box.addItem(self.plan_line, ignoreBounds=True)
        self.heat_all = pg.ImageItem(axisOrder="row-major")
        self.heat_cats = pg.ImageItem(axisOrder="row-major")
        self.heat_labels = LabelsItem(min_row_px=12)
        for item in (self.heat_all, self.heat_cats, self.heat_labels):
            self.heat.addItem(item)
        self.apply_colours()

    # -- drawing ---------------------------------------------------------------------------
    def apply_colours(self) -> None:
        super().apply_colours()
        self.heat.showGrid(x=False, y=False)
        c = self.colours
        self.plan_line.setPen(pg.mkPen(c.text, width=1, style=Qt.PenStyle.DashLine))
        self.whiskers.setPen(pg.mkPen(c.muted, width=1.2))
        self.medians.setPen(pg.mkPen(c.text, width=2.5))
        self.points_over.setBrush(pg.mkBrush(c.over))
        self.points_under.setBrush(pg.mkBrush(c.under))
        self.set_legend(
            f"{swatch(c.planned, 'middle half of rehearsals')} &nbsp; "
            f"{swatch(c.text, 'median', '┃')} &nbsp; whiskers: the usual range &nbsp; "
            f"{swatch(c.over, 'a rehearsal over its plan (right of 100%)', '●')} &nbsp; "
            f"{swatch(c.under, 'on or under (left)', '●')} &nbsp; "
            f"{swatch(c.heat_high, 'flags raised (count)')}"
        )
        if self.analysis is not None:
            self.draw(self.analysis)

    def draw(self, analysis: Analysis) -> None:
        self.analysis = analysis
        c = self.colours
        obs = analysis.obs
        places = analysis.places
        step_rows = np.array([i for i, p in enumerate(places) if p.step is not None], dtype=float)
        planned = obs.planned
        with np.errstate(divide="ignore", invalid="ignore"):
            self.ratio = np.where(planned > 0, obs.actual / planned * 100.0, np.nan)
        stats = box_stats(self.ratio)
        has = stats["n"] > 0
        rows = step_rows[has]
        self.boxes.setOpts(
            x0=stats["q1"][has],
            x1=stats["q3"][has],
            y=rows,
            height=0.56,
            brush=translucent(c.planned, 120),
            pen=pg.mkPen(c.planned, width=1),
        )
        lo, q1, q3, hi = stats["low"][has], stats["q1"][has], stats["q3"][has], stats["high"][has]
        wx = np.column_stack([lo, q1, q3, hi, lo, lo, hi, hi]).ravel()
        wy = np.column_stack(
            [rows, rows, rows, rows, rows - 0.16, rows + 0.16, rows - 0.16, rows + 0.16]
        ).ravel()
        self.whiskers.setData(wx, wy)
        med = stats["median"][has]
        self.medians.setData(np.repeat(med, 2), np.column_stack([rows - 0.3, rows + 0.3]).ravel())
        self._draw_points(step_rows, stats, len(obs.runs))
        self._draw_heat(analysis)
        row_ticks(self.box, [p.title for p in places])
        self.box.setYRange(-0.6, max(len(places), 1) - 0.4, padding=0)
        self.box.enableAutoRange(axis="x")
        self.select(self.selected)

    def _draw_points(self, step_rows: Matrix, stats: dict[str, Matrix], runs: int) -> None:
        ratio = self.ratio
        seen = ~np.isnan(ratio)
        if runs > STRIP_MAX_RUNS:  # only the points beyond the whiskers
            with np.errstate(invalid="ignore"):
                seen &= (ratio < stats["low"]) | (ratio > stats["high"])
        i, j = np.nonzero(seen)
        values = ratio[i, j]
        jitter = ((i * 7919 + j * 104729) % 97 / 96.0 - 0.5) * 0.36 if runs > 1 else 0.0
        y = step_rows[j] + jitter
        over = values > 100.0
        self.points_over.setData(values[over], y[over])
        self.points_under.setData(values[~over], y[~over])

    def _draw_heat(self, analysis: Analysis) -> None:
        c = self.colours
        grid = analysis.flags
        counts = grid.counts
        total = counts.sum(axis=1, keepdims=True)
        top = max(int(total.max()) if total.size else 0, 1)
        ramp = np.array(
            [blend(c.heat_low, c.heat_high, t).getRgb() for t in np.linspace(0, 1, 64)],
            dtype=np.ubyte,
        )
        ramp[0, 3] = 0  # no flags: nothing drawn (the selection band shows through)
        rows = len(analysis.places)
        top_cell = max(int(counts.max()) if counts.size else 0, 1)
        for item, data, x0, width, high in (
            (self.heat_all, total, 0.0, 1.0, top),
            (self.heat_cats, counts, CATEGORY_X0, float(counts.shape[1]), top_cell),
        ):
            if data.size == 0:
                item.clear()
                continue
            item.setImage(data.astype(np.float64), levels=(0, high), lut=ramp, autoLevels=False)
            item.setRect(QRectF(x0 - 0.5, -0.5, width, rows))
        ink: dict[int, QColor] = {}  # text colour by count: few distinct counts

        def label(x: float, row: int, count: int, high: int, bold: bool = False) -> Label:
            colour = ink.get(count * 100_000 + high)
            if colour is None:
                fill = blend(c.heat_low, c.heat_high, min(count / high, 1.0))
                colour = ink[count * 100_000 + high] = readable_on(fill)
            return Label(x, float(row), str(count), colour, align="centre", bold=bold)

        rows_all, _ = np.nonzero(total)
        labels = [label(0.0, int(r), int(total[r, 0]), top, bold=True) for r in rows_all]
        cells_r, cells_k = np.nonzero(counts)
        labels += [
            label(CATEGORY_X0 + int(k), int(r), int(counts[r, k]), top_cell)
            for r, k in zip(cells_r, cells_k, strict=True)
        ]
        self.heat_labels.set_labels(labels)
        ticks = [(0.0, "all\nflags")] + [
            (CATEGORY_X0 + k, wrap(cat)) for k, cat in enumerate(grid.categories)
        ]
        self.heat.getAxis("bottom").setTicks([ticks, []])
        layout = self.canvas.ci.layout
        layout.setColumnStretchFactor(1, round(10 * max(2.0, 0.28 * (1 + len(grid.categories)))))
        layout.setColumnStretchFactor(0, 45)  # the box plot, its row titles included
        self.heat.setXRange(-0.5, CATEGORY_X0 + max(len(grid.categories), 1) - 0.5, padding=0.01)

    def select(self, key: str | None) -> None:
        super().select(key)
        row = self.analysis.place_index(key) if self.analysis is not None else None
        band_around(self.band_box, row)
        band_around(self.band_heat, row)

    # -- what is where -----------------------------------------------------------------------
    def _row(self, y: float) -> int | None:
        if self.analysis is None:
            return None
        row = round(y)
        return row if 0 <= row < len(self.analysis.places) and abs(y - row) <= 0.5 else None

    def hit(self, panel: int, x: float, y: float) -> str | None:
        row = self._row(y)
        return None if row is None or self.analysis is None else self.analysis.places[row].key

    def describe(self, panel: int, x: float, y: float) -> str:
        row = self._row(y)
        if row is None or self.analysis is None:
            return ""
        a = self.analysis
        place = a.places[row]
        if panel == 1:
            return self._describe_flags(row, x)
        if place.step is None:
            return f"{place.detail}\nA hand-off takes no planned time; see its flags."
        s = a.stats[place.step]
        if s.n == 0:
            return f"{place.detail}\nplanned {mmss(s.step.planned_s)} · no rehearsal reached it"
        column = self.ratio[:, place.step]
        q1, q3 = np.nanquantile(column, [0.25, 0.75])
        planned = s.step.planned_s
        over = round((s.over_rate or 0) * s.n)
        assert s.median_s is not None and s.min_s is not None and s.max_s is not None
        return (
            f"{place.detail}\nplanned {mmss(planned)} · {s.n} rehearsal{'s' * (s.n != 1)}"
            f"\nmedian {mmss(s.median_s)} ({q(s.median_s, planned)}) · "
            f"middle half {q1:.0f}–{q3:.0f}%"
            f"\nP80 {mmss(s.p80_s or 0)} · range {mmss(s.min_s)}–{mmss(s.max_s)}"
            f"\nover plan in {over} of {s.n} ({percent(s.over_rate or 0)})"
        )

    def _describe_flags(self, row: int, x: float) -> str:
        assert self.analysis is not None
        grid = self.analysis.flags
        place = self.analysis.places[row]
        runs = len(self.analysis.obs.runs)
        total = int(grid.counts[row].sum())
        head = f"{place.detail}\n{total} flag{'s' * (total != 1)} in {runs} rehearsals"
        k = round(x - CATEGORY_X0)
        if x >= CATEGORY_X0 - 0.5 and 0 <= k < len(grid.categories):
            return f"{head}\n{grid.categories[k]}: {int(grid.counts[row, k])}"
        by = [
            f"{cat}: {int(n)}"
            for cat, n in zip(grid.categories, grid.counts[row], strict=True)
            if n
        ]
        return head + ("\n" + "\n".join(by) if by else "")


def q(seconds: float, planned: float) -> str:
    return f"{seconds / planned * 100:.0f}% of plan" if planned > 0 else "no plan"
