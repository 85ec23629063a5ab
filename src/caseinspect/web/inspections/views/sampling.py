"""Draw an inspection's case sample from a long list, check its allocation, confirm it.

A long list holds names and dates of birth. They are used in memory, in the one request that
uploads the file, for de-duplication only: the upload never goes to a temporary file (an
in-memory upload handler, whatever its size), and what is kept between drawing and confirming
— a :class:`SampleDraft` — is the result without them: the selected cases (CRN, attributes,
stratum, weight), the exclusions (CRN and reason), the allocation, the options and the seed.
After confirming, the draft stays as the record of how the inspection's cases were chosen.

:func:`draw` and :func:`confirm` are the two state changes (any shell calls them); the views
below them are thin.
"""

from __future__ import annotations

import io
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from caseinspect.errors import InputError, Problem
from caseinspect.sampling import (
    REASONS,
    SampleOptions,
    SelectedCase,
    case_table,
    draw_sample,
    read_long_list,
)
from caseinspect.sampling.draw import SEED_BITS
from caseinspect.sampling.labels import STRATUM_LABELS
from caseinspect.sampling.result import DEFAULT_MAX_PER_OFFICER
from caseinspect.web.accounts.models import User
from caseinspect.web.audit.log import record
from caseinspect.web.inspections import access, importing
from caseinspect.web.inspections.forms import DateField, GovukDateWidget
from caseinspect.web.inspections.models import Inspection, SampleDraft
from caseinspect.web.ui import ErrorLink, form_errors

READABLE = (".csv", ".xlsx")
MAX_SEED = 2**63 - 1
REASON_LABELS = {
    "sensitive": "Sensitive or redacted (an asterisk in a name)",
    "not_started": "Not yet started on the as-of date",
    "gender_missing": "Gender missing",
    "gender_other": "Gender other than male or female",
    "duplicate": "Duplicate of the same person's earlier case",
}
ADJUSTMENT_LABELS = {
    "buffer": "buffer",
    "size_cap": "capped at its size",
    "rounding": "rounding",
    "officer_cap": "officer cap",
    "officer_cap_reallocation": "from an officer over the cap",
}
LEVEL_LABELS = {"cluster": "Cluster", "ldu": "LDU", "responsible_officer": "Officer"}
AUDITED = ("requested", "buffer", "buffer_percent", "seed", "as_of", "max_per_officer",
           "long_list_cases", "eligible", "shortfall")


# The state changes ---------------------------------------------------------------------------


def draw(inspection: Inspection, by: User, data: bytes, filename: str,
         options: SampleOptions) -> SampleDraft:
    """Read a long list (in memory), draw the sample and keep it, without names or dates of
    birth, as the inspection's draft — replacing any earlier unconfirmed one.

    Raises :class:`InputError` listing every problem of the long list (nothing kept).
    """
    access.require(access.can_manage(by, inspection))
    result = draw_sample(read_long_list(io.BytesIO(data), filename), options)
    with transaction.atomic():
        for old in SampleDraft.objects.select_for_update().filter(
            inspection=inspection, confirmed_at=None
        ):
            record(by, "delete", old, before=_audit_state(old), reason="replaced by a new sample")
            old.delete()
        draft = SampleDraft.objects.create(
            inspection=inspection,
            source=filename[:255],
            created_by=by,
            report=result.to_dict(),
            summary=[row.to_dict() for row in result.summary_rows()],
            cases=[case.to_record() for case in result.selected],
        )
        record(by, "create", draft, after=_audit_state(draft))
    return draft


@dataclass(frozen=True)
class Confirmation:
    """``created`` cases were created now; ``already`` when the draft had been confirmed
    before (nothing created again)."""

    draft: SampleDraft
    created: int
    already: bool


def confirm(draft: SampleDraft, by: User) -> Confirmation:
    """Create the inspection's cases from the draft, once: through the case-table import (all
    or nothing, each case audited), and record who confirmed it and when.

    Raises :class:`InputError` (nothing written) when the import refuses a case, e.g. a CRN
    already in the inspection.
    """
    access.require(access.can_manage(by, draft.inspection))
    table = case_table([SelectedCase(**stored) for stored in draft.cases],
                       f"sample of {draft.source}")
    with transaction.atomic():
        now = timezone.now()
        # Claim the draft with a conditional UPDATE: of two simultaneous confirmations only
        # one changes the row, so the cases are created once.
        claimed = SampleDraft.objects.filter(pk=draft.pk, confirmed_at=None).update(
            confirmed_at=now, confirmed_by=by
        )
        if not claimed:
            draft.refresh_from_db()
            return Confirmation(draft=draft, created=0, already=True)
        imported = importing.import_case_table(draft.inspection, table, by, source=table.source)
        draft.confirmed_at, draft.confirmed_by = now, by
        record(
            by, "update", draft,
            before={"confirmed_at": None},
            after={"confirmed_at": now.isoformat(), "confirmed_by": by.email,
                   "cases": imported.cases},
            summary=f"Confirmed the sample of {draft.source}: {imported.cases} cases created",
        )
    return Confirmation(draft=draft, created=imported.cases, already=False)


