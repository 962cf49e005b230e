"""Charts as SVG text, drawn in points: vector in HTML (inline) and in PDF (painted by Qt's
SVG renderer). Colours are readable by people with red-green colour blindness: blue for
on or under plan, vermilion for over, with over/under also shown by direction and sign."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from rehearsal.durations import format_duration, format_signed

BLUE, VERMILION, GREY, INK, GRID, ORANGE = (
    "#0072B2",
    "#D55E00",
    "#8C96A0",
    "#1F2328",
    "#D8DEE4",
    "#E69F00",
)
FONT = "font-family='Helvetica, Arial, sans-serif'"


def _minutes(seconds: float) -> str:
    return format_signed(seconds)


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = max(span, 1e-9) / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' version='1.1' width='{width}' "
        f"height='{height}' viewBox='0 0 {width} {height}'><title>{escape(title)}</title>"
        + "".join(body)
        + "</svg>"
    )


def _fit(text: str, width: float, size: float) -> str:
    """`text` cut with … to about `width` points at font `size` (widths estimated: the
    renderer's font is not known here)."""

    def wide(ch: str) -> float:
        if ch in "MW@%mw":
            return 0.9
        if ch.isupper() or ord(ch) > 0x2E80:  # capitals, and CJK and other wide scripts
            return 0.72
        return 0.55

    total = 0.0
    for index, ch in enumerate(text):
        total += wide(ch) * size
        if total > width:
            return text[: max(index - 1, 1)] + "…"
    return text


def _line(
    x1: float, y1: float, x2: float, y2: float, stroke: str, width: float, dash: str = ""
) -> str:
    dashes = f" stroke-dasharray='{dash}'" if dash else ""
    return (
        f"<line x1='{x1:.1f}' y1='{y1:.1f}' x2='{x2:.1f}' y2='{y2:.1f}' stroke='{stroke}' "
        f"stroke-width='{width}'{dashes}/>"
    )


def _text(
    x: float,
    y: float,
    text: str,
    size: float = 8,
    anchor: str = "start",
    fill: str = INK,
    bold: bool = False,
) -> str:
    weight = " font-weight='bold'" if bold else ""
    return (
        f"<text x='{x:.1f}' y='{y:.1f}' font-size='{size}' {FONT}{weight} "
        f"text-anchor='{anchor}' fill='{fill}'>{escape(text)}</text>"
    )


def over_under_bars(titles: Sequence[str], over_s: Sequence[float | None], width: int = 500) -> str:
    """One horizontal bar per step: right of zero (vermilion) over plan, left (blue) under."""
    row = 14
    left, right, top = 170, 50, 22
    height = top + row * len(titles) + 26
    values = [v for v in over_s if v is not None]
    reach = max([abs(v) for v in values] + [60.0])
    scale = ((width - left - right) / 2 - 30) / reach  # room for the value beside each bar
    zero = left + (width - left - right) / 2
    if not titles:
        return _svg(width, height, [_text(10, 20, "No steps to show", 9)], "Over or under plan")
    body = [_text(left, 12, "Over (+) or under (−) plan, minutes:seconds", 8, fill=INK)]
    for i, (title, value) in enumerate(zip(titles, over_s, strict=True)):
        y = top + i * row
        label = _fit(title, left - 10, 7.5)
        body.append(_text(left - 6, y + row * 0.7, label, 7.5, "end"))
        if value is None:
            body.append(_text(zero + 4, y + row * 0.7, "not run", 7, fill=GREY))
            continue
        length = abs(value) * scale
        x = zero if value >= 0 else zero - length
        colour = VERMILION if value > 0 else BLUE
        body.append(
            f"<rect x='{x:.1f}' y='{y + 2:.1f}' width='{max(length, 0.5):.1f}' "
            f"height='{row - 4}' fill='{colour}'/>"
        )
        tx = zero + length + 3 if value >= 0 else zero - length - 3
        body.append(_text(tx, y + row * 0.7, _minutes(value), 7, "start" if value >= 0 else "end"))
    bottom = top + row * len(titles)
    body.append(_line(zero, top - 2, zero, bottom + 2, INK, 0.8))
    body.append(_text(zero, bottom + 14, "on plan", 7, "middle", GREY))
    return _svg(width, height, body, "Over or under plan per step")


def cumulative(
    titles: Sequence[str],
    planned_s: Sequence[float],
    actual_s: Sequence[float | None],
    width: int = 500,
    height: int = 220,
) -> str:
    """Time into the session at the end of each step: the plan (grey, dashed) and what
    happened (blue); the gap between them is the drift."""
    left, right, top, bottom = 46, 16, 24, 34
    plan_cum, actual_cum = [0.0], [0.0]
    for planned, actual in zip(planned_s, actual_s, strict=True):
        plan_cum.append(plan_cum[-1] + planned)
        actual_cum.append(actual_cum[-1] + (actual if actual is not None else 0.0))
    reach = max(max(plan_cum), max(actual_cum), 60.0) / 60
    step = _nice_step(reach)
    top_value = math.ceil(reach / step) * step
    inner_w, inner_h = width - left - right, height - top - bottom
    n = max(len(titles), 1)

    def xy(i: int, seconds: float) -> tuple[float, float]:
        return left + inner_w * i / n, top + inner_h * (1 - seconds / 60 / top_value)

    body = [_text(left, 12, "Minutes into the session after each step", 8)]
    tick = 0.0
    while tick <= top_value + 1e-9:
        _, y = xy(0, tick * 60)
        body.append(_line(left, y, width - right, y, GRID, 0.5))
        body.append(_text(left - 4, y + 3, f"{tick:g}", 7, "end", GREY))
        tick += step
    for cum, colour, dash, label in (
        (plan_cum, GREY, " stroke-dasharray='4 3'", "planned"),
        (actual_cum, BLUE, "", "actual"),
    ):
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in enumerate(cum)))
        body.append(
            f"<polyline points='{points}' fill='none' stroke='{colour}' stroke-width='1.6'{dash}/>"
        )
        x, y = xy(len(cum) - 1, cum[-1])
        above = cum[-1] >= (actual_cum if label == "planned" else plan_cum)[-1]
        body.append(_text(x - 2, y - 4 if above else y + 10, label, 7.5, "end", colour, bold=True))
    drift = actual_cum[-1] - plan_cum[-1]
    body.append(
        _text(
            width - right,
            height - 8,
            f"Drift at the end: {_minutes(drift)}",
            8,
            "end",
            VERMILION if drift > 0 else BLUE,
            bold=True,
        )
    )
    body.append(_text(left, height - 8, f"{len(titles)} steps →", 7, fill=GREY))
    return _svg(width, height, body, "Cumulative planned and actual time")


