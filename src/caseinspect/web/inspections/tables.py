"""From the database to case-table records: one row per case, the answers of the case's
counted assessment (submitted or later) by question code — the input of every export and of
the results page (which hands them to :mod:`caseinspect.analysis`)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from caseinspect.analysis import AnalysisResult
from caseinspect.analysis import analyse as analyse_case_table
from caseinspect.casetable import CaseTable, from_records
from caseinspect.casetable import case_table_bytes as table_bytes
from caseinspect.web.inspections.models import Answer, Assessment, Case, Inspection
from caseinspect.web.inspections.services import framework_of

#: Columns naming staff, left out of pseudonymised records (analysts' exports, results, reports).
STAFF_NAMES = ("responsible_officer", "inspector")


def pseudonym(inspection: Inspection, crn: str) -> str:
    """A stable stand-in for a CRN that cannot be turned back into it without the secret key."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{inspection.pk}:{crn}".encode(), hashlib.sha256
    ).hexdigest()
    return f"case-{digest[:12]}"


def counted_assessments(inspection: Inspection) -> dict[int, Assessment]:
    """Per case id, the assessment that counts in results and exports: submitted or later;
    the assigned inspector's when there are several, else the latest submitted."""
    chosen: dict[int, Assessment] = {}
    candidates = (
        Assessment.objects.filter(case__inspection=inspection, status__in=Assessment.COUNTED)
        .select_related("case")
        .order_by("submitted_at", "pk")
    )
    for assessment in candidates:
        current = chosen.get(assessment.case_id)
        if current is None or current.inspector_id != assessment.case.inspector_id:
            chosen[assessment.case_id] = assessment
    return chosen


def case_records(
    inspection: Inspection, *, pseudonymise: bool, assessed_only: bool
) -> list[dict[str, Any]]:
    """Case-table rows: ``case_id`` (the CRN, or a pseudonym), ``inspection``, ``region``,
    ``pdu``, ``inspector`` (not when pseudonymised), the stored attributes, then one column per
    question code holding yes / no / na, or an empty string where not answered."""
    codes = [q.code for q in framework_of(inspection).questions()]
    counted = counted_assessments(inspection)
    answers: dict[int, dict[str, str]] = defaultdict(dict)
    for assessment_id, code, value in Answer.objects.filter(
        assessment__in=list(counted.values())
    ).values_list("assessment_id", "code", "value"):
        answers[assessment_id][code] = value
    records = []
    cases = Case.objects.filter(inspection=inspection).select_related(
        "delivery_unit", "inspector", "inspection__region"
    )
    for case in cases:
        assessment = counted.get(case.pk)
        if assessed_only and assessment is None:
            continue
        given = answers[assessment.pk] if assessment is not None else {}
        row: dict[str, Any] = {
            "case_id": pseudonym(inspection, case.crn) if pseudonymise else case.crn,
            "inspection": inspection.name,
            "region": inspection.region.name,
            "pdu": case.delivery_unit.name if case.delivery_unit else "",
        }
        if not pseudonymise:
            row["inspector"] = case.inspector.email if case.inspector else ""
        for name, value in case.attributes.items():
            if not (pseudonymise and name in STAFF_NAMES):
                row.setdefault(name, value)
        row.update({code: given.get(code, "") for code in codes})
        records.append(row)
    return records


def case_table(records: list[dict[str, Any]], inspection: Inspection) -> CaseTable:
    """The records as a validated case table (the casetable package's own constructor)."""
    rows: list[Mapping[str, object]] = [*records]
    return from_records(rows, framework=inspection.framework_code, source=inspection.name)


def case_table_bytes(records: list[dict[str, Any]], inspection: Inspection, fmt: str) -> bytes:
    """The case table written by the casetable package as CSV, XLSX or Parquet."""
    return table_bytes(case_table(records, inspection), fmt)


def analyse(inspection: Inspection) -> dict[str, Any]:
    """The analysis core's result for the inspection's assessed cases, as a plain dict (with
    a breakdown by delivery unit when cases have one). With no assessed case yet there is
    nothing to analyse: no questions, no standards."""
    code = inspection.framework_code
    records = case_records(inspection, pseudonymise=True, assessed_only=True)
    if not records:
        return {"framework": code, "cases": 0, "questions": [], "standards": [], "overall": []}
    by = ["pdu"] if any(r["pdu"] for r in records) else None
    return RESULTS.analysed(records, inspection, by).to_dict()


class ResultMemo:
    """The analysis core's results for the last few case tables analysed, by their content.

    ``analyse`` is a pure function of the pseudonymised records (the framework bundled with
    the code, the breakdowns and the table), so a result read again for the same records is
    the same result: the memo is never stale, and needs no invalidation — a changed,
    submitted or withdrawn assessment changes the records and so the key. Keys are SHA-256
    digests of the records; values the frozen results, whose ``to_dict`` builds fresh dicts
    for every request. Only pseudonymised records come here (no CRN, no staff name, no free
    text), and only in the server process's memory.
    """

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._results: OrderedDict[bytes, AnalysisResult] = OrderedDict()
        self._lock = threading.Lock()
        #: How many results were computed and how many read from the memo (for tests).
        self.computed = 0
        self.reused = 0

    @staticmethod
    def key(records: list[dict[str, Any]], code: str, source: str,
            by: list[str] | None) -> bytes:
        """A digest of everything the result depends on. Values JSON cannot write are kept
        with their type, so that no two different tables share a key."""
        text = json.dumps(
            [code, source, by, records],
            separators=(",", ":"),
            default=lambda value: [type(value).__qualname__, str(value)],
        )
        return hashlib.sha256(text.encode()).digest()

    def analysed(self, records: list[dict[str, Any]], inspection: Inspection,
                 by: list[str] | None) -> AnalysisResult:
        code = inspection.framework_code
        key = self.key(records, code, inspection.name, by)
        with self._lock:
            result = self._results.get(key)
            if result is not None:
                self._results.move_to_end(key)
                self.reused += 1
                return result
        # Computed outside the lock: two requests for a new table may both compute it, but
        # nobody waits behind another inspection's analysis.
        result = analyse_case_table(case_table(records, inspection), code, by)
        with self._lock:
            self.computed += 1
            self._results[key] = result
            while len(self._results) > self.size:
                self._results.popitem(last=False)
        return result

    def clear(self) -> None:
        """Forget every result (and the counts)."""
        with self._lock:
            self._results.clear()
            self.computed = self.reused = 0


#: The server process's memo of results (the results page, its JSON, the dynamic diagnosis).
RESULTS = ResultMemo()
