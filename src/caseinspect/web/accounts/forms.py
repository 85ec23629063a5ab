"""Sign-in and user forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.http import HttpRequest
from django.utils import timezone

from caseinspect.web.accounts import throttle
from caseinspect.web.accounts.models import Role, User


def client_address(request: HttpRequest) -> str | None:
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address", error_messages={"required": "Enter your email address"}
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: User | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email, password = data.get("email"), data.get("password")
        if not email or not password:
            return data
        address = client_address(self.request)
        lock = throttle.lock_for(email, address)
        if lock is not None:
            until = timezone.localtime(lock.until).strftime("%H:%M")
            raise forms.ValidationError(
                f"Too many failed attempts to sign in. Try again after {until}.", code="locked"
            )
        user = authenticate(self.request, email=email.lower(), password=password)
        if user is None:
            throttle.record_failure(email, address)
            raise forms.ValidationError(
                "Enter a correct email address and password", code="invalid_login"
            )
        throttle.record_success(email)
        assert isinstance(user, User)
        self.user = user
        return data


class NewUserForm(forms.Form):
    email = forms.EmailField(
        label="Email address", error_messages={"required": "Enter an email address"}
    )
    name = forms.CharField(label="Name", required=False, max_length=150)
    role = forms.ChoiceField(
        label="Role",
        # No role is chosen until the administrator picks one: least privilege, never admin
        # by default.
        choices=[("", "Choose a role"), *Role.choices],
        error_messages={"required": "Select a role"},
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput,
        help_text="At least 12 characters. Give it to the person in a secure way.",
        error_messages={"required": "Enter a password"},
    )

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError("A user with this email address already exists")
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password"):
            candidate = User(email=data.get("email", ""), name=data.get("name", ""))
            try:
                password_validation.validate_password(data["password"], candidate)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data
