"""Who may see and do what — checked on the server for every page and every action.

Roles (one per user): administrators see everything; lead inspectors manage the inspections
they are members of; inspectors see and edit only their own assessments of cases in their
inspections; quality assurers read (and moderate) any assessment of their inspections;
analysts see results and pseudonymised exports of every inspection, never CRNs or free text;
viewers see aggregate results only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import router
from django.db.models import QuerySet

from caseinspect.web.accounts.models import Role, User
from caseinspect.web.inspections.models import Assessment, Case, Inspection, Membership
from caseinspect.web.statements import Statement

EVERY_INSPECTION = (Role.ADMIN, Role.ANALYST, Role.VIEWER)


def require(allowed: bool) -> None:
    """Refuse the request (403) unless ``allowed``."""
    if not allowed:
        raise PermissionDenied


def _user(user: Any) -> User | None:
    return user if isinstance(user, User) and user.is_active else None


MEMO = "_caseinspect_inspection_ids"


# Read on every page and every save, so one plain statement rather than a compiled queryset.
_MEMBERSHIPS = Statement(
    f'SELECT "inspection_id" FROM "{Membership._meta.db_table}" WHERE "user_id" = %s'
)


def _inspection_ids(user: User) -> frozenset[int]:
    """The ids of the user's inspections, read once per user object — one per request."""
    ids: frozenset[int] | None = getattr(user, MEMO, None)
    if ids is None:
        rows = _MEMBERSHIPS.rows([user.pk], using=router.db_for_read(Membership))
        ids = frozenset(row[0] for row in rows)
        setattr(user, MEMO, ids)
    return ids


def forget_memberships(user: User) -> None:
    """Drop the remembered inspection ids after the user's memberships change."""
    if hasattr(user, MEMO):
        delattr(user, MEMO)


def is_member(user: Any, inspection: Inspection) -> bool:
    u = _user(user)
    return u is not None and inspection.pk in _inspection_ids(u)


def visible_inspections(user: Any) -> QuerySet[Inspection]:
    u = _user(user)
    if u is None:
        return Inspection.objects.none()
    if u.role in EVERY_INSPECTION:
        return Inspection.objects.all()
    return Inspection.objects.filter(membership__user=u)


def can_create_inspection(user: Any) -> bool:
    u = _user(user)
    return u is not None and u.has_role(Role.ADMIN, Role.LEAD)


def can_manage(user: Any, inspection: Inspection) -> bool:
    """Set up the inspection, its members and cases; import and export with CRNs."""
    u = _user(user)
    if u is None:
        return False
    return u.role == Role.ADMIN or (u.role == Role.LEAD and is_member(u, inspection))


def can_view_inspection(user: Any, inspection: Inspection) -> bool:
    """The inspection's case list (inspectors see only their own cases on it)."""
    u = _user(user)
    if u is None:
        return False
    if u.role == Role.ADMIN:
        return True
    return u.role in (Role.LEAD, Role.QA, Role.INSPECTOR) and is_member(u, inspection)


def can_view_results(user: Any, inspection: Inspection) -> bool:
    u = _user(user)
    if u is None:
        return False
    return u.role in EVERY_INSPECTION or is_member(u, inspection)


def can_export(user: Any, inspection: Inspection) -> bool:
    u = _user(user)
    return u is not None and (can_manage(u, inspection) or u.role == Role.ANALYST)


def export_is_pseudonymised(user: Any) -> bool:
    u = _user(user)
    return u is None or u.role == Role.ANALYST


def can_view_history(user: Any, case: Case) -> bool:
    return can_manage(user, case.inspection)


def visible_assessments(user: Any, inspection: Inspection) -> QuerySet[Assessment]:
    """Assessments of ``inspection`` the user may read."""
    u = _user(user)
    every = Assessment.objects.filter(case__inspection=inspection)
    if u is None:
        return Assessment.objects.none()
    if u.role == Role.ADMIN:
        return every
    if u.role in (Role.LEAD, Role.QA) and is_member(u, inspection):
        return every
    if u.role == Role.INSPECTOR and is_member(u, inspection):
        return every.filter(inspector=u)
    return Assessment.objects.none()


def can_view_assessment(user: Any, assessment: Assessment) -> bool:
    return visible_assessments(user, assessment.case.inspection).filter(pk=assessment.pk).exists()


def can_edit_assessment(user: Any, assessment: Assessment) -> bool:
    """The assessor edits while draft or submitted; a quality assurer of the inspection may
    moderate a submitted or quality-assured one; nobody edits a final one."""
    u = _user(user)
    if u is None or not is_member(u, assessment.case.inspection):
        return False
    status = assessment.status
    if u.role in (Role.INSPECTOR, Role.LEAD) and assessment.inspector_id == u.pk:
        return status in (Assessment.Status.DRAFT, Assessment.Status.SUBMITTED)
    if u.role == Role.QA:
        return status in (Assessment.Status.SUBMITTED, Assessment.Status.QUALITY_ASSURED)
    return False


def can_quality_assure(user: Any, assessment: Assessment) -> bool:
    u = _user(user)
    return (
        u is not None
        and u.role == Role.QA
        and assessment.inspector_id != u.pk
        and is_member(u, assessment.case.inspection)
    )


def can_finalise(user: Any, assessment: Assessment) -> bool:
    return can_manage(user, assessment.case.inspection)
