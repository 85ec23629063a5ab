"""A small JSON API over the same services as the pages (session sign-in and CSRF token,
like a form post): save answers to an assessment."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Model
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_GET, require_POST

from caseinspect.web.accounts.models import User
from caseinspect.web.inspections import access, services
from caseinspect.web.inspections.models import Answer, Assessment, Case, Inspection
from caseinspect.web.statements import Statement


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


def _in_model_order(model: type[Model], names: set[str]) -> list[str]:
    """``names`` in the order of the model's fields, as ``Model.from_db`` wants them."""
    return [f.attname for f in model._meta.concrete_fields if f.attname in names]


# What saving needs of an assessment, its case and inspection — and the stored answers
# among the codes being saved — in one statement (each save is a request: this is the hot
# path). The columns named here are all the instances hold; any other is read from the
# database if asked for.
_ASSESSMENT_COLUMNS = _in_model_order(
    Assessment, {"id", "case_id", "inspector_id", "status", "version"}
)
_CASE_COLUMNS = _in_model_order(Case, {"id", "inspection_id", "crn"})
_INSPECTION_COLUMNS = _in_model_order(Inspection, {"id", "framework_code"})
_ANSWER_COLUMNS = ("code", "value", "rationale")
_ASSESSMENT_SQL = (
    "SELECT "
    + ", ".join(
        [f'a."{c}"' for c in _ASSESSMENT_COLUMNS]
        + [f'c."{c}"' for c in _CASE_COLUMNS]
        + [f'i."{c}"' for c in _INSPECTION_COLUMNS]
        + [f'ans."{c}"' for c in _ANSWER_COLUMNS]
    )
    + f' FROM "{Assessment._meta.db_table}" a'
    f' JOIN "{Case._meta.db_table}" c ON c."id" = a."case_id"'
    f' JOIN "{Inspection._meta.db_table}" i ON i."id" = c."inspection_id"'
    f' LEFT JOIN "{Answer._meta.db_table}" ans ON ans."assessment_id" = a."id"'
    ' AND ans."code" IN ({codes})'
    ' WHERE a."id" = %s'
)


# Bounded: the count comes from the request (a client may send any number of codes).
@lru_cache(maxsize=64)
def _assessment_sql(count: int) -> Statement:
    """The statement reading an assessment with ``count`` codes' stored answers."""
    return Statement(_ASSESSMENT_SQL.format(codes=", ".join(["%s"] * count) or "NULL"))


_A = len(_ASSESSMENT_COLUMNS)
_C = _A + len(_CASE_COLUMNS)
_I = _C + len(_INSPECTION_COLUMNS)


def _assessment_to_save(
    assessment_id: int, codes: list[str]
) -> tuple[Assessment, dict[str, services.AnswerState]]:
    """The assessment with its case and inspection loaded (as ``select_related`` would, but
    only the columns saving uses), and its stored answers among ``codes`` — or 404."""
    rows = _assessment_sql(len(codes)).rows([*codes, assessment_id])
    if not rows:
        raise Http404("No assessment matches the given query.")
    row = rows[0]
    db = connection.alias
    assessment = Assessment.from_db(db, _ASSESSMENT_COLUMNS, row[:_A])
    case = Case.from_db(db, _CASE_COLUMNS, row[_A:_C])
    # Cached as select_related caches them: the ids were read with the rows, so the
    # descriptors' checks (assigning ``assessment.case = case``) have nothing to add.
    Case.inspection.field.set_cached_value(
        case, Inspection.from_db(db, _INSPECTION_COLUMNS, row[_C:_I])
    )
    Assessment.case.field.set_cached_value(assessment, case)
    stored = {
        code: {"value": value, "rationale": rationale}
        for code, value, rationale in (r[_I:] for r in rows)
        if code is not None
    }
    return assessment, stored


def _refused(request: HttpRequest, assessment_id: int, message: str) -> JsonResponse:
    """A malformed request: 404 or 403 as a well-formed one would get, else 400."""
    assessment, _ = _assessment_to_save(assessment_id, [])
    user = request.user
    access.require(access.can_edit_assessment(user, assessment))
    return _bad(message)


@require_POST
def save_answers(request: HttpRequest, assessment_id: int) -> JsonResponse:
    """Body: ``{"version": 3, "reason": "", "answers": {"2.1.1": {"value": "no",
    "rationale": "…"}}}``. Answers 200 with the new version, 400 with errors by field, 403,
    or 409 when the version is stale (nothing saved)."""
    user = request.user
    assert isinstance(user, User)
    try:
        body = json.loads(request.body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _refused(request, assessment_id, "the body must be JSON")
    if not isinstance(body, dict):
        return _refused(request, assessment_id, "the body must be a JSON object")
    answers = _answers(body.get("answers"))
    version = body.get("version")
    if answers is None or not isinstance(version, int):
        return _refused(
            request,
            assessment_id,
            "give answers as {code: {value, rationale}} and the version as a number",
        )
    assessment, stored = _assessment_to_save(assessment_id, list(answers))
    try:
        # The service checks the user may edit the assessment (403 otherwise).
        changed = services.save_answers(
            assessment, answers, user, version, reason=str(body.get("reason", "")),
            stored=stored,
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
