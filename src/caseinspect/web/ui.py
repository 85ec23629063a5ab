"""Turning form and service errors into the GOV.UK error summary's list of links."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS


@dataclass(frozen=True)
class ErrorLink:
    href: str
    text: str


def field_id(key: str) -> str:
    """An HTML id for a question code or field key: ``2.1.3.a`` → ``2-1-3-a``."""
    return key.replace(".", "-").replace("_", "-")


def form_errors(form: forms.BaseForm) -> list[ErrorLink]:
    links: list[ErrorLink] = []
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS:
            target = next(iter(form.fields), "")
            href = f"#{form[target].auto_id}" if target else "#main-content"
        else:
            href = f"#{form[name].auto_id}"
        links.extend(ErrorLink(href, str(message)) for message in errors)
    return links


def keyed_errors(errors: Mapping[str, str], ids: Mapping[str, str]) -> list[ErrorLink]:
    """Service errors keyed by field key, linked to the ids the page gave those fields."""
    return [ErrorLink(f"#{ids.get(key, field_id(key))}", text) for key, text in errors.items()]


def plain_errors(texts: Iterable[str], href: str = "#main-content") -> list[ErrorLink]:
    return [ErrorLink(href, text) for text in texts]
