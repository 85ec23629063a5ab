"""What runs on every request besides the views: security headers Django's own middleware
does not set — a Content Security Policy that allows only our own scripts, styles, fonts and
images (no inline script), and a Permissions-Policy that turns off browser features the
service never uses — and the authentication backend that reads each request's signed-in user
(:class:`UserBackend`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connections, router
from django.http import HttpRequest, HttpResponse

from caseinspect.web.accounts.models import User

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# The user's columns a request needs: who they are, their role, whether they are active, and
# the password hash (Django checks the session against it, so changing the password ends other
# sessions). In model order, as ``Model.from_db`` wants; the others load if asked for.
_USER_FIELDS = ("id", "password", "email", "name", "role", "is_active")
_USER_COLUMNS = [f.attname for f in User._meta.concrete_fields if f.attname in _USER_FIELDS]
_USER_SQL = (
    "SELECT " + ", ".join(f'"{c}"' for c in _USER_COLUMNS)
    + f' FROM "{User._meta.db_table}" WHERE "id" = %s'
)


class UserBackend(ModelBackend):
    """Django's ``ModelBackend`` (sign-in by email and password; inactive users refused), but
    the signed-in user of each request is read with one plain statement instead of a queryset
    compiled anew on every request. It is still read on every request, and still refused
    when inactive: deactivating someone, or changing their role, takes effect at once."""

    def get_user(self, user_id: Any) -> User | None:
        connection = connections[router.db_for_read(User)]
        with connection.cursor() as cursor:
            cursor.execute(_USER_SQL, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        user = User.from_db(connection.alias, _USER_COLUMNS, row)
        return user if self.user_can_authenticate(user) else None
