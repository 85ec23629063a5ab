"""The one way anything is written to the audit log: :func:`record`.

Every service that creates, changes or deletes inspection data, and every view that shows a
case's personal data, calls it inside the same transaction as the change itself.

The row is built as an :class:`AuditEvent` instance, so its defaults are the model's own, then
inserted with one parameterised ``INSERT`` (see :class:`Pending`) rather than through
``Model.save``: the same row as Django would write, without the cost of compiling the
statement anew each time (saving an answer, the hot path, writes one row each time).
"""

from __future__ import annotations

import json
from typing import Any, Protocol, runtime_checkable

from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper

from caseinspect.web.audit.models import Action, AuditEvent
from caseinspect.web.statements import Statement

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


# The INSERT's columns: every stored field but the id, in model order. The values are built
# by _values below (what each field's ``get_db_prep_save`` gives, without the per-field
# machinery); adding a field to the model stops start-up here until _values has it too.
_COLUMNS = (
    "at", "actor_id", "actor_email", "action", "object_type", "object_id", "inspection_id",
    "case_id", "summary", "before", "after", "reason",
)
_STORED = tuple(f.column for f in AuditEvent._meta.concrete_fields if not f.primary_key)
if _STORED != _COLUMNS:  # pragma: no cover - guards a model change
    raise ImproperlyConfigured(f"audit log columns {_STORED} changed: update _values")
_TABLE = AuditEvent._meta.db_table
_PK_COLUMN = "id"


def _encoder(name: str) -> Any:
    field = AuditEvent._meta.get_field(name)
    assert isinstance(field, models.JSONField)
    return field.encoder


_ENCODERS = {name: _encoder(name) for name in ("before", "after")}

_INSERTS: dict[tuple[str, bool], Statement] = {}


def _insert(connection: BaseDatabaseWrapper, returning: bool) -> Statement:
    """``INSERT INTO audit_auditevent (…) VALUES (%s, …) [RETURNING id]``, built once for
    each kind of database."""
    key = (connection.vendor, returning)
    statement = _INSERTS.get(key)
    if statement is None:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in _COLUMNS)
        values = ", ".join(["%s"] * len(_COLUMNS))
        sql = f"INSERT INTO {quote(_TABLE)} ({columns}) VALUES ({values})"
        if returning:
            sql += f" RETURNING {quote(_PK_COLUMN)}"
        statement = _INSERTS[key] = Statement(sql)
    return statement


def _json(connection: BaseDatabaseWrapper, value: Any, name: str) -> Any:
    # As JSONField.get_db_prep_save: None is SQL NULL, anything else JSON in the backend's way.
    return None if value is None else connection.ops.adapt_json_value(value, _ENCODERS[name])


def _values(event: AuditEvent, connection: BaseDatabaseWrapper) -> list[Any]:
    """The event's values for ``_COLUMNS``, as the database takes them."""
    return [
        connection.ops.adapt_datetimefield_value(event.at),
        event.actor_id,
        event.actor_email,
        event.action,
        event.object_type,
        event.object_id,
        event.inspection_id,
        event.case_id,
        event.summary,
        _json(connection, event.before, "before"),
        _json(connection, event.after, "after"),
        event.reason,
    ]


class Pending:
    """An audit row built and ready to insert: :func:`prepare` it before a transaction takes
    the write lock, and :meth:`insert` it inside, so the lock is held for the statement
    alone (saving an answer holds SQLite's one write lock; everything else queues on it)."""

    __slots__ = ("_alias", "_returning", "_statement", "_values", "event")

    def __init__(self, event: AuditEvent) -> None:
        self.event = event
        self._alias = router.db_for_write(AuditEvent, instance=event)
        connection: BaseDatabaseWrapper = connections[self._alias]
        self._returning = bool(connection.features.can_return_columns_from_insert)
        self._statement = _insert(connection, self._returning)
        self._values = _values(event, connection)

    def insert(self) -> AuditEvent:
        """Insert the row as ``Model.save`` would — the same row, the new id set on the
        instance — in one parameterised statement. The model's append-only rules are
        untouched: this only ever inserts."""
        event = self.event
        if self._returning:
            inserted = self._statement.row(self._values, using=self._alias)
            assert inserted is not None
            event.pk = inserted[0]
        else:
            connection = connections[self._alias]
            with connection.cursor() as cursor:
                cursor.execute(self._statement.sql, self._values)
                event.pk = connection.ops.last_insert_id(cursor, _TABLE, _PK_COLUMN)
        event._state.adding = False
        event._state.db = self._alias
        return event


def prepare(
    actor: Any,
    action: Action | str,
    obj: models.Model,
    *,
    before: models.Model | dict[str, Any] | None = None,
    after: models.Model | dict[str, Any] | None = None,
    reason: str = "",
    summary: str = "",
) -> Pending:
    """The row :func:`record` appends, built but not yet inserted."""
    action = Action(action)
    # getattr rather than isinstance(obj, Scoped): a runtime protocol check is slow.
    scope = getattr(obj, "audit_scope", None)
    inspection_id, case_id = scope() if scope is not None else (None, None)
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        actor_id=user.pk if user is not None else None,
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
    if user is not None:  # as ``actor=user`` would, without the descriptor's checks
        AuditEvent.actor.field.set_cached_value(event, user)
    return Pending(event)


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
    return prepare(actor, action, obj, before=before, after=after, reason=reason,
                   summary=summary).insert()
