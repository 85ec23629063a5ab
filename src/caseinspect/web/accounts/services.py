"""Creating users: the one function the admin page and ``caseinspect users create`` call."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from caseinspect.errors import InputError, Problem
from caseinspect.web.accounts.models import Role, User
from caseinspect.web.audit.log import record


def create_user(
    email: str, role: str, password: str, by: User | None, name: str = "", reason: str = ""
) -> User:
    """Create a user after checking the email, role and password; audited."""
    email = email.strip().lower()
    problems = []
    if role not in Role.values:
        problems.append(Problem(f"unknown role; use one of {', '.join(Role.values)}", value=role))
    if User.objects.filter(email=email).exists():
        problems.append(Problem("a user with this email address already exists", value=email))
    try:
        password_validation.validate_password(password, User(email=email, name=name))
    except ValidationError as exc:
        problems.extend(Problem(f"password: {message}") for message in exc.messages)
    if problems:
        raise InputError(problems)
    with transaction.atomic():
        user = User.objects.create_user(email=email, role=role, password=password, name=name)
        record(by, "create", user, after=user, reason=reason)
    return user
