"""The follow-up plan: actions tied to questions (what, owner by role, due date, the case
indicator that will show it worked), tracked through statuses, with the indicator before and
— where a later inspection of the same region exists — after."""

from __future__ import annotations

import datetime as dt

import pytest

from caseinspect.web.audit.models import AuditEvent
from caseinspect.web.dynamic.models import FollowUpAction
from factories_dynamic import make_action, make_assessed_case, make_dynamic_inspection


@pytest.fixture
def dyn(world):
    return make_dynamic_inspection(members=(world.lena, world.ian, world.bob, world.quinn))


def post_action(client, inspection, path="new", **fields):
    data = {"question_code": "1.9", "what": "Agree a police checks routine with each PDU",
            "owner_role": "head of public protection", "due_date_0": "30", "due_date_1": "9",
            "due_date_2": "2025", "indicator_code": "F1", "status": "planned", **fields}
    return client.post(f"/inspections/{inspection.pk}/dynamic/plan/{path}", data)


def test_the_lead_adds_an_action_and_it_is_audited(world, dyn, as_user):
    response = post_action(as_user(world.lena), dyn)
    assert response.status_code == 302
    action = FollowUpAction.objects.get(inspection=dyn)
    assert (action.question_code, action.indicator_code, action.owner_role, action.status) == (
        "1.9", "F1", "head of public protection", "planned")
    assert action.due_date == dt.date(2025, 9, 30)
    event = AuditEvent.objects.get(object_type="dynamic.followupaction")
    assert event.action == "create" and event.actor == world.lena


def test_status_changes_are_tracked_in_the_audit_log(world, dyn, as_user):
    action = make_action(dyn, world.lena)
    client = as_user(world.ian)
    for status in ("in_progress", "done"):
        assert post_action(client, dyn, path=str(action.pk), status=status).status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    changes = [(e.before["status"], e.after["status"]) for e in AuditEvent.objects.filter(
        object_type="dynamic.followupaction", action="update")]
    assert changes == [("planned", "in_progress"), ("in_progress", "done")]
    html = client.get(f"/inspections/{dyn.pk}/dynamic/plan").content.decode()
    assert ">Done</strong>" in html


@pytest.mark.parametrize("fields,message", [
    ({"what": ""}, "Enter what will be done"),
    ({"owner_role": ""}, "Enter the owner&#x27;s role"),
    ({"due_date_0": "31", "due_date_1": "2"}, "Due date must be a real date"),
    ({"indicator_code": "2.1.3"}, "Select the case indicator that will show the action worked"),
    ({"question_code": "C1"}, "Select the question the action is for"),
    ({"status": "finished"}, "Select the status"),
])
def test_a_bad_action_is_refused_and_nothing_written(world, dyn, as_user, fields, message):
    response = post_action(as_user(world.lena), dyn, **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert not FollowUpAction.objects.exists()


@pytest.mark.parametrize("persona", ["quinn", "charlie", "olive", "ann", "vic"])
def test_only_the_lead_and_inspectors_change_the_plan(world, dyn, as_user, persona):
    action = make_action(dyn, world.lena)
    client = as_user(world.persona(persona))
    assert post_action(client, dyn).status_code == 403
    assert post_action(client, dyn, path=str(action.pk), status="dropped").status_code == 403
    action.refresh_from_db()
    assert action.status == "planned" and FollowUpAction.objects.count() == 1


def test_the_plan_shows_each_indicator_before_and_after_a_later_inspection(world, dyn, as_user):
    # Before: 1 of 4 cases had police domestic abuse enquiries (25%).
    for i, value in enumerate(("yes", "no", "no", "no")):
        make_assessed_case(dyn, world.ian, crn=f"A10000{i}", F1=value)
    later = make_dynamic_inspection(name="Follow-up inspection of North West",
                                    members=(world.ian,), start_date=dt.date(2026, 3, 2))
    # After: 3 of 4 (75%).
    for i, value in enumerate(("yes", "yes", "yes", "no")):
        make_assessed_case(later, world.ian, crn=f"B10000{i}", F1=value)
    make_action(dyn, world.lena, status="done")
    html = as_user(world.quinn).get(f"/inspections/{dyn.pk}/dynamic/plan").content.decode()
    row = html[html.index("Agree a police information-sharing routine"):]
    row = row[:row.index("</tr>")]
    assert "25.0% (n 4;" in row and "75.0% (n 4;" in row
    assert "Follow-up inspection of North West" in row


def test_without_a_later_inspection_there_is_no_after(world, dyn, as_user):
    make_assessed_case(dyn, world.ian, crn="A100000", F1="no")
    make_action(dyn, world.lena)
    html = as_user(world.ian).get(f"/inspections/{dyn.pk}/dynamic/plan").content.decode()
    row = html[html.index("Agree a police information-sharing routine"):]
    cells = row[:row.index("</tr>")].split("<td")
    assert "0.0% (n 1; 0.0–79.3%)" in cells[-2]  # Wilson interval of 0 of 1
    assert ">–" in cells[-1] and "%" not in cells[-1]


def test_long_questions_in_the_action_form_end_with_an_ellipsis(world, dyn, as_user):
    """They were cut at 90 characters mid-word with nothing to show the rest was missing."""
    from html import unescape

    from caseinspect.frameworks import load_framework

    html = unescape(as_user(world.lena).get(f"/inspections/{dyn.pk}/dynamic/plan/new")
                    .content.decode())
    long = next(q for q in load_framework(dyn.framework_code).evidence_questions()
                if len(q.text) > 90)
    option = html[html.index(f'value="{long.code}"'):]
    option = option[option.index(">") + 1:option.index("</option>")]
    assert option.startswith(f"{long.code} {long.text[:40]}") and option.endswith("…")
