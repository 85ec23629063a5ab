"""The results chart as plain shapes for an inline SVG: one horizontal bar per key question
(% yes) with its 95% interval, and the rating thresholds (50 / 65 / 80%) drawn across."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 680
LEFT = 70
RIGHT = 20
TOP = 30
ROW = 30
BAR = 16
AXIS = 40
THRESHOLDS = ((50, "50%"), (65, "65%"), (80, "80%"))


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    width: float
    low_x: float | None
    high_x: float | None
    text_y: float
    value_label: str


@dataclass(frozen=True)
class Line:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    plot_width: int
    top: int
    plot_bottom: float
    bars: tuple[Bar, ...]
    thresholds: tuple[Line, ...]
    ticks: tuple[Line, ...]


def _x(pct: float, plot_width: int) -> float:
    return LEFT + max(0.0, min(100.0, pct)) / 100 * plot_width


def build(rows: Sequence[tuple[str, float | None, float | None, float | None]]) -> Chart:
    """``rows``: (label, % yes, interval low %, interval high %); a row without a
    percentage (no answers yet) gets no bar."""
    plot_width = WIDTH - LEFT - RIGHT
    bars = []
    for i, (label, pct, low, high) in enumerate(rows):
        y = TOP + i * ROW + (ROW - BAR) / 2
        bars.append(
            Bar(
                label=label,
                y=y,
                width=0.0 if pct is None else _x(pct, plot_width) - LEFT,
                low_x=None if low is None else _x(low, plot_width),
                high_x=None if high is None else _x(high, plot_width),
                text_y=y + BAR / 2 + 5,
                value_label="no answers" if pct is None else f"{pct:.0f}%",
            )
        )
    plot_bottom = TOP + len(rows) * ROW
    return Chart(
        width=WIDTH,
        height=int(plot_bottom + AXIS),
        left=LEFT,
        plot_width=plot_width,
        top=TOP,
        plot_bottom=plot_bottom,
        bars=tuple(bars),
        thresholds=tuple(Line(_x(p, plot_width), label) for p, label in THRESHOLDS),
        ticks=tuple(Line(_x(p, plot_width), f"{p}%") for p in (0, 25, 50, 75, 100)),
    )
