"""The evidence log: the questions overview, a page per question (guidance, evidence sources,
evidence items, the finding, the linked case indicators), adding and removing evidence (after
a confirmation page), downloading an evidence file (audited), and recording the finding."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from caseinspect.frameworks import load_framework
from caseinspect.web.dynamic import access, services, uploads
from caseinspect.web.dynamic.assurance import self_assessment
from caseinspect.web.dynamic.forms import EvidenceForm, FindingForm
from caseinspect.web.dynamic.indicators import CaseEvidence
from caseinspect.web.dynamic.models import EvidenceItem, Finding
from caseinspect.web.dynamic.views.common import dynamic_inspection, question, user_of
from caseinspect.web.inspections.access import require
from caseinspect.web.inspections.models import Inspection
from caseinspect.web.ui import ErrorLink, form_errors, keyed_errors

#: The question whose page also shows the self-assessment comparison (seed 004, 1.4: do
#: leaders understand the quality of their public protection work?).
ASSURANCE_QUESTION = "1.4"


def _readable(request: HttpRequest, inspection_id: int) -> Inspection:
    inspection = dynamic_inspection(request, inspection_id)
    require(access.can_read(request.user, inspection))
    return inspection


def _editable(request: HttpRequest, inspection_id: int) -> Inspection:
    inspection = dynamic_inspection(request, inspection_id)
    require(access.can_edit(request.user, inspection))
    return inspection


@require_GET
def questions(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = _readable(request, inspection_id)
    counts = dict(
        EvidenceItem.objects.filter(inspection=inspection)
        .values_list("question_code")
        .annotate(n=Count("pk"))
    )
    findings = {f.question_code: f for f in Finding.objects.filter(inspection=inspection)}
    domains = [
        {
            "code": domain.code,
            "title": domain.title,
            "groups": [
                {
                    "title": group.title,
                    "questions": [
                        {"q": q, "evidence": counts.get(q.code, 0), "finding": findings.get(q.code)}
                        for q in group.questions
                    ],
                }
                for group in domain.groups
            ],
        }
        for domain in load_framework(inspection.framework_code).domains
    ]
    return render(
        request,
        "dynamic/questions.html",
        {
            "inspection": inspection,
            "domains": domains,
            "can_edit": access.can_edit(request.user, inspection),
            "recorded": len(findings),
            "total": len(load_framework(inspection.framework_code).evidence_questions()),
        },
    )


def _question_context(request: HttpRequest, inspection: Inspection, code: str) -> dict[str, Any]:
    q = question(inspection, code)
    evidence = CaseEvidence(inspection)
    return {
        "inspection": inspection,
        "q": q,
        "items": EvidenceItem.objects.filter(inspection=inspection, question_code=code),
        "finding": Finding.objects.filter(inspection=inspection, question_code=code).first(),
        "indicators": evidence.for_question(code),
        "linked": evidence.linked_codes(code),
        "assurance": self_assessment(inspection) if code == ASSURANCE_QUESTION else None,
        "can_edit": access.can_edit(request.user, inspection),
    }


@require_GET
def question_page(request: HttpRequest, inspection_id: int, question_code: str) -> HttpResponse:
    inspection = _readable(request, inspection_id)
    return render(
        request, "dynamic/question.html", _question_context(request, inspection, question_code)
    )


def _upload(form: EvidenceForm) -> tuple[str | None, int, bytes]:
    """The uploaded file's name, size and bytes (only the first KB of one over the limit)."""
    upload = form.cleaned_data.get("file")
    if not upload:
        return None, 0, b""
    size = int(upload.size or 0)
    data = upload.read() if size <= uploads.max_bytes() else upload.read(1024)
    return str(upload.name), size, data


#: Room for the form's other fields and the multipart framing around the file.
FORM_OVERHEAD = 64 * 1024


