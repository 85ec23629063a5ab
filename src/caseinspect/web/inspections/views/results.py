"""An inspection's results, as the analysis core computes them from the case table of its
submitted assessments: % yes per key question with Wilson intervals, each standard's rating,
breakdowns, and a chart with a table alternative. Also as JSON."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from caseinspect.web.accounts.models import Role, User
from caseinspect.web.dynamic.diagnosis import BREAKDOWNS as DYNAMIC_BREAKDOWNS
from caseinspect.web.inspections import access, chart, tables
from caseinspect.web.inspections.models import Inspection
from caseinspect.web.inspections.services import framework_of
from caseinspect.web.inspections.smallcells import RULE, SMALL_CELL, group_rows, protect


def _inspection(request: HttpRequest, inspection_id: int) -> Inspection:
    inspection = get_object_or_404(Inspection.objects.select_related("region"), pk=inspection_id)
    access.require(access.can_view_results(request.user, inspection))
    return inspection


def results_context(inspection: Inspection, user: User) -> dict[str, Any]:
    framework = framework_of(inspection)
    data = tables.analyse(inspection)
    by_code = {q["code"]: q for q in data.get("questions", [])}
    key_questions = [
        {**by_code[kq.code], "short": kq.short or kq.text}
        for kq in framework.key_questions()
        if kq.code in by_code
    ]
    prompts = {
        s.code: [by_code[p.code] for kq in s.key_questions for p in kq.prompts if p.code in by_code]
        for s in framework.standards
    }
    present = {b for q in key_questions for b in q.get("by", {})}
    # A dynamic inspection diagnoses a region rather than rating it (seed 004): its page gives
    # the share meeting the standard overall and by PDU, RoSH level and supervision type, with
    # no ratings, overall score or rating thresholds.
    dynamic = inspection.kind == Inspection.Kind.DYNAMIC
    if dynamic:
        breakdowns = [(b, label) for b, label in DYNAMIC_BREAKDOWNS if b in present]
    else:
        breakdowns = [(b, b.replace("_", " ")) for b in sorted(present)]
    suppress = user.role == Role.VIEWER
    bars = chart.build(
        [(q["code"], q["pct_yes"], q["ci95_low"], q["ci95_high"]) for q in key_questions]
    )
    return {
        "inspection": inspection,
        "framework": framework,
        "data": data,
        "key_questions": key_questions,
        "standards": [
            {**s, "prompts": prompts.get(s["code"], [])} for s in data.get("standards", [])
        ],
        "chart": dataclasses.replace(bars, thresholds=()) if dynamic else bars,
        "breakdowns": [
            {"name": b, "label": label, "rows": group_rows(key_questions, b, suppress)}
            for b, label in breakdowns
        ],
        "dynamic": dynamic,
        "suppress": suppress,
        "small_cell": SMALL_CELL,
        "rule": RULE,
    }


@require_GET
def results(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = _inspection(request, inspection_id)
    assert isinstance(request.user, User)
    return render(request, "inspections/results.html", results_context(inspection, request.user))


def _without_small_cells(data: dict[str, Any]) -> dict[str, Any]:
    """Breakdown groups hidden as on the page (small ones and those protecting them) left out."""
    questions = []
    for q in data.get("questions", []):
        by = {}
        for name, cells in q.get("by", {}).items():
            by[name] = [c for c in protect(cells, True) if not c["suppressed"]]
        questions.append({**q, "by": by})
    return {**data, "questions": questions, "disclosure": {"threshold": SMALL_CELL,
                                                           "rule": RULE}}


@require_GET
def results_json(request: HttpRequest, inspection_id: int) -> JsonResponse:
    """The analysis core's result (aggregates only: no CRNs, no free text); for viewers,
    breakdown groups of fewer than five cases are left out, with enough others that none can be
    worked out from the totals."""
    inspection = _inspection(request, inspection_id)
    data = tables.analyse(inspection)
    if inspection.kind == Inspection.Kind.DYNAMIC:
        data = _without_ratings(data)
    if isinstance(request.user, User) and request.user.role == Role.VIEWER:
        data = _without_small_cells(data)
    return JsonResponse({"inspection": inspection.name, **data})


def _without_ratings(data: dict[str, Any]) -> dict[str, Any]:
    """A dynamic inspection's figures as its page gives them: a diagnosis, not a rating, so
    no standard's rating or points and no overall score."""
    standards = [{k: v for k, v in s.items() if k not in ("rating", "points")}
                 for s in data.get("standards", [])]
    return {k: v for k, v in data.items() if k != "overall"} | {"standards": standards}
