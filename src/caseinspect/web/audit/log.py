"""The one way anything is written to the audit log: :func:`record`.

Every service that creates, changes or deletes inspection data, and every view that shows a
case's personal data, calls it inside the same transaction as the change itself.
"""

from __future__ import annotations

import json
from typing import Any, Protocol, runtime_checkable

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from caseinspect.web.audit.models import Action, AuditEvent

HIDDEN_FIELDS = frozenset({"password"})


@runtime_checkable
class Scoped(Protocol):
    """Objects that belong to an inspection (and perhaps a case) say which."""

    def audit_scope(self) -> tuple[int | None, int | None]: ...


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The instance's stored fields as JSON-ready values (secrets left out)."""
    values = {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.name not in HIDDEN_FIELDS
    }
    loaded: dict[str, Any] = json.loads(json.dumps(values, cls=DjangoJSONEncoder))
    return loaded


def _state(value: models.Model | dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None or isinstance(value, dict):
        return value
    return snapshot(value)


def record(
    actor: Any,
    action: Action | str,
    obj: models.Model,
    *,
    before: models.Model | dict[str, Any] | None = None,
    after: models.Model | dict[str, Any] | None = None,
    reason: str = "",
    summary: str = "",
) -> AuditEvent:
    """Append one row: who (``actor``, a user or ``None`` for the system), what, the states
    before and after (model instances are snapshotted), and the reason given."""
    action = Action(action)
    inspection_id, case_id = obj.audit_scope() if isinstance(obj, Scoped) else (None, None)
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_email=user.email if user is not None else "",
        action=action.value,
        object_type=label,
        object_id=str(obj.pk),
        inspection_id=inspection_id,
        case_id=case_id,
        summary=(summary or f"{action.label} {obj._meta.verbose_name} {obj}")[:300],
        before=_state(before),
        after=_state(after),
        reason=reason,
    )
