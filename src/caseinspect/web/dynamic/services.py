"""The state changes of a dynamic inspection — one function each, called by the HTML views
(and any API or CLI alike). Each checks the user may act, validates everything before writing
anything, runs in one transaction and writes its audit row through
:func:`caseinspect.web.audit.log.record`. Downloading an evidence file is audited as a view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from caseinspect.analysis.indicators import indicator_codes, indicator_text
from caseinspect.frameworks import EvidenceQuestion, load_framework
from caseinspect.web.accounts.models import User
from caseinspect.web.audit.log import record
from caseinspect.web.dynamic import access, uploads
from caseinspect.web.dynamic.models import (
    Classification,
    EvidenceItem,
    Finding,
    FollowUpAction,
    Priority,
    SourceType,
)
from caseinspect.web.inspections.access import require
from caseinspect.web.inspections.models import Inspection
from caseinspect.web.inspections.services import Invalid

__all__ = [
    "ActionInput",
    "EvidenceInput",
    "Invalid",
    "add_action",
    "add_evidence",
    "evidence_file_viewed",
    "indicator_choices",
    "question_of",
    "record_finding",
    "remove_evidence",
    "update_action",
]


def question_of(inspection: Inspection, code: str) -> EvidenceQuestion | None:
    """The regional question ``code`` of the inspection's framework, if it has one."""
    for question in load_framework(inspection.framework_code).evidence_questions():
        if question.code == code:
            return question
    return None


def indicator_choices() -> list[tuple[str, str]]:
    """The case indicators an action can be measured by: those of the framework's mapping."""
    return [(code, indicator_text(code)[0]) for code in indicator_codes()]


@dataclass(frozen=True)
class EvidenceInput:
    question_code: str
    source_type: str
    description: str
    evidence_date: dt.date | None
    involved: str = ""
    file_name: str | None = None
    file_size: int = 0
    file_data: bytes = b""


def add_evidence(inspection: Inspection, by: User, given: EvidenceInput) -> EvidenceItem:
    """Add an evidence item (and its file, checked and stored in the data directory)."""
    require(access.can_edit(by, inspection))
    errors: dict[str, str] = {}
    if question_of(inspection, given.question_code) is None:
        errors["question_code"] = "Select a question of this inspection"
    if given.source_type not in SourceType.values:
        errors["source_type"] = "Select the type of source"
    if not given.description.strip():
        errors["description"] = "Enter a short description of the evidence"
    elif len(given.description.strip()) > 500:
        errors["description"] = "Description must be 500 characters or fewer"
    if given.evidence_date is None:
        errors["evidence_date"] = "Enter the date of the evidence"
    if len(given.involved.strip()) > 300:
        errors["involved"] = "Who was involved must be 300 characters or fewer"
    checked = None
    if given.file_name:
        try:
            checked = uploads.check(given.file_name, given.file_size, given.file_data)
        except uploads.BadUpload as exc:
            errors["file"] = str(exc)
    if errors:
        raise Invalid(errors)
    assert given.evidence_date is not None
    stored = uploads.store(inspection.pk, checked) if checked is not None else ""
    try:
        with transaction.atomic():
            item = EvidenceItem.objects.create(
                inspection=inspection,
                question_code=given.question_code,
                source_type=given.source_type,
                description=given.description.strip(),
                evidence_date=given.evidence_date,
                involved=given.involved.strip(),
                file_name=checked.name if checked else "",
                stored_name=stored,
                file_size=len(checked.data) if checked else None,
                file_type=checked.extension if checked else "",
                file_sha256=checked.sha256 if checked else "",
                added_by=by,
            )
            record(by, "create", item, after=item,
                   summary=f"Added evidence for {item.question_code} to {inspection}")
    except BaseException:
        uploads.discard(stored)
        raise
    return item


def remove_evidence(item: EvidenceItem, by: User, reason: str = "") -> None:
    """Remove an evidence item and its file; the audit row keeps what it was."""
    require(access.can_edit(by, item.inspection))
    stored = item.stored_name
    with transaction.atomic():
        record(by, "delete", item, before=item, reason=reason.strip(),
               summary=f"Removed evidence for {item.question_code} from {item.inspection}")
        item.delete()
    uploads.discard(stored)


