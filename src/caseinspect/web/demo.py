"""Demo data for ``caseinspect serve --demo``, all of it synthetic (made up) and all of it
written through the same domain functions as real data, so it is audited like real data:

* a region and a core inspection of synthetic cases — most already assessed, some waiting
  for the demo inspector;
* a dynamic inspection of the same region's public protection work (seed 004): synthetic
  cases, most assessed by the demo lead inspector, a few evidence items (without files) and
  findings on some regional questions, and a follow-up plan;
* the region's own self-assessment of some of the same cases, judged a little more
  favourably, so the diagnosis compares the region with the inspectors (with kappa);
* one demo user per role, all sharing one password.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from django.contrib.auth.hashers import make_password
from django.db import transaction

from caseinspect.casetable import BLANK, NO, YES, CaseTable, synthetic_case_table
from caseinspect.web.accounts.models import Role, User
from caseinspect.web.audit.log import record
from caseinspect.web.dynamic import services as dynamic
from caseinspect.web.dynamic.models import Classification, Priority, SourceType
from caseinspect.web.inspections import importing, services
from caseinspect.web.inspections.models import Inspection, Region
from caseinspect.web.inspections.status import change_status

REGION = "Demo region (synthetic)"
FRAMEWORK = "hmip-case-supervision-2018"
INSPECTION = "Demo inspection (synthetic cases)"
CASES = 40
ASSESSED = 28
SEED = 2018

DYNAMIC_FRAMEWORK = "hmip-dynamic-public-protection-2025"
DYNAMIC_INSPECTION = "Demo dynamic inspection of public protection (synthetic)"
DYNAMIC_CASES = 30
#: Assessed (submitted) by the demo lead inspector; the rest wait to be assigned.
DYNAMIC_ASSESSED = 24
DYNAMIC_SEED = 2025
#: It started two weeks before the core demo, so the core demo stays first on home pages.
DYNAMIC_DAYS_AGO = 14

SELF_INSPECTION = "Demo region's self-assessment (synthetic)"
#: The region's own case assurance: the first SELF_SHARED assessed cases of the dynamic
#: inspection (matched by CRN for kappa) and SELF_CASES - SELF_SHARED cases of its own.
SELF_CASES = 18
SELF_SHARED = 12
SELF_DAYS_AGO = 60

USERS = (
    ("lead@example.org", Role.LEAD, "Demo lead inspector"),
    ("inspector@example.org", Role.INSPECTOR, "Demo inspector"),
    ("qa@example.org", Role.QA, "Demo quality assurer"),
    ("analyst@example.org", Role.ANALYST, "Demo analyst"),
    ("viewer@example.org", Role.VIEWER, "Demo viewer"),
    ("admin@example.org", Role.ADMIN, "Demo administrator"),
)

#: (question, source type, description, who was involved by role, days before the start).
EVIDENCE = (
    ("1.9", SourceType.DOCUMENT,
     "Synthetic demo item: the region's police information-sharing protocol", "", 20),
    ("1.9", SourceType.FOCUS_GROUP,
     "Synthetic demo item: focus group on domestic abuse enquiries with the police",
     "probation practitioners from two PDUs", 3),
    ("1.10", SourceType.INTERVIEW,
     "Synthetic demo item: interview on child safeguarding enquiries",
     "head of public protection", 2),
    ("2.5", SourceType.DATA,
     "Synthetic demo item: management oversight audit figures for the last quarter",
     "performance and quality team", 10),
    ("2.5", SourceType.SURVEY,
     "Synthetic demo item: staff survey on supervision and support",
     "practitioners and middle managers", 30),
)
#: (question, classification, priority, narrative).
FINDINGS = (
    ("1.9", Classification.IMPROVE, Priority.HIGH,
     "Synthetic demo finding: domestic abuse enquiries with the police are not made in "
     "every case that needs them, and the protocol is not used consistently across PDUs."),
    ("1.10", Classification.STRENGTH, Priority.LOW,
     "Synthetic demo finding: child safeguarding enquiries are made routinely and their "
     "results inform the assessment."),
    ("2.5", Classification.MIXED, Priority.MEDIUM,
     "Synthetic demo finding: oversight is recorded in most cases, but it rarely goes "
     "beyond countersigning."),
)
#: (question, what, owner by role, days after the start it is due, indicator, status).
ACTIONS = (
    ("1.9", "Synthetic demo action: agree a routine for police domestic abuse checks "
     "with every PDU", "head of public protection", 120, "F1", "in_progress"),
    ("2.5", "Synthetic demo action: guidance and training on management oversight "
     "for middle managers", "head of operational delivery", 180, "F5", "planned"),
)


DYNAMIC_INSPECTION_LINE = (
    f"dynamic inspection of public protection ({DYNAMIC_CASES} synthetic cases, evidence, "
    f"findings, a follow-up plan and a self-assessment): sign in as lead@example.org and open "
    f"its regional diagnosis from the home page"
)


@dataclass(frozen=True)
class DemoLoad:
    created: bool
    password: str | None
    generated: bool
    inspection_id: int
    #: The dynamic inspection was added by this run (to a demo loaded by an older version).
    added_dynamic: bool = False

    def lines(self) -> list[str]:
        if not self.created:
            lines = [f"Demo data is already loaded (inspection {self.inspection_id})."]
            if self.added_dynamic:
                lines.append(f"Added the demo {DYNAMIC_INSPECTION_LINE}.")
            if self.password is not None:
                lines.append("Demo users' password set from $CASEINSPECT_DEMO_PASSWORD.")
            return lines
        emails = ", ".join(email for email, _, _ in USERS)
        lines = [
            f"Loaded demo data: {INSPECTION}, {CASES} synthetic cases;",
            f"and a {DYNAMIC_INSPECTION_LINE}.",
            f"Demo users: {emails}",
        ]
        if self.generated:
            lines.append(f"Their password (shown only now): {self.password}")
        else:
            lines.append("Their password is $CASEINSPECT_DEMO_PASSWORD.")
        return lines


def _crns(count: int, letter: str = "D") -> list[str]:
    return [f"{letter}{100000 + i * 7919 % 900000:06d}" for i in range(1, count + 1)]


def _set_password(users: Sequence[User], password: str) -> None:
    """One Argon2 hash for every demo user (they share the password): hashing is the slowest
    step of loading the demo, about half a second each."""
    hashed = make_password(password)
    for user in users:
        user.password = hashed
        user.save(update_fields=["password"])


def load_demo(password: str | None) -> DemoLoad:
    """Load the demo once; later runs change nothing (except setting the demo users'
    password when one is given, and adding the dynamic inspection to a demo loaded before
    it existed)."""
    existing = Inspection.objects.filter(name=INSPECTION).first()
    if existing is not None:
        people = {u.email: u for u in User.objects.filter(email__in=[e for e, _, _ in USERS])}
        if password is not None:
            _set_password(list(people.values()), password)
        added = False
        if len(people) == len(USERS) and not Inspection.objects.filter(
            name=DYNAMIC_INSPECTION
        ).exists():
            with transaction.atomic():
                _load_dynamic(people, existing.region)
            added = True
        return DemoLoad(False, password, False, existing.pk, added_dynamic=added)
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    with transaction.atomic():
        people = {}
        for email, role, name in USERS:
            people[email] = User.objects.create_user(email, role, name=name)
        _set_password(list(people.values()), password)
        for user in people.values():
            record(None, "create", user, after=user, reason="demo data")
        region, _ = Region.objects.get_or_create(name=REGION)
        inspection = _load_core(people, region)
        _load_dynamic(people, region)
    return DemoLoad(True, password, generated, inspection.pk)


def _import(inspection: Inspection, table: CaseTable, frame: pd.DataFrame, by: User) -> None:
    attributes = tuple(dict.fromkeys((*table.attributes, "inspector")))
    importing.import_case_table(
        inspection, replace(table, frame=frame, attributes=attributes), by, source="demo"
    )


def _load_core(people: dict[str, User], region: Region) -> Inspection:
    lead, inspector = people["lead@example.org"], people["inspector@example.org"]
    inspection = services.create_inspection(
        lead,
        name=INSPECTION,
        framework_code=FRAMEWORK,
        region=region,
        kind=Inspection.Kind.CORE,
        start_date=dt.date.today(),
    )
    for member in (inspector, people["qa@example.org"]):
        services.add_member(inspection, member, lead)
    table = synthetic_case_table(CASES, seed=SEED, frameworks=(FRAMEWORK,))
    frame = table.frame.copy()
    frame["case_id"] = _crns(CASES)
    frame["inspector"] = inspector.email
    frame.loc[frame.index[ASSESSED:], list(table.questions)] = BLANK
    _import(inspection, table, frame, lead)
    change_status(inspection, Inspection.Status.FIELDWORK, lead)  # 12 cases still to assess
    return inspection


def _load_dynamic(people: dict[str, User], region: Region) -> Inspection:
    """The dynamic inspection, its evidence log, findings and plan, and the region's
    self-assessment. The lead inspector assesses the cases and records the findings; the
    inspector gathers the evidence; the quality assurer reads."""
    lead, inspector = people["lead@example.org"], people["inspector@example.org"]
    start = dt.date.today() - dt.timedelta(days=DYNAMIC_DAYS_AGO)
    inspection = services.create_inspection(
        lead, name=DYNAMIC_INSPECTION, framework_code=DYNAMIC_FRAMEWORK, region=region,
        kind=Inspection.Kind.DYNAMIC, start_date=start,
    )
    for member in (inspector, people["qa@example.org"]):
        services.add_member(inspection, member, lead)
    table = synthetic_case_table(DYNAMIC_CASES, seed=DYNAMIC_SEED, frameworks=(DYNAMIC_FRAMEWORK,))
    frame = table.frame.copy()
    frame["case_id"] = _crns(DYNAMIC_CASES, "E")
    frame["inspector"] = [lead.email] * DYNAMIC_ASSESSED + [None] * (
        DYNAMIC_CASES - DYNAMIC_ASSESSED)
    frame.loc[frame.index[DYNAMIC_ASSESSED:], list(table.questions)] = BLANK
    _import(inspection, table, frame, lead)
    for code, source, description, involved, days in EVIDENCE:
        dynamic.add_evidence(inspection, inspector, dynamic.EvidenceInput(
            question_code=code, source_type=source, description=description,
            evidence_date=start - dt.timedelta(days=days), involved=involved))
    for code, classification, priority, narrative in FINDINGS:
        dynamic.record_finding(inspection, lead, question_code=code, narrative=narrative,
                               classification=classification, priority=priority)
    for code, what, owner, due, indicator, status in ACTIONS:
        dynamic.add_action(inspection, lead, dynamic.ActionInput(
            question_code=code, what=what, owner_role=owner,
            due_date=start + dt.timedelta(days=due), indicator_code=indicator, status=status))
    change_status(inspection, Inspection.Status.FIELDWORK, lead)  # cases still to assign
    _load_self_assessment(lead, region, table, frame)
    return inspection


def _load_self_assessment(lead: User, region: Region, table: CaseTable,
                          inspected: pd.DataFrame) -> Inspection:
    """The region's case assurance, imported as its own inspection: the shared cases as the
    inspectors judged them, but every third No in the table judged Yes by the region."""
    inspection = services.create_inspection(
        lead, name=SELF_INSPECTION, framework_code=DYNAMIC_FRAMEWORK, region=region,
        kind=Inspection.Kind.SELF,
        start_date=dt.date.today() - dt.timedelta(days=SELF_DAYS_AGO),
    )
    questions = list(table.questions)
    shared = inspected.iloc[:SELF_SHARED].copy()
    answers = shared[questions].to_numpy()
    kinder = (answers == NO) & (np.arange(answers.size).reshape(answers.shape) % 3 == 0)
    shared[questions] = np.where(kinder, YES, answers).astype(np.int8)
    own = synthetic_case_table(SELF_CASES - SELF_SHARED, seed=DYNAMIC_SEED + 1,
                               frameworks=(DYNAMIC_FRAMEWORK,)).frame.copy()
    own["case_id"] = _crns(SELF_CASES - SELF_SHARED, "F")
    frame = pd.concat([shared, own], ignore_index=True)
    frame["inspector"] = lead.email
    _import(inspection, table, frame, lead)
    # Every case assessed, two months ago: the region's exercise is over.
    change_status(inspection, Inspection.Status.FIELDWORK, lead)
    change_status(inspection, Inspection.Status.CLOSED, lead)
    return inspection
