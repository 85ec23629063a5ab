"""The regional diagnosis as one plain dict — the page and the HTML / PDF report
(:mod:`caseinspect.reports.diagnosis`) render the same data.

It holds the case results (C1–C4 and the facts, overall and by PDU, RoSH level and supervision
type, from the analysis core), then by domain the questions classified as areas for
improvement ordered by priority, each with its narrative, evidence items and linked case
indicators; strengths likewise; the other findings; the self-assessment comparison; and the
follow-up plan. Free text (narratives, evidence descriptions, the plan) is left out for
people who may not read it (analysts, viewers); for viewers, groups of fewer than five cases
are hidden, with enough others that none can be worked out from the totals.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from caseinspect.frameworks import load_framework
from caseinspect.web.accounts.models import Role, User
from caseinspect.web.dynamic import access
from caseinspect.web.dynamic.assurance import self_assessment
from caseinspect.web.dynamic.indicators import CaseEvidence
from caseinspect.web.dynamic.models import PRIORITY_ORDER, Classification, EvidenceItem, Finding
from caseinspect.web.dynamic.plan import plan_rows
from caseinspect.web.inspections import chart, tables
from caseinspect.web.inspections.models import Inspection
from caseinspect.web.inspections.smallcells import RULE, SMALL_CELL, group_rows

#: The breakdowns of the case results seed 004's diagnosis asks for, in this order.
BREAKDOWNS = (("pdu", "probation delivery unit"), ("rosh", "RoSH level"),
              ("supervision_type", "supervision type"))


SECTIONS: dict[str, str] = {Classification.IMPROVE.value: "improvements",
                            Classification.STRENGTH.value: "strengths"}


def _figures(q: dict[str, Any]) -> dict[str, Any]:
    keys = ("code", "text", "n", "yes", "pct_yes", "ci95_low", "ci95_high")
    return {k: q.get(k) for k in keys}


def case_results(inspection: Inspection, suppress: bool) -> dict[str, Any]:
    """C1–C4 and the facts: overall, and by PDU, RoSH level and supervision type."""
    framework = load_framework(inspection.framework_code)
    data = tables.analyse(inspection)
    by_code = {q["code"]: q for q in data.get("questions", [])}
    key = [
        {**_figures(by_code[kq.code]), "short": kq.short or kq.text}
        for kq in framework.key_questions() if kq.code in by_code
    ]
    facts = [{**_figures(by_code[f.code]), "short": None}
             for f in framework.facts if f.code in by_code]
    shown = key + facts
    breakdowns = []
    for name, label in BREAKDOWNS:
        rows = group_rows([by_code[q["code"]] for q in shown], name, suppress)
        if rows:
            breakdowns.append({"name": name, "label": label, "rows": rows})
    bars = chart.build([(q["code"], q["pct_yes"], q["ci95_low"], q["ci95_high"])
                        for q in shown])
    return {
        "cases": data.get("cases", 0),
        "key_questions": key,
        "facts": facts,
        "columns": [q["code"] for q in shown],
        "breakdowns": breakdowns,
        "chart": dataclasses.asdict(bars),
        "ratings": data.get("standards", []),
    }


def _evidence(item: EvidenceItem) -> dict[str, Any]:
    return {
        "date": item.evidence_date.strftime("%-d %B %Y"),
        "source": item.get_source_type_display(),
        "description": item.description,
        "involved": item.involved,
        "file_name": item.file_name,
        "id": item.pk,
    }


def _question(finding: Finding, text: str, free_text: bool,
              evidence: list[dict[str, Any]], indicators: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "code": finding.question_code,
        "text": text,
        "classification": finding.classification,
        "classification_label": finding.get_classification_display(),
        "priority": finding.priority,
        "priority_label": finding.get_priority_display(),
        "narrative": finding.narrative if free_text else None,
        "evidence": evidence if free_text else [],
        "evidence_count": len(evidence),
        "indicators": indicators,
    }


def _by_priority(q: dict[str, Any]) -> tuple[int, tuple[int, ...]]:
    return PRIORITY_ORDER.get(q["priority"], 9), tuple(int(p) for p in q["code"].split("."))


def _domains(inspection: Inspection, evidence: CaseEvidence, free_text: bool) -> list[Any]:
    findings = {f.question_code: f for f in Finding.objects.filter(inspection=inspection)}
    items: dict[str, list[dict[str, Any]]] = {}
    for item in EvidenceItem.objects.filter(inspection=inspection):
        items.setdefault(item.question_code, []).append(_evidence(item))
    out = []
    for domain in load_framework(inspection.framework_code).domains:
        sections: dict[str, list[dict[str, Any]]] = {"improvements": [], "strengths": [],
                                                     "others": []}
        for q in domain.questions():
            finding = findings.get(q.code)
            if finding is None:
                continue
            section = SECTIONS.get(str(finding.classification), "others")
            indicators = evidence.for_question(q.code) if section != "others" else []
            sections[section].append(
                _question(finding, q.text, free_text, items.get(q.code, []), indicators))
        for rows in sections.values():
            rows.sort(key=_by_priority)
        out.append({"code": domain.code, "title": domain.title, **sections,
                    "unrecorded": sum(q.code not in findings for q in domain.questions())})
    return out


def _plan(inspection: Inspection, evidence: CaseEvidence) -> list[dict[str, Any]]:
    rows = []
    for row in plan_rows(inspection, evidence):
        action = row["action"]
        rows.append({
            "question_code": action.question_code, "what": action.what,
            "owner_role": action.owner_role, "due": action.due_date.strftime("%-d %B %Y"),
            "status": action.get_status_display(), "indicator_code": action.indicator_code,
            "indicator_text": row["indicator_text"], "before": row["before"],
            "after": row["after"],
        })
    return rows


def diagnosis_data(inspection: Inspection, user: User) -> dict[str, Any]:
    free_text = access.sees_free_text(user, inspection)
    suppress = user.role == Role.VIEWER
    evidence = CaseEvidence(inspection, suppress=suppress)
    return {
        "title": f"Regional diagnosis: {inspection.name}",
        "inspection": inspection.name,
        "inspection_id": inspection.pk,
        "region": inspection.region.name,
        "framework": inspection.framework_code,
        "dates": inspection.start_date.strftime("%-d %B %Y")
        + (f" to {inspection.end_date:%-d %B %Y}" if inspection.end_date else ""),
        "free_text": free_text,
        "suppressed": suppress,
        "small_cell": SMALL_CELL,
        "disclosure_rule": RULE,
        "case_results": case_results(inspection, suppress),
        "domains": _domains(inspection, evidence, free_text),
        "assurance": self_assessment(inspection),
        "plan": _plan(inspection, evidence) if free_text else [],
    }