def evidence_file_viewed(item: EvidenceItem, by: User) -> None:
    """Check the user may read the file, and audit the download as a view."""
    require(access.can_read(by, item.inspection) and bool(item.stored_name))
    record(by, "view", item,
           summary=f"Downloaded evidence file {item.file_name} ({item.question_code})")


def record_finding(
    inspection: Inspection,
    by: User,
    *,
    question_code: str,
    narrative: str,
    classification: str,
    priority: str,
) -> Finding:
    """Record (or change) the finding on a question: narrative, classification, priority."""
    require(access.can_edit(by, inspection))
    errors: dict[str, str] = {}
    if question_of(inspection, question_code) is None:
        errors["question_code"] = "Select a question of this inspection"
    if not narrative.strip():
        errors["narrative"] = "Enter the finding"
    if classification not in Classification.values:
        errors["classification"] = (
            "Select strength, mixed, area for improvement or insufficient evidence"
        )
    if priority not in Priority.values:
        errors["priority"] = "Select the follow-up priority"
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        finding = (
            Finding.objects.select_for_update()
            .filter(inspection=inspection, question_code=question_code)
            .first()
        )
        fields = {"narrative": narrative.strip(), "classification": classification,
                  "priority": priority}
        if finding is None:
            finding = Finding.objects.create(
                inspection=inspection, question_code=question_code, updated_by=by, **fields
            )
            record(by, "create", finding, after=finding)
            return finding
        before = Finding.objects.get(pk=finding.pk)
        for name, value in fields.items():
            setattr(finding, name, value)
        finding.updated_by = by
        finding.updated_at = timezone.now()
        finding.save()
        record(by, "update", finding, before=before, after=finding)
    return finding


@dataclass(frozen=True)
class ActionInput:
    question_code: str
    what: str
    owner_role: str
    due_date: dt.date | None
    indicator_code: str
    status: str = FollowUpAction.Status.PLANNED


def _action_errors(inspection: Inspection, given: ActionInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if question_of(inspection, given.question_code) is None:
        errors["question_code"] = "Select the question the action is for"
    if not given.what.strip():
        errors["what"] = "Enter what will be done"
    if not given.owner_role.strip():
        errors["owner_role"] = "Enter the owner's role"
    elif len(given.owner_role.strip()) > 150:
        errors["owner_role"] = "Owner's role must be 150 characters or fewer"
    if given.due_date is None:
        errors["due_date"] = "Enter the due date"
    if given.indicator_code not in indicator_codes():
        errors["indicator_code"] = "Select the case indicator that will show the action worked"
    if given.status not in FollowUpAction.Status.values:
        errors["status"] = "Select the status"
    return errors


def _fields(given: ActionInput) -> Mapping[str, Any]:
    return {
        "question_code": given.question_code,
        "what": given.what.strip(),
        "owner_role": given.owner_role.strip(),
        "due_date": given.due_date,
        "indicator_code": given.indicator_code,
        "status": given.status,
    }


def add_action(inspection: Inspection, by: User, given: ActionInput) -> FollowUpAction:
    require(access.can_edit(by, inspection))
    errors = _action_errors(inspection, given)
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        action = FollowUpAction.objects.create(inspection=inspection, created_by=by,
                                               **_fields(given))
        record(by, "create", action, after=action)
    return action


def update_action(action: FollowUpAction, by: User, given: ActionInput,
                  reason: str = "") -> FollowUpAction:
    """Change an action — its status as it is tracked, or its details."""
    require(access.can_edit(by, action.inspection))
    errors = _action_errors(action.inspection, given)
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        before = FollowUpAction.objects.select_for_update().get(pk=action.pk)
        for name, value in _fields(given).items():
            setattr(action, name, value)
        action.updated_at = timezone.now()
        action.save()
        record(by, "update", action, before=before, after=action, reason=reason.strip())
    return action
