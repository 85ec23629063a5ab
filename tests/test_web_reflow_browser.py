"""In Chromium at 375 × 800 CSS px (a phone): every page the axe walk of ``test_web_browser``
visits, as the roles that see it, reflows — the page is no wider than the screen, so nothing
needs scrolling in two dimensions (WCAG 2.2 1.4.10 Reflow). A wide table may scroll inside its
own focusable region (``ci-table-wrapper``): that does not widen the page.

The walk is ``test_web_browser.test_every_page_passes_axe`` itself (with the dynamic pages of
``test_web_dynamic_browser.walk_dynamic_pages``), run with a tab whose ``axe`` measures the
page's width instead. Needs Debian's Chromium, as ``test_web_browser`` does.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import test_web_browser
from test_web_browser import Tab, browser  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTH = 375
SCREENSHOTS = os.environ.get("CASEINSPECT_REFLOW_SCREENSHOTS")  # a folder, to look at the pages


#: The outermost elements that stick out past the screen's right edge (to say what to fix).
WIDEST = """(width) => {
  const scrolls = e => e.parentElement.closest('.ci-table-wrapper') !== null;
  const out = [...document.querySelectorAll('body *')].filter(e => !scrolls(e)
    && e.getBoundingClientRect().right > width + 1
    && e.parentElement.getBoundingClientRect().right <= width + 1);
  const classes = e => typeof e.className === 'string' && e.className.trim()
    ? '.' + e.className.trim().split(/ +/).join('.') : '';
  return out.slice(0, 4).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + classes(e) + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ');
}"""


class NarrowTab(Tab):
    """A tab whose ``axe`` records each page wider than the screen, and what sticks out."""

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self.widths: dict[str, int] = {}  # of the pages too wide, with what sticks out

    def axe(self) -> None:
        self.page.wait_for_load_state()
        width = int(self.page.evaluate("() => document.documentElement.scrollWidth"))
        if width > WIDTH:
            self.widths[f"{self.page.url} {self.page.evaluate(WIDEST, WIDTH)}"] = width
        if SCREENSHOTS:
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            name = f"{len(self.checked):02d}.png"
            self.page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)
        self.checked.append(self.page.url)

    def sign_out(self) -> None:
        """On a phone the service navigation, with Sign out, is behind its Menu button."""
        toggle = self.page.locator(".govuk-service-navigation__toggle")
        if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        super().sign_out()


@pytest.fixture
def narrow_tab(browser: Any, demo_server: tuple[str, Path]) -> Iterator[NarrowTab]:  # noqa: F811
    base, _ = demo_server
    context = browser.new_context(base_url=base, viewport={"width": WIDTH, "height": 800})
    opened = NarrowTab(context.new_page())
    yield opened
    context.close()
    assert opened.csp_violations == []


def test_every_page_reflows_at_375_px(narrow_tab):
    # The axe walk: it visits every GET page and asserts that none is missed.
    test_web_browser.test_every_page_passes_axe(narrow_tab)
    assert narrow_tab.widths == {}, f"pages wider than {WIDTH} px: {narrow_tab.widths}"
