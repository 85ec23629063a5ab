"""Pages that belong to no one area: the health check and each role's home page."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from caseinspect.web.accounts.models import Role, User
from caseinspect.web.dynamic import access as dynamic_access
from caseinspect.web.inspections import access, progress
from caseinspect.web.inspections.models import Answer, Assessment
from caseinspect.web.inspections.services import framework_of


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 once the application can answer and reach its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok\n", content_type="text/plain")


def _my_cases(user: User) -> list[dict[str, Any]]:
    mine = Assessment.objects.filter(inspector=user, case__inspection__membership__user=user)
    # Progress needs only which codes each assessment has answered: read as pairs, not as
    # answer instances (an inspector's cases hold thousands of answers; building an instance
    # of each took most of the page's time).
    answered: dict[int, set[str]] = defaultdict(set)
    for assessment_id, code in Answer.objects.filter(assessment__in=mine).values_list(
        "assessment_id", "code"
    ):
        answered[assessment_id].add(code)
    rows = []
    for assessment in mine.select_related("case__inspection"):
        framework = framework_of(assessment.case.inspection)
        rows.append({
            "assessment": assessment,
            "progress": progress.overall(framework, answered[assessment.pk]),
        })
    return rows


def _to_quality_assure(user: User) -> list[Assessment]:
    return list(
        Assessment.objects.filter(
            status=Assessment.Status.SUBMITTED, case__inspection__membership__user=user
        )
        .exclude(inspector=user)
        .select_related("case__inspection", "inspector")
    )


def _inspections(user: User) -> list[dict[str, Any]]:
    """Each inspection the user may see, with the pages of it they may open, asked of the same
    access functions that authorise those pages: its own page (members and admins), its
    results, and a dynamic inspection's regional diagnosis."""
    rows = []
    for inspection in access.visible_inspections(user).select_related("region"):
        rows.append({
            "inspection": inspection,
            "detail": access.can_view_inspection(user, inspection),
            "results": access.can_view_results(user, inspection),
            "diagnosis": dynamic_access.is_dynamic(inspection)
            and dynamic_access.can_view_diagnosis(user, inspection),
        })
    return rows


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    context: dict[str, Any] = {
        "inspections": _inspections(user),
        "every_inspection": user.role in access.EVERY_INSPECTION,
        "can_create": access.can_create_inspection(user),
    }
    if user.role in (Role.INSPECTOR, Role.LEAD):
        context["my_cases"] = _my_cases(user)
    if user.role == Role.QA:
        context["to_quality_assure"] = _to_quality_assure(user)
    return render(request, "home.html", context)
