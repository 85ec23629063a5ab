"""Findings on the regional questions: a narrative, a classification (strength / mixed / area
for improvement / insufficient evidence) and a follow-up priority — never a yes / no answer."""

from __future__ import annotations

import pytest

from caseinspect.web.audit.models import AuditEvent
from caseinspect.web.dynamic.models import Finding
from factories_dynamic import make_dynamic_inspection, make_finding


@pytest.fixture
def dyn(world):
    return make_dynamic_inspection(members=(world.lena, world.ian, world.bob, world.quinn))


def post_finding(client, inspection, code="1.9", **fields):
    data = {"narrative": "Police domestic abuse enquiries are made in too few cases.",
            "classification": "area_for_improvement", "priority": "high", **fields}
    return client.post(f"/inspections/{inspection.pk}/dynamic/questions/{code}/finding", data)


def test_the_form_asks_for_a_narrative_classification_and_priority_not_yes_or_no(
        world, dyn, as_user):
    html = as_user(world.ian).get(
        f"/inspections/{dyn.pk}/dynamic/questions/1.9/finding").content.decode()
    for label in ("Strength", "Mixed", "Area for improvement", "Insufficient evidence",
                  "High", "Medium", "Low"):
        assert f">{label}</label>" in html
    assert 'value="yes"' not in html and 'value="no"' not in html


def test_an_inspector_records_a_finding_and_it_is_audited(world, dyn, as_user):
    response = post_finding(as_user(world.ian), dyn)
    assert response.status_code == 302
    assert response["Location"] == f"/inspections/{dyn.pk}/dynamic/questions/1.9"
    finding = Finding.objects.get(inspection=dyn, question_code="1.9")
    assert (finding.classification, finding.priority, finding.updated_by) == (
        "area_for_improvement", "high", world.ian)
    event = AuditEvent.objects.get(object_type="dynamic.finding")
    assert event.action == "create" and event.after["classification"] == "area_for_improvement"
    html = as_user(world.ian).get(response["Location"]).content.decode()
    assert "Area for improvement" in html and "too few cases" in html


def test_changing_a_finding_keeps_one_row_and_audits_before_and_after(world, dyn, as_user):
    make_finding(dyn, world.ian, classification="mixed", priority="medium")
    response = post_finding(as_user(world.lena), dyn, classification="strength", priority="low",
                            narrative="Checks are now routine in every PDU.")
    assert response.status_code == 302
    finding = Finding.objects.get(inspection=dyn, question_code="1.9")
    assert (finding.classification, finding.priority) == ("strength", "low")
    event = AuditEvent.objects.get(object_type="dynamic.finding", action="update")
    assert event.before["classification"] == "mixed" and event.after["classification"] == "strength"
    assert event.before["priority"] == "medium" and event.actor == world.lena


def test_the_form_shows_the_current_finding(world, dyn, as_user):
    make_finding(dyn, world.ian, classification="mixed", priority="medium")
    html = as_user(world.ian).get(
        f"/inspections/{dyn.pk}/dynamic/questions/1.9/finding").content.decode()
    assert 'value="mixed" checked' in html and 'value="medium" checked' in html
    assert "Domestic abuse enquiries with the police are not made routinely." in html


@pytest.mark.parametrize("fields,message", [
    ({"narrative": "  "}, "Enter the finding"),
    ({"classification": ""},
     "Select strength, mixed, area for improvement or insufficient evidence"),
    ({"classification": "yes"},
     "Select strength, mixed, area for improvement or insufficient evidence"),
    ({"priority": ""}, "Select the follow-up priority"),
])
def test_an_incomplete_finding_is_refused_with_the_error_summary(
        world, dyn, as_user, fields, message):
    response = post_finding(as_user(world.ian), dyn, **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert not Finding.objects.exists() and not AuditEvent.objects.filter(
        object_type="dynamic.finding").exists()


@pytest.mark.parametrize("persona", ["quinn", "charlie", "olive", "ann", "vic"])
def test_only_the_lead_and_inspectors_of_the_inspection_record_findings(
        world, dyn, as_user, persona):
    assert post_finding(as_user(world.persona(persona)), dyn).status_code == 403
    assert not Finding.objects.exists()


def test_the_admin_may_record_a_finding(world, dyn, as_user):
    assert post_finding(as_user(world.ada), dyn).status_code == 302


def test_the_service_refuses_a_question_the_framework_does_not_have(world, dyn):
    from caseinspect.web.dynamic import services

    with pytest.raises(services.Invalid) as refused:
        services.record_finding(dyn, world.ian, question_code="2.1.3", narrative="x",
                                classification="strength", priority="low")
    assert refused.value.errors == {"question_code": "Select a question of this inspection"}


def test_the_overview_shows_the_classification(world, dyn, as_user):
    make_finding(dyn, world.ian, question_code="3.2", classification="insufficient_evidence",
                 priority="medium")
    html = as_user(world.quinn).get(f"/inspections/{dyn.pk}/dynamic/").content.decode()
    row = html[html.index("/dynamic/questions/3.2\""):]
    row = row[:row.index("</tr>")]
    assert "Insufficient evidence" in row and "Medium" in row
