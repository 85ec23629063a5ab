"""Settings for the type checker only (django-stubs' mypy plugin imports them): the real
settings with a placeholder secret key, since the type checker runs without one."""

import os

os.environ.setdefault("CASEINSPECT_SECRET_KEY", "type-checking-only-" + "x" * 40)

from caseinspect.web.settings import *  # noqa: F403
