"""In Chromium, against ``caseinspect serve --demo``: sign in, assess a case, submit, see the
results change; keyboard-only use; axe-core on every page (no serious or critical
violations of WCAG 2.2 AA); no Content Security Policy violations.

Needs Debian's Chromium (``scripts/ensure-system-packages`` installs it). Without it these
tests skip — except under CI, where they fail.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.urls import resolve

from factories_sampling import case, to_csv
from factories_web import DEMO_PASSWORD
from test_web_access_matrix import MATRIX

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: under CI the browser tests must run")
        pytest.skip("Chromium is not installed (scripts/ensure-system-packages installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()


class Tab:
    """One browser tab on the demo server that records CSP violations and runs axe."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.csp_violations: list[str] = []
        self.checked: list[str] = []
        page.on("console", self._console)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def goto(self, path: str) -> None:
        self.page.goto(path)

    def axe(self) -> None:
        """Run axe-core on the page once it has loaded; fail on serious or critical violations.

        A click that navigates returns once the new page is committed, before it is parsed:
        without waiting for ``load`` axe can meet a document with no root element yet."""
        self.page.wait_for_load_state()
        self.page.evaluate(AXE)
        result = self.page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            WCAG,
        )
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(n["target"][0] for n in v["nodes"][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == [], f"{self.page.url}: {bad}"
        self.checked.append(self.page.url)

    def sign_in(self, email: str) -> None:
        self.goto("/sign-in")
        self.page.fill("#id_email", email)
        self.page.fill("#id_password", DEMO_PASSWORD)
        self.page.click("button:has-text('Sign in')")
        self.page.wait_for_url(re.compile(r"/$"))

    def sign_out(self) -> None:
        self.page.click("button:has-text('Sign out')")
        self.page.wait_for_url(re.compile(r"/sign-in$"))

    def text(self) -> str:
        """The text of the page's main, once the page has loaded (see :meth:`axe`)."""
        self.page.wait_for_load_state()
        return str(self.page.inner_text("main"))


@pytest.fixture
def tab(browser: Any, demo_server: tuple[str, Path]) -> Iterator[Tab]:
    base, _ = demo_server
    context = browser.new_context(base_url=base)
    opened = Tab(context.new_page())
    yield opened
    context.close()
    assert opened.csp_violations == []


def _cases_in_results(tab: Tab) -> int:
    tab.goto("/")
    tab.page.click("a:has-text('Results')")
    match = re.search(r"From the (\d+) cases? with a submitted assessment", tab.text())
    assert match, tab.text()
    return int(match.group(1))


def _open_a_new_case(tab: Tab) -> str:
    tab.goto("/")
    item = tab.page.locator("li.govuk-task-list__item", has_text="Not yet started").first
    link = item.locator("a")
    crn = str(link.inner_text()).split()[-1]
    link.click()
    return crn


def test_an_inspector_assesses_a_case_submits_it_and_the_results_change(tab):
    tab.sign_in("inspector@example.org")
    before = _cases_in_results(tab)
    crn = _open_a_new_case(tab)
    tab.page.click("a.govuk-task-list__link >> nth=0")
    while "/standards/" in tab.page.url:
        for radio in tab.page.locator("input[type=radio][value=yes]").all():
            radio.check()
        tab.page.click("button:has-text('Save and continue')")
    assert tab.page.url.endswith("/facts")
    tab.page.click("button:has-text('Save and continue')")
    assert tab.page.url.endswith("/check")
    tab.page.click("button:has-text('Submit assessment')")
    assert f"Case {crn} is submitted" in tab.text()
    assert _cases_in_results(tab) == before + 1


def test_keyboard_only_sign_in_and_a_standard_with_a_no_and_its_rationale(tab):
    page = tab.page
    tab.goto("/sign-in")
    _tab_until(page, lambda e: e["name"] == "email")
    page.keyboard.type("inspector@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/$"))
    crn = _open_a_new_case(tab)
    _tab_until(page, lambda e: e["tag"] == "A" and "Assessment" in e["text"])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/standards/2\.1$"))
    answered: set[str] = set()
    while True:
        element = _tab_until(page, lambda e: e["tag"] in ("INPUT", "TEXTAREA", "BUTTON"))
        if element["tag"] == "INPUT" and element["name"] not in answered:
            answered.add(element["name"])
            # The first radio is Yes: Space chooses it; the arrow key moves to No and chooses it.
            page.keyboard.press("ArrowRight" if element["name"] == "answer-2.1.1" else "Space")
        elif element["tag"] == "TEXTAREA" and element["name"] == "rationale-2.1.1":
            page.keyboard.type("Keyboard only: the assessment missed the police call-outs")
        elif element["tag"] == "BUTTON" and "Save and continue" in element["text"]:
            page.keyboard.press("Enter")
            break
    page.wait_for_url(re.compile(r"/standards/2\.2$"))
    page.goto(page.url.replace("/standards/2.2", "/check"))
    text = tab.text()
    assert f"Case {crn}" in text and "Keyboard only: the assessment missed" in text
    row = page.locator(".govuk-summary-list__row", has_text="Key question 2.1.1").first
    assert "No" in row.locator(".govuk-summary-list__value").inner_text()


def _tab_until(page: Any, wanted: Any, limit: int = 400) -> dict[str, str]:
    page.wait_for_load_state()  # no active element while a new page is still being parsed
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = page.evaluate(
            "() => { const e = document.activeElement; return {tag: e.tagName, "
            "name: e.name || '', text: (e.textContent || '').trim()} }"
        )
        if wanted(element):
            return dict(element)
    raise AssertionError("keyboard focus never reached the element")


def test_errors_use_the_error_summary_which_takes_focus(tab):
    tab.sign_in("inspector@example.org")
    _open_a_new_case(tab)
    tab.page.click("a.govuk-task-list__link >> nth=0")
    tab.page.check("input[name='answer-2.1.1'][value=no]")
    tab.page.click("button:has-text('Save and continue')")
    summary = tab.page.locator(".govuk-error-summary")
    assert "Enter the rationale for judging key question 2.1.1 not met" in summary.inner_text()
    tab.page.wait_for_load_state()  # the summary takes focus once the page's script has run
    assert tab.page.evaluate(
        "() => document.activeElement.classList.contains('govuk-error-summary')"
    )
    assert tab.page.evaluate("() => document.body.classList.contains('govuk-frontend-supported')")
    assert tab.page.is_checked("input[name='answer-2.1.1'][value=no]")
    tab.axe()


def test_every_page_passes_axe(tab):
    page = tab.page
    tab.goto("/sign-in")
    tab.axe()
    page.click("button:has-text('Sign in')")
    tab.axe()  # with errors

    tab.sign_in("inspector@example.org")
    tab.axe()
    _open_a_new_case(tab)
    tab.axe()
    assessment = page.url
    for path in ("standards/2.1", "standards/2.4", "facts", "check", "examples"):
        tab.goto(assessment + path)
        tab.axe()
    page.click("button:has-text('Save example')")
    tab.axe()  # with errors
    tab.goto("/")
    page.click("a:has-text('Results')")
    tab.axe()
    tab.sign_out()

    tab.sign_in("lead@example.org")
    tab.axe()
    page.click("a:has-text('Demo inspection')")
    tab.axe()
    detail = page.url
    tab.goto(detail + "status")
    page.click("button:has-text('Change status')")
    tab.axe()  # with errors (nothing selected: the status stays as it is)
    for link in ("Members", "Import cases"):
        tab.goto(detail)
        page.click(f"a:has-text('{link}')")
        tab.axe()
    page.set_input_files("#id_file", files=[{"name": "bad.csv", "mimeType": "text/csv",
                                             "buffer": b"case_id,2.1.1\nX1,maybe\n"}])
    page.click("button:has-text('Import')")
    assert "Problems in the case table" in tab.text()
    tab.axe()
    _draw_and_confirm_a_sample(tab, detail)
    for link in ("Assign", "History"):
        tab.goto(detail)
        page.click(f"a:has-text('{link}') >> nth=0")
        tab.axe()
    tab.goto(detail)
    page.click("td a:has-text('submitted') >> nth=0")
    tab.goto(page.url + "check")
    tab.axe()
    tab.goto("/inspections/new")
    tab.axe()
    page.click("button:has-text('Set up inspection')")
    tab.axe()  # with errors
    from test_web_dynamic_browser import walk_dynamic_pages

    dynamic = walk_dynamic_pages(tab)  # a dynamic inspection's pages (issue 7)
    tab.sign_out()

    for email in ("qa@example.org", "analyst@example.org", "viewer@example.org"):
        tab.sign_in(email)
        tab.axe()
        page.click("a:has-text('Results')")
        tab.axe()
        if email != "qa@example.org":  # the aggregate diagnosis (QA is not a member)
            tab.goto(dynamic + "dynamic/diagnosis")
            tab.axe()
        tab.sign_out()

    tab.sign_in("admin@example.org")
    tab.goto("/users")
    tab.axe()
    page.click("button:has-text('Add user')")
    tab.axe()  # with errors
    checked = {resolve(urlparse(url).path).view_name for url in tab.checked}
    pages = {name for name, (method, _) in MATRIX.items() if method == "get"} - NOT_PAGES
    assert pages - checked == set()


def _draw_and_confirm_a_sample(tab: Tab, detail: str) -> None:
    """The case sample pages: the form (empty, then with errors), a bad long list, the check
    page, and the record once confirmed."""
    page = tab.page
    tab.goto(detail)
    page.click("a:has-text('Draw a case sample')")
    tab.axe()
    page.click("button:has-text('Draw the sample')")
    tab.axe()  # with errors
    base = 100000 + uuid.uuid4().int % 9000 * 100  # new CRNs: the walk may run twice a session
    rows = [case(crn=f"S{base + i}", pnc="", first_name=f"Zebedee{i}", responsible_officer=f"O{i}")
            for i in range(1, 9)]
    for content in (to_csv([*rows, case(crn=f"S{base + 99}", rosh="unknown")]), to_csv(rows)):
        page.set_input_files("#id_file", files=[{"name": "long-list.csv", "mimeType": "text/csv",
                                                 "buffer": content}])
        page.fill("#id_size", "4")
        page.click("button:has-text('Draw the sample')")
        tab.axe()  # the problems of the first list, then the check page
    assert "Check the case sample" in tab.text()
    page.click("button:has-text('Confirm and create 4 cases')")
    assert "4 cases created from the sample of long-list.csv" in tab.text()
    page.click("a:has-text('Case samples')")
    assert "Sample of long-list.csv" in tab.text()
    tab.axe()


# GET URLs that answer with data, not an HTML page.
NOT_PAGES = {"healthz", "inspections:results_json", "inspections:export", "inspections:api_me",
             "inspections:report", "dynamic:evidence_file", "dynamic:diagnosis_download"}
