"""The charts' SVG: bars, intervals and thresholds where the numbers put them; alternative
text; well-formed XML whatever the labels hold."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from caseinspect.reports.charts import bar_chart_svg, change_chart_svg
from caseinspect.reports.document import Bar, BarChart, ChangeChart, ChangeSeries

SVG = "{http://www.w3.org/2000/svg}"
LEFT, PLOT = 210, 640 - 210 - 46  # the bar chart's label column and plot width


def x(pct: float) -> float:
    return LEFT + pct / 100 * PLOT


def test_a_bar_its_interval_and_the_thresholds_are_where_the_numbers_put_them():
    chart = BarChart("c", "t", "Engagement 50%", (Bar("2.1.1 Engagement", 50.0, 40.0, 60.0),))
    svg = bar_chart_svg(chart)
    root = ET.fromstring(svg)
    bar = next(r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#1d70b8")
    assert float(bar.get("x", "")) == LEFT and float(bar.get("width", "")) == PLOT / 2
    whisker = next(p for p in root.iter(f"{SVG}path")).get("d", "")
    assert whisker.startswith(f"M{x(40):g} ") and f"H{x(60):g}" in whisker
    lines = [float(line.get("x1", "")) for line in root.iter(f"{SVG}line")
             if line.get("stroke-dasharray")]
    assert lines == [x(50), x(65), x(80)]
    assert root.get("role") == "img" and root.get("aria-label") == "Engagement 50%"
    assert root.find(f"{SVG}title").text == "Engagement 50%"  # type: ignore[union-attr]
    assert "Requires improvement (50–65%)" in svg and "Outstanding (80%+)" in svg


def test_a_framework_without_ratings_gets_no_bands_and_a_suppressed_bar_no_bar():
    chart = BarChart("c", "t", "alt", (Bar("pp1", None, None, None, suppressed=True),), ())
    root = ET.fromstring(bar_chart_svg(chart))
    assert not [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert not [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#1d70b8"]
    assert "suppressed: too few cases" in bar_chart_svg(chart)


def test_the_change_chart_draws_falls_below_zero_and_escapes_labels():
    chart = ChangeChart("change", "Figure 1", "From OMI2 to Q&I <all>", ("pp1", "pp2"),
                        (ChangeSeries("CRC", (-10.0, 2.0)), ChangeSeries("NPS", (None, -4.0))))
    svg = change_chart_svg(chart)
    root = ET.fromstring(svg)
    assert root.get("aria-label") == "From OMI2 to Q&I <all>"
    zero = next(float(line.get("y1", "")) for line in root.iter(f"{SVG}line")
                if line.get("stroke-width") == "1.5")
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("width") != "12"]
    assert len(bars) == 3  # NPS pp1 has no value
    fall, rise, other = bars
    assert float(fall.get("y", "")) == zero and float(rise.get("y", "")) < zero
    # -10 pp is five times as tall as +2 pp.
    assert float(fall.get("height", "")) == pytest.approx(5 * float(rise.get("height", "")),
                                                          abs=0.1)
    assert re.search(r">-10<", svg) and re.search(r">\+2<", svg) and float(
        other.get("y", "")) == zero
