"""Users (signed in by email, one role each) and failed sign-in attempts (for lockout)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    LEAD = "lead_inspector", "Lead inspector"
    INSPECTOR = "inspector", "Inspector"
    QA = "quality_assurer", "Quality assurer"
    ANALYST = "analyst", "Analyst"
    VIEWER = "viewer", "Viewer"


class UserManager(BaseUserManager["User"]):
    def create_user(
        self, email: str, role: str, password: str | None = None, **extra: Any
    ) -> User:
        user = self.model(email=self.normalize_email(email).lower(), role=role, **extra)
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    email = models.EmailField(unique=True)
    name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["role"]

    class Meta:
        ordering = ("email",)
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def has_role(self, *roles: Role) -> bool:
        return self.is_active and self.role in roles


class LoginFailure(models.Model):
    """One failed sign-in: counted per email (lockout) and per network address (throttle)."""

    email = models.CharField(max_length=254, db_index=True)
    address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
