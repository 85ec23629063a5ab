"""The follow-up plan as a page and the diagnosis show it: each action with its question and
its case indicator *before* (this inspection) and, where a later inspection of the same region
exists (not a self-assessment), *after* — the region's % in the latest later inspection that
holds the indicator."""

from __future__ import annotations

from typing import Any

from caseinspect.analysis.indicators import indicator_text
from caseinspect.web.dynamic.indicators import CaseEvidence
from caseinspect.web.dynamic.models import FollowUpAction
from caseinspect.web.dynamic.services import question_of
from caseinspect.web.inspections.models import Inspection


def later_inspections(inspection: Inspection) -> list[Inspection]:
    """Inspections of the same region that started later, latest first."""
    return list(
        Inspection.objects.filter(region=inspection.region, start_date__gt=inspection.start_date)
        .exclude(kind=Inspection.Kind.SELF)
        .order_by("-start_date", "-pk")
    )


def plan_rows(inspection: Inspection, evidence: CaseEvidence | None = None) -> list[dict[str, Any]]:
    evidence = evidence or CaseEvidence(inspection)
    later = [CaseEvidence(other) for other in later_inspections(inspection)]
    rows = []
    for action in FollowUpAction.objects.filter(inspection=inspection):
        question = question_of(inspection, action.question_code)
        after = None
        for other in later:
            value = other.value(action.indicator_code)
            if value is not None:
                after = {"inspection": other.inspection.name, **value}
                break
        rows.append({
            "action": action,
            "question_text": question.text if question else "",
            "indicator_text": indicator_text(action.indicator_code)[0],
            "before": evidence.value(action.indicator_code),
            "after": after,
        })
    return rows
