"""Who may see and do what in a dynamic inspection, on top of :mod:`inspections.access`.

* Lead inspectors and inspectors who are members (and admins) add evidence, record findings and
  manage the follow-up plan.
* Quality assurers who are members read everything: evidence (and its files), findings, plan.
* Analysts and viewers see the diagnosis as aggregates only: case results, each question's
  classification and priority, the linked indicators and the self-assessment comparison — no
  narratives, no evidence descriptions, no files, no plan (all free text).
"""

from __future__ import annotations

from typing import Any

from caseinspect.frameworks import load_framework
from caseinspect.web.accounts.models import Role, User
from caseinspect.web.inspections import access
from caseinspect.web.inspections.models import Inspection


def is_dynamic(inspection: Inspection) -> bool:
    """A dynamic inspection of public protection whose framework has regional questions."""
    return inspection.kind == Inspection.Kind.DYNAMIC and bool(
        load_framework(inspection.framework_code).domains
    )


def can_read(user: Any, inspection: Inspection) -> bool:
    """The evidence log, findings, files and plan (free text included)."""
    return access.can_view_inspection(user, inspection)


def can_edit(user: Any, inspection: Inspection) -> bool:
    """Add evidence, record findings, manage the follow-up plan."""
    if not isinstance(user, User) or not user.is_active:
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role in (Role.LEAD, Role.INSPECTOR) and access.is_member(user, inspection)


def can_view_diagnosis(user: Any, inspection: Inspection) -> bool:
    return access.can_view_results(user, inspection)


def sees_free_text(user: Any, inspection: Inspection) -> bool:
    """Narratives, evidence descriptions and the plan appear in the diagnosis for readers only."""
    return can_read(user, inspection)
