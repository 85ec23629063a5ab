"""Forms of the dynamic inspection pages: evidence items, findings, follow-up actions. They
only parse input; the rules are checked again by the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from caseinspect.frameworks import load_framework
from caseinspect.web.dynamic.models import (
    Classification,
    FollowUpAction,
    Priority,
    SourceType,
)
from caseinspect.web.dynamic.services import indicator_choices
from caseinspect.web.dynamic.uploads import ACCEPTED_LABEL
from caseinspect.web.inspections.forms import DateField, shortened
from caseinspect.web.inspections.models import Inspection

NO_NAMES = (
    "Roles only, for example ‘head of public protection, 3 practice supervisors’. Never name "
    "people on probation, victims or anyone else."
)


class EvidenceForm(forms.Form):
    source_type = forms.ChoiceField(
        label="Type of source",
        choices=SourceType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of source",
                        "invalid_choice": "Select the type of source"},
    )
    description = forms.CharField(
        label="Short description",
        max_length=500,
        help_text="What the evidence is and what it shows, in a sentence or two. Do not "
        "include names or other details that identify anyone.",
        error_messages={
            "required": "Enter a short description of the evidence",
            "max_length": "Description must be 500 characters or fewer",
        },
    )
    evidence_date = DateField(
        label="Date of the evidence",
        help_text="For example, 27 3 2025",
        error_messages={"required": "Enter the date of the evidence"},
    )
    involved = forms.CharField(
        label="Who was involved (by role)",
        required=False,
        max_length=300,
        help_text=NO_NAMES,
        error_messages={"max_length": "Who was involved must be 300 characters or fewer"},
    )
    file = forms.FileField(
        label="Upload a file (optional)",
        required=False,
        help_text=f"{ACCEPTED_LABEL}. It is kept in the service's data directory and only "
        "people who may read this inspection's evidence can download it.",
    )

    def clean_evidence_date(self) -> Any:
        value = self.cleaned_data.get("evidence_date")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError("The date of the evidence must be today or in the past")
        return value


class FindingForm(forms.Form):
    classification = forms.ChoiceField(
        label="Classification",
        choices=Classification.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select strength, mixed, area for improvement or insufficient evidence",
            "invalid_choice": "Select strength, mixed, area for improvement or insufficient "
            "evidence",
        },
    )
    priority = forms.ChoiceField(
        label="Follow-up priority",
        choices=Priority.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the follow-up priority",
                        "invalid_choice": "Select the follow-up priority"},
    )
    narrative = forms.CharField(
        label="Finding",
        widget=forms.Textarea,
        help_text="What the evidence shows about this question, and why. Do not include names "
        "or other details that identify anyone.",
        error_messages={"required": "Enter the finding"},
    )


class ActionForm(forms.Form):
    question_code = forms.ChoiceField(
        label="Question the action is for",
        error_messages={"required": "Select the question the action is for",
                        "invalid_choice": "Select the question the action is for"},
    )
    what = forms.CharField(
        label="What will be done",
        widget=forms.Textarea,
        error_messages={"required": "Enter what will be done"},
    )
    owner_role = forms.CharField(
        label="Owner (by role)",
        max_length=150,
        help_text="A role, for example ‘head of public protection’, not a name.",
        error_messages={
            "required": "Enter the owner's role",
            "max_length": "Owner's role must be 150 characters or fewer",
        },
    )
    due_date = DateField(
        label="Due date",
        help_text="For example, 30 9 2025",
        error_messages={"required": "Enter the due date"},
    )
    indicator_code = forms.ChoiceField(
        label="Case indicator that will show it worked",
        error_messages={
            "required": "Select the case indicator that will show the action worked",
            "invalid_choice": "Select the case indicator that will show the action worked",
        },
    )
    status = forms.ChoiceField(
        label="Status",
        choices=FollowUpAction.Status.choices,
        widget=forms.RadioSelect,
        initial=FollowUpAction.Status.PLANNED,
        error_messages={"required": "Select the status", "invalid_choice": "Select the status"},
    )

    def __init__(self, inspection: Inspection, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        framework = load_framework(inspection.framework_code)
        questions = self.fields["question_code"]
        indicators = self.fields["indicator_code"]
        assert isinstance(questions, forms.ChoiceField)
        assert isinstance(indicators, forms.ChoiceField)
        questions.choices = [("", "Choose a question")] + [
            (q.code, f"{q.code} {shortened(q.text, 90)}") for q in framework.evidence_questions()
        ]
        indicators.choices = [("", "Choose a case indicator")] + [
            (code, f"{code} {shortened(text, 90)}") for code, text in indicator_choices()
        ]
