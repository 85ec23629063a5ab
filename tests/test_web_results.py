"""Results: the analysis core's figures for the submitted assessments, on the page (ratings,
chart with its table, breakdowns) and as JSON; viewers see no small cells."""

from __future__ import annotations

import pytest
from statsmodels.stats.proportion import proportion_confint

from caseinspect.frameworks import load_framework
from caseinspect.web.inspections import chart, services, tables
from factories_web import FRAMEWORK, all_answers, make_assessment, make_case, make_inspection

FW = load_framework(FRAMEWORK)
RATING = FW.rating


@pytest.fixture
def assessed(world):
    """Bob's submitted case (all yes) plus four more submitted cases: for 2.1.1 the five
    give yes, yes, yes, no, na; plus one draft that must not count."""
    values = ["yes", "no", "na", "yes"]
    for i, value in enumerate(values):
        case = make_case(world.inspection, crn=f"E00000{i}", inspector=world.bob,
                         pdu="Salford" if i % 2 else "Bolton",
                         attributes={"gender": "female" if i == 1 else "male"})
        make_assessment(case, world.bob, status="submitted",
                        answers=all_answers(_2_1_1=value))
    make_assessment(make_case(world.inspection, crn="F000001", inspector=world.bob), world.bob,
                    answers=all_answers(value="no"), status="draft")
    return world


def results_json(client, inspection):
    response = client.get(f"/inspections/{inspection.pk}/results.json")
    assert response.status_code == 200
    return response.json()


def test_the_figures_are_the_analysis_cores_with_wilson_intervals(assessed, as_user):
    data = results_json(as_user(assessed.lena), assessed.inspection)
    assert data["cases"] == 5
    q = next(q for q in data["questions"] if q["code"] == "2.1.1")
    assert (q["n"], q["yes"], q["no"], q["na"]) == (4, 3, 1, 1)
    low, high = proportion_confint(3, 4, method="wilson")  # statsmodels, independent
    assert q["pct_yes"] == pytest.approx(75.0)
    assert (q["ci95_low"], q["ci95_high"]) == (pytest.approx(100 * low), pytest.approx(100 * high))
    standard = next(s for s in data["standards"] if s["code"] == "2.1")
    assert standard["lowest"] == pytest.approx(75.0)
    assert standard["rating"] == RATING.rate(75.0) == "Good"


def test_results_are_computed_by_the_analysis_core_from_the_case_table(assessed, as_user,
                                                                       monkeypatch):
    calls = []
    real = tables.analyse_case_table

    def spy(table, *args, **kwargs):
        calls.append(table)
        return real(table, *args, **kwargs)

    monkeypatch.setattr(tables, "analyse_case_table", spy)
    as_user(assessed.lena).get(f"/inspections/{assessed.inspection.pk}/results")
    (table,) = calls
    assert table.cases == 5 and "F000001" not in set(table.frame["case_id"])
    assert all(cid.startswith("case-") for cid in table.frame["case_id"])


def test_submitting_an_assessment_changes_the_results(world, as_user):
    client = as_user(world.ian)
    assert results_json(client, world.inspection)["cases"] == 1
    services.save_answers(
        world.assessment,
        {c: services.AnswerInput(v, "Gaps in the plan" if v == "no" else "")
         for c, v in all_answers(value="no").items()},
        world.ian,
        1,
    )
    assert results_json(client, world.inspection)["cases"] == 1
    services.submit_assessment(world.assessment, world.ian, 2)
    data = results_json(client, world.inspection)
    assert data["cases"] == 2
    assert next(q for q in data["questions"] if q["code"] == "2.1.1")["pct_yes"] == 50.0


def test_the_page_shows_ratings_a_chart_and_its_table(assessed, as_user):
    html = as_user(assessed.ian).get(f"/inspections/{assessed.inspection.pk}/results").content
    html = html.decode()
    assert '<svg class="ci-chart" role="img" aria-labelledby="chart-title chart-desc"' in html
    for threshold in ("50%", "65%", "80%"):
        assert f">{threshold}</text>" in html
    assert html.count('stroke-dasharray="5 4"') == 3
    assert '<table class="govuk-table" id="key-questions">' in html
    assert "75.0%" in html and "Good" in html
    assert "% yes by pdu" in html and "Bolton" in html


def test_results_hold_no_crn_and_no_free_text(assessed, as_user):
    make_assessment(make_case(assessed.inspection, crn="G000001", inspector=assessed.bob),
                    assessed.bob, status="submitted", rationale="Victim named Jo at home",
                    answers=all_answers(value="no"))
    client = as_user(assessed.vic)
    for url in ("results", "results.json"):
        text = client.get(f"/inspections/{assessed.inspection.pk}/{url}").content.decode()
        assert "Victim" not in text
        assert not any(crn in text for crn in ("A123456", "B234567", "E000000", "G000001"))


def test_viewers_do_not_see_groups_smaller_than_five(assessed, as_user):
    data = results_json(as_user(assessed.vic), assessed.inspection)
    q = next(q for q in data["questions"] if q["code"] == "2.1.1")
    assert all(cell["n"] >= 5 for cells in q["by"].values() for cell in cells)
    full = results_json(as_user(assessed.lena), assessed.inspection)
    q = next(q for q in full["questions"] if q["code"] == "2.1.1")
    assert any(cell["n"] < 5 for cells in q["by"].values() for cell in cells)
    html = as_user(assessed.vic).get(f"/inspections/{assessed.inspection.pk}/results").content
    assert b"Groups of fewer than 5 cases are not shown, and further groups are hidden" in html


