"""The case indicators behind a regional question, as the analysis core computes them
(:func:`caseinspect.analysis.indicators.compute_indicators`): the region's %, each PDU's %
with a flag where it differs significantly from the rest of the region, and the same
indicator in every other core or dynamic inspection of the same framework as a benchmark
(never a self-assessment: that is a region judging the same cases). The web app
computes no percentage itself.

:class:`CaseEvidence` builds each inspection's case table once per request.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from caseinspect.analysis.indicators import (
    IndicatorGroup,
    compute_indicators,
    indicators_for_question,
    is_present,
)
from caseinspect.casetable import CaseTable
from caseinspect.web.inspections import tables
from caseinspect.web.inspections.models import Inspection
from caseinspect.web.inspections.smallcells import RULE, protect


def inspection_table(inspection: Inspection, *, with_crns: bool = False) -> CaseTable | None:
    """The case table of the inspection's assessed cases, or None when there are none yet.
    CRNs (``with_crns``) are for matching cases in memory only, never for display."""
    records = tables.case_records(inspection, pseudonymise=not with_crns, assessed_only=True)
    return tables.case_table(records, inspection) if records else None


def _has_pdus(table: CaseTable) -> bool:
    if "pdu" not in table.attributes:
        return False
    return bool(table.frame["pdu"].astype(object).dropna().astype(str).str.strip().any())


class CaseEvidence:
    """One inspection's indicators and its benchmarks, for the pages of one request."""

    def __init__(self, inspection: Inspection, *, suppress: bool = False) -> None:
        self.inspection = inspection
        self.suppress = suppress

    @cached_property
    def table(self) -> CaseTable | None:
        return inspection_table(self.inspection)

    @cached_property
    def others(self) -> list[tuple[Inspection, CaseTable]]:
        found = []
        others = (
            Inspection.objects.filter(
                framework_code=self.inspection.framework_code,
                # A self-assessment is a region judging its own cases, not a benchmark.
                kind__in=(Inspection.Kind.CORE, Inspection.Kind.DYNAMIC),
            )
            .exclude(pk=self.inspection.pk)
            .select_related("region")
            .order_by("start_date", "pk")
        )
        for other in others:
            table = inspection_table(other)
            if table is not None:
                found.append((other, table))
        return found

    def _groups(self, groups: Sequence[IndicatorGroup]) -> list[dict[str, Any]]:
        """The PDU groups; for viewers, small ones hidden with enough others that none can be
        worked out from the region's figures."""
        return protect([g.to_dict() for g in groups], self.suppress)

    def _benchmarks(self, code: str) -> list[dict[str, Any]]:
        rows = []
        for other, table in self.others:
            if not is_present(table, code):
                continue
            (indicator,) = compute_indicators(table, [code], by=())
            rows.append({
                "inspection": other.name,
                "region": other.region.name,
                "kind": other.get_kind_display(),
                **indicator.to_dict(),
            })
        return rows

    def indicators(self, codes: Sequence[str]) -> list[dict[str, Any]]:
        """Each code present in the inspection's case table: its figures (``to_dict`` shape)
        with ``pdus`` (the PDU groups) and ``benchmarks`` (other inspections)."""
        table = self.table
        if table is None:
            return []
        present = [code for code in dict.fromkeys(codes) if is_present(table, code)]
        if not present:
            return []
        by = ("pdu",) if _has_pdus(table) else ()
        out = []
        for indicator in compute_indicators(table, present, by=by):
            data = indicator.to_dict()
            data["pdus"] = self._groups(indicator.by.get("pdu", ()))
            data["disclosure"] = RULE if any(g["suppressed"] for g in data["pdus"]) else None
            data["benchmarks"] = self._benchmarks(indicator.code)
            out.append(data)
        return out

    def for_question(self, question_code: str) -> list[dict[str, Any]]:
        return self.indicators(indicators_for_question(question_code))

    def linked_codes(self, question_code: str) -> tuple[str, ...]:
        return indicators_for_question(question_code)

    def value(self, code: str) -> dict[str, Any] | None:
        """One indicator's region-level figures in this inspection (no breakdowns)."""
        table = self.table
        if table is None or not is_present(table, code):
            return None
        (indicator,) = compute_indicators(table, [code], by=())
        return indicator.to_dict()
