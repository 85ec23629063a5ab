"""Bulk in and out: import cases (and completed assessments) from a case table, all or
nothing; export the inspection's case table as CSV, Excel or Parquet."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from caseinspect.errors import InputError, Problem
from caseinspect.web.accounts.models import User
from caseinspect.web.audit.log import record
from caseinspect.web.inspections import access, importing, tables
from caseinspect.web.inspections.forms import ImportForm
from caseinspect.web.inspections.importing import ImportSummary
from caseinspect.web.inspections.models import Inspection
from caseinspect.web.ui import ErrorLink, form_errors

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}
READABLE = (".csv", ".xlsx", ".parquet")


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _import_upload(inspection: Inspection, form: ImportForm, user: User) -> ImportSummary:
    """Read the upload and import it, or raise InputError (nothing imported)."""
    upload = form.cleaned_data["file"]
    suffix = Path(upload.name).suffix.lower()
    if suffix not in READABLE:
        raise InputError.single("The file must be a CSV, Excel (.xlsx) or Parquet file")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        limit = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
        raise InputError.single(f"The file must be smaller than {limit} MB")
    return importing.import_case_file(inspection, b"".join(upload.chunks()), upload.name, user)


@require_http_methods(["GET", "POST"])
def import_cases(request: HttpRequest, inspection_id: int) -> HttpResponse:
    user = _user(request)
    inspection = get_object_or_404(Inspection, pk=inspection_id)
    access.require(access.can_manage(user, inspection))
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[Problem] = []
    errors: list[ErrorLink] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                summary = _import_upload(inspection, form, user)
            except InputError as exc:
                problems = exc.problems
            else:
                messages.success(request, f"{summary} from {form.cleaned_data['file'].name}")
                return redirect("inspections:detail", inspection.pk)
            count = len(problems)
            errors = [
                ErrorLink(
                    "#problems",
                    f"The case table has {count} problem{'s' if count != 1 else ''}. "
                    "Nothing was imported. Correct them and upload it again.",
                )
            ]
        else:
            errors = form_errors(form)
    return render(
        request,
        "inspections/import.html",
        {"inspection": inspection, "form": form, "errors": errors, "problems": problems},
        status=400 if errors else 200,
    )


@require_GET
def export(request: HttpRequest, inspection_id: int, fmt: str) -> HttpResponse:
    user = _user(request)
    inspection = get_object_or_404(Inspection, pk=inspection_id)
    access.require(access.can_export(user, inspection))
    if fmt not in FORMATS:
        raise Http404("unknown format")
    pseudonymised = access.export_is_pseudonymised(user)
    records = tables.case_records(inspection, pseudonymise=pseudonymised, assessed_only=False)
    content = tables.case_table_bytes(records, inspection, fmt)
    record(
        user,
        "export",
        inspection,
        summary=f"Exported the case table of {inspection} as {fmt} ({len(records)} cases, "
        + ("pseudonymised)" if pseudonymised else "with CRNs)"),
    )
    response = HttpResponse(content, content_type=FORMATS[fmt])
    filename = f"{slugify(inspection.name) or 'inspection'}-case-table.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
