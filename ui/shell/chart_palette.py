"""Chart colours: Okabe-Ito hues that read in light and dark and for red-green colour blindness.

Over the plan is vermillion/orange, under or on it is blue; every chart also says which is
which without colour (bars right of or above zero, hatching beyond the plan, signed labels).
Text, axes and backgrounds come from the application palette, so charts follow the
appearance; `chart_colours()` is read again on `theme.appearance_changed`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from rehearsal_ui.shell.theme import is_dark, semantic_colors

HATCH = Qt.BrushStyle.BDiagPattern

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour
# vision deficiency. Blue for under, vermillion (light) / orange (dark) for over.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}


@dataclass(frozen=True, slots=True)
class ChartColours:
    background: str
    text: str
    muted: str
    axis: str
    grid_alpha: float
    under: str  # on or under the plan
    over: str  # over the plan
    planned: str  # the plan itself (neutral)
    selection: str  # the selected segment's band (translucent)
    accent: str
    heat_low: str  # flag counts: from the background…
    heat_high: str  # …to this
    revisions: tuple[
        str, ...
    ]  # one hue per plan revision (never blue/orange: those mean under/over)

    def revision(self, index: int) -> str:
        return self.revisions[index % len(self.revisions)]


def chart_colours() -> ChartColours:
    palette = QApplication.palette()
    semantic = semantic_colors()
    dark = is_dark()
    accent = QColor(semantic.accent)
    accent.setAlpha(70 if dark else 55)
    return ChartColours(
        background=palette.color(QPalette.ColorRole.Base).name(),
        text=palette.color(QPalette.ColorRole.Text).name(),
        muted=semantic.muted_text,
        axis=semantic.muted_text,
        grid_alpha=0.22 if dark else 0.16,
        under=OKABE_ITO["sky"] if dark else OKABE_ITO["blue"],
        over=OKABE_ITO["orange"] if dark else OKABE_ITO["vermillion"],
        planned=semantic.planned,
        selection=accent.name(QColor.NameFormat.HexArgb),
        accent=semantic.accent,
        heat_low=palette.color(QPalette.ColorRole.Base).name(),
        heat_high=OKABE_ITO["purple"] if dark else "#8E3B74",
        revisions=(
            (OKABE_ITO["green"], OKABE_ITO["purple"], OKABE_ITO["yellow"], "#B0B7C0")
            if dark
            else (OKABE_ITO["green"], OKABE_ITO["purple"], "#555555", OKABE_ITO["sky"])
        ),
    )


def style_panel(panel: pg.PlotItem, colours: ChartColours) -> None:
    """Axes, tick text, axis labels, title and grid of one plot panel from the palette."""
    for name in ("left", "bottom", "right", "top"):
        axis = panel.getAxis(name)
        axis.setPen(pg.mkPen(colours.axis))
        axis.setTextPen(pg.mkPen(colours.text))
        axis.label.setDefaultTextColor(QColor(colours.text))
    panel.titleLabel.item.setDefaultTextColor(QColor(colours.text))


def translucent(colour: str, alpha: int) -> QColor:
    shade = QColor(colour)
    shade.setAlpha(alpha)
    return shade


def blend(a: str, b: str, t: float) -> QColor:
    """`a` moved a share `t` of the way to `b`."""
    ca, cb = QColor(a), QColor(b)
    return QColor.fromRgbF(
        ca.redF() + (cb.redF() - ca.redF()) * t,
        ca.greenF() + (cb.greenF() - ca.greenF()) * t,
        ca.blueF() + (cb.blueF() - ca.blueF()) * t,
    )


def readable_on(fill: QColor) -> QColor:
    """Near-black or white, whichever reads better on `fill` (WCAG contrast)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    lum = (
        0.2126 * channel(fill.redF())
        + 0.7152 * channel(fill.greenF())
        + 0.0722 * channel(fill.blueF())
    )
    return QColor("#111418") if (lum + 0.05) / 0.0555 > 1.05 / (lum + 0.05) else QColor("#ffffff")


def role_colours() -> dict[str, str]:
    """A colour per role of a speaker in a run's evidence ("facilitator", "staff",
    "learner"), told apart by people with any colour vision (Okabe–Ito), readable on the
    light and the dark base — the Review lane and the Analyze engagement chart share them."""
    if is_dark():
        return {
            "facilitator": OKABE_ITO["sky"],
            "staff": OKABE_ITO["purple"],
            "learner": OKABE_ITO["green"],
        }
    return {"facilitator": OKABE_ITO["blue"], "staff": "#8E3B74", "learner": "#007A5A"}
