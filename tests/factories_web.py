"""Factory functions for the web tests: keyword defaults, one way to make each thing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from caseinspect.frameworks import load_framework

FRAMEWORK = "hmip-case-supervision-2018"
PASSWORD = "correct horse battery staple"
DEMO_PASSWORD = "demo password for the tests"


@dataclass
class World:
    """One inspection with its people, two cases and their assessments."""

    ada: Any
    lena: Any
    ian: Any
    bob: Any
    charlie: Any
    quinn: Any
    olive: Any
    ann: Any
    vic: Any
    inspection: Any
    case: Any
    assessment: Any
    other_case: Any
    other_assessment: Any

    def persona(self, name: str) -> Any:
        return getattr(self, name)


PERSONAS = ("ada", "lena", "ian", "bob", "charlie", "quinn", "olive", "ann", "vic")


def make_user(
    email: str = "someone@example.org",
    role: str = "inspector",
    *,
    password: str | None = None,
    name: str = "",
) -> Any:
    from caseinspect.web.accounts.models import User

    return User.objects.create_user(email=email, role=role, password=password, name=name)


def make_region(name: str = "North West") -> Any:
    from caseinspect.web.inspections.models import Region

    region, _ = Region.objects.get_or_create(name=name)
    return region


def make_inspection(
    *,
    name: str = "Inspection of North West",
    framework_code: str = FRAMEWORK,
    region: Any = None,
    kind: str = "core",
    members: tuple[Any, ...] = (),
) -> Any:
    from caseinspect.web.inspections.models import Inspection, Membership

    inspection = Inspection.objects.create(
        name=name,
        framework_code=framework_code,
        region=region or make_region(),
        kind=kind,
        start_date=dt.date(2025, 3, 3),
    )
    for member in members:
        Membership.objects.create(inspection=inspection, user=member)
    return inspection


def make_case(
    inspection: Any,
    *,
    crn: str = "A123456",
    inspector: Any = None,
    pdu: str | None = None,
    attributes: Mapping[str, Any] | None = None,
) -> Any:
    from caseinspect.web.inspections.models import Case, DeliveryUnit

    unit = None
    if pdu is not None:
        unit, _ = DeliveryUnit.objects.get_or_create(region=inspection.region, name=pdu)
    return Case.objects.create(
        inspection=inspection,
        crn=crn,
        inspector=inspector,
        delivery_unit=unit,
        attributes=dict(attributes or {}),
    )


def make_assessment(
    case: Any,
    inspector: Any,
    *,
    status: str = "draft",
    answers: Mapping[str, str] | None = None,
    rationale: str = "Judged from the case record",
) -> Any:
    """An assessment with ``answers`` (code → yes / no / na); key questions judged No get
    ``rationale``."""
    from caseinspect.web.inspections.models import Answer, Assessment

    assessment = Assessment.objects.create(case=case, inspector=inspector, status=status)
    framework = load_framework(case.inspection.framework_code)
    key_questions = {kq.code for kq in framework.key_questions()}
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            code=code,
            value=value,
            rationale=rationale if code in key_questions and value == "no" else "",
        )
        for code, value in (answers or {}).items()
    )
    return assessment


def all_answers(
    framework_code: str = FRAMEWORK, value: str = "yes", **overrides: str
) -> dict[str, str]:
    """Every key question and prompt answered ``value``; ``overrides`` by code with dots
    written as underscores (``_2_1_1="no"``)."""
    answers = {
        q.code: value for q in load_framework(framework_code).questions() if q.kind != "fact"
    }
    for key, given in overrides.items():
        answers[key.lstrip("_").replace("_", ".")] = given
    return answers


def make_world() -> World:
    people = {
        "ada": make_user("ada@example.org", "admin", name="Ada"),
        "lena": make_user("lena@example.org", "lead_inspector", name="Lena"),
        "ian": make_user("ian@example.org", "inspector", name="Ian"),
        "bob": make_user("bob@example.org", "inspector", name="Bob"),
        "charlie": make_user("charlie@example.org", "inspector", name="Charlie"),
        "quinn": make_user("quinn@example.org", "quality_assurer", name="Quinn"),
        "olive": make_user("olive@example.org", "quality_assurer", name="Olive"),
        "ann": make_user("ann@example.org", "analyst", name="Ann"),
        "vic": make_user("vic@example.org", "viewer", name="Vic"),
    }
    inspection = make_inspection(
        members=(people["lena"], people["ian"], people["bob"], people["quinn"])
    )
    case = make_case(inspection, crn="A123456", inspector=people["ian"], pdu="Manchester")
    other_case = make_case(inspection, crn="B234567", inspector=people["bob"], pdu="Salford")
    return World(
        **people,
        inspection=inspection,
        case=case,
        assessment=make_assessment(case, people["ian"]),
        other_case=other_case,
        other_assessment=make_assessment(other_case, people["bob"], status="submitted",
                                         answers=all_answers()),
    )
