"""Template context shared by every page: the service navigation for the signed-in user."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from caseinspect.web.accounts.models import Role, User


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"nav_items": []}
    items = [("Home", reverse("home"))]
    if user.role in (Role.ADMIN, Role.LEAD):
        items.append(("Set up an inspection", reverse("inspections:create")))
    if user.role == Role.ADMIN:
        items.append(("Users", reverse("accounts:users")))
    path = request.path
    return {
        "nav_items": [
            {"text": text, "href": href, "current": path == href} for text, href in items
        ]
    }
