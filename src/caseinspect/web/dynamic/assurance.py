"""Does the region know its own quality? The region's self-assessment inspection (kind
self-assessment, same framework, same region) beside this inspection, through the analysis
core's :func:`caseinspect.analysis.assurance.compare_assurance`.

Both case tables carry CRNs in memory only, so the same case in both is matched for Cohen's
kappa; the comparison itself holds aggregates only."""

from __future__ import annotations

from typing import Any

from caseinspect.analysis.assurance import compare_assurance
from caseinspect.errors import InputError
from caseinspect.web.dynamic.indicators import inspection_table
from caseinspect.web.inspections.models import Inspection


def assurance_inspection(inspection: Inspection) -> Inspection | None:
    """The region's latest self-assessment of the same framework, if there is one."""
    return (
        Inspection.objects.filter(
            kind=Inspection.Kind.SELF,
            framework_code=inspection.framework_code,
            region=inspection.region,
        )
        .exclude(pk=inspection.pk)
        .order_by("-start_date", "-pk")
        .first()
    )


def self_assessment(inspection: Inspection) -> dict[str, Any] | None:
    """``None`` without a self-assessment; else ``{"inspection": name, "comparison": …}``
    where the comparison is ``AssuranceComparison.to_dict()``, or ``None`` with a
    ``problem`` when there is nothing yet to compare (no assessed cases, no shared
    indicator)."""
    other = assurance_inspection(inspection)
    if other is None:
        return None
    out: dict[str, Any] = {"inspection": other.name, "comparison": None, "problem": ""}
    inspected = inspection_table(inspection, with_crns=True)
    assurance = inspection_table(other, with_crns=True)
    if inspected is None or assurance is None:
        out["problem"] = "Nothing to compare yet: both need cases with submitted assessments."
        return out
    try:
        out["comparison"] = compare_assurance(inspected, assurance).to_dict()
    except InputError as exc:
        out["problem"] = "; ".join(p.message for p in exc.problems)
    return out
