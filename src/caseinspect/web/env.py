"""Settings from environment variables, read through small typed helpers that fail loudly.

Every variable read here is declared once, with its help text, in :data:`DECLARED`; a test
checks each one is documented in ``docs/web.md``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Variable:
    name: str
    help: str


DECLARED: dict[str, Variable] = {}


def _read(name: str, help: str) -> str | None:
    DECLARED[name] = Variable(name, help)
    value = os.environ.get(name)
    return None if value is None or value.strip() == "" else value.strip()


def _parse(name: str, raw: str, kind: str, parse: Callable[[str], T]) -> T:
    try:
        return parse(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a valid {kind}: {exc}") from exc


def env_str(name: str, default: str | None, help: str) -> str:
    """A string; with ``default=None`` the variable is required."""
    raw = _read(name, help)
    if raw is None:
        if default is None:
            raise ImproperlyConfigured(f"{name} must be set: {help}")
        return default
    return raw


def _bool(raw: str) -> bool:
    low = raw.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ValueError("use true/false, yes/no, on/off or 1/0")


def env_bool(name: str, default: bool, help: str) -> bool:
    raw = _read(name, help)
    return default if raw is None else _parse(name, raw, "boolean", _bool)


def env_int(name: str, default: int, help: str, minimum: int = 1) -> int:
    """A whole number no smaller than ``minimum``."""

    def parse(raw: str) -> int:
        value = int(raw)
        if value < minimum:
            raise ValueError(f"must be {minimum} or more")
        return value

    raw = _read(name, help)
    return default if raw is None else _parse(name, raw, "whole number", parse)


def env_list(name: str, default: list[str], help: str) -> list[str]:
    """A comma-separated list."""
    raw = _read(name, help)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]
