"""Demo data for ``caseinspect serve --demo``: a region, an inspection of synthetic (made-up)
cases — most already assessed, some waiting for the demo inspector — and one demo user per
role, all sharing one password."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, replace

from django.db import transaction

from caseinspect.casetable import BLANK, synthetic_case_table
from caseinspect.web.accounts.models import Role, User
from caseinspect.web.audit.log import record
from caseinspect.web.inspections import importing, services
from caseinspect.web.inspections.models import Inspection, Region

FRAMEWORK = "hmip-case-supervision-2018"
INSPECTION = "Demo inspection (synthetic cases)"
CASES = 40
ASSESSED = 28
SEED = 2018
USERS = (
    ("lead@example.org", Role.LEAD, "Demo lead inspector"),
    ("inspector@example.org", Role.INSPECTOR, "Demo inspector"),
    ("qa@example.org", Role.QA, "Demo quality assurer"),
    ("analyst@example.org", Role.ANALYST, "Demo analyst"),
    ("viewer@example.org", Role.VIEWER, "Demo viewer"),
    ("admin@example.org", Role.ADMIN, "Demo administrator"),
)


@dataclass(frozen=True)
class DemoLoad:
    created: bool
    password: str | None
    generated: bool
    inspection_id: int

    def lines(self) -> list[str]:
        if not self.created:
            lines = [f"Demo data is already loaded (inspection {self.inspection_id})."]
            if self.password is not None:
                lines.append("Demo users' password set from $CASEINSPECT_DEMO_PASSWORD.")
            return lines
        emails = ", ".join(email for email, _, _ in USERS)
        lines = [
            f"Loaded demo data: {INSPECTION}, {CASES} synthetic cases.",
            f"Demo users: {emails}",
        ]
        if self.generated:
            lines.append(f"Their password (shown only now): {self.password}")
        else:
            lines.append("Their password is $CASEINSPECT_DEMO_PASSWORD.")
        return lines


def _crns(count: int) -> list[str]:
    return [f"D{100000 + i * 7919 % 900000:06d}" for i in range(1, count + 1)]


def load_demo(password: str | None) -> DemoLoad:
    """Load the demo once; later runs change nothing (except setting the demo users'
    password when one is given)."""
    existing = Inspection.objects.filter(name=INSPECTION).first()
    if existing is not None:
        if password is not None:
            for user in User.objects.filter(email__in=[email for email, _, _ in USERS]):
                user.set_password(password)
                user.save(update_fields=["password"])
        return DemoLoad(False, password, False, existing.pk)
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    with transaction.atomic():
        people = {}
        for email, role, name in USERS:
            people[email] = User.objects.create_user(email, role, password=password, name=name)
            record(None, "create", people[email], after=people[email], reason="demo data")
        region, _ = Region.objects.get_or_create(name="Demo region (synthetic)")
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
        attributes = tuple(dict.fromkeys((*table.attributes, "inspector")))
        importing.import_case_table(
            inspection, replace(table, frame=frame, attributes=attributes), lead, source="demo"
        )
    return DemoLoad(True, password, generated, inspection.pk)
