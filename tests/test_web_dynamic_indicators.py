"""The case indicators on a regional question's page, on a hand-built inspection: the
region's %, each PDU's % with a flag where it differs from the rest of the region, and every
other inspection of the framework as a benchmark — figures from the analysis core, checked
here against statsmodels and SciPy."""

from __future__ import annotations

import re

import pytest
from scipy.stats import fisher_exact
from statsmodels.stats.proportion import proportion_confint

from factories_dynamic import make_assessed_case, make_dynamic_inspection, make_inspection
from factories_web import make_region

# F1 (police domestic abuse enquiries) per PDU: (yes, no).
PDUS = {"Manchester": (9, 1), "Salford": (2, 8), "Bolton": (3, 2)}


def wilson(yes, n):
    low, high = proportion_confint(yes, n, method="wilson")
    return f"{100 * low:.1f}–{100 * high:.1f}%"


@pytest.fixture
def region_inspection(world):
    dyn = make_dynamic_inspection(members=(world.lena, world.ian, world.quinn))
    number = 100000
    for pdu, (yes, no) in PDUS.items():
        for value in ["yes"] * yes + ["no"] * no:
            number += 1
            make_assessed_case(dyn, world.ian, crn=f"A{number}", pdu=pdu, F1=value)
    return dyn


@pytest.fixture
def benchmark(world):
    other = make_dynamic_inspection(name="Dynamic inspection of South West",
                                    region=make_region("South West"), members=(world.ian,))
    for i, value in enumerate(("yes", "yes", "yes", "no")):
        make_assessed_case(other, world.ian, crn=f"S20000{i}", pdu="Bristol", F1=value)
    return other


def section(html, code):
    start = html.index(f'id="indicator-{code.lower()}"')
    end = html.find('<div class="ci-question">', start)
    return html[start:end if end > 0 else len(html)]


def row(html, label):
    found = re.search(rf"<th scope=\"row\"[^>]*>{re.escape(label)}.*?</tr>", html, re.S)
    assert found, label
    return re.sub(r"\s+", " ", found.group(0))


def test_question_1_9_shows_f1_for_the_region_each_pdu_and_the_benchmark(
        world, region_inspection, benchmark, as_user):
    html = as_user(world.ian).get(
        f"/inspections/{region_inspection.pk}/dynamic/questions/1.9").content.decode()
    f1 = section(html, "F1")
    assert "Were domestic abuse enquiries made with the police where needed?" in f1
    # 14 of 25 yes: 56.0%, Wilson 37.1–73.3% (statsmodels proportion_confint, method="wilson").
    assert wilson(14, 25) == "37.1–73.3%"
    assert "<strong>56.0%</strong> of 25 cases (14 yes; 95% interval 37.1–73.3%)" in f1
    manchester = row(f1, "Manchester")
    assert "90.0%" in manchester and wilson(9, 10) == "59.6–98.2%" and "59.6–98.2%" in manchester
    # Manchester 9/10 against the rest 5/15: an expected count is below 5, so Fisher's exact
    # test — scipy.stats.fisher_exact([[9, 1], [5, 10]]).pvalue = 0.0119.
    p = fisher_exact([[9, 1], [5, 10]]).pvalue
    assert round(p, 3) == 0.012
    assert "Differs significantly" in manchester and "(p 0.012)" in manchester
    salford = row(f1, "Salford")
    assert "20.0%" in salford and "5.7–51.0%" in salford
    assert "Differs significantly" in salford and "(p 0.005)" in salford
    bolton = row(f1, "Bolton")
    assert "60.0%" in bolton and "No significant difference (p 1.000)" in bolton
    bench = row(f1, "Dynamic inspection of South West")
    assert "South West" in bench and "75.0%" in bench and wilson(3, 4) in bench


def test_the_benchmark_lists_every_other_inspection_of_the_framework_only(
        world, region_inspection, benchmark, as_user):
    core = make_inspection(name="Core inspection elsewhere", members=(world.ian,))
    html = as_user(world.ian).get(
        f"/inspections/{region_inspection.pk}/dynamic/questions/1.9").content.decode()
    assert "Dynamic inspection of South West" in html and core.name not in html
    assert "Dynamic inspection of North West (" not in section(html, "F1")


def test_a_question_without_assessed_cases_names_its_linked_indicators(world, as_user):
    dyn = make_dynamic_inspection(members=(world.ian,))
    html = as_user(world.ian).get(f"/inspections/{dyn.pk}/dynamic/questions/1.13").content.decode()
    assert "Linked case indicators: F6." in html


def test_a_question_with_no_linked_indicator_says_so(world, region_inspection, as_user):
    html = as_user(world.ian).get(
        f"/inspections/{region_inspection.pk}/dynamic/questions/1.1").content.decode()
    assert "No case indicator is linked to this question." in html


def test_question_1_4_draws_on_c1_to_c4(world, region_inspection, as_user):
    html = as_user(world.quinn).get(
        f"/inspections/{region_inspection.pk}/dynamic/questions/1.4").content.decode()
    for code in ("C1", "C2", "C3", "C4"):
        assert f'id="indicator-{code.lower()}"' in html
    # Every case question was answered yes in every one of the 25 cases.
    assert "<strong>100.0%</strong> of 25 cases (25 yes; 95% interval 86.7–100.0%)" in html
    assert round(100 * proportion_confint(25, 25, method="wilson")[0], 1) == 86.7


def test_the_regions_own_self_assessment_is_not_a_benchmark(
        world, region_inspection, benchmark, as_user):
    # The region judging the same cases is not a benchmark: only core and dynamic inspections.
    own = make_dynamic_inspection(name="North West self-assessment", kind="self_assessment",
                                  region=region_inspection.region, members=(world.ian,))
    for i, value in enumerate(("no", "no", "no", "no")):
        make_assessed_case(own, world.ian, crn=f"N30000{i}", pdu="Manchester", F1=value)
    html = as_user(world.ian).get(
        f"/inspections/{region_inspection.pk}/dynamic/questions/1.9").content.decode()
    f1 = section(html, "F1")
    assert "Dynamic inspection of South West" in f1
    assert own.name not in f1
