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

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
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

from factories_web import DEMO_PASSWORD  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _clean_environment() -> dict[str, str]:
    """The environment of a real run: none of the test suite's settings."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CASEINSPECT_", "DJANGO_")) and k != "DATABASE_URL"}
    env["CASEINSPECT_DEMO_PASSWORD"] = DEMO_PASSWORD
    return env


@contextlib.contextmanager
def _serving(data_dir: Path, *args: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``caseinspect serve ARGS`` in a subprocess, as a newcomer runs it, until ``/healthz``
    answers: (base URL, the server's process). Stopped on leaving."""
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    log = data_dir.parent / f"serve-{port}.log"
    process = subprocess.Popen(
        [sys.executable, "-c", "from caseinspect.cli import main; main()", "serve",
         "--port", str(port), "--data-dir", str(data_dir), *args],
        env=_clean_environment(),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"serve did not become healthy:\n{log.read_text()}")
                time.sleep(0.3)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def serving() -> Any:
    """``with serving(data_dir, *args) as (base, process):`` runs ``caseinspect serve``."""
    return _serving


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """``caseinspect serve --demo`` in a subprocess, as a newcomer runs it: (base URL, data
    directory). Shared by the tests of one session, which must not rely on each other's data."""
    data_dir = tmp_path_factory.mktemp("serve") / "data"
    with _serving(data_dir, "--demo", "--workers", "1") as (base, _):
        yield base, data_dir


@pytest.fixture(autouse=True)
def _fresh_result_memo() -> Iterator[None]:
    """Each test starts with the server's memo of analysis results empty, so that what one
    test analysed is not read back by another (the test databases reuse ids)."""
    from caseinspect.web.inspections import tables

    tables.RESULTS.clear()
    yield
    tables.RESULTS.clear()


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
