"""In Chromium, against ``caseinspect serve --demo``: each role reaches the demo's dynamic
inspection from the home page, and its pages as the demo fills them — the diagnosis with the
self-assessment comparison, findings and plan — pass axe-core (WCAG 2.2 AA, no serious or
critical violations).

Needs Debian's Chromium, as ``test_web_browser`` does (its fixtures are used here).
"""

from __future__ import annotations

import pytest

from test_web_browser import browser, tab  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("email", ["lead@example.org", "qa@example.org",
                                   "analyst@example.org", "viewer@example.org"])
def test_each_role_opens_the_demo_diagnosis_from_the_home_page_and_it_passes_axe(
        tab, email):  # noqa: F811  (the fixture imported above)
    page = tab.page
    tab.sign_in(email)
    page.click("a:has-text('Regional diagnosis')")
    assert page.url.endswith("/dynamic/diagnosis")
    tab.axe()
    text = tab.text()
    assert "1.9 How effective are operational relationships with police?" in text
    assert "Self-assessment against inspection" in text
    member = email in ("lead@example.org", "qa@example.org")
    assert ("Synthetic demo finding: domestic abuse enquiries with the police" in text) is member
    if not member:
        return
    base = page.url.removesuffix("/diagnosis")
    for path in ("/", "/questions/1.4", "/questions/1.9", "/plan"):
        tab.goto(base + path)
        tab.axe()
    assert "Synthetic demo action: agree a routine for police domestic abuse checks" in tab.text()
