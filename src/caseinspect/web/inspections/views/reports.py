"""The inspection report and the research bulletin as downloads from an inspection's results,
built by the same code as ``caseinspect report`` from the inspection's case table.

Analysts and viewers always get the published version (disclosure control, no free text but
examples marked anonymised and publishable); members may ask for it with ``publish=1``. Every
download is written to the audit log.
"""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from caseinspect.reports.build import FORMATS, build_report, render
from caseinspect.reports.options import KINDS, Example, ReportOptions
from caseinspect.web.accounts.models import Role, User
from caseinspect.web.audit.log import record
from caseinspect.web.inspections import access, tables
from caseinspect.web.inspections.models import Inspection, PracticeExample

#: Roles that only ever see published figures.
PUBLISHED_ONLY = (Role.ANALYST, Role.VIEWER)


def must_publish(user: User) -> bool:
    return user.role in PUBLISHED_ONLY


def publishable_examples(inspection: Inspection) -> list[Example]:
    """The practice examples of the inspection's counted assessments that inspectors marked
    anonymised and publishable — the only free text a report may hold."""
    counted = list(tables.counted_assessments(inspection).values())
    return [Example(e.question_code, "good" if e.kind == "good" else "poor", e.text, True)
            for e in PracticeExample.objects.filter(assessment__in=counted, publishable=True)
            .order_by("question_code", "created_at", "pk")]


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _period(inspection: Inspection) -> str:
    start = _long(inspection.start_date)
    return f"{start} to {_long(inspection.end_date)}" if inspection.end_date else f"from {start}"


@require_GET
def download(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """``?kind=inspection|bulletin&format=pdf|html|xlsx[&publish=1]`` (default the
    inspection report as PDF)."""
    user = request.user
    assert isinstance(user, User)
    inspection = get_object_or_404(Inspection.objects.select_related("region"), pk=inspection_id)
    access.require(access.can_view_results(user, inspection))
    kind = request.GET.get("kind", "inspection")
    fmt = request.GET.get("format", "pdf")
    if kind not in KINDS or fmt not in FORMATS:
        raise Http404("unknown kind or format")
    if kind == "inspection" and inspection.kind == Inspection.Kind.DYNAMIC:
        # Its figures feed the regional diagnosis, not ratings (seed 004): no rating report.
        raise Http404("a dynamic inspection is diagnosed, not rated: see its diagnosis")
    publish = must_publish(user) or request.GET.get("publish") == "1"
    records = tables.case_records(inspection, pseudonymise=True, assessed_only=True)
    if not records:
        raise Http404("no submitted assessment yet")
    options = ReportOptions(
        kind="inspection" if kind == "inspection" else "bulletin",
        created=timezone.localdate(), publish=publish, framework=inspection.framework_code,
        period=_period(inspection), name=f"{inspection.name} ({inspection.region.name})",
        title=inspection.name if kind == "inspection" else None,
        by=("pdu",) if any(r["pdu"] for r in records) else ())
    report = build_report(tables.case_table(records, inspection), options,
                          publishable_examples(inspection))
    content = render(report, fmt)
    version = "published version" if publish else "internal version"
    record(user, "export", inspection,
           summary=f"Downloaded the {kind} report of {inspection} as {fmt} ({version}, "
                   f"{len(records)} cases)")
    response = HttpResponse(content, content_type=FORMATS[fmt][1])
    suffix = "-published" if publish else ""
    filename = f"{slugify(inspection.name) or 'inspection'}-{kind}{suffix}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
