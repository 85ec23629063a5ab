"""Signing in: Argon2 hashes, throttling and lockout, signing out; creating users."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from django.utils import timezone

from caseinspect.cli import main
from caseinspect.web.accounts.models import LoginFailure, User
from factories_web import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ian():
    return make_user("ian@example.org", "inspector", password=PASSWORD)


def sign_in(client, email="ian@example.org", password=PASSWORD, **extra):
    return client.post("/sign-in", {"email": email, "password": password}, **extra)


def test_passwords_are_stored_as_argon2_hashes(ian):
    assert ian.password.startswith("argon2$argon2id$")
    assert ian.check_password(PASSWORD)


def test_signing_in_with_the_right_password_goes_home(client, ian):
    response = sign_in(client)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_signing_in_follows_next_only_within_the_site(client, ian):
    response = client.post(
        "/sign-in", {"email": ian.email, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    client.logout()
    response = client.post("/sign-in", {"email": ian.email, "password": PASSWORD, "next": "/"})
    assert response["Location"] == "/"


def test_a_wrong_password_shows_the_error_summary_and_records_a_failure(client, ian):
    response = sign_in(client, password="wrong password")
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Enter a correct email address and password" in page
    assert page.count("<title>Error: ") == 1
    assert LoginFailure.objects.filter(email="ian@example.org").count() == 1


def test_missing_fields_are_named(client, db):
    page = client.post("/sign-in", {"email": "", "password": ""}).content.decode()
    assert "Enter your email address" in page and "Enter your password" in page
    assert 'href="#id_email"' in page and 'href="#id_password"' in page


def test_five_failures_lock_the_account_even_against_the_right_password(client, ian, settings):
    settings.LOGIN_MAX_FAILURES = 5
    for _ in range(5):
        assert sign_in(client, password="wrong password").status_code == 400
    response = sign_in(client)
    assert response.status_code == 400
    assert "Too many failed attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lock_reveals_nothing_about_whether_the_account_exists(client, db, settings):
    settings.LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        sign_in(client, email="nobody@example.org", password="guess")
    response = sign_in(client, email="nobody@example.org", password="guess")
    assert "Too many failed attempts" in response.content.decode()


def test_the_lock_lifts_once_the_failures_are_older_than_the_lockout(client, ian, settings):
    settings.LOGIN_MAX_FAILURES = 3
    settings.LOGIN_LOCKOUT_MINUTES = 15
    long_ago = timezone.now() - timedelta(minutes=16)
    LoginFailure.objects.bulk_create(
        LoginFailure(email=ian.email, address="127.0.0.1", at=long_ago) for _ in range(3)
    )
    assert sign_in(client).status_code == 302


def test_success_clears_the_failure_count(client, ian, settings):
    settings.LOGIN_MAX_FAILURES = 3
    sign_in(client, password="wrong password")
    sign_in(client, password="wrong password")
    assert sign_in(client).status_code == 302
    assert not LoginFailure.objects.filter(email=ian.email).exists()


def test_many_failures_from_one_address_block_it(client, ian, settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 4
    for i in range(4):
        sign_in(client, email=f"guess{i}@example.org", password="guess", REMOTE_ADDR="10.0.0.9")
    blocked = sign_in(client, REMOTE_ADDR="10.0.0.9")
    assert "Too many failed attempts" in blocked.content.decode()
    assert sign_in(client, REMOTE_ADDR="10.0.0.10").status_code == 302


def test_inactive_users_cannot_sign_in(client, ian):
    ian.is_active = False
    ian.save()
    assert sign_in(client).status_code == 400


def test_signing_out_needs_a_post(client, ian):
    client.force_login(ian)
    assert client.get("/sign-out").status_code == 405
    response = client.post("/sign-out")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_forms_are_csrf_protected(ian):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert sign_in(strict).status_code == 403
    page = strict.get("/sign-in")
    token = page.cookies["csrftoken"].value
    response = strict.post(
        "/sign-in", {"email": ian.email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_admin_adds_a_user_who_can_then_sign_in(client, db):
    from caseinspect.web.audit.models import AuditEvent

    admin = make_user("ada@example.org", "admin")
    client.force_login(admin)
    response = client.post(
        "/users",
        {"email": "New@Example.org", "name": "New", "role": "viewer", "password": PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.role == "viewer" and user.check_password(PASSWORD)
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=str(user.pk))
    assert event.actor == admin and "password" not in event.after


def test_the_users_page_refuses_weak_passwords_and_duplicates(client, db):
    client.force_login(make_user("ada@example.org", "admin"))
    page = client.post(
        "/users", {"email": "ada@example.org", "role": "viewer", "password": "short"}
    ).content.decode()
    assert "A user with this email address already exists" in page
    assert "This password is too short" in page


def test_users_create_reads_the_password_from_stdin():
    result = CliRunner().invoke(
        main,
        ["users", "create", "--email", "lead@example.org", "--role", "lead_inspector"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created lead@example.org (lead inspector)." in result.output
    assert User.objects.get(email="lead@example.org").check_password(PASSWORD)


def test_users_create_reports_every_problem_and_exits_2():
    make_user("lead@example.org", "lead_inspector")
    result = CliRunner().invoke(
        main,
        ["users", "create", "--email", "lead@example.org", "--role", "inspector"],
        input="1234\n",
    )
    assert result.exit_code == 2
    assert "a user with this email address already exists" in result.output
    assert "password: This password is too short" in result.output


def test_the_add_a_user_form_does_not_preselect_administrator(client, db):
    """The role list started at Administrator, so a form sent without choosing a role made
    the new person an administrator. It starts with an empty choice and a role is required."""
    import re

    client.force_login(make_user("ada@example.org", "admin"))
    page = client.get("/users").content.decode()
    select = page[page.index('name="role"'):]
    first = re.search(r"<option[^>]*>[^<]*</option>", select)
    assert first and 'value=""' in first.group(0) and "Choose a role" in first.group(0)
    response = client.post("/users", {"email": "new@example.org", "role": "",
                                      "password": PASSWORD})
    assert response.status_code == 400 and "Select a role" in response.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()


def test_views_that_need_a_user_get_the_user_itself_and_open_views_load_nobody(ian):
    """SignedInUserMiddleware swaps Django's lazy stand-in for the loaded ``User`` once
    LoginRequiredMiddleware has loaded it; where nothing loaded it, nothing is loaded."""
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.utils.functional import SimpleLazyObject, empty

    from caseinspect.web.middleware import SignedInUserMiddleware

    middleware = SignedInUserMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(lambda: User.objects.get(pk=ian.pk))
    assert request.user.is_authenticated  # as LoginRequiredMiddleware reads it
    middleware.process_view(request)
    assert type(request.user) is User and request.user.pk == ian.pk

    loads = []
    untouched = RequestFactory().get("/healthz")
    untouched.user = SimpleLazyObject(lambda: loads.append(1) or ian)
    middleware.process_view(untouched)
    assert isinstance(untouched.user, SimpleLazyObject)
    assert untouched.user._wrapped is empty and loads == []
