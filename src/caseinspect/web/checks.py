"""Start-up checks (``manage.py check``, run by ``migrate`` and so by ``caseinspect serve``),
with stable ids, that catch a misconfiguration before the first request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.checks import Warning as CheckWarning

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
GOVUK_CSS = Path(__file__).parent / "static" / "govuk" / "govuk-frontend.min.css"


@register(Tags.security)
def cookies_secure_off_the_local_machine(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    remote = set(settings.ALLOWED_HOSTS) - LOCAL_HOSTS
    if not settings.SECURE_COOKIES and remote:
        return [
            CheckWarning(
                "session and CSRF cookies are sent without the Secure flag, but the site "
                f"answers to {', '.join(sorted(remote))}",
                hint="serve over HTTPS and set CASEINSPECT_SECURE_COOKIES=true",
                id="caseinspect.W001",
            )
        ]
    return []


@register(Tags.security)
def debug_off(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG:
        return [
            CheckWarning(
                "CASEINSPECT_DEBUG is on: error pages show settings and case data",
                hint="never turn it on where real cases are held",
                id="caseinspect.W002",
            )
        ]
    return []


@register()
def govuk_frontend_vendored(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if not GOVUK_CSS.is_file():
        return [
            Error(
                f"GOV.UK Frontend is missing from {GOVUK_CSS.parent}",
                hint="reinstall caseinspect; docs/web.md says how the files are vendored",
                id="caseinspect.E001",
            )
        ]
    return []
