"""Capturing an assessment: standard pages, the rules on rationale and reason, optimistic
locking, facts, check your answers, submit, quality assurance, finalising, examples."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from caseinspect.frameworks import load_framework
from caseinspect.web.inspections import services
from caseinspect.web.inspections.models import Answer, Assessment
from factories_web import FRAMEWORK, all_answers, make_assessment, make_case

FRAMEWORK_DATA = load_framework(FRAMEWORK)
FIRST = FRAMEWORK_DATA.standards[0]
KQ = FIRST.key_questions[0]
PROMPT = KQ.prompts[0] if KQ.prompts else None


def page(assessment, name="standards", code=FIRST.code):
    base = f"/assessments/{assessment.pk}"
    return f"{base}/standards/{code}" if name == "standards" else f"{base}/{name}"


def stored(assessment):
    return {a.code: (a.value, a.rationale) for a in Answer.objects.filter(assessment=assessment)}


def test_the_standard_page_asks_every_prompt_then_the_judgement(world, as_user):
    html = as_user(world.ian).get(page(world.assessment)).content.decode()
    for kq in FIRST.key_questions:
        assert f'name="answer-{kq.code}"' in html
        assert f'name="rationale-{kq.code}"' in html
        for prompt in kq.prompts:
            assert f'name="answer-{prompt.code}"' in html
            assert html.index(f'name="answer-{prompt.code}"') < html.index(
                f'name="answer-{kq.code}"'
            )
    assert html.count('value="na"') == sum(1 + len(kq.prompts) for kq in FIRST.key_questions)
    assert "Not applicable" in html


def test_saving_a_draft_stores_answers_and_moves_on(world, as_user):
    data = {"version": 1, f"answer-{KQ.code}": "yes"}
    if PROMPT:
        data[f"answer-{PROMPT.code}"] = "na"
    response = as_user(world.ian).post(page(world.assessment), data)
    assert response.status_code == 302
    second = FRAMEWORK_DATA.standards[1].code
    assert response["Location"] == page(world.assessment, code=second)
    assert stored(world.assessment)[KQ.code] == ("yes", "")
    world.assessment.refresh_from_db()
    assert world.assessment.version == 2


def test_save_and_come_back_later_returns_to_the_task_list(world, as_user):
    response = as_user(world.ian).post(
        page(world.assessment), {"version": 1, f"answer-{KQ.code}": "yes", "later": "1"}
    )
    assert response["Location"] == f"/assessments/{world.assessment.pk}/"


def test_a_key_question_judged_no_needs_a_rationale_and_input_is_kept(world, as_user):
    data = {"version": 1, f"answer-{KQ.code}": "no"}
    if PROMPT:
        data[f"answer-{PROMPT.code}"] = "yes"
    response = as_user(world.ian).post(page(world.assessment), data)
    assert response.status_code == 400
    html = response.content.decode()
    kq_id = KQ.code.replace(".", "-")
    assert f'<a href="#rationale-{kq_id}">Enter the rationale for judging key question' in html
    assert f'id="rationale-{kq_id}-error"' in html
    assert f'id="answer-{kq_id}-no" name="answer-{KQ.code}" type="radio" value="no" checked' in html
    if PROMPT:
        assert f'name="answer-{PROMPT.code}" type="radio" value="yes" checked' in html
    assert stored(world.assessment) == {}


def test_a_rationale_is_saved_with_a_no(world, as_user):
    as_user(world.ian).post(
        page(world.assessment),
        {"version": 1, f"answer-{KQ.code}": "no", f"rationale-{KQ.code}": "  No plan.  "},
    )
    assert stored(world.assessment)[KQ.code] == ("no", "No plan.")


def test_a_rationale_without_a_judgement_is_not_silently_dropped(world, as_user):
    response = as_user(world.ian).post(
        page(world.assessment), {"version": 1, f"rationale-{KQ.code}": "typed first"}
    )
    assert response.status_code == 400
    assert "typed first" in response.content.decode()


def test_changing_a_submitted_assessment_needs_a_reason(world, as_user):
    world.assessment.status = Assessment.Status.SUBMITTED
    world.assessment.save()
    client = as_user(world.ian)
    response = client.post(page(world.assessment), {"version": 1, f"answer-{KQ.code}": "yes"})
    assert response.status_code == 400
    assert "Enter the reason for changing a submitted assessment" in response.content.decode()
    response = client.post(
        page(world.assessment),
        {"version": 1, f"answer-{KQ.code}": "yes", "reason": "QA feedback"},
    )
    assert response.status_code == 302
    from caseinspect.web.audit.models import AuditEvent

    assert AuditEvent.objects.latest("id").reason == "QA feedback"


def test_the_second_of_two_concurrent_saves_is_refused_and_nothing_is_overwritten(
    world, as_user
):
    # Ian opens the page twice (two tabs, or Ian and a moderator): both forms carry version 1.
    client = as_user(world.ian)
    first = client.post(
        page(world.assessment), {"version": 1, f"answer-{KQ.code}": "no",
                                 f"rationale-{KQ.code}": "first save"}
    )
    assert first.status_code == 302
    second = client.post(page(world.assessment), {"version": 1, f"answer-{KQ.code}": "yes"})
    assert second.status_code == 409
    html = second.content.decode()
    assert "Someone else changed this assessment" in html
    assert "Your changes have not been saved and nothing was overwritten" in html
    assert 'value="yes" checked' in html  # the refused input is still on the page
    assert stored(world.assessment)[KQ.code] == ("no", "first save")


def test_the_stale_check_is_in_the_service_too(world):
    services.save_answers(world.assessment, {KQ.code: services.AnswerInput("yes")}, world.ian, 1)
    with pytest.raises(services.StaleVersion):
        services.save_answers(world.assessment, {KQ.code: services.AnswerInput("na")},
                              world.ian, 1)
    assert stored(world.assessment)[KQ.code] == ("yes", "")


def test_an_unchanged_save_keeps_the_version(world):
    services.save_answers(world.assessment, {KQ.code: services.AnswerInput("yes")}, world.ian, 1)
    assert services.save_answers(
        world.assessment, {KQ.code: services.AnswerInput("yes")}, world.ian, 2
    ) == []
    world.assessment.refresh_from_db()
    assert world.assessment.version == 2


def test_unknown_codes_and_values_are_refused(world):
    with pytest.raises(services.Invalid) as caught:
        services.save_answers(
            world.assessment,
            {"9.9.9": services.AnswerInput("yes"), KQ.code: services.AnswerInput("maybe")},
            world.ian,
            1,
        )
    assert set(caught.value.errors) == {"9.9.9", KQ.code}
    assert stored(world.assessment) == {}


def test_facts_have_their_own_page(world, as_user):
    if not FRAMEWORK_DATA.facts:
        pytest.skip("framework has no facts")
    fact = FRAMEWORK_DATA.facts[0]
    client = as_user(world.ian)
    html = client.get(page(world.assessment, "facts")).content.decode()
    assert f'name="answer-{fact.code}"' in html
    response = client.post(page(world.assessment, "facts"), {"version": 1,
                                                             f"answer-{fact.code}": "yes"})
    assert response["Location"] == page(world.assessment, "check")
    assert stored(world.assessment)[fact.code] == ("yes", "")


def test_check_your_answers_lists_answers_and_rationales(world, as_user):
    assessment = make_assessment(world.other_case, world.lena,
                                 answers=all_answers(**{KQ.code.replace(".", "_"): "no"}),
                                 rationale="Risk not reviewed")
    html = as_user(world.lena).get(page(assessment, "check")).content.decode()
    assert "Risk not reviewed" in html
    assert f"Key question {KQ.code}" in html
    assert "Submit assessment" in html


def test_submitting_needs_every_key_question_and_prompt(world, as_user):
    client = as_user(world.ian)
    response = client.post(page(world.assessment, "submit"), {"version": 1})
    assert response.status_code == 400
    html = response.content.decode()
    assert f"Answer key question {KQ.code}" in html
    assert f'href="{page(world.assessment)}#answer-{KQ.code.replace(".", "-")}"' in html
    world.assessment.refresh_from_db()
    assert world.assessment.status == "draft"


def test_a_complete_assessment_is_submitted(world, as_user):
    Answer.objects.bulk_create(
        Answer(assessment=world.assessment, code=c, value=v) for c, v in all_answers().items()
    )
    response = as_user(world.ian).post(page(world.assessment, "submit"), {"version": 1})
    assert response.status_code == 302
    world.assessment.refresh_from_db()
    assert world.assessment.status == "submitted" and world.assessment.submitted_at is not None
    assert world.assessment.version == 2


def test_quality_assurance_then_finalising(world, as_user):
    other = world.other_assessment  # Bob's, submitted
    response = as_user(world.quinn).post(page(other, "quality-assure"), {"version": 1,
                                                                          "note": "Agreed"})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == "quality_assured" and other.quality_assured_by == world.quinn
    response = as_user(world.lena).post(page(other, "finalise"), {"version": 2})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == "final"
    with pytest.raises(PermissionDenied):
        services.save_answers(other, {KQ.code: services.AnswerInput("no", "x")}, world.bob, 3)


def test_moving_from_the_wrong_state_is_refused(world, as_user):
    response = as_user(world.lena).post(page(world.other_assessment, "finalise"), {"version": 1})
    assert response.status_code == 409
    assert "cannot be finalised" in response.content.decode()


def test_a_quality_assurer_moderates_a_submitted_assessment_with_a_reason(world):
    services.save_answers(
        world.other_assessment,
        {KQ.code: services.AnswerInput("no", "Moderated: no risk plan")},
        world.quinn,
        1,
        reason="Moderation",
    )
    assert stored(world.other_assessment)[KQ.code] == ("no", "Moderated: no risk plan")


def test_practice_examples_carry_the_publishable_flag(world, as_user):
    client = as_user(world.ian)
    response = client.post(
        page(world.assessment, "examples"),
        {"question_code": KQ.code, "kind": "good", "text": "Joint visit with police",
         "publishable": "on"},
    )
    assert response.status_code == 302
    example = world.assessment.examples.get()
    assert example.publishable and example.kind == "good" and example.question_code == KQ.code
    response = client.post(page(world.assessment, "examples"), {"question_code": KQ.code})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select good practice or poor practice" in html and "Describe the practice" in html


def test_the_examples_question_list_marks_a_shortened_question_with_an_ellipsis(world, as_user):
    """Long question texts were cut at 80 characters mid-word ('…, including'), with nothing
    to show the rest was missing."""
    from html import unescape

    html = unescape(as_user(world.ian).get(page(world.assessment, "examples")).content.decode())
    long = next(q for q in load_framework(FRAMEWORK).questions() if len(q.text) > 80)
    short = next(q for q in load_framework(FRAMEWORK).questions() if len(q.text) <= 80)
    option = html[html.index(f'value="{long.code}"'):]
    option = option[option.index(">") + 1:option.index("</option>")]
    assert option.startswith(f"{long.code} {long.text[:40]}") and option.endswith("…")
    assert len(option) <= len(long.code) + 1 + 80
    assert f">{short.code} {short.text}</option>" in html

def test_the_json_api_saves_through_the_same_service(world, as_user):
    client = as_user(world.ian)
    url = f"/api/assessments/{world.assessment.pk}/answers"
    body = {"version": 1, "answers": {KQ.code: {"value": "no", "rationale": "none"}}}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200 and response.json() == {"version": 2, "changed": [KQ.code]}
    stale = client.post(url, body, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["version"] == 2
    invalid = client.post(url, {"version": 2, "answers": {KQ.code: {"value": "no"}}},
                          content_type="application/json")
    assert invalid.status_code == 400
    assert f"{KQ.code}.rationale" in invalid.json()["errors"]
    assert client.post(url, "nonsense", content_type="application/json").status_code == 400


def test_the_api_updates_and_clears_a_stored_answer(world, as_user):
    # The save knows from the answers it read whether to insert, update or delete the row.
    client = as_user(world.ian)
    url = f"/api/assessments/{world.assessment.pk}/answers"
    steps = [("yes", ("yes", "")), ("no", ("no", "none on file")), (None, None)]
    for version, (value, expected) in enumerate(steps, start=1):
        given = {"value": value, "rationale": "none on file" if value == "no" else ""}
        response = client.post(url, {"version": version, "answers": {KQ.code: given}},
                               content_type="application/json")
        assert response.json() == {"version": version + 1, "changed": [KQ.code]}
        assert stored(world.assessment).get(KQ.code) == expected
    assert Answer.objects.filter(assessment=world.assessment).count() == 0


def test_the_api_refuses_what_the_user_may_not_edit_and_writes_nothing(world, as_user):
    from caseinspect.web.audit.models import AuditEvent

    before = AuditEvent.objects.count()
    body = {"version": 1, "answers": {KQ.code: {"value": "yes"}}}
    bob = as_user(world.bob)
    mine = f"/api/assessments/{world.assessment.pk}/answers"
    assert bob.post(mine, body, content_type="application/json").status_code == 403
    assert bob.post("/api/assessments/999999/answers", body,
                    content_type="application/json").status_code == 404
    assert stored(world.assessment) == {} and AuditEvent.objects.count() == before


def test_a_signed_in_user_who_is_deactivated_or_loses_the_role_is_refused_at_once(
    world, as_user
):
    """The signed-in user is read afresh on every request (one plain query), not cached."""
    client = as_user(world.ian)
    url = f"/api/assessments/{world.assessment.pk}/answers"
    body = {"version": 1, "answers": {KQ.code: {"value": "yes"}}}
    assert client.get("/api/me").status_code == 200
    type(world.ian).objects.filter(pk=world.ian.pk).update(role="viewer")
    assert client.post(url, body, content_type="application/json").status_code == 403
    type(world.ian).objects.filter(pk=world.ian.pk).update(role="inspector", is_active=False)
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 302 and "/sign-in" in refused["Location"]
    assert client.get("/api/me").status_code == 302
    assert stored(world.assessment) == {}
    world.assessment.refresh_from_db()
    assert world.assessment.version == 1


def test_changing_the_password_ends_the_other_sessions(world, as_user):
    client = as_user(world.ian)
    assert client.get("/api/me").status_code == 200
    world.ian.set_password("a completely new passphrase")
    world.ian.save()
    assert client.get("/api/me").status_code == 302


def test_the_signed_in_user_reads_like_any_other(world, as_user):
    # Columns the request does not load (last_login, date_joined) load when asked for.
    client = as_user(world.ian)
    response = client.get("/api/me")
    user = response.wsgi_request.user
    assert (user.pk, user.email, user.role, user.is_active) == (
        world.ian.pk, "ian@example.org", "inspector", True
    )
    assert user.date_joined == type(world.ian).objects.get(pk=world.ian.pk).date_joined


def test_the_api_says_who_is_signed_in(world, as_user):
    response = as_user(world.quinn).get("/api/me")
    assert response.json() == {"email": "quinn@example.org", "name": "Quinn",
                               "role": "quality_assurer"}


def test_the_inspector_home_lists_their_cases_with_progress(world, as_user):
    services.save_answers(world.assessment, {KQ.code: services.AnswerInput("yes")}, world.ian, 1)
    total = sum(1 + len(kq.prompts) for kq in FRAMEWORK_DATA.key_questions())
    html = as_user(world.ian).get("/").content.decode()
    assert "govuk-task-list" in html and "Case A123456" in html
    assert f"1 of {total} questions answered" in html and "In progress" in html
    assert "B234567" not in html


def test_the_inspector_home_counts_each_cases_own_answers(world, as_user):
    # Two cases of one inspector: each row counts its own assessment's answers, not the other's.
    codes = [code for kq in FRAMEWORK_DATA.key_questions()
             for code in [kq.code, *(p.code for p in kq.prompts)]]
    second = make_assessment(
        make_case(world.inspection, crn="C345678", inspector=world.ian), world.ian,
        answers=dict.fromkeys(codes[:3], "yes"),
    )
    services.save_answers(world.assessment, {KQ.code: services.AnswerInput("yes")}, world.ian, 1)
    html = as_user(world.ian).get("/").content.decode()
    total = len(codes)
    first_row, second_row = html.split("A123456", 1)[1], html.split("C345678", 1)[1]
    assert f"1 of {total} questions answered" in first_row.split("</li>", 1)[0]
    assert f"3 of {total} questions answered" in second_row.split("</li>", 1)[0]
    assert second.answers.count() == 3


def test_the_conflict_message_gives_the_time_and_date_as_the_pages_write_them(world):
    from datetime import UTC, datetime

    world.assessment.updated_at = datetime(2026, 12, 1, 9, 25, tzinfo=UTC)
    message = str(services.StaleVersion(world.assessment))
    assert "at 09:25 on 1 December 2026," in message