def _audit_state(draft: SampleDraft) -> dict[str, Any]:
    """What the audit log keeps of a draft: its options, seed and counts (the cases' CRNs are
    in their own audit rows once created)."""
    report = draft.report
    return {
        "source": draft.source,
        **{key: report[key] for key in AUDITED},
        "selected": len(report["selected"]),
        "excluded": len(report["excluded"]),
    }


# The upload ----------------------------------------------------------------------------------


class InMemoryUpload(MemoryFileUploadHandler):
    """Keep an uploaded long list in memory whatever its size — never in a temporary file,
    as Django does above ``FILE_UPLOAD_MAX_MEMORY_SIZE`` — and stop keeping its bytes past
    ``UPLOAD_MAX_BYTES`` (the view then refuses it by its size)."""

    def handle_raw_input(self, input_data: Any, META: Any, content_length: int,
                         boundary: Any, encoding: str | None = None) -> None:
        self.activated = True
        self.too_big = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.too_big = self.too_big or start + len(raw_data) > settings.UPLOAD_MAX_BYTES
        if not self.too_big:
            self.file.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> UploadedFile[Any] | None:
        if self.too_big:
            self.file.truncate(0)
        return super().file_complete(file_size)


class SampleForm(forms.Form):
    file = forms.FileField(
        label="Upload the long list",
        help_text="CSV or Excel (.xlsx), one row per case, with the columns crn, pnc, "
        "first_name, family_name, dob, gender, sentence_type, rosh, start_date, end_date, "
        "cluster, ldu, team and responsible_officer.",
        error_messages={"required": "Select the long list file",
                        "empty": "The long list file is empty"},
    )
    size = forms.IntegerField(
        label="Cases requested",
        min_value=1,
        max_value=100_000,
        help_text="Before the buffer.",
        error_messages={
            "required": "Enter the number of cases requested",
            "invalid": "Cases requested must be a whole number, like 148",
            "min_value": "Cases requested must be 1 or more",
            "max_value": "Cases requested must be 100,000 or fewer",
        },
    )
    buffer = forms.DecimalField(
        label="Buffer, in percent",
        min_value=Decimal(0),
        max_value=Decimal(1000),
        decimal_places=2,
        initial=0,
        help_text="Extra cases for follow-up work, in percent of the cases requested.",
        error_messages={
            "required": "Enter the buffer, or 0 for none",
            "invalid": "The buffer must be a number, like 20",
            "min_value": "The buffer must be 0 or more",
            "max_value": "The buffer must be 1000 or less",
            "max_decimal_places": "The buffer can have at most 2 decimal places",
        },
    )
    seed = forms.IntegerField(
        label="Seed",
        min_value=0,
        max_value=MAX_SEED,
        required=False,
        help_text="A random seed is filled in; keep it, or enter another. The same long list, "
        "options and seed always give the same sample. Left blank, a random seed is chosen. "
        "Either way it is recorded with the sample.",
        error_messages={
            "invalid": "The seed must be a whole number, like 20250301",
            "min_value": "The seed must be 0 or more",
            "max_value": "The seed is too large",
        },
    )
    as_of = DateField(
        label="Cases started on or before",
        required=False,
        help_text="Cases starting after this date are excluded. For example, 27 3 2025. "
        "Left blank, today.",
    )
    max_per_officer = forms.IntegerField(
        label="Most cases per responsible officer",
        min_value=1,
        max_value=1000,
        initial=DEFAULT_MAX_PER_OFFICER,
        help_text="In the whole sample.",
        error_messages={
            "required": "Enter the most cases per responsible officer",
            "invalid": "The most cases per officer must be a whole number, like 6",
            "min_value": "The most cases per officer must be 1 or more",
            "max_value": "The most cases per officer must be 1000 or fewer",
        },
    )

    def options(self) -> SampleOptions:
        data = self.cleaned_data
        return SampleOptions(
            size=data["size"],
            buffer_percent=data["buffer"],
            seed=data["seed"],
            as_of=data["as_of"] or timezone.localdate(),
            max_per_officer=data["max_per_officer"],
        )


