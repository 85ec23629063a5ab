"""The regional diagnosis: the page, and the same as HTML and PDF downloads (reports/diagnosis):
case results, then by domain the areas for improvement ordered by priority with their
narrative, evidence and linked indicators, strengths, the self-assessment comparison and the
follow-up plan. Analysts and viewers get the aggregate version, without free text."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pytest
from statsmodels.stats.inter_rater import cohens_kappa

from caseinspect.web.audit.models import AuditEvent
from factories_dynamic import (
    make_action,
    make_assessed_case,
    make_dynamic_inspection,
    make_evidence,
    make_finding,
)

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils is not installed")
Q19 = "1.9 How effective are operational relationships with police?"
NARRATIVE = "Domestic abuse enquiries with the police are not made routinely."
F1 = ("yes", "no", "no", "no", "yes", "no", "no", "no", "no", "no")  # 2 of 10 yes: 20%


@pytest.fixture
def dyn(world, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    inspection = make_dynamic_inspection(members=(world.lena, world.ian, world.quinn))
    for i, value in enumerate(F1):
        make_assessed_case(inspection, world.ian, crn=f"A30000{i}",
                           pdu="Manchester" if i < 6 else "Salford", F1=value,
                           attributes={"rosh": "high" if i % 2 else "medium"})
    make_finding(inspection, world.ian, question_code="1.3", classification="area_for_improvement",
                 priority="medium", narrative="MAPPA levels are reviewed late.")
    make_finding(inspection, world.ian, question_code="1.9", narrative=NARRATIVE)
    make_finding(inspection, world.ian, question_code="2.5", classification="strength",
                 priority="low", narrative="Managers' oversight is active and recorded.")
    make_finding(inspection, world.ian, question_code="3.1", classification="mixed",
                 priority="medium", narrative="Services vary by PDU.")
    make_evidence(inspection, world.ian, description="Police information sharing protocol, 2024")
    make_action(inspection, world.lena)
    return inspection


def test_the_page_orders_areas_for_improvement_by_priority_with_their_evidence(
        world, dyn, as_user):
    html = as_user(world.lena).get(f"/inspections/{dyn.pk}/dynamic/diagnosis").content.decode()
    leadership = html[html.index("1. Leadership"):html.index("2. Staffing")]
    improvements = leadership[:leadership.index(">Strengths<")]
    # 1.9 (high) comes before 1.3 (medium), though 1.3 is numbered first.
    assert improvements.index(Q19) < improvements.index("1.3 How do strategic MAPPA")
    assert NARRATIVE in improvements
    assert "Police information sharing protocol, 2024" in improvements
    assert 'id="19-indicator-f1"' in improvements  # F1 is the indicator linked to 1.9
    assert "<strong>20.0%</strong> of 10 cases (2 yes;" in improvements
    staffing = html[html.index("2. Staffing"):html.index("3. Services")]
    strengths = staffing[staffing.index(">Strengths<"):]
    assert "2.5 " in strengths and "Managers&#x27; oversight is active" in strengths
    services = html[html.index("3. Services"):]
    assert "3.1 " in services and "mixed, follow-up priority medium" in services
    assert "Agree a police information-sharing routine" in html


def test_the_case_results_give_c1_to_c4_and_the_facts_with_a_chart(world, dyn, as_user):
    html = as_user(world.lena).get(f"/inspections/{dyn.pk}/dynamic/diagnosis").content.decode()
    table = html[html.index('id="case-results"'):]
    table = re.sub(r"\s+", " ", table[:table.index("</table>")])
    assert re.search(r"C1 Assessment — keeping other people safe</th> <td[^>]*>10</td> "
                     r"<td[^>]*>10</td> <td[^>]*>100.0%</td>", table)
    assert re.search(r"F1 Were domestic abuse enquiries made with the police where needed\?"
                     r"</th> <td[^>]*>10</td> <td[^>]*>2</td> <td[^>]*>20.0%</td>", table)
    assert '<svg class="ci-chart" role="img"' in html
    assert "% yes by probation delivery unit" in html and "% yes by RoSH level" in html


def test_the_breakdown_tables_scroll_in_their_own_box_on_a_narrow_screen(world, dyn, as_user):
    """With a column per case question and fact (13 in the demo) the breakdowns made the whole
    page 1,059 px wide on a 375 px phone; each sits in a focusable scrolling region."""
    html = as_user(world.lena).get(f"/inspections/{dyn.pk}/dynamic/diagnosis").content.decode()
    for label in ("probation delivery unit", "RoSH level"):
        assert re.search(rf'<div class="ci-table-wrapper" role="region" aria-label="% yes by '
                         rf'{label}" tabindex="0">\s*<table class="govuk-table">\s*<caption[^>]*>'
                         rf"% yes by {label}</caption>", html), label

@pytest.mark.parametrize("persona", ["ann", "vic"])
def test_analysts_and_viewers_see_the_aggregate_version_only(world, dyn, as_user, persona):
    html = as_user(world.persona(persona)).get(
        f"/inspections/{dyn.pk}/dynamic/diagnosis").content.decode()
    assert "This is the aggregate version" in html
    assert "Area for improvement" in html and "20.0%" in html
    for free_text in (NARRATIVE, "Police information sharing protocol",
                      "Agree a police information-sharing routine", "/evidence/"):
        assert free_text not in html


def test_viewers_do_not_see_pdu_groups_of_fewer_than_five_cases(world, dyn, as_user):
    html = as_user(world.vic).get(f"/inspections/{dyn.pk}/dynamic/diagnosis").content.decode()
    assert "fewer than 5 cases: not shown" in html  # Salford holds 4 cases
    lead = as_user(world.lena).get(f"/inspections/{dyn.pk}/dynamic/diagnosis").content.decode()
    assert "fewer than 5 cases: not shown" not in lead


def test_the_html_download_is_a_whole_document_and_is_audited(world, dyn, as_user):
    response = as_user(world.quinn).get(f"/inspections/{dyn.pk}/dynamic/diagnosis.html")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition == 'attachment; filename="dynamic-inspection-of-north-west-diagnosis.html"'
    html = response.content.decode()
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in html
    assert "<title>Regional diagnosis: Dynamic inspection of North West</title>" in html
    assert NARRATIVE in html and "20.0%" in html
    event = AuditEvent.objects.get(action="export", inspection_id=dyn.pk)
    assert event.actor == world.quinn and "as html (with free text)" in event.summary


def test_an_unknown_download_format_is_not_found(world, dyn, as_user):
    assert as_user(world.lena).get(
        f"/inspections/{dyn.pk}/dynamic/diagnosis.docx").status_code == 404


def _pdf(client, dyn, tmp_path):
    response = client.get(f"/inspections/{dyn.pk}/dynamic/diagnosis.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = Path(tmp_path) / "diagnosis.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return response.content, text, info


@needs_poppler
def test_the_pdf_has_a_title_a_language_and_the_area_for_improvement_with_its_figure(
        world, dyn, as_user, tmp_path):
    pdf, text, info = _pdf(as_user(world.lena), dyn, tmp_path)
    assert "Title:           Regional diagnosis: Dynamic inspection of North West" in info
    assert "Tagged:          yes" in info
    streams = [zlib.decompress(m) for m in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S)
               if m[:1] == b"x"]
    assert b"/Lang (en-GB)" in pdf + b"".join(streams)
    flat = " ".join(text.split())
    assert Q19 in flat
    assert "Area for improvement · follow-up priority high" in flat
    assert "this region 20.0% (n 10)" in flat
    assert NARRATIVE in flat
    assert AuditEvent.objects.filter(action="export", summary__contains="as pdf").count() == 1


@needs_poppler
def test_the_viewers_pdf_has_no_free_text(world, dyn, as_user, tmp_path):
    _, text, _ = _pdf(as_user(world.vic), dyn, tmp_path)
    flat = " ".join(text.split())
    assert "Aggregate version" in flat and Q19 in flat
    assert NARRATIVE not in flat and "Police information sharing protocol" not in flat


def test_the_self_assessment_is_set_beside_the_inspection(world, dyn, as_user):
    own = make_dynamic_inspection(name="North West case assurance", kind="self_assessment",
                                  members=(world.lena,))
    region_f1 = ("yes",) * 9 + ("no",)  # the region judges 9 of the same 10 cases yes: 90%
    for i, value in enumerate(region_f1):
        make_assessed_case(own, world.lena, crn=f"A30000{i}", F1=value)
    html = as_user(world.lena).get(f"/inspections/{dyn.pk}/dynamic/diagnosis").content.decode()
    part = re.sub(r"\s+", " ", html[html.index("Self-assessment against inspection"):])
    assert "North West case assurance, 10 cases" in part and "10 cases in both" in part
    row = part[part.index("F1 Were domestic abuse"):]
    row = row[:row.index("</tr>")]
    assert "90.0% (n 10)" in row and "20.0% (n 10)" in row and "70.0 pp" in row
    assert "More favourably" in row
    # Cohen's kappa on the 10 shared cases, region against inspectors (statsmodels).
    region = np.array([v == "yes" for v in region_f1], dtype=int)
    inspectors = np.array([v == "yes" for v in F1], dtype=int)
    table = np.zeros((2, 2))
    for a, b in zip(region, inspectors, strict=True):
        table[a, b] += 1
    kappa = cohens_kappa(table).kappa
    assert f"{kappa:.2f}" == "0.05" and ">0.05</td>" in row
    question = as_user(world.quinn).get(
        f"/inspections/{dyn.pk}/dynamic/questions/1.4").content.decode()
    assert "Does the region know its own quality?" in question and "More favourably" in question


def test_without_a_self_assessment_the_diagnosis_says_so(world, dyn, as_user):
    html = as_user(world.lena).get(f"/inspections/{dyn.pk}/dynamic/diagnosis").content.decode()
    assert "The region has no self-assessment of this framework in the service yet." in html


@needs_poppler
def test_the_pdf_breakdowns_give_every_indicator_and_group(world, as_user, tmp_path, settings):
    """The '% yes by …' tables have a column per case question and fact (15 here); on A4
    portrait the last ones (F5–F11) ran off the page, so the PDF lost their figures."""
    settings.DATA_DIR = tmp_path
    inspection = make_dynamic_inspection(members=(world.lena, world.ian))
    for i in range(10):  # F11: Manchester 2 of 6 yes (33%), Salford 3 of 4 (75%)
        make_assessed_case(inspection, world.ian, crn=f"B40000{i}",
                           pdu="Manchester" if i < 6 else "Salford",
                           F11="yes" if i in (0, 1, 6, 7, 8) else "no",
                           attributes={"rosh": "high" if i % 2 else "medium",
                                       "supervision_type": "licence" if i < 3 else "community"})
    _, text, _ = _pdf(as_user(world.lena), inspection, tmp_path)
    flat = " ".join(text.split())
    labels = ("probation delivery unit", "RoSH level", "supervision type")
    starts = [flat.index(f"% yes by {label}") for label in labels]
    parts = dict(zip(labels, (flat[a:b] for a, b in
                              zip(starts, [*starts[1:], flat.index("1. Leadership")],
                                  strict=True)), strict=True))
    for label, part in parts.items():
        for code in ("C1", "C2", "C3", "C4", "F1", "F2", "F3", "F5", "F6", "F7", "F10", "F11"):
            assert re.search(rf"\b{code}\b", part), (label, code)
    # F11, the last column: Manchester 2 of 6 yes, Salford 3 of 4; high RoSH 2 of 5, medium 3
    pdu, rosh = parts["probation delivery unit"], parts["RoSH level"]
    assert "33% (n 6)" in pdu and "75% (n 4)" in pdu
    assert "40% (n 5)" in rosh and "60% (n 5)" in rosh
