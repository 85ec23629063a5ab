"""What an inspection holds: regions and delivery units, inspections and their members,
cases (keyed by CRN, never names), assessments with their answers, and practice examples.

State changes go through :mod:`caseinspect.web.inspections.services`, which audits them.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

CRN_PATTERN = r"^[A-Z]\d{6}$"
crn_validator = RegexValidator(
    CRN_PATTERN, "Enter a CRN: a capital letter then 6 digits, like A123456"
)


class Region(models.Model):
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class DeliveryUnit(models.Model):
    """A probation delivery unit (PDU) of a region."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="delivery_units")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ("name",)
        verbose_name = "probation delivery unit"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("region", "name"), name="unique_pdu_per_region")
        ]

    def __str__(self) -> str:
        return self.name


class Inspection(models.Model):
    class Kind(models.TextChoices):
        CORE = "core", "Core inspection"
        DYNAMIC = "dynamic_public_protection", "Dynamic inspection of public protection"
        SELF = "self_assessment", "Self-assessment"

    class Status(models.TextChoices):
        SETUP = "setup", "Setting up"
        FIELDWORK = "fieldwork", "Fieldwork"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=200)
    framework_code = models.CharField(max_length=80)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="inspections")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.CORE)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SETUP)
    created_at = models.DateTimeField(default=timezone.now)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="inspections"
    )

    class Meta:
        ordering = ("-start_date", "name")

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.pk, None


class Membership(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("inspection", "user"), name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.inspection}"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.inspection_id, None


class Case(models.Model):
    """An inspected case: its CRN, delivery unit, assigned inspector and the case-table
    attributes (gender, age, RoSH…) as imported. No names, no dates of birth."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="cases")
    crn = models.CharField("CRN", max_length=7, validators=[crn_validator])
    delivery_unit = models.ForeignKey(
        DeliveryUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
    )
    attributes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("crn",)
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("inspection", "crn"), name="unique_crn_per_inspection")
        ]

    def __str__(self) -> str:
        return self.crn

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.inspection_id, self.pk


class Assessment(models.Model):
    """One inspector's judgements on one case, moving draft → submitted → quality-assured →
    final. ``version`` goes up by one with every change (optimistic locking)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        QUALITY_ASSURED = "quality_assured", "Quality assured"
        FINAL = "final", "Final"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assessments")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    quality_assured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quality_assured",
    )
    quality_assured_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)

    COUNTED: ClassVar[tuple[str, ...]] = (
        Status.SUBMITTED,
        Status.QUALITY_ASSURED,
        Status.FINAL,
    )

    class Meta:
        ordering = ("case__crn", "inspector__email")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("case", "inspector"), name="one_assessment_each"),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "submitted", "quality_assured", "final"]),
                name="assessment_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.crn} by {self.inspector}"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.case.inspection_id, self.case_id


class Answer(models.Model):
    class Value(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NA = "na", "Not applicable"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    code = models.CharField(max_length=20)
    value = models.CharField(max_length=3, choices=Value.choices)
    rationale = models.TextField(blank=True)

    class Meta:
        ordering = ("code",)
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("assessment", "code"), name="one_answer_per_code"),
            models.CheckConstraint(
                condition=models.Q(value__in=["yes", "no", "na"]), name="answer_value_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.value}"


class PracticeExample(models.Model):
    """A good or poor practice example tied to a question. Free text: it never leaves the
    system unless the inspector marks it anonymised and publishable."""

    class Kind(models.TextChoices):
        GOOD = "good", "Good practice"
        POOR = "poor", "Poor practice"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="examples")
    question_code = models.CharField(max_length=20)
    kind = models.CharField(max_length=4, choices=Kind.choices)
    text = models.TextField()
    publishable = models.BooleanField(
        "Anonymised, may be published",
        default=False,
        help_text="Only examples marked anonymised and publishable appear in published reports.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("question_code", "created_at")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} example for {self.question_code}"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.assessment.case.inspection_id, self.assessment.case_id


class SampleDraft(models.Model):
    """A case sample drawn from a long list for an inspection (``caseinspect.sampling``): what
    the lead inspector checks before confirming it, and afterwards the record of how the
    inspection's cases were chosen — options, seed, allocation and exclusions.

    It holds no name, date of birth or PNC: the long list is read in memory, in the request
    that uploads it, and only the result is kept. ``report`` is the ``sample --json``
    document (options and seed, strata, allocation, selected CRNs, exclusions, shortfall),
    ``summary`` the allocation summary's rows, ``cases`` the case-table records to import.
    """

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="samples")
    source = models.CharField("long list", max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    report = models.JSONField()
    summary = models.JSONField()
    cases = models.JSONField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = "case sample"

    def __str__(self) -> str:
        return f"sample of {self.source} for {self.inspection}"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.inspection_id, None