def _too_big(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > uploads.max_bytes() + FORM_OVERHEAD


@require_http_methods(["GET", "POST"])
def evidence_add(request: HttpRequest, inspection_id: int, question_code: str) -> HttpResponse:
    inspection = _editable(request, inspection_id)
    q = question(inspection, question_code)
    if request.method == "POST" and _too_big(request):
        # Refused before Django reads (and spools to disk) a body far over the limit.
        form = EvidenceForm()
        errors = [ErrorLink("#id_file", uploads.too_big_message())]
        return render(
            request, "dynamic/evidence_add.html",
            {"inspection": inspection, "q": q, "form": form, "errors": errors,
             "max_mb": uploads.max_bytes() / (1024 * 1024)},
            status=400,
        )
    form = EvidenceForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST":
        if form.is_valid():
            name, size, data = _upload(form)
            given = services.EvidenceInput(
                question_code=q.code,
                source_type=form.cleaned_data["source_type"],
                description=form.cleaned_data["description"],
                evidence_date=form.cleaned_data["evidence_date"],
                involved=form.cleaned_data["involved"],
                file_name=name,
                file_size=size,
                file_data=data,
            )
            try:
                services.add_evidence(inspection, user_of(request), given)
            except services.Invalid as exc:
                errors = keyed_errors(exc.errors, {k: form[k].auto_id for k in form.fields})
                for key, message in exc.errors.items():
                    if key in form.fields:
                        form.add_error(key, message)
            else:
                messages.success(request, f"Evidence added to question {q.code}")
                return redirect("dynamic:question", inspection.pk, q.code)
        else:
            errors = form_errors(form)
    return render(
        request,
        "dynamic/evidence_add.html",
        {"inspection": inspection, "q": q, "form": form, "errors": errors,
         "max_mb": uploads.max_bytes() / (1024 * 1024)},
        status=400 if errors else 200,
    )


def _item(inspection: Inspection, evidence_id: int) -> EvidenceItem:
    return get_object_or_404(EvidenceItem, pk=evidence_id, inspection=inspection)


@require_GET
def evidence_file(request: HttpRequest, inspection_id: int, evidence_id: int) -> FileResponse:
    inspection = _readable(request, inspection_id)
    item = _item(inspection, evidence_id)
    if not item.stored_name:
        raise Http404("this evidence has no file")
    try:
        handle = uploads.path_of(item.stored_name).open("rb")
    except FileNotFoundError:
        raise Http404("the file is missing") from None
    services.evidence_file_viewed(item, user_of(request))
    content_type = uploads.ACCEPTED[item.file_type][1]
    response = FileResponse(handle, as_attachment=True, filename=item.file_name,
                            content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def evidence_remove(request: HttpRequest, inspection_id: int, evidence_id: int) -> HttpResponse:
    """GET asks "Are you sure…?" (removal cannot be undone, and takes the file with it);
    POST removes."""
    inspection = _editable(request, inspection_id)
    item = _item(inspection, evidence_id)
    code = item.question_code
    if request.method == "GET":
        return render(request, "dynamic/evidence_remove.html",
                      {"inspection": inspection, "q": question(inspection, code), "item": item})
    services.remove_evidence(item, user_of(request))
    messages.success(request, f"Evidence removed from question {code}")
    return redirect("dynamic:question", inspection.pk, code)


@require_http_methods(["GET", "POST"])
def finding(request: HttpRequest, inspection_id: int, question_code: str) -> HttpResponse:
    inspection = _editable(request, inspection_id)
    q = question(inspection, question_code)
    current = Finding.objects.filter(inspection=inspection, question_code=q.code).first()
    initial = (
        {"classification": current.classification, "priority": current.priority,
         "narrative": current.narrative}
        if current else {}
    )
    form = FindingForm(request.POST or None, initial=initial)
    errors: list[ErrorLink] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_finding(inspection, user_of(request), question_code=q.code,
                                        **form.cleaned_data)
            except services.Invalid as exc:
                errors = keyed_errors(exc.errors, {k: form[k].auto_id for k in form.fields})
            else:
                messages.success(request, f"Finding on question {q.code} saved")
                return redirect("dynamic:question", inspection.pk, q.code)
        else:
            errors = form_errors(form)
    return render(
        request,
        "dynamic/finding.html",
        {"inspection": inspection, "q": q, "form": form, "errors": errors},
        status=400 if errors else 200,
    )
