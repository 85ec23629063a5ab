"""A case's history, from the audit log: lead inspectors (of the inspection) and admins."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from caseinspect.web.audit.log import record
from caseinspect.web.audit.models import AuditEvent
from caseinspect.web.inspections import access
from caseinspect.web.inspections.models import Case


@require_GET
def case_history(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_object_or_404(Case.objects.select_related("inspection"), pk=case_id)
    access.require(access.can_view_history(request.user, case))
    record(request.user, "view", case, summary=f"Viewed case {case.crn}: history")
    events = AuditEvent.objects.filter(case_id=case.pk).order_by("-at", "-id")
    return render(request, "audit/case_history.html", {"case": case, "events": events})
