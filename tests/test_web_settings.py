"""Settings: typed environment helpers that fail loudly, secure defaults, security headers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from caseinspect.web import env

DOCS = Path(__file__).resolve().parents[1] / "docs" / "web.md"


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("Yes", True), ("off", False), ("0", False)]
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("CASEINSPECT_TEST_FLAG", raw)
    assert env.env_bool("CASEINSPECT_TEST_FLAG", not expected, "a flag") is expected


def test_env_bool_fails_loudly_naming_the_variable(monkeypatch):
    monkeypatch.setenv("CASEINSPECT_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match=r"CASEINSPECT_TEST_FLAG='maybe' is not a valid"):
        env.env_bool("CASEINSPECT_TEST_FLAG", False, "a flag")


def test_env_int_refuses_text_and_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("CASEINSPECT_TEST_N", "five")
    with pytest.raises(ImproperlyConfigured, match="CASEINSPECT_TEST_N"):
        env.env_int("CASEINSPECT_TEST_N", 5, "n")
    monkeypatch.setenv("CASEINSPECT_TEST_N", "0")
    with pytest.raises(ImproperlyConfigured, match="must be 1 or more"):
        env.env_int("CASEINSPECT_TEST_N", 5, "n")
    monkeypatch.setenv("CASEINSPECT_TEST_N", "0")
    assert env.env_int("CASEINSPECT_TEST_N", 5, "n", minimum=0) == 0


def test_env_str_without_default_is_required(monkeypatch):
    monkeypatch.delenv("CASEINSPECT_TEST_S", raising=False)
    with pytest.raises(ImproperlyConfigured, match="CASEINSPECT_TEST_S must be set"):
        env.env_str("CASEINSPECT_TEST_S", None, "needed")
    monkeypatch.setenv("CASEINSPECT_TEST_S", "  value ")
    assert env.env_str("CASEINSPECT_TEST_S", None, "needed") == "value"


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("CASEINSPECT_TEST_L", "a.example, b.example,,")
    assert env.env_list("CASEINSPECT_TEST_L", [], "hosts") == ["a.example", "b.example"]


def test_every_setting_read_from_the_environment_is_documented():
    documented = DOCS.read_text(encoding="utf-8")
    declared = {name for name in env.DECLARED if not name.startswith("CASEINSPECT_TEST_")}
    assert "DATABASE_URL" in declared and "CASEINSPECT_SECRET_KEY" in declared
    missing = sorted(name for name in declared if f"`{name}`" not in documented)
    assert missing == []


def test_secure_defaults(settings):
    from caseinspect.web import settings as module

    assert module.DEBUG is False
    assert module.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert module.SESSION_COOKIE_SECURE and module.CSRF_COOKIE_SECURE
    assert module.SESSION_COOKIE_HTTPONLY and module.CSRF_COOKIE_HTTPONLY
    assert module.SESSION_COOKIE_SAMESITE == "Lax"
    assert "django.middleware.csrf.CsrfViewMiddleware" in module.MIDDLEWARE
    assert module.X_FRAME_OPTIONS == "DENY"


def test_sqlite_runs_in_wal_mode_with_immediate_transactions_and_no_mmap(settings):
    from caseinspect.web import settings as module

    if module.DATABASES["default"]["ENGINE"] != "caseinspect.web.sqlite":
        pytest.skip("PostgreSQL run")
    options = module.DATABASES["default"]["OPTIONS"]
    assert "journal_mode=WAL" in options["init_command"]
    assert options["transaction_mode"] == "IMMEDIATE"
    # Memory-mapped reads remap the file after every other connection's commit (settings.py).
    assert "mmap_size" not in options["init_command"]


def test_pages_carry_the_security_headers(client, db):
    response = client.get("/sign-in")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_inline_script_or_style_in_any_template():
    templates = Path(__file__).resolve().parents[1] / "src/caseinspect/web/templates"
    for path in templates.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path
        assert " style=" not in text and "<style" not in text, path
        assert not re.search(r"\son[a-z]+=", text), path


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(client, world):
    from factories_web import PASSWORD

    world.ian.set_password(PASSWORD)
    world.ian.save()
    client.get("/sign-in")
    response = client.post("/sign-in", {"email": "ian@example.org", "password": PASSWORD})
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_healthz_answers_without_signing_in(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_every_other_page_needs_signing_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in?next=/")


def test_vendored_govuk_frontend_is_served_without_a_cdn(client, db):
    response = client.get("/static/govuk/govuk-frontend.min.css")
    assert response.status_code == 200
    css = b"".join(response.streaming_content)
    assert b"url(assets/fonts/" in css and b"url(/assets/" not in css
    page = client.get("/sign-in").content.decode()
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_sqlite_writers_queue_on_a_file_lock_that_commit_and_rollback_release(
    tmp_path, django_db_blocker
):
    import fcntl

    from django.db.utils import ConnectionHandler

    path = tmp_path / "db.sqlite3"
    handler = ConnectionHandler(
        {"default": {"ENGINE": "caseinspect.web.sqlite", "NAME": str(path),
                     "OPTIONS": {"transaction_mode": "IMMEDIATE"}}}
    )
    connection = handler["default"]

    def lock_is_free() -> bool:
        with open(f"{path}.write-lock") as other:
            try:
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            fcntl.flock(other, fcntl.LOCK_UN)
            return True

    with django_db_blocker.unblock():
        connection.ensure_connection()
        for finish in (connection._commit, connection._rollback):
            connection._start_transaction_under_autocommit()
            assert not lock_is_free() and connection._thread_lock.locked()
            finish()
            assert lock_is_free() and not connection._thread_lock.locked()
        connection._start_transaction_under_autocommit()
        connection.close()
        assert lock_is_free() and not connection._thread_lock.locked()


def test_a_process_s_sqlite_writers_take_turns_on_one_thread_lock(tmp_path, django_db_blocker):
    import threading
    import time

    from django.db.utils import ConnectionHandler

    settings = {"ENGINE": "caseinspect.web.sqlite", "NAME": str(tmp_path / "db.sqlite3"),
                "OPTIONS": {"transaction_mode": "IMMEDIATE"}}
    first = ConnectionHandler({"default": dict(settings)})["default"]
    order: list[str] = []

    def second_writer() -> None:
        other = ConnectionHandler({"default": dict(settings)})["default"]
        other.ensure_connection()
        other._start_transaction_under_autocommit()  # waits for the first to commit
        order.append("second began")
        other._commit()
        other.close()

    with django_db_blocker.unblock():
        first.ensure_connection()
        first._start_transaction_under_autocommit()
        thread = threading.Thread(target=second_writer)
        thread.start()
        time.sleep(0.2)
        order.append("first committed")
        first._commit()
        thread.join(timeout=10)
        first.close()
    assert order == ["first committed", "second began"]


def test_startup_checks_catch_insecure_cookies_on_a_network_and_debug(settings):
    from django.core.checks import run_checks

    settings.SECURE_COOKIES = False
    settings.ALLOWED_HOSTS = ["127.0.0.1", "inspect.example.org"]
    settings.DEBUG = True
    ids = {message.id for message in run_checks(include_deployment_checks=False)}
    assert {"caseinspect.W001", "caseinspect.W002"} <= ids
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    settings.DEBUG = False
    ids = {message.id for message in run_checks()}
    assert not {i for i in ids if i and i.startswith("caseinspect.")}


def test_a_missing_govuk_frontend_is_an_error(monkeypatch, tmp_path):
    from caseinspect.web import checks

    monkeypatch.setattr(checks, "GOVUK_CSS", tmp_path / "missing.css")
    assert [m.id for m in checks.govuk_frontend_vendored(None)] == ["caseinspect.E001"]
