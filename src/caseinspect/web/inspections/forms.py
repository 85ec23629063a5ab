"""Forms for setting up an inspection, its members, case assignment, import and examples."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from caseinspect.frameworks import list_frameworks, load_framework
from caseinspect.web.accounts.models import Role, User
from caseinspect.web.inspections.models import Inspection, PracticeExample
from caseinspect.web.inspections.status import moves_from


class GovukDateWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes."""

    def __init__(self) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()])

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def subwidgets(self, name: str, value: Any, attrs: Any = None) -> Any:
        """The day, month and year inputs (``name_0`` …), which ``includes/field.html``
        renders one by one; Django's default would give the whole widget as one."""
        yield from self.get_context(name, value, attrs)["widget"]["subwidgets"]


class DateField(forms.MultiValueField):
    widget = GovukDateWidget

    def __init__(self, **kwargs: Any) -> None:
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(parts, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> dt.date | None:
        if not data_list or not any(data_list):
            return None
        try:
            day, month, year = (int(part) for part in data_list)
            if year < 1000:
                raise ValueError
            return dt.date(year, month, day)
        except (TypeError, ValueError):
            raise forms.ValidationError(
                f"{self.label} must be a real date, like 27 3 2025", code="invalid"
            ) from None


def framework_choices() -> list[tuple[str, str]]:
    return [(code, f"{load_framework(code).title} ({code})") for code in list_frameworks()]


class InspectionForm(forms.Form):
    name = forms.CharField(
        label="Name of the inspection",
        max_length=200,
        error_messages={"required": "Enter the name of the inspection"},
    )
    region = forms.CharField(
        label="Region",
        max_length=100,
        help_text="An existing region's name, or a new one.",
        error_messages={"required": "Enter the region"},
    )
    kind = forms.ChoiceField(
        label="Kind of inspection",
        choices=Inspection.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of inspection"},
    )
    framework_code = forms.ChoiceField(
        label="Framework",
        choices=framework_choices,
        error_messages={"required": "Select the framework"},
    )
    start_date = DateField(
        label="Start date",
        help_text="For example, 27 3 2025",
        error_messages={"required": "Enter the start date"},
    )
    end_date = DateField(
        label="End date (optional)", required=False, help_text="For example, 30 4 2025"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "End date must be the same as or after the start date")
        code, kind = data.get("framework_code"), data.get("kind")
        if kind == Inspection.Kind.DYNAMIC and code and not load_framework(code).domains:
            dynamic = [c for c in list_frameworks() if load_framework(c).domains]
            self.add_error(
                "framework_code",
                "A dynamic inspection of public protection needs a framework with regional "
                f"questions: choose {' or '.join(dynamic)}",
            )
        return data


def _people(inspection: Inspection, roles: tuple[str, ...]) -> Any:
    return User.objects.filter(is_active=True, role__in=roles, membership__inspection=inspection)


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Person to add",
        queryset=User.objects.none(),
        empty_label="Choose a person",
        error_messages={"required": "Choose the person to add"},
    )

    def __init__(self, inspection: Inspection, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(
            is_active=True, role__in=[Role.LEAD, Role.INSPECTOR, Role.QA]
        ).exclude(membership__inspection=inspection)


class AssignForm(forms.Form):
    inspector = forms.ModelChoiceField(
        label="Inspector",
        queryset=User.objects.none(),
        empty_label="Choose an inspector",
        error_messages={"required": "Choose the inspector"},
    )
    reason = forms.CharField(label="Reason (optional)", required=False, widget=forms.Textarea)

    def __init__(self, inspection: Inspection, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["inspector"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _people(inspection, (Role.LEAD, Role.INSPECTOR))


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a case table",
        help_text="CSV, Excel (.xlsx) or Parquet: one row per case, case_id holding the CRN.",
        error_messages={"required": "Select a case table file"},
    )


class ExampleForm(forms.Form):
    question_code = forms.ChoiceField(
        label="Question", error_messages={"required": "Select the question the example is about"}
    )
    kind = forms.ChoiceField(
        label="Kind of practice",
        choices=PracticeExample.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select good practice or poor practice"},
    )
    text = forms.CharField(
        label="Describe the practice",
        widget=forms.Textarea,
        help_text="Do not include names or other details that identify anyone.",
        error_messages={"required": "Describe the practice"},
    )
    publishable = forms.BooleanField(
        label="This example is anonymised and may be published",
        required=False,
        help_text="Only examples marked like this can appear in published reports.",
    )

    def __init__(self, inspection: Inspection, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        framework = load_framework(inspection.framework_code)
        field = self.fields["question_code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose a question")] + [
            (q.code, f"{q.code} {shortened(q.text)}") for q in framework.questions()
        ]


def shortened(text: str, limit: int = 80) -> str:
    """``text`` cut to ``limit`` characters at a word boundary, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


class StatusForm(forms.Form):
    """Move an inspection one step on (or back): the steps allowed from its status."""

    status = forms.ChoiceField(
        label="Change the status",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the status to move the inspection to",
            "invalid_choice": "Select one of the statuses shown: someone may have changed "
            "the status since you opened the page",
        },
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Required to move the inspection back. It is kept in the inspection's history.",
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, inspection: Inspection, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(m.target, m.label) for m in moves_from(inspection.status)]
