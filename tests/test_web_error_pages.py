"""Refused and missing pages answer in the service's own GOV.UK layout, with a way back home,
not Django's bare "Not Found" / "403 Forbidden" documents."""

from __future__ import annotations


def test_a_missing_page_says_page_not_found_in_the_service_layout(world, as_user):
    response = as_user(world.ian).get("/inspections/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found – caseinspect</title>" in html
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    assert "govuk-template" in html and 'href="/"' in html
    assert "The requested resource was not found on this server" not in html


def test_a_refused_page_says_so_in_the_service_layout(world, as_user):
    response = as_user(world.vic).get(f"/inspections/{world.inspection.pk}/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "<title>You cannot open this page – caseinspect</title>" in html
    assert '<h1 class="govuk-heading-l">You cannot open this page</h1>' in html
    assert "govuk-template" in html and 'href="/"' in html


def test_a_form_sent_without_its_csrf_token_is_explained_in_the_service_layout(db):
    """Django's own CSRF page, with its inline styles blocked by the Content Security Policy,
    told the person that 'More information is available with DEBUG=True'."""
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/sign-in", {"email": "a@example.org",
                                                                  "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "<title>Your form could not be sent – caseinspect</title>" in html
    assert "reload the page and try again" in html and "govuk-template" in html
    assert "DEBUG" not in html and "<style" not in html
