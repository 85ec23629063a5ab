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
