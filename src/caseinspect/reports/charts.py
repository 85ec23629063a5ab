"""Charts as hand-built inline SVG: the same bytes every time, real text, alternative text.

A :class:`BarChart` becomes horizontal bars of % yes with 95% intervals over the rating bands
(thresholds at 50 / 65 / 80%); a :class:`ChangeChart` becomes seed 003's Figure 1: bars of
the change in percentage points per question, one colour per group.
"""

from __future__ import annotations

import math
import textwrap
from html import escape

from caseinspect.reports.document import BarChart, ChangeChart

FONT = "font-family=\"'Liberation Sans', Arial, 'DejaVu Sans', sans-serif\""
INK = "#0b0c0c"
GREY = "#505a5f"
BLUE = "#1d70b8"
SERIES = ("#1d70b8", "#f47738", "#00703c", "#912b88")
#: Band colours from the lowest band up (red, amber, green, blue tints).
BAND_COLOURS = ("#f6d7d2", "#fcebd0", "#d9eadf", "#cfe1f0", "#e8e1f0")


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _open(width: int, height: int, alt: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(alt)}" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" {FONT}>',
            f"<title>{escape(alt)}</title>"]


def _text(x: float, y: float, s: str, *, size: int = 12, anchor: str = "start",
          fill: str = INK, weight: str = "normal") -> str:
    bold = ' font-weight="bold"' if weight == "bold" else ""
    return (f'<text x="{_f(x)}" y="{_f(y)}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="{fill}"{bold}>{escape(s)}</text>')


def bar_chart_svg(chart: BarChart, width: int = 640) -> str:
    left, right, top, row = 210, 46, 24, 34
    plot = width - left - right
    height = top + row * len(chart.bars) + 60

    def x(pct: float) -> float:
        return left + max(0.0, min(100.0, pct)) / 100 * plot

    out = _open(width, height, chart.alt)
    edges = (0.0, *chart.thresholds, 100.0)
    colours = BAND_COLOURS[: len(chart.bands)]
    for colour, lo, hi in zip(colours, edges, edges[1:], strict=False):
        out.append(f'<rect x="{_f(x(lo))}" y="{top - 6}" width="{_f(x(hi) - x(lo))}" '
                   f'height="{row * len(chart.bars) + 6}" fill="{colour}"/>')
    for t in chart.thresholds:
        out.append(f'<line x1="{_f(x(t))}" x2="{_f(x(t))}" y1="{top - 6}" '
                   f'y2="{top + row * len(chart.bars)}" stroke="{GREY}" stroke-width="1" '
                   'stroke-dasharray="4 3"/>')
        out.append(_text(x(t), top - 10, f"{t:g}%", size=10, anchor="middle", fill=GREY))
    for i, bar in enumerate(chart.bars):
        y = top + i * row
        lines = textwrap.wrap(bar.label, 32)[:2] or [""]
        for k, line in enumerate(lines):
            out.append(_text(left - 8, y + row / 2 + 4 - 7 * (len(lines) - 1) + 14 * k, line,
                             anchor="end"))
        if bar.pct is None:
            out.append(_text(left + 6, y + row / 2 + 4, "suppressed: too few cases"
                             if bar.suppressed else "no answers", fill=GREY))
            continue
        out.append(f'<rect x="{left}" y="{_f(y + 8)}" width="{_f(x(bar.pct) - left)}" '
                   f'height="{row - 16}" fill="{BLUE}"/>')
        if bar.low is not None and bar.high is not None:
            mid = y + row / 2
            out.append(f'<path d="M{_f(x(bar.low))} {_f(mid)}H{_f(x(bar.high))}'
                       f'M{_f(x(bar.low))} {_f(mid - 5)}V{_f(mid + 5)}'
                       f'M{_f(x(bar.high))} {_f(mid - 5)}V{_f(mid + 5)}" stroke="{INK}" '
                       'stroke-width="1.5" fill="none"/>')
        end = x(bar.high if bar.high is not None else bar.pct)
        out.append(_text(end + 6, y + row / 2 + 4, f"{bar.pct:.0f}%", weight="bold"))
    axis = top + row * len(chart.bars)
    out.append(f'<line x1="{left}" x2="{left + plot}" y1="{axis}" y2="{axis}" stroke="{INK}"/>')
    for t in (0, 25, 50, 75, 100):
        out.append(_text(x(t), axis + 16, f"{t}%", size=10, anchor="middle", fill=GREY))
    out.append(_text(left + plot / 2, axis + 30, "% of cases judged sufficient, with 95% "
                     "interval", size=10, anchor="middle", fill=GREY))
    lx = 20.0
    labels = [label for label, _ in chart.bands]
    for label, colour, lo, hi in zip(labels, colours, edges, edges[1:], strict=False):
        rule = f"below {hi:g}%" if lo == 0 else f"{lo:g}%+" if hi == 100 else f"{lo:g}–{hi:g}%"
        text = f"{label} ({rule})"
        out.append(f'<rect x="{_f(lx)}" y="{axis + 42}" width="11" height="11" '
                   f'fill="{colour}" stroke="{GREY}" stroke-width="0.5"/>')
        out.append(_text(lx + 15, axis + 52, text, size=10, fill=GREY))
        lx += 24 + 5.4 * len(text)
    out.append("</svg>")
    return "".join(out)


