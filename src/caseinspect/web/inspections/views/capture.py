"""Capturing a case assessment: the case's task list, one page per standard, the facts page,
check your answers, and the moves between states (submit, quality assure, finalise)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from caseinspect.frameworks import Framework, Standard
from caseinspect.web.accounts.models import User
from caseinspect.web.audit.log import record
from caseinspect.web.inspections import access, progress, services
from caseinspect.web.inspections.access import require
from caseinspect.web.inspections.forms import ExampleForm
from caseinspect.web.inspections.models import Answer, Assessment
from caseinspect.web.ui import ErrorLink, field_id, form_errors, keyed_errors, plain_errors

CHOICES = [(v.value, v.label) for v in Answer.Value]
LABELS = dict(CHOICES)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _assessment(request: HttpRequest, assessment_id: int, page: str) -> Assessment:
    """The assessment, if the user may read it; the view of its case is audited."""
    assessment = get_object_or_404(
        Assessment.objects.select_related("case__inspection", "case__delivery_unit", "inspector"),
        pk=assessment_id,
    )
    require(access.can_view_assessment(_user(request), assessment))
    if request.method == "GET":
        record(
            request.user,
            "view",
            assessment.case,
            summary=f"Viewed case {assessment.case.crn}: {page}",
        )
    return assessment


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _question(code: str, text: str, values: Mapping[str, str]) -> dict[str, Any]:
    value = values.get(code, "")
    return {
        "code": code,
        "text": text,
        "id": field_id(code),
        "value": value,
        "label": LABELS.get(value, "Not answered"),
    }


def _standard_blocks(
    standard: Standard, values: Mapping[str, str], rationales: Mapping[str, str]
) -> list[dict[str, Any]]:
    return [
        {
            "key_question": _question(kq.code, kq.text, values),
            "rationale": rationales.get(kq.code, ""),
            "prompts": [_question(p.code, p.text, values) for p in kq.prompts],
        }
        for kq in standard.key_questions
    ]


def _annotate(questions: Iterable[dict[str, Any]], errors: list[ErrorLink]) -> None:
    """Put each field's error message beside the field, as the GOV.UK pattern wants."""
    texts = {e.href.rsplit("#", 1)[-1]: e.text for e in errors}
    for q in questions:
        q["error"] = texts.get(f"answer-{q['id']}", "")
        q["rationale_error"] = texts.get(f"rationale-{q['id']}", "")


def _reason_error(errors: list[ErrorLink]) -> str:
    return next((e.text for e in errors if e.href == "#reason"), "")


def _stored(assessment: Assessment) -> tuple[dict[str, str], dict[str, str]]:
    answers = list(assessment.answers.all())
    return {a.code: a.value for a in answers}, {a.code: a.rationale for a in answers}


def _posted(
    request: HttpRequest, codes: Iterable[str], with_rationale: set[str]
) -> tuple[dict[str, str], dict[str, str]]:
    values = {c: request.POST[f"answer-{c}"] for c in codes if request.POST.get(f"answer-{c}")}
    rationales = {c: request.POST.get(f"rationale-{c}", "") for c in with_rationale}
    return values, rationales


def _save(
    request: HttpRequest,
    assessment: Assessment,
    values: Mapping[str, str],
    rationales: Mapping[str, str],
) -> list[ErrorLink] | None:
    """Save the posted answers through the service; the errors to show, or None if saved."""
    loose = [c for c, text in rationales.items() if text.strip() and c not in values]
    if loose:
        return [
            ErrorLink(f"#answer-{field_id(c)}", f"Select yes, no or not applicable for {c}")
            for c in loose
        ]
    answers = {
        code: services.AnswerInput(value, rationales.get(code, ""))
        for code, value in values.items()
    }
    try:
        services.save_answers(
            assessment,
            answers,
            _user(request),
            _version(request),
            reason=request.POST.get("reason", ""),
        )
    except services.StaleVersion as exc:
        return plain_errors([str(exc)])
    except services.Invalid as exc:
        ids = {code: f"answer-{field_id(code)}" for code in exc.errors}
        ids |= {f"{c}.rationale": f"rationale-{field_id(c)}" for c in rationales}
        return keyed_errors(exc.errors, ids)
    return None


