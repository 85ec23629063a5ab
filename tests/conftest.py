"""Shared test set-up.

The web application's settings come from the environment, so the environment is set here,
before pytest-django sets Django up: a throwaway data directory, a test-only secret key, and
the database — PostgreSQL when ``CASEINSPECT_TEST_DATABASE_URL`` is set (``.ci/run`` sets it
when PostgreSQL answers), else SQLite. Django's test runner builds the test database by
running the migrations.

Personas for permission tests (they read like sentences: "Ian edits his case; Bob, on the
same team, cannot; Charlie, on no team, sees nothing"):

========  ================  ==========================================================
persona   role              place
========  ================  ==========================================================
ada       admin             everything
lena      lead inspector    member of the inspection (set it up)
ian       inspector         member; assigned the case, owns its assessment
bob       inspector         member; assigned another case
charlie   inspector         not a member
quinn     quality assurer   member
olive     quality assurer   not a member
ann       analyst           every inspection's results and pseudonymised exports
vic       viewer            aggregate results only
========  ================  ==========================================================
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

import pytest

_DATA_DIR = tempfile.mkdtemp(prefix="caseinspect-test-")
os.environ["DJANGO_SETTINGS_MODULE"] = "caseinspect.web.settings"
os.environ["CASEINSPECT_DATA_DIR"] = _DATA_DIR
os.environ["CASEINSPECT_SECRET_KEY"] = "test-only-secret-key-" + "x" * 40
os.environ["DATABASE_URL"] = (
    os.environ.get("CASEINSPECT_TEST_DATABASE_URL") or f"sqlite:///{_DATA_DIR}/test.sqlite3"
)
os.environ.pop("CASEINSPECT_SECURE_COOKIES", None)
os.environ.pop("CASEINSPECT_DEBUG", None)

import django  # noqa: E402  (after the environment it reads)

django.setup()


@pytest.fixture
def world(db: None) -> Any:
    from factories_web import make_world

    return make_world()


@pytest.fixture
def as_user(client: Any) -> Any:
    """``as_user(user)`` signs the test client in as ``user`` and returns the client."""

    def sign_in(user: Any) -> Any:
        client.force_login(user)
        return client

    return sign_in
