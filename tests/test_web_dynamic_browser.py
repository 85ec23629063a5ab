"""In Chromium, against ``caseinspect serve --demo``: a lead inspector sets up a dynamic
inspection, imports assessed cases, records evidence and a finding for question 1.9, sees the
linked case indicator and downloads the regional diagnosis as a PDF. ``walk_dynamic_pages``
is also the dynamic part of ``test_web_browser.test_every_page_passes_axe``.

Needs Debian's Chromium, as ``test_web_browser`` does (its fixtures are used here).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from typing import Any

import pytest

from caseinspect.frameworks import load_framework
from test_web_browser import browser, tab  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DYNAMIC = "hmip-dynamic-public-protection-2025"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
#: F1 (police domestic abuse enquiries) of the imported cases: 2 of 6 yes, 33.3%.
CASES = (("Anytown", "yes"), ("Anytown", "no"), ("Anytown", "no"),
         ("Bigtown", "no"), ("Bigtown", "no"), ("Bigtown", "yes"))


def case_table_csv(inspector: str) -> bytes:
    """Completed assessments of every case question, all yes but F1 as in :data:`CASES`."""
    codes = [q.code for q in load_framework(DYNAMIC).questions()]
    lines = [",".join(["case_id", "pdu", "inspector", *codes])]
    for i, (pdu, f1) in enumerate(CASES):
        answers = [f1 if code == "F1" else "yes" for code in codes]
        lines.append(",".join([f"R{300000 + i}", pdu, inspector, *answers]))
    return ("\n".join(lines) + "\n").encode()


def _set_up(opened: Any) -> str:
    """As the signed-in lead: a new dynamic inspection with the cases imported; its URL."""
    page = opened.page
    name = f"Dynamic inspection {uuid.uuid4().hex[:6]}"
    opened.goto("/inspections/new")
    page.fill("#id_name", name)
    page.fill("#id_region", f"Browser region {name[-6:]}")
    page.check("input[name=kind][value=dynamic_public_protection]")
    page.select_option("#id_framework_code", DYNAMIC)
    page.fill("input[name=start_date_0]", "3")
    page.fill("input[name=start_date_1]", "3")
    page.fill("input[name=start_date_2]", "2025")
    page.click("button:has-text('Set up inspection')")
    page.wait_for_url(re.compile(r"/inspections/\d+/$"))
    detail = str(page.url)
    page.click("a:has-text('Import cases')")
    page.set_input_files("#id_file", files=[{
        "name": "cases.csv", "mimeType": "text/csv",
        "buffer": case_table_csv("lead@example.org")}])
    page.click("button:has-text('Import')")
    page.wait_for_url(detail)
    return detail


def walk_dynamic_pages(opened: Any) -> str:
    """As the signed-in lead: set up a dynamic inspection and go through every one of its
    pages, running axe on each (and on each form with its errors); records evidence with a
    PDF and a finding for 1.9, and a follow-up action. Returns the inspection's URL."""
    page = opened.page
    detail = _set_up(opened)
    page.click("a:has-text('Regional questions')")
    opened.axe()
    page.click("a:has-text('1.9 How effective are operational relationships with police?')")
    opened.axe()
    question = str(page.url)
    page.click("a:has-text('Add evidence')")
    opened.axe()
    page.click("button:has-text('Save evidence')")
    assert "Select the type of source" in page.inner_text(".govuk-error-summary")
    opened.axe()  # with errors
    page.check("input[name=source_type][value=focus_group]")
    page.fill("#id_description", "Focus group on police domestic abuse enquiries")
    page.fill("input[name=evidence_date_0]", "4")
    page.fill("input[name=evidence_date_1]", "3")
    page.fill("input[name=evidence_date_2]", "2025")
    page.fill("#id_involved", "8 probation practitioners")
    page.set_input_files("#id_file", files=[{"name": "notes.pdf", "mimeType": "application/pdf",
                                             "buffer": PDF}])
    page.click("button:has-text('Save evidence')")
    page.wait_for_url(question)
    assert "Focus group on police domestic abuse enquiries" in opened.text()
    page.click("a:has-text('Remove')")  # asks first: the confirmation page, then cancel
    assert "Are you sure you want to remove this evidence?" in opened.text()
    opened.axe()
    page.click("a:has-text('Cancel')")
    page.wait_for_url(question)
    page.click("a:has-text('Record the finding')")
    opened.axe()
    page.click("button:has-text('Save finding')")
    opened.axe()  # with errors
    page.fill("#id_narrative", "Police domestic abuse enquiries are made in a third of cases.")
    page.check("input[name=classification][value=area_for_improvement]")
    page.check("input[name=priority][value=high]")
    page.click("button:has-text('Save finding')")
    page.wait_for_url(question)
    opened.goto(detail)
    page.click("a:has-text('Follow-up plan')")
    opened.axe()
    page.click("a:has-text('Add an action')")
    opened.axe()
    page.click("button:has-text('Save action')")
    opened.axe()  # with errors
    page.select_option("#id_question_code", "1.9")
    page.fill("#id_what", "Agree a police checks routine with each PDU")
    page.fill("#id_owner_role", "head of public protection")
    page.fill("input[name=due_date_0]", "30")
    page.fill("input[name=due_date_1]", "9")
    page.fill("input[name=due_date_2]", "2025")
    page.select_option("#id_indicator_code", "F1")
    page.click("button:has-text('Save action')")
    page.wait_for_url(re.compile(r"/dynamic/plan$"))
    opened.axe()
    page.click("a:has-text('Change')")
    opened.axe()
    page.check("input[name=status][value=in_progress]")
    page.click("button:has-text('Save action')")
    page.wait_for_url(re.compile(r"/dynamic/plan$"))
    assert "In progress" in opened.text()
    opened.goto(detail)
    page.click("a:has-text('Regional diagnosis')")
    opened.axe()
    return detail


def test_a_lead_records_evidence_and_a_finding_for_1_9_sees_f1_and_gets_the_pdf(
        tab, tmp_path):  # noqa: F811  (the fixture imported above)
    tab.sign_in("lead@example.org")
    detail = walk_dynamic_pages(tab)
    page = tab.page
    tab.goto(detail)
    page.click("a:has-text('Regional questions')")
    row = page.locator("tr", has_text="1.9 How effective")
    assert "Area for improvement" in row.inner_text() and "High" in row.inner_text()
    page.click("a:has-text('1.9 How effective are operational relationships with police?')")
    text = tab.text()
    assert "F1 Were domestic abuse enquiries made with the police where needed?" in text
    assert "This region: 33.3% of 6 cases (2 yes;" in text
    assert "Anytown" in text and "Bigtown" in text
    with page.expect_download() as download:
        page.click("a:has-text('notes.pdf')")
    assert download.value.suggested_filename == "notes.pdf"
    tab.goto(detail)
    page.click("a:has-text('Regional diagnosis')")
    with page.expect_download() as download:
        page.click("a:has-text('PDF')")
    path = tmp_path / "diagnosis.pdf"
    download.value.save_as(path)
    if shutil.which("pdftotext") is None:
        assert path.read_bytes().startswith(b"%PDF-")
        return
    flat = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "1.9 How effective are operational relationships with police?" in flat
    assert "Area for improvement · follow-up priority high" in flat
    assert "this region 33.3% (n 6)" in flat