def histogram(
    totals: Sequence[float],
    limit_s: int | None,
    width: int = 500,
    height: int = 200,
    bins: int = 40,
    limit_label: str = "",
) -> str:
    """Simulated session lengths with the limit an overrun is measured against (the slot,
    or the planned total when there is no slot; `limit_label` names it) as a line: bars
    past it are overruns. No line when `limit_s` is None."""
    left, right, top, bottom = 36, 16, 24, 30
    values = [v for v in totals if math.isfinite(v)]
    if not values:
        return _svg(width, height, [_text(10, 20, "Nothing was simulated", 9)], "Simulated totals")
    low, high = min(values), max(values)
    if limit_s:
        low, high = min(low, limit_s), max(high, limit_s)
    span = max(high - low, 1.0)
    counts = [0] * bins
    for v in values:
        counts[min(int((v - low) / span * bins), bins - 1)] += 1
    peak = max(counts) or 1
    inner_w, inner_h = width - left - right, height - top - bottom
    body = [_text(left, 12, "Simulated session length (minutes) — share of draws", 8)]
    for i, count in enumerate(counts):
        x = left + inner_w * i / bins
        h = inner_h * count / peak
        start = low + span * i / bins
        colour = VERMILION if limit_s and start >= limit_s else BLUE
        body.append(
            f"<rect x='{x:.1f}' y='{top + inner_h - h:.1f}' width='{inner_w / bins - 0.6:.1f}' "
            f"height='{h:.1f}' fill='{colour}'/>"
        )
    for frac in (0, 0.25, 0.5, 0.75, 1):
        x = left + inner_w * frac
        body.append(
            _text(x, height - bottom + 12, f"{(low + span * frac) / 60:.0f}", 7, "middle", GREY)
        )
    if limit_s:
        x = left + inner_w * (limit_s - low) / span
        label = limit_label or format_duration(limit_s)
        # the label on the side of the line with room for it
        before = x > left + inner_w * 0.8
        body.append(_line(x, top - 4, x, top + inner_h, INK, 1.2, "3 2"))
        body.append(
            _text(
                x - 3 if before else x + 3,
                top + 4,
                label,
                7.5,
                "end" if before else "start",
                fill=INK,
                bold=True,
            )
        )
    return _svg(width, height, body, "Simulated session lengths")


def ranges(
    titles: Sequence[str],
    planned_s: Sequence[float],
    low_s: Sequence[float | None],
    mid_s: Sequence[float | None],
    high_s: Sequence[float | None],
    width: int = 500,
) -> str:
    """Per segment: the range of actuals (min–max line), the median (dot) and the plan (tick),
    as minutes; an orange dot sits past its plan."""
    row = 14
    left, right, top = 170, 20, 22
    height = top + row * len(titles) + 22
    reach = max([v for v in high_s if v is not None] + list(planned_s) + [60.0])
    scale = (width - left - right) / reach
    if not titles:
        return _svg(width, height, [_text(10, 20, "No steps to show", 9)], "Spread of actuals")
    body = [_text(left, 12, "Actual minutes: range (line), median (dot), plan (|)", 8)]
    for i, title in enumerate(titles):
        y = top + i * row + row / 2
        label = _fit(title, left - 10, 7.5)
        body.append(_text(left - 6, y + 3, label, 7.5, "end"))
        lo, mid, hi = low_s[i], mid_s[i], high_s[i]
        px = left + planned_s[i] * scale
        body.append(_line(px, y - 5, px, y + 5, INK, 1.2))
        if lo is None or hi is None or mid is None:
            continue
        body.append(_line(left + lo * scale, y, left + hi * scale, y, GREY, 2))
        colour = ORANGE if mid > planned_s[i] else BLUE
        body.append(f"<circle cx='{left + mid * scale:.1f}' cy='{y:.1f}' r='3' fill='{colour}'/>")
    bottom = top + row * len(titles)
    for frac in (0, 0.25, 0.5, 0.75, 1):
        x = left + (width - left - right) * frac
        body.append(_text(x, bottom + 14, f"{reach * frac / 60:.0f}", 7, "middle", GREY))
    return _svg(width, height, body, "Spread of actuals per segment")
