"""Viewers' small-cell suppression on the regional diagnosis: a region where exactly one PDU is
under five cases. Hiding it alone would leave it as the region's total less the other PDUs, so
a second PDU is hidden too (the analysis core's disclosure control); leads see every PDU."""

from __future__ import annotations

import re

import pytest

from factories_dynamic import make_assessed_case, make_dynamic_inspection, make_finding

# F1 per PDU (yes, no): only Bolton is small; the region is 10 of 17.
PDUS = {"Manchester": (6, 2), "Salford": (3, 3), "Bolton": (1, 2)}


@pytest.fixture
def region(world, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    inspection = make_dynamic_inspection(members=(world.lena, world.ian))
    number = 500000
    for pdu, (yes, no) in PDUS.items():
        for value in ["yes"] * yes + ["no"] * no:
            number += 1
            make_assessed_case(inspection, world.ian, crn=f"D{number}", pdu=pdu, F1=value)
    make_finding(inspection, world.ian, question_code="1.9")  # F1's panel is on the page
    return inspection


def flat(text):
    return re.sub(r"\s+", " ", text)


def pdu_breakdown(html):
    start = html.index("% yes by probation delivery unit</caption>")
    return flat(html[start:html.index("</table>", start)])


def f1_panel(html):
    start = html.index("F1 by probation delivery unit</caption>")
    return flat(html[start:html.index("</table>", start)])


def test_a_viewer_cannot_work_out_the_one_small_pdu_in_the_case_results(world, region, as_user):
    html = as_user(world.vic).get(f"/inspections/{region.pk}/dynamic/diagnosis").content.decode()
    results = flat(html[html.index('id="case-results"'):])
    assert ">17</td>" in results and ">10</td>" in results  # F1's total is shown
    table = pdu_breakdown(html)
    assert "75% (n 8)" in table
    # Bolton is 17 − 8 − 6 = 3 cases (1 yes) if Salford were shown; Salford is hidden too.
    assert "(n 3)" not in table and "(n 6)" not in table and "33%" not in table
    assert "fewer than 5 cases" in table
    assert "hidden so that a smaller group cannot be worked out from the total" in table
    assert "no hidden figure can be worked out from the totals" in html


def test_a_viewer_cannot_work_out_the_one_small_pdu_in_the_indicator_panel(
        world, region, as_user):
    html = as_user(world.vic).get(f"/inspections/{region.pk}/dynamic/diagnosis").content.decode()
    assert "<strong>58.8%</strong> of 17 cases (10 yes;" in flat(html)  # the region's F1
    panel = f1_panel(html)
    assert "75.0%" in panel and ">8</td>" in panel
    assert "fewer than 5 cases: not shown" in panel
    assert "not shown, so that a smaller PDU cannot be worked out" in panel
    assert "50.0%" not in panel and "33.3%" not in panel
    assert ">6</td>" not in panel and ">3</td>" not in panel


def test_the_lead_sees_every_pdu(world, region, as_user):
    html = as_user(world.lena).get(f"/inspections/{region.pk}/dynamic/diagnosis").content.decode()
    table = pdu_breakdown(html)
    assert "33% (n 3)" in table and "50% (n 6)" in table and "75% (n 8)" in table
    panel = f1_panel(html)
    assert "33.3%" in panel and "50.0%" in panel and "75.0%" in panel