def _next_page(assessment: Assessment, framework: Framework, current: str) -> str:
    pages = [
        reverse("inspections:standard", args=[assessment.pk, s.code]) for s in framework.standards
    ]
    if framework.facts:
        pages.append(reverse("inspections:facts", args=[assessment.pk]))
    pages.append(reverse("inspections:check", args=[assessment.pk]))
    here = pages.index(current) if current in pages else len(pages) - 2
    return pages[min(here + 1, len(pages) - 1)]


def _after_save(request: HttpRequest, assessment: Assessment, framework: Framework) -> HttpResponse:
    if "later" in request.POST:
        messages.success(request, f"Your answers for case {assessment.case.crn} are saved")
        return redirect("inspections:assessment", assessment.pk)
    return redirect(_next_page(assessment, framework, request.path))


@require_GET
def assessment_tasks(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment(request, assessment_id, "task list")
    framework = services.framework_of(assessment.case.inspection)
    answered = set(assessment.answers.values_list("code", flat=True))
    return render(
        request,
        "inspections/assessment.html",
        {
            "assessment": assessment,
            "tasks": progress.standard_tasks(framework, answered),
            "facts": progress.facts_task(framework, answered) if framework.facts else None,
            "can_edit": access.can_edit_assessment(request.user, assessment),
        },
    )


@require_http_methods(["GET", "POST"])
def standard_page(request: HttpRequest, assessment_id: int, standard_code: str) -> HttpResponse:
    assessment = _assessment(request, assessment_id, f"standard {standard_code}")
    framework = services.framework_of(assessment.case.inspection)
    standard = next((s for s in framework.standards if s.code == standard_code), None)
    if standard is None:
        raise Http404("no such standard")
    if not access.can_edit_assessment(request.user, assessment):
        return redirect(reverse("inspections:check", args=[assessment.pk]) + f"#{standard.code}")
    errors: list[ErrorLink] = []
    values, rationales = _stored(assessment)
    if request.method == "POST":
        codes = [
            c for kq in standard.key_questions for c in [kq.code, *(p.code for p in kq.prompts)]
        ]
        values, rationales = _posted(request, codes, {kq.code for kq in standard.key_questions})
        found = _save(request, assessment, values, rationales)
        if found is None:
            return _after_save(request, assessment, framework)
        errors = found
    blocks = _standard_blocks(standard, values, rationales)
    _annotate([b["key_question"] for b in blocks], errors)
    _annotate([p for b in blocks for p in b["prompts"]], errors)
    return render(
        request,
        "inspections/standard.html",
        {
            "assessment": assessment,
            "standard": standard,
            "blocks": blocks,
            "choices": CHOICES,
            "errors": errors,
            "reason": request.POST.get("reason", ""),
            "reason_error": _reason_error(errors),
            "version": request.POST.get("version", assessment.version),
        },
        status=_status(errors),
    )


def _status(errors: list[ErrorLink]) -> int:
    if not errors:
        return 200
    return 409 if errors[0].text.startswith("Someone else changed") else 400


@require_http_methods(["GET", "POST"])
def facts_page(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment(request, assessment_id, "facts")
    framework = services.framework_of(assessment.case.inspection)
    if not access.can_edit_assessment(request.user, assessment):
        return redirect(reverse("inspections:check", args=[assessment.pk]) + "#facts")
    errors: list[ErrorLink] = []
    values, _ = _stored(assessment)
    if request.method == "POST":
        values, _ = _posted(request, [f.code for f in framework.facts], set())
        found = _save(request, assessment, values, {})
        if found is None:
            return _after_save(request, assessment, framework)
        errors = found
    facts = [_question(f.code, f.text, values) for f in framework.facts]
    _annotate(facts, errors)
    return render(
        request,
        "inspections/facts.html",
        {
            "assessment": assessment,
            "facts": facts,
            "choices": CHOICES,
            "errors": errors,
            "reason": request.POST.get("reason", ""),
            "reason_error": _reason_error(errors),
            "version": request.POST.get("version", assessment.version),
        },
        status=_status(errors),
    )


def _check_context(request: HttpRequest, assessment: Assessment) -> dict[str, Any]:
    framework = services.framework_of(assessment.case.inspection)
    values, rationales = _stored(assessment)
    user = _user(request)
    return {
        "assessment": assessment,
        "standards": [
            {"standard": s, "blocks": _standard_blocks(s, values, rationales)}
            for s in framework.standards
        ],
        "facts": [_question(f.code, f.text, values) for f in framework.facts],
        "examples": assessment.examples.all(),
        "can_edit": access.can_edit_assessment(user, assessment),
        "can_submit": assessment.status == Assessment.Status.DRAFT
        and assessment.inspector_id == user.pk
        and access.can_edit_assessment(user, assessment),
        "can_quality_assure": assessment.status == Assessment.Status.SUBMITTED
        and access.can_quality_assure(user, assessment),
        "can_finalise": assessment.status == Assessment.Status.QUALITY_ASSURED
        and access.can_finalise(user, assessment),
        "can_see_history": access.can_view_history(user, assessment.case),
    }


@require_GET
def check_answers(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment(request, assessment_id, "check answers")
    return render(request, "inspections/check.html", _check_context(request, assessment))


def _move(request: HttpRequest, assessment_id: int, action: str) -> HttpResponse:
    assessment = _assessment(request, assessment_id, action)
    user = _user(request)
    done = {
        "submit": "submitted",
        "quality_assure": "marked as quality assured",
        "finalise": "finalised",
    }[action]
    try:
        if action == "submit":
            services.submit_assessment(assessment, user, _version(request))
        elif action == "quality_assure":
            services.quality_assure(
                assessment, user, _version(request), note=request.POST.get("note", "")
            )
        else:
            services.finalise(assessment, user, _version(request))
    except services.Invalid as exc:
        framework = services.framework_of(assessment.case.inspection)
        pages = {
            q.code: reverse("inspections:standard", args=[assessment.pk, q.standard])
            for q in framework.questions()
            if q.standard
        }
        errors = [
            ErrorLink(f"{pages.get(code, '')}#answer-{field_id(code)}", text)
            for code, text in exc.errors.items()
        ]
        context = _check_context(request, assessment) | {"errors": errors}
        return render(request, "inspections/check.html", context, status=400)
    except (services.StaleVersion, services.WrongState) as exc:
        context = _check_context(request, assessment) | {"errors": plain_errors([str(exc)])}
        return render(request, "inspections/check.html", context, status=409)
    messages.success(request, f"Case {assessment.case.crn} is {done}")
    return redirect("inspections:check", assessment.pk)


@require_POST
def submit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    return _move(request, assessment_id, "submit")


@require_POST
def quality_assure(request: HttpRequest, assessment_id: int) -> HttpResponse:
    return _move(request, assessment_id, "quality_assure")


@require_POST
def finalise(request: HttpRequest, assessment_id: int) -> HttpResponse:
    return _move(request, assessment_id, "finalise")


@require_http_methods(["GET", "POST"])
def examples(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment(request, assessment_id, "practice examples")
    can_edit = access.can_edit_assessment(request.user, assessment)
    form = ExampleForm(assessment.case.inspection, request.POST or None)
    errors: list[ErrorLink] = []
    if request.method == "POST":
        require(can_edit)
        if form.is_valid():
            try:
                services.add_practice_example(assessment, _user(request), **form.cleaned_data)
            except services.Invalid as exc:
                errors = keyed_errors(exc.errors, {k: form[k].auto_id for k in form.fields})
            else:
                messages.success(request, "The practice example is saved")
                return redirect("inspections:examples", assessment.pk)
        errors = errors or form_errors(form)
    return render(
        request,
        "inspections/examples.html",
        {
            "assessment": assessment,
            "form": form,
            "errors": errors,
            "examples": assessment.examples.all(),
            "can_edit": can_edit,
        },
        status=400 if errors else 200,
    )
