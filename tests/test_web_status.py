"""An inspection's status: setting up → fieldwork → closed, a step at a time; back a step
with a reason. Lena (the lead, a member) and Ada (admin) move it; nobody else can."""

from __future__ import annotations

import pytest

from caseinspect.web.audit.models import AuditEvent
from caseinspect.web.inspections.models import Inspection
from caseinspect.web.inspections.services import Invalid, WrongState
from caseinspect.web.inspections.status import change_status
from factories_web import make_inspection, make_user

Status = Inspection.Status


def status_of(inspection):
    return Inspection.objects.get(pk=inspection.pk).status


def test_lena_starts_fieldwork_then_closes_the_inspection_and_each_step_is_audited(world):
    change_status(world.inspection, Status.FIELDWORK, world.lena)
    change_status(world.inspection, Status.CLOSED, world.lena)
    assert status_of(world.inspection) == Status.CLOSED
    steps = AuditEvent.objects.filter(
        object_type="inspections.inspection", object_id=str(world.inspection.pk), action="update"
    ).order_by("pk")
    assert [(e.actor, e.before, e.after) for e in steps] == [
        (world.lena, {"status": "setup"}, {"status": "fieldwork"}),
        (world.lena, {"status": "fieldwork"}, {"status": "closed"}),
    ]
    assert steps.last().summary == f"Status of {world.inspection}: Fieldwork → Closed"


def test_a_step_can_not_be_skipped_and_nothing_is_written(world):
    with pytest.raises(WrongState, match="setting up, so it cannot move to closed"):
        change_status(world.inspection, Status.CLOSED, world.lena)
    assert status_of(world.inspection) == Status.SETUP
    assert not AuditEvent.objects.filter(object_type="inspections.inspection",
                                         action="update").exists()


def test_a_step_back_needs_a_reason_which_is_kept(world):
    change_status(world.inspection, Status.FIELDWORK, world.lena)
    with pytest.raises(Invalid) as refused:
        change_status(world.inspection, Status.SETUP, world.lena, reason="  ")
    assert refused.value.errors == {"reason": "Enter the reason for moving the inspection back"}
    assert status_of(world.inspection) == Status.FIELDWORK
    change_status(world.inspection, Status.SETUP, world.ada, reason="Two cases were missing")
    assert status_of(world.inspection) == Status.SETUP
    last = AuditEvent.objects.filter(object_type="inspections.inspection").latest("pk")
    assert (last.actor, last.reason) == (world.ada, "Two cases were missing")


def test_a_closed_inspection_reopens_for_fieldwork_with_a_reason(world):
    inspection = make_inspection(name="Closed one", members=(world.lena,))
    change_status(inspection, Status.FIELDWORK, world.lena)
    change_status(inspection, Status.CLOSED, world.lena)
    change_status(inspection, Status.FIELDWORK, world.lena, reason="A late QA finding")
    assert status_of(inspection) == Status.FIELDWORK


@pytest.mark.parametrize("persona", ["ian", "quinn", "charlie", "ann", "vic"])
def test_only_the_lead_and_admins_change_the_status(world, persona):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        change_status(world.inspection, Status.FIELDWORK, world.persona(persona))
    assert status_of(world.inspection) == Status.SETUP


def test_a_lead_who_is_not_a_member_can_not(world):
    from django.core.exceptions import PermissionDenied

    outsider = make_user("lee@example.org", "lead_inspector")
    with pytest.raises(PermissionDenied):
        change_status(world.inspection, Status.FIELDWORK, outsider)


# The pages -------------------------------------------------------------------------------


def test_the_inspection_page_offers_lena_the_next_step(world, as_user):
    html = as_user(world.lena).get(f"/inspections/{world.inspection.pk}/").content.decode()
    assert f'action="/inspections/{world.inspection.pk}/status"' in html
    assert 'value="fieldwork"' in html and "Start fieldwork" in html
    assert 'value="closed"' not in html


def test_an_inspector_sees_the_status_but_no_form(world, as_user):
    html = as_user(world.ian).get(f"/inspections/{world.inspection.pk}/").content.decode()
    assert "Setting up" in html
    assert "/status" not in html


def test_lena_moves_the_inspection_on_from_the_form(world, as_user):
    client = as_user(world.lena)
    response = client.post(f"/inspections/{world.inspection.pk}/status", {"status": "fieldwork"})
    assert response.status_code == 302
    assert status_of(world.inspection) == Status.FIELDWORK
    page = client.get(response["Location"]).content.decode()
    assert f"{world.inspection} is now fieldwork" in page
    assert "Close the inspection" in page and "Back to setting up" in page


def test_a_step_back_without_a_reason_is_refused_on_the_page(world, as_user):
    change_status(world.inspection, Status.FIELDWORK, world.lena)
    response = as_user(world.lena).post(
        f"/inspections/{world.inspection.pk}/status", {"status": "setup", "reason": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert '<a href="#id_reason">Enter the reason for moving the inspection back</a>' in html
    assert status_of(world.inspection) == Status.FIELDWORK


def test_a_step_no_longer_allowed_is_refused_on_the_page(world, as_user):
    response = as_user(world.lena).post(
        f"/inspections/{world.inspection.pk}/status", {"status": "closed"}
    )
    assert response.status_code == 400
    assert "someone may have changed the status" in response.content.decode()
    assert status_of(world.inspection) == Status.SETUP


def test_the_demo_sets_its_inspections_to_a_status_through_the_state_change(db):
    from caseinspect.web.demo import DYNAMIC_INSPECTION, INSPECTION, SELF_INSPECTION, load_demo

    load_demo("demo password for the tests")
    statuses = dict(Inspection.objects.values_list("name", "status"))
    assert statuses == {INSPECTION: "fieldwork", DYNAMIC_INSPECTION: "fieldwork",
                        SELF_INSPECTION: "closed"}
    audited = AuditEvent.objects.filter(object_type="inspections.inspection", action="update")
    assert audited.count() == 4
    assert {e.actor.email for e in audited} == {"lead@example.org"}


def test_a_closed_inspection_takes_no_imported_cases(world, as_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from caseinspect.web.inspections.models import Case

    change_status(world.inspection, Status.FIELDWORK, world.lena)
    change_status(world.inspection, Status.CLOSED, world.lena)
    response = as_user(world.lena).post(
        f"/inspections/{world.inspection.pk}/import",
        {"file": SimpleUploadedFile("cases.csv", b"case_id\nC100001\n")},
    )
    assert response.status_code == 400
    assert "The inspection is closed, so it takes no new cases" in response.content.decode()
    assert not Case.objects.filter(crn="C100001").exists()
