"""``caseinspect serve``: a production server on 127.0.0.1 with a data directory made on first
run; ``--demo`` data; every command-line option documented."""

from __future__ import annotations

import http.cookiejar
import re
import sqlite3
import urllib.parse
import urllib.request
from pathlib import Path

import click
import pytest

from caseinspect.cli import cmd_web
from caseinspect.web.demo import ASSESSED, CASES, USERS, load_demo
from factories_web import DEMO_PASSWORD

DOCS = Path(__file__).resolve().parents[1] / "docs" / "web.md"


def test_every_option_of_the_web_commands_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    commands = [cmd_web.serve, cmd_web.create_user]
    for command in commands:
        for param in command.params:
            if isinstance(param, click.Option):
                assert any(f"`{opt}" in text for opt in param.opts), (command.name, param.opts)


@pytest.mark.django_db
def test_the_demo_loads_once_and_prints_a_generated_password_only_then():
    from caseinspect.web.accounts.models import User
    from caseinspect.web.inspections.models import Assessment, Case

    first = load_demo(None)
    assert first.created and first.generated
    assert any(first.password in line for line in first.lines())
    assert sorted(User.objects.values_list("email", flat=True)) == sorted(e for e, _, _ in USERS)
    assert User.objects.get(email="inspector@example.org").check_password(first.password)
    assert Case.objects.count() == CASES
    assert Assessment.objects.filter(status="submitted").count() == ASSESSED
    assert Assessment.objects.filter(status="draft").count() == CASES - ASSESSED
    crns = Case.objects.values_list("crn", flat=True)
    assert all(re.fullmatch(r"[A-Z]\d{6}", crn) for crn in crns)
    again = load_demo(None)
    assert not again.created and not any(first.password in line for line in again.lines())
    assert Case.objects.count() == CASES


@pytest.mark.slow
def test_serve_makes_the_data_directory_and_answers_healthz(demo_server):
    base, data_dir = demo_server
    key = data_dir / "secret_key"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_text().strip()) >= 50
    with sqlite3.connect(data_dir / "caseinspect.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with urllib.request.urlopen(f"{base}/healthz") as response:
        assert response.read() == b"ok\n"
        assert response.headers["Server"].startswith("gunicorn")


@pytest.mark.slow
def test_the_demo_inspector_signs_in_and_sees_their_cases(demo_server):
    base, _ = demo_server
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/sign-in").read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    form = urllib.parse.urlencode(
        {"email": "inspector@example.org", "password": DEMO_PASSWORD,
         "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(f"{base}/sign-in", data=form, headers={"Referer": base})
    with opener.open(request) as response:
        page = response.read().decode()
    assert response.url == f"{base}/"
    assert "Your cases" in page and page.count('class="govuk-task-list__item ') == CASES
