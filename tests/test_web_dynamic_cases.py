"""The case part of a dynamic inspection (issue 7 §1), end to end through the existing screens:
set one up, import a case, assign it, answer C1–C4 and the facts, submit; the results give the
share of cases meeting each of C1–C4 overall, by PDU, by RoSH level and by supervision type."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from caseinspect.frameworks import load_framework
from caseinspect.web.inspections.models import Assessment, Case, Inspection
from factories_dynamic import DYNAMIC, make_assessed_case, make_dynamic_inspection

FRAMEWORK = load_framework(DYNAMIC)


def test_a_lead_runs_the_case_part_end_to_end(world, as_user):
    lead = as_user(world.lena)
    response = lead.post("/inspections/new", {
        "name": "Dynamic inspection of Anyshire", "region": "Anyshire",
        "kind": "dynamic_public_protection", "framework_code": DYNAMIC,
        "start_date_0": "3", "start_date_1": "3", "start_date_2": "2025",
    })
    assert response.status_code == 302
    inspection = Inspection.objects.get(name="Dynamic inspection of Anyshire")
    assert inspection.kind == "dynamic_public_protection"
    assert lead.post(f"/inspections/{inspection.pk}/members",
                     {"add": "1", "user": world.ian.pk}).status_code == 302
    csv = (b"case_id,pdu,rosh,supervision_type\n"
           b"A111111,Anytown,high,licence\n")
    response = lead.post(f"/inspections/{inspection.pk}/import",
                         {"file": SimpleUploadedFile("cases.csv", csv)})
    assert response.status_code == 302
    case = Case.objects.get(inspection=inspection, crn="A111111")
    assert lead.post(f"/inspections/{inspection.pk}/cases/{case.pk}/assign",
                     {"inspector": world.ian.pk}).status_code == 302
    assessment = Assessment.objects.get(case=case, inspector=world.ian)

    inspector = as_user(world.ian)
    for standard in FRAMEWORK.standards:
        data = {"version": assessment.version}
        for kq in standard.key_questions:
            data[f"answer-{kq.code}"] = "no" if kq.code == "C2" else "yes"
            data[f"rationale-{kq.code}"] = "Planning did not address the risk to the partner"
            for prompt in kq.prompts:
                data[f"answer-{prompt.code}"] = "yes"
        response = inspector.post(f"/assessments/{assessment.pk}/standards/{standard.code}",
                                  data)
        assert response.status_code == 302, response.content.decode()[:2000]
        assessment.refresh_from_db()
    facts = {"version": assessment.version} | {
        f"answer-{f.code}": "yes" for f in FRAMEWORK.facts}
    facts["answer-F1"] = "no"
    assert inspector.post(f"/assessments/{assessment.pk}/facts", facts).status_code == 302
    assessment.refresh_from_db()
    response = inspector.post(f"/assessments/{assessment.pk}/submit",
                              {"version": assessment.version})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    answers = dict(assessment.answers.values_list("code", "value"))
    assert (answers["C1"], answers["C2"], answers["F1"], answers["F6"]) == (
        "yes", "no", "no", "yes")


def cell(html, caption, group, column):
    """The text of a breakdown table's cell: the row of ``group``, the column ``column``."""
    table = html[html.index(caption):]
    table = table[:table.index("</table>")]
    heads = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table)
    found = re.search(rf"<th scope=\"row\"[^>]*>{re.escape(group)}</th>(.*?)</tr>", table, re.S)
    assert found, (caption, group)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)
    return cells[heads.index(column) - 1].strip()


def test_results_give_c1_to_c4_overall_by_pdu_rosh_and_supervision_type(world, as_user):
    dyn = make_dynamic_inspection(members=(world.lena, world.ian))
    rows = [  # pdu, rosh, supervision type, C1
        ("Anytown", "high", "licence", "yes"), ("Anytown", "high", "community_order", "yes"),
        ("Anytown", "medium", "licence", "no"), ("Bigtown", "very_high", "licence", "yes"),
        ("Bigtown", "medium", "community_order", "no"),
    ]
    for i, (pdu, rosh, kind, c1) in enumerate(rows):
        make_assessed_case(dyn, world.ian, crn=f"A20000{i}", pdu=pdu,
                           attributes={"rosh": rosh, "supervision_type": kind}, C1=c1)
    html = as_user(world.lena).get(f"/inspections/{dyn.pk}/results").content.decode()
    assert "From the 5 cases with a submitted assessment" in html
    c1 = re.search(r"C1 Assessment — keeping other people safe</th>(.*?)</tr>", html, re.S)
    assert c1 and "60.0%" in c1.group(1)  # 3 of 5
    assert cell(html, "% yes by probation delivery unit", "Anytown", "C1") == "67% (n 3)"
    assert cell(html, "% yes by probation delivery unit", "Bigtown", "C1") == "50% (n 2)"
    assert cell(html, "% yes by RoSH level", "Medium", "C1") == "0% (n 2)"
    assert cell(html, "% yes by RoSH level", "High", "C1") == "100% (n 2)"
    assert cell(html, "% yes by supervision type", "Licence", "C1") == "67% (n 3)"
    assert cell(html, "% yes by supervision type", "Community order", "C2") == "100% (n 2)"


def test_the_set_up_form_renders_day_month_and_year_inputs(world, as_user):
    html = as_user(world.lena).get("/inspections/new").content.decode()
    for part in ("start_date_0", "start_date_1", "start_date_2", "end_date_2"):
        assert f'name="{part}"' in html
    assert 'name="start_date"' not in html


def test_a_dynamic_inspection_needs_a_framework_with_regional_questions(world, as_user):
    """Kind dynamic with the case supervision framework would give an inspection whose
    regional questions, diagnosis and plan links all answer 404: refused on the form."""
    response = as_user(world.lena).post("/inspections/new", {
        "name": "Mismatched", "region": "Anyshire",
        "kind": "dynamic_public_protection", "framework_code": "hmip-case-supervision-2018",
        "start_date_0": "3", "start_date_1": "3", "start_date_2": "2025",
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "A dynamic inspection of public protection needs a framework with regional" in html
    assert not Inspection.objects.filter(name="Mismatched").exists()