def _range(values: list[float]) -> tuple[float, float]:
    low = min([0.0, *values])
    high = max([0.0, *values])
    low = math.floor(low / 5) * 5 - (5 if low < 0 else 0)
    high = math.ceil(high / 5) * 5 + (5 if high > 0 else 0)
    return (low, high) if high > low else (-5.0, 5.0)


def change_chart_svg(chart: ChangeChart, width: int = 640) -> str:
    left, right, top, bottom = 56, 16, 36, 40
    height = 300
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in chart.series for v in s.values if v is not None]
    low, high = _range(values)

    def y(v: float) -> float:
        return top + (high - v) / (high - low) * plot_h

    out = _open(width, height, chart.alt)
    step = 5 if high - low <= 40 else 10
    tick = low
    while tick <= high + 1e-9:
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{_f(y(tick))}" '
                   f'y2="{_f(y(tick))}" stroke="#d8d8d8"/>')
        out.append(_text(left - 6, y(tick) + 4, f"{tick:+g}" if tick else "0", size=10,
                         anchor="end", fill=GREY))
        tick += step
    out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{_f(y(0))}" y2="{_f(y(0))}" '
               f'stroke="{INK}" stroke-width="1.5"/>')
    out.append(_text(14, top + plot_h / 2, "Change (percentage points)", size=10,
                     anchor="middle", fill=GREY).replace(
        "<text ", f'<text transform="rotate(-90 14 {_f(top + plot_h / 2)})" ', 1))
    slot = plot_w / max(1, len(chart.categories))
    bar = min(28.0, slot * 0.8 / max(1, len(chart.series)))
    for i, category in enumerate(chart.categories):
        centre = left + slot * (i + 0.5)
        first = centre - bar * len(chart.series) / 2
        for k, s in enumerate(chart.series):
            v = s.values[i]
            bx = first + k * bar
            if v is None:
                continue
            y0, y1 = sorted((y(0), y(v)))
            out.append(f'<rect x="{_f(bx + 1)}" y="{_f(y0)}" width="{_f(bar - 2)}" '
                       f'height="{_f(max(0.5, y1 - y0))}" fill="{SERIES[k % len(SERIES)]}"/>')
            if len(chart.categories) <= 10:
                ty = y(v) + (12 if v < 0 else -4)
                out.append(_text(bx + bar / 2, ty, f"{v:+.0f}", size=9, anchor="middle"))
        out.append(_text(centre, height - bottom + 16, category, size=11, anchor="middle"))
    lx = left
    for k, s in enumerate(chart.series):
        out.append(f'<rect x="{_f(lx)}" y="10" width="12" height="12" '
                   f'fill="{SERIES[k % len(SERIES)]}"/>')
        out.append(_text(lx + 16, 20, s.label, size=11))
        lx += 30 + 7 * len(s.label)
    out.append("</svg>")
    return "".join(out)
