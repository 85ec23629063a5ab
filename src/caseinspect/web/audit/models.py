"""The audit log: rows are only ever inserted.

The model refuses to update or delete a row (``save`` of an existing row, ``delete``, and the
queryset's ``update`` and ``delete`` raise :class:`AppendOnlyError`), and a database trigger
(migration ``0002``) refuses UPDATE and DELETE on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove an audit row."""


class Action(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    VIEW = "view", "Viewed"
    EXPORT = "export", "Exported"


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("the audit log is append-only: rows cannot be updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("the audit log is append-only: rows cannot be deleted")


class AuditEvent(models.Model):
    # Every save of an answer appends a row, so each index is a cost on the hot path: every
    # index is one more B-tree to change and, under concurrent saves, to read back into every
    # connection's cache after each commit. The application reads the log by case (a case's
    # history), so only ``case_id`` is indexed; a search by actor, time or inspection (an
    # investigation, rare) reads the table through.
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        db_index=False,
        related_name="+",
        help_text="Who; empty for the system itself (e.g. loading demo data).",
    )
    actor_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    inspection_id = models.BigIntegerField(null=True)
    case_id = models.BigIntegerField(null=True, db_index=True)
    summary = models.CharField(max_length=300)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    reason = models.TextField(blank=True)

    objects: ClassVar[models.Manager[AuditEvent]] = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_email or 'system'}: {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("the audit log is append-only: rows cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("the audit log is append-only: rows cannot be deleted")
