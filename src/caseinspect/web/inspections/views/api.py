"""A small JSON API over the same services as the pages (session sign-in and CSRF token,
like a form post): save answers to an assessment."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_POST

from caseinspect.web.accounts.models import User
from caseinspect.web.inspections import access, services
from caseinspect.web.inspections.models import Assessment


def _bad(message: str) -> JsonResponse:
    return JsonResponse({"errors": {"request": message}}, status=400)


def _answers(raw: Any) -> dict[str, services.AnswerInput] | None:
    if not isinstance(raw, dict):
        return None
    answers = {}
    for code, given in raw.items():
        if not isinstance(given, dict):
            return None
        value, rationale = given.get("value"), given.get("rationale", "")
        if not (value is None or isinstance(value, str)) or not isinstance(rationale, str):
            return None
        answers[str(code)] = services.AnswerInput(value, rationale)
    return answers


@require_POST
def save_answers(request: HttpRequest, assessment_id: int) -> JsonResponse:
    """Body: ``{"version": 3, "reason": "", "answers": {"2.1.1": {"value": "no",
    "rationale": "…"}}}``. Answers 200 with the new version, 400 with errors by field, 403,
    or 409 when the version is stale (nothing saved)."""
    user = request.user
    assert isinstance(user, User)
    assessment = get_object_or_404(
        Assessment.objects.select_related("case__inspection"), pk=assessment_id
    )
    access.require(access.can_edit_assessment(user, assessment))
    try:
        body = json.loads(request.body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _bad("the body must be JSON")
    if not isinstance(body, dict):
        return _bad("the body must be a JSON object")
    answers = _answers(body.get("answers"))
    version = body.get("version")
    if answers is None or not isinstance(version, int):
        return _bad("give answers as {code: {value, rationale}} and the version as a number")
    try:
        changed = services.save_answers(
            assessment, answers, user, version, reason=str(body.get("reason", ""))
        )
    except services.StaleVersion as exc:
        return JsonResponse(
            {"errors": {"version": str(exc)}, "version": exc.current.version}, status=409
        )
    except services.Invalid as exc:
        return JsonResponse({"errors": exc.errors}, status=400)
    return JsonResponse({"version": assessment.version, "changed": changed})


@require_GET
def me(request: HttpRequest) -> JsonResponse:
    """Who the session belongs to: for API clients checking they are signed in."""
    user = request.user
    assert isinstance(user, User)
    return JsonResponse({"email": user.email, "name": user.name, "role": user.role})