def test_an_inspection_without_submissions_says_so(world, as_user):
    world.other_assessment.status = "draft"
    world.other_assessment.save()
    html = as_user(world.lena).get(f"/inspections/{world.inspection.pk}/results").content
    assert b"No assessments have been submitted yet" in html
    assert results_json(as_user(world.lena), world.inspection)["cases"] == 0


def test_chart_geometry():
    built = chart.build([("2.1.1", 50.0, 40.0, 60.0), ("2.1.2", None, None, None)])
    plot = chart.WIDTH - chart.LEFT - chart.RIGHT
    first, second = built.bars
    assert first.width == pytest.approx(plot / 2)
    assert first.low_x == pytest.approx(chart.LEFT + 0.4 * plot)
    assert first.high_x == pytest.approx(chart.LEFT + 0.6 * plot)
    assert (second.width, second.low_x, second.value_label) == (0.0, None, "no answers")
    assert [t.x for t in built.thresholds] == [pytest.approx(chart.LEFT + p / 100 * plot)
                                               for p in (50, 65, 80)]
    assert built.height == chart.TOP + 2 * chart.ROW + chart.AXIS


def test_breakdown_captions_keep_the_words_of_their_column(assessed, as_user):
    """A breakdown by `age_group` is captioned "age group", not "agegroup"."""
    from caseinspect.web.inspections.models import Case

    for case in Case.objects.filter(inspection=assessed.inspection):
        case.attributes = {**case.attributes, "age_group": "25-29"}
        case.save()
    html = as_user(assessed.lena).get(f"/inspections/{assessed.inspection.pk}/results")
    html = html.content.decode()
    assert "% yes by age group" in html
    assert "agegroup" not in html


def test_wide_tables_scroll_in_their_own_box_on_a_narrow_screen(assessed, as_user):
    """The breakdown tables (a column per key question) made the whole page scroll sideways
    on a phone (WCAG 1.4.10 reflow); each now sits in a focusable scrolling region."""
    import re
    from pathlib import Path

    html = as_user(assessed.lena).get(f"/inspections/{assessed.inspection.pk}/results")
    html = html.content.decode()
    wrapper = r'<div class="ci-table-wrapper" role="region" aria-label="([^"]+)" tabindex="0">\s*'
    assert re.search(wrapper + r'<table class="govuk-table" id="key-questions">', html)
    wrapped = re.findall(wrapper + r'<table class="govuk-table">\s*<caption[^>]*>([^<]+)<', html)
    assert ("% yes by pdu", "% yes by pdu") in wrapped
    assert all(label == caption for label, caption in wrapped)
    css = (Path(tables.__file__).parents[1] / "static" / "caseinspect" / "app.css").read_text()
    assert re.search(r"\.ci-table-wrapper \{\s*overflow-x: auto;", css)


@pytest.fixture
def one_small_pdu(world):
    """2.1.1 by PDU: Manchester 6 of 8 yes, Salford 3 of 6, Bolton 1 of 3 — only Bolton is
    under five cases; the region is 10 of 17."""
    inspection = make_inspection(name="Inspection of Greater Manchester",
                                 members=(world.lena, world.bob))
    number = 0
    for pdu, yes, no in (("Manchester", 6, 2), ("Salford", 3, 3), ("Bolton", 1, 2)):
        for value in ["yes"] * yes + ["no"] * no:
            number += 1
            case = make_case(inspection, crn=f"M{number:06d}", inspector=world.bob, pdu=pdu)
            make_assessment(case, world.bob, status="submitted",
                            answers=all_answers(_2_1_1=value))
    return inspection


def _pdu_table(html):
    start = html.index("% yes by pdu</caption>")
    return " ".join(html[start:html.index("</table>", start)].split())


def test_a_viewer_cannot_work_out_the_one_small_pdu_from_the_total(world, one_small_pdu, as_user):
    html = as_user(world.vic).get(f"/inspections/{one_small_pdu.pk}/results").content.decode()
    key = " ".join(html[html.index('id="key-questions"'):].split())
    assert ">2.1.1 " in key and ">17</td>" in key and ">10</td>" in key  # the total is shown
    pdus = _pdu_table(html)
    assert "Manchester" in pdus and "75% (n 8)" in pdus
    # Bolton (3 cases) is hidden; had Salford been shown, Bolton would be 17 − 8 − 6 = 3 cases
    # and 10 − 6 − 3 = 1 yes. Salford is hidden too, so Bolton + Salford = 9 cases is all
    # the page gives away.
    assert "(n 3)" not in pdus and "(n 6)" not in pdus and "33%" not in pdus
    assert "fewer than 5 cases" in pdus
    assert "hidden so that a smaller group cannot be worked out from the total" in pdus
    assert "no hidden figure can be worked out from the totals" in html
    data = results_json(as_user(world.vic), one_small_pdu)
    q = next(q for q in data["questions"] if q["code"] == "2.1.1")
    assert [g["group"] for g in q["by"]["pdu"]] == ["Manchester"]
    assert data["disclosure"]["threshold"] == 5


def test_the_lead_still_sees_every_pdu(world, one_small_pdu, as_user):
    pdus = _pdu_table(as_user(world.lena).get(
        f"/inspections/{one_small_pdu.pk}/results").content.decode())
    assert "33% (n 3)" in pdus and "50% (n 6)" in pdus and "75% (n 8)" in pdus
