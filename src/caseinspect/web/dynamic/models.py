"""What a dynamic inspection records beyond its cases: evidence items against the regional
questions (1.1–3.9), one finding per question (a narrative and a classification with a
follow-up priority, never yes / no), and the follow-up plan's actions.

State changes go through :mod:`caseinspect.web.dynamic.services`, which audits them.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from caseinspect.web.inspections.models import Inspection


class SourceType(models.TextChoices):
    """Kinds of evidence seed 004 names."""

    DOCUMENT = "document", "Document"
    DATA = "data", "Data"
    FOCUS_GROUP = "focus_group", "Focus group"
    INTERVIEW = "interview", "Interview"
    PRESENTATION = "presentation", "Presentation"
    SURVEY = "survey", "Survey"
    MINUTES = "minutes", "Minutes"
    CASE_INSPECTION = "case_inspection_data", "Case inspection data"
    CASE_ASSURANCE = "case_assurance_data", "Case assurance data"


class Classification(models.TextChoices):
    STRENGTH = "strength", "Strength"
    MIXED = "mixed", "Mixed"
    IMPROVE = "area_for_improvement", "Area for improvement"
    INSUFFICIENT = "insufficient_evidence", "Insufficient evidence"


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


#: Priorities in the order the diagnosis lists them.
PRIORITY_ORDER = {Priority.HIGH: 0, Priority.MEDIUM: 1, Priority.LOW: 2}


class EvidenceItem(models.Model):
    """One piece of evidence against a regional question, perhaps with a file kept in the data
    directory (``stored_name`` is relative to the evidence directory; never served directly)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="evidence")
    question_code = models.CharField(max_length=10)
    source_type = models.CharField(max_length=30, choices=SourceType.choices)
    description = models.CharField(max_length=500)
    evidence_date = models.DateField()
    involved = models.CharField("who was involved (by role)", max_length=300, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    stored_name = models.CharField(max_length=200, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    file_type = models.CharField(max_length=10, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("question_code", "evidence_date", "pk")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(source_type__in=SourceType.values),
                name="evidence_source_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_type_display()} for {self.question_code}"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.inspection_id, None


class Finding(models.Model):
    """The inspectors' finding on one regional question of an inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="findings")
    question_code = models.CharField(max_length=10)
    narrative = models.TextField()
    classification = models.CharField(max_length=30, choices=Classification.choices)
    priority = models.CharField("follow-up priority", max_length=10, choices=Priority.choices)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("question_code",)
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("inspection", "question_code"), name="one_finding_per_question"
            ),
            models.CheckConstraint(
                condition=models.Q(classification__in=Classification.values),
                name="finding_classification_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(priority__in=Priority.values), name="finding_priority_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Finding on {self.question_code}: {self.get_classification_display()}"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.inspection_id, None


class FollowUpAction(models.Model):
    """An action of the follow-up plan, tied to a regional question, with the case indicator
    (a case question or fact code) that will show whether it worked."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="actions")
    question_code = models.CharField(max_length=10)
    what = models.TextField()
    owner_role = models.CharField("owner (by role)", max_length=150)
    due_date = models.DateField()
    indicator_code = models.CharField(max_length=20)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("due_date", "pk")
        verbose_name = "follow-up action"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(status__in=["planned", "in_progress", "done", "dropped"]),
                name="action_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return (f"Action on {self.question_code} due {self.due_date.day} "
                f"{self.due_date:%B %Y}")

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.inspection_id, None