def _upload_data(upload: UploadedFile[Any]) -> bytes:
    """The upload's bytes, or InputError when it is not a CSV or XLSX file or too large."""
    name = upload.name or "long list"
    if Path(name).suffix.lower() not in READABLE:
        raise InputError.single("The long list must be a CSV or Excel (.xlsx) file", file=name)
    limit = settings.UPLOAD_MAX_BYTES
    if (upload.size or 0) > limit:
        size = f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit // 2**10} KB"
        raise InputError.single(f"The long list must be no larger than {size}", file=name)
    return b"".join(upload.chunks())


# The views -----------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _managed(request: HttpRequest, inspection_id: int) -> Inspection:
    inspection = get_object_or_404(Inspection.objects.select_related("region"), pk=inspection_id)
    access.require(access.can_manage(_user(request), inspection))
    return inspection


@csrf_exempt
@require_http_methods(["GET", "POST"])
def sample(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The upload form. Access is checked, and the in-memory handler set, before the body is
    read (so CSRF is checked just after, by :func:`_sample`)."""
    inspection = _managed(request, inspection_id)
    request.upload_handlers = [InMemoryUpload(request)]
    return _sample(request, inspection)


@csrf_protect
def _sample(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    initial = {"seed": secrets.randbits(SEED_BITS), "as_of": timezone.localdate()}
    bound = request.method == "POST"
    form = SampleForm(request.POST if bound else None, request.FILES if bound else None,
                      initial=initial)
    problems: list[Problem] = []
    errors: list[ErrorLink] = []
    if bound:
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                draw(inspection, _user(request), _upload_data(upload), upload.name,
                     form.options())
            except InputError as exc:
                problems = exc.problems
                errors = [ErrorLink(f"#problem-{i}", str(p)) for i, p in enumerate(problems, 1)]
            else:
                return redirect("inspections:sample_check", inspection.pk)
        else:
            errors = form_errors(form)
    return render(
        request,
        "inspections/sample.html",
        {"inspection": inspection, "form": form, "as_of": _date_boxes(form, "as_of"),
         "errors": errors, "problems": problems},
        status=400 if errors else 200,
    )


def _date_boxes(form: forms.Form, name: str) -> list[dict[str, Any]]:
    """The day, month and year boxes of a date field: (label, name, id, value, width).
    Written out here because the shared field include renders a MultiWidget as one box."""
    field = form[name]
    value = field.value()
    parts = value if isinstance(value, list) else GovukDateWidget().decompress(value)
    return [
        {"label": label, "name": f"{field.html_name}_{i}",
         "id": field.auto_id if i == 0 else f"{field.auto_id}_{i}",
         "value": "" if part is None else part, "width": 4 if i == 2 else 2}
        for i, (label, part) in enumerate(zip(("Day", "Month", "Year"), parts, strict=True))
    ]


@require_GET
def sample_check(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The drawn sample's allocation and exclusions, and the button to confirm it."""
    inspection = _managed(request, inspection_id)
    draft = SampleDraft.objects.filter(inspection=inspection, confirmed_at=None).first()
    if draft is None:
        messages.info(request, "There is no sample to check: draw one from a long list.")
        return redirect("inspections:sample", inspection.pk)
    return _check_page(request, inspection, draft, [], 200)


def _check_page(request: HttpRequest, inspection: Inspection, draft: SampleDraft,
                problems: list[Problem], status: int) -> HttpResponse:
    errors = [ErrorLink(f"#problem-{i}", str(p)) for i, p in enumerate(problems, 1)]
    return render(
        request,
        "inspections/sample_check.html",
        {"inspection": inspection, "draft": draft, "sample": report_context(draft),
         "errors": errors, "problems": problems},
        status=status,
    )


@require_POST
def sample_confirm(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = _managed(request, inspection_id)
    given = request.POST.get("draft", "")
    draft = (
        SampleDraft.objects.filter(inspection=inspection, pk=int(given)).first()
        if given.isdigit() else None
    )
    if draft is None:
        messages.info(request, "That sample was replaced by a newer one, or never drawn: "
                      "check the current sample before confirming it.")
        return redirect("inspections:sample_check", inspection.pk)
    try:
        done = confirm(draft, _user(request))
    except InputError as exc:
        return _check_page(request, inspection, draft, exc.problems, 400)
    if done.already:
        messages.info(request, f"This sample was already confirmed by {done.draft.confirmed_by} "
                      "and its cases created: nothing was created again.")
        return redirect("inspections:sample_record", inspection.pk)
    messages.success(request, f"{done.created} case{'s' if done.created != 1 else ''} "
                     f"created from the sample of {draft.source}")
    return redirect("inspections:detail", inspection.pk)


@require_GET
def sample_record(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """How the inspection's cases were chosen: every confirmed sample with its options, seed,
    allocation and exclusions."""
    inspection = _managed(request, inspection_id)
    drafts = SampleDraft.objects.filter(inspection=inspection).exclude(
        confirmed_at=None
    ).select_related("created_by", "confirmed_by")
    return render(
        request,
        "inspections/sample_record.html",
        {"inspection": inspection,
         "samples": [(draft, report_context(draft)) for draft in drafts],
         "pending": SampleDraft.objects.filter(inspection=inspection, confirmed_at=None)
         .exists()},
    )


# What the pages show -------------------------------------------------------------------------


def _percent(part: float) -> str:
    return f"{part:.1%}"


def _stratum(code: str) -> str:
    return STRATUM_LABELS.get(code, code)


def _day(iso: str) -> str:
    """A stored ISO date as the service writes dates: ``2025-06-30`` → ``30 June 2025``."""
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def _adjustments(node: dict[str, Any]) -> str:
    return ", ".join(f"{ADJUSTMENT_LABELS.get(a['kind'], a['kind'])} {a['change']:+d}"
                     for a in node["adjustments"])


def _walk(node: dict[str, Any], path: tuple[str, ...] = ()) -> Any:
    """(path of names, node) for a stored allocation node and every node below it."""
    name = next(node[level] for level in ("stratum", "cluster", "ldu", "responsible_officer")
                if level in node)
    here = (*path, name)
    yield here, node
    for key in ("clusters", "ldus", "officers"):
        for child in node.get(key, ()):
            yield from _walk(child, here)


def report_context(draft: SampleDraft) -> dict[str, Any]:
    """A stored sample as the plain figures its pages show."""
    report = draft.report
    sampled = len(report["selected"])
    adjustments = {path: _adjustments(node) for stratum in report["allocation"]
                   for path, node in _walk(stratum)}
    shares = {s["stratum"]: s["share"] for s in report["strata"]}
    strata = [
        {"code": node["stratum"], "name": _stratum(node["stratum"]),
         "population": node["population"],
         "population_share": _percent(shares[node["stratum"]]),
         "proportional": node["proportional"], "sample": node["sample"],
         "sample_share": _percent(node["sample"] / sampled if sampled else 0.0),
         "adjustments": _adjustments(node), "places": []}
        for node in report["allocation"]
    ]
    by_code: dict[str, dict[str, Any]] = {s["code"]: s for s in strata}
    for row in draft.summary:
        if row["level"] == "stratum":
            continue
        path = tuple(row[level] for level in ("stratum", "cluster", "ldu",
                                               "responsible_officer") if row[level] is not None)
        by_code[row["stratum"]]["places"].append({
            "level": LEVEL_LABELS[row["level"]], "depth": len(path) - 1,
            "name": " / ".join(path[1:]), "population": row["population"],
            "population_share": _percent(row["population_share"]), "sample": row["sample"],
            "sample_share": _percent(row["sample_share"]), "adjustments": adjustments[path],
        })
    reasons = Counter(e["reason"] for e in report["excluded"])
    percent = report["buffer_percent"]
    options: list[tuple[str, object]] = [
        ("Long list", draft.source),
        ("Cases requested", report["requested"]),
        ("Buffer", f"{percent}% of the cases requested: {report['buffer']} "
                   f"case{'s' if report['buffer'] != 1 else ''}"),
        ("Seed", report["seed"]),
        ("Cases started on or before", _day(report["as_of"])),
        ("Most cases per responsible officer", report["max_per_officer"]),
    ]
    figures: list[tuple[str, object]] = [
        ("Cases in the long list", report["long_list_cases"]),
        ("Eligible", report["eligible"]),
        ("Excluded", len(report["excluded"])),
        ("In the sample", sampled),
        ("Shortfall", report["shortfall"]),
    ]
    return {
        "options": options,
        "figures": figures,
        "strata": strata,
        "sampled": sampled,
        "shortfall": report["shortfall"],
        "reasons": [(REASON_LABELS[r], reasons[r]) for r in REASONS if reasons[r]],
        "excluded": [(e["crn"], REASON_LABELS[e["reason"]]) for e in report["excluded"]],
        "selected": [(c["crn"], _stratum(c["stratum"]), c["cluster"], c["ldu"],
                      c["responsible_officer"], f"{c['weight']:.3f}") for c in draft.cases],
    }

