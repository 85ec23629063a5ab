"""The Results page of a dynamic inspection of public protection: its purpose is a diagnosis,
not a rating (seed 004, issue 7), so it gives the share of cases meeting the sufficient
standard for C1–C4 overall and by PDU, RoSH level and supervision type — no ratings, no overall
score, no rating thresholds — and points to the regional diagnosis instead of the rating-based
inspection report."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from factories_dynamic import make_assessed_case, make_dynamic_inspection

NO_C1 = (0, 6, 7)  # C1 is "no" in these cases, "yes" in the other seven


@pytest.fixture
def dyn(world):
    inspection = make_dynamic_inspection(members=(world.lena, world.ian))
    for i in range(10):
        make_assessed_case(inspection, world.ian, crn=f"R70000{i}",
                           pdu="Manchester" if i < 6 else "Salford",
                           C1="no" if i in NO_C1 else "yes",
                           attributes={"rosh": "high" if i % 2 else "medium",
                                       "supervision_type": "licence" if i < 3 else "community"})
    return inspection


def flat(text):
    return re.sub(r"\s+", " ", text)


def table(html, caption):
    start = html.index(f"{caption}</caption>")
    return flat(html[start:html.index("</table>", start)])


def row(html, label):
    found = re.search(rf"<th scope=\"row\"[^>]*>{re.escape(label)}.*?</tr>", html, re.S)
    assert found, label
    return flat(found.group(0))


def test_the_results_give_c1_to_c4_without_ratings_or_an_overall_score(world, dyn, as_user):
    html = as_user(world.lena).get(f"/inspections/{dyn.pk}/results").content.decode()
    assert "Overall score" not in html and ">Ratings<" not in html and " of 12" not in html
    for rating in ("Outstanding", "Good", "Requires improvement", "Inadequate"):
        assert rating not in html
    assert "rating thresholds" not in html
    assert "% of cases meeting the sufficient standard" in html
    key = html[html.index('id="key-questions"'):]
    c1 = row(key, "C1")  # 7 of 10 yes
    assert ">10</td>" in c1 and ">7</td>" in c1 and "70.0%" in c1
    for code in ("C2", "C3", "C4"):
        assert "100.0%" in row(key, code)
    pdu = table(html, "% yes by probation delivery unit")
    assert "83% (n 6)" in row(pdu, "Manchester") and "50% (n 4)" in row(pdu, "Salford")
    rosh = table(html, "% yes by RoSH level")
    assert "80% (n 5)" in row(rosh, "High") and "60% (n 5)" in row(rosh, "Medium")
    supervision = table(html, "% yes by supervision type")
    assert "67% (n 3)" in row(supervision, "Licence")
    assert "71% (n 7)" in row(supervision, "Community")


def test_the_results_point_to_the_regional_diagnosis_not_the_inspection_report(
        world, dyn, as_user):
    html = as_user(world.lena).get(f"/inspections/{dyn.pk}/results").content.decode()
    assert f'href="/inspections/{dyn.pk}/dynamic/diagnosis"' in html
    assert "kind=inspection" not in html and "Inspection report" not in html
    assert "kind=bulletin&amp;format=pdf" in html  # the bulletin has no ratings: kept


def test_a_dynamic_inspection_has_no_rating_report_to_download(world, dyn, as_user):
    client = as_user(world.lena)
    url = reverse("inspections:report", args=[dyn.pk])
    assert client.get(url, {"kind": "inspection", "format": "html"}).status_code == 404
    assert client.get(url).status_code == 404  # the default kind is the rating report
    bulletin = client.get(url, {"kind": "bulletin", "format": "html"})
    assert bulletin.status_code == 200 and b"Research" in bulletin.content


def test_a_core_inspection_keeps_its_ratings_and_report(world, as_user):
    html = as_user(world.lena).get(f"/inspections/{world.inspection.pk}/results").content.decode()
    assert ">Ratings<" in html and "Overall score" in html and "kind=inspection" in html


def test_the_results_json_of_a_dynamic_inspection_has_no_ratings_either(world, dyn, as_user):
    data = as_user(world.lena).get(f"/inspections/{dyn.pk}/results.json").json()
    assert "overall" not in data
    assert data["standards"], "the standards' figures are still there"
    for standard in data["standards"]:
        assert "rating" not in standard and "points" not in standard
        assert "key_questions" in standard
    c1 = next(q for q in data["questions"] if q["code"] == "C1")
    assert (c1["n"], c1["yes"]) == (10, 7)


def test_groups_are_shown_as_words_not_codes(world, as_user):
    inspection = make_dynamic_inspection(members=(world.lena, world.ian))
    for i in range(6):
        make_assessed_case(inspection, world.ian, crn=f"R71000{i}", pdu="Salford", C1="yes",
                           attributes={"rosh": "very_high", "supervision_type": "post_custody"})
    html = as_user(world.lena).get(f"/inspections/{inspection.pk}/results").content.decode()
    assert "100% (n 6)" in row(table(html, "% yes by RoSH level"), "Very high")
    assert "100% (n 6)" in row(table(html, "% yes by supervision type"), "Post custody")
    assert ">very_high<" not in html and ">post_custody<" not in html
