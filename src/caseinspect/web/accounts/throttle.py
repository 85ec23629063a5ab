"""Sign-in throttling: repeated failures lock an account (by email, whether or not it exists,
so the lock reveals nothing) and block a network address, for a while."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from caseinspect.web.accounts.models import LoginFailure


@dataclass(frozen=True)
class Lock:
    until: datetime


def _window_start() -> datetime:
    return timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def lock_for(email: str, address: str | None) -> Lock | None:
    """The lock in force for this email or network address, if any."""
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    checks = [(recent.filter(email=email.lower()), settings.LOGIN_MAX_FAILURES)]
    if address:
        checks.append((recent.filter(address=address), settings.LOGIN_MAX_FAILURES_PER_ADDRESS))
    for failures, limit in checks:
        if failures.count() >= limit:
            last = failures.aggregate(last=Max("at"))["last"]
            return Lock(last + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES))
    return None


def record_failure(email: str, address: str | None) -> None:
    LoginFailure.objects.create(email=email.lower(), address=address)


def record_success(email: str) -> None:
    LoginFailure.objects.filter(email=email.lower()).delete()
