"""The regional diagnosis: the page, and the same as an HTML or PDF download rendered by
:mod:`caseinspect.reports.diagnosis`. Analysts and viewers get the aggregate version (no free
text); every download is audited as an export."""

from __future__ import annotations

from datetime import UTC, datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from caseinspect.reports import diagnosis as report
from caseinspect.web.audit.log import record
from caseinspect.web.dynamic import access
from caseinspect.web.dynamic.diagnosis import diagnosis_data
from caseinspect.web.dynamic.views.common import dynamic_inspection, user_of

FORMATS = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}


@require_GET
def diagnosis(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = dynamic_inspection(request, inspection_id)
    data = diagnosis_data(inspection, user_of(request))
    return render(
        request,
        "dynamic/diagnosis.html",
        {"inspection": inspection, "d": data,
         "readable": access.can_read(request.user, inspection)},
    )


@require_GET
def diagnosis_download(request: HttpRequest, inspection_id: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("unknown format")
    inspection = dynamic_inspection(request, inspection_id)
    user = user_of(request)
    data = diagnosis_data(inspection, user)
    created = datetime.now(UTC).replace(microsecond=0)
    if fmt == "pdf":
        content: bytes = report.render_pdf(data, created)
    else:
        content = report.render_html(data, created).encode("utf-8")
    version = "with free text" if data["free_text"] else "aggregate version"
    record(user, "export", inspection,
           summary=f"Downloaded the regional diagnosis of {inspection} as {fmt} ({version})")
    response = HttpResponse(content, content_type=FORMATS[fmt])
    filename = f"{slugify(inspection.name) or 'inspection'}-diagnosis.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
