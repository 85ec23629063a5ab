"""Security headers Django's own middleware does not set: a Content Security Policy that
allows only our own scripts, styles, fonts and images (no inline script), and a
Permissions-Policy that turns off browser features the service never uses."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

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


class SignedInUserMiddleware:
    """Hands views the signed-in ``User`` itself rather than Django's lazy stand-in for it.

    ``AuthenticationMiddleware`` sets ``request.user`` to a ``SimpleLazyObject`` (loaded on
    first use), and every attribute read through it raises and catches an exception inside
    Django — some forty a save, a tenth of its time. ``LoginRequiredMiddleware``, just before
    this one, has loaded the user for every view that needs one; this swaps the loaded object
    in. Views open to everyone (``/healthz``, sign-in) keep the lazy one, still unloaded.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *args: object) -> None:
        user = request.user
        if isinstance(user, SimpleLazyObject):
            loaded = user._wrapped
            if loaded is not empty:
                request.user = loaded
