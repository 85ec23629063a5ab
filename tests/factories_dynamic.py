"""Factory functions for the dynamic inspection tests: keyword defaults, one way each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from factories_web import all_answers, make_assessment, make_case, make_inspection

DYNAMIC = "hmip-dynamic-public-protection-2025"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_dynamic_inspection(
    *, name: str = "Dynamic inspection of North West", members: tuple[Any, ...] = (),
    region: Any = None, kind: str = "dynamic_public_protection",
    start_date: dt.date | None = None,
) -> Any:
    inspection = make_inspection(name=name, framework_code=DYNAMIC, kind=kind, members=members,
                                 region=region)
    if start_date is not None:
        inspection.start_date = start_date
        inspection.save(update_fields=["start_date"])
    return inspection


def dynamic_answers(**overrides: str) -> dict[str, str]:
    """C1–C4 and their prompts answered yes, facts F1–F11 yes; ``overrides`` by code
    (``F1="no"``, ``C1_a="no"`` for C1.a)."""
    answers = all_answers(DYNAMIC)
    answers.update({f: "yes" for f in ("F1", "F2", "F3", "F5", "F6", "F7", "F10", "F11")})
    for key, value in overrides.items():
        answers[key.replace("_", ".")] = value
    return answers


def make_assessed_case(
    inspection: Any, inspector: Any, *, crn: str, pdu: str = "Manchester",
    attributes: Mapping[str, Any] | None = None, **answers: str,
) -> Any:
    """A case with a submitted assessment of every case question (``answers`` override)."""
    case = make_case(inspection, crn=crn, inspector=inspector, pdu=pdu, attributes=attributes)
    make_assessment(case, inspector, status="submitted", answers=dynamic_answers(**answers))
    return case


def make_evidence(
    inspection: Any, by: Any, *, question_code: str = "1.9", source_type: str = "document",
    description: str = "Police information sharing protocol, 2024",
    evidence_date: dt.date = dt.date(2025, 3, 4), involved: str = "head of public protection",
    file_name: str = "", data: bytes = b"",
) -> Any:
    from caseinspect.web.dynamic.models import EvidenceItem
    from caseinspect.web.dynamic.uploads import CheckedFile, store

    stored = ""
    if file_name:
        stored = store(inspection.pk, CheckedFile(file_name, file_name.rsplit(".", 1)[-1],
                                                  data, "0" * 64))
    return EvidenceItem.objects.create(
        inspection=inspection, question_code=question_code, source_type=source_type,
        description=description, evidence_date=evidence_date, involved=involved,
        file_name=file_name, stored_name=stored, file_size=len(data) if data else None,
        file_type=file_name.rsplit(".", 1)[-1] if file_name else "", added_by=by,
    )


def make_finding(
    inspection: Any, by: Any, *, question_code: str = "1.9",
    classification: str = "area_for_improvement", priority: str = "high",
    narrative: str = "Domestic abuse enquiries with the police are not made routinely.",
) -> Any:
    from caseinspect.web.dynamic.models import Finding

    return Finding.objects.create(
        inspection=inspection, question_code=question_code, classification=classification,
        priority=priority, narrative=narrative, updated_by=by,
    )


def make_action(
    inspection: Any, by: Any, *, question_code: str = "1.9", indicator_code: str = "F1",
    what: str = "Agree a police information-sharing routine with every PDU",
    owner_role: str = "head of public protection", due_date: dt.date = dt.date(2025, 9, 30),
    status: str = "planned",
) -> Any:
    from caseinspect.web.dynamic.models import FollowUpAction

    return FollowUpAction.objects.create(
        inspection=inspection, question_code=question_code, indicator_code=indicator_code,
        what=what, owner_role=owner_role, due_date=due_date, status=status, created_by=by,
    )


def dynamic_world(world: Any) -> dict[str, Any]:
    """A dynamic inspection beside the world's: the same members (Lena, Ian, Bob, Quinn), one
    assessed case, an evidence item with a PDF, a finding on 1.9 and an action — the URL
    values the access matrix needs."""
    inspection = make_dynamic_inspection(
        members=(world.lena, world.ian, world.bob, world.quinn))
    make_assessed_case(inspection, world.ian, crn="C345678", F1="no")
    item = make_evidence(inspection, world.ian, file_name="protocol.pdf", data=PDF)
    make_finding(inspection, world.ian)
    action = make_action(inspection, world.lena)
    return {"inspection_id": inspection.pk, "question_code": "1.9",
            "evidence_id": item.pk, "action_id": action.pk, "fmt": "html"}
