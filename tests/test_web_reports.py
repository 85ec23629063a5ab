"""The reports as downloads from an inspection's results (named test_web_* so that it runs with the
web tests, in one process on SQLite and again on PostgreSQL): the same renderer as the command,
the access rules of the results, published versions for analysts and viewers, every download
audited. (Lena leads the inspection; Ann is an analyst, Vic a viewer, Charlie not a member.)"""

from __future__ import annotations

import io

from openpyxl import load_workbook

from caseinspect.web.audit.models import AuditEvent
from caseinspect.web.inspections.models import PracticeExample


def url(world, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/inspections/{world.inspection.pk}/report" + (f"?{query}" if query else "")


def examples(world) -> None:
    PracticeExample.objects.create(assessment=world.other_assessment, question_code="2.1.3",
                                   kind="good", text="SHOWN: police checks were made.",
                                   publishable=True)
    PracticeExample.objects.create(assessment=world.other_assessment, question_code="2.1.3",
                                   kind="poor", text="HIDDEN: names the victim.",
                                   publishable=False)


def test_lena_downloads_the_internal_inspection_report_as_pdf(world, as_user):
    response = as_user(world.lena).get(url(world))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="inspection-of-north-west-inspection.pdf"')
    assert response.content.startswith(b"%PDF-")
    event = AuditEvent.objects.get(action="export")
    assert event.actor == world.lena and event.inspection_id == world.inspection.pk
    assert event.summary == ("Downloaded the inspection report of Inspection of North West as "
                             "pdf (internal version, 1 cases)")


def test_ann_the_analyst_gets_the_published_version_without_asking(world, as_user):
    examples(world)
    response = as_user(world.ann).get(url(world, kind="inspection", format="html"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "not for publication" not in html and "OFFICIAL" in html
    assert "Cells based on fewer than 10 cases are suppressed" in html
    assert "SHOWN: police checks were made." in html and "HIDDEN" not in html
    assert "B234567" not in html and "A123456" not in html
    assert "Period of the inspection: from 3 March 2025." in html
    assert "<title>Inspection of North West</title>" in html
    assert "published version" in AuditEvent.objects.get(action="export").summary


def test_vic_the_viewer_gets_the_published_bulletin_in_excel(world, as_user):
    response = as_user(world.vic).get(url(world, kind="bulletin", format="xlsx"))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert wb["About"]["A3"].value == "OFFICIAL"
    assert wb["About"]["A2"].value == "Inspection of North West (North West)"
    # One case: every published figure is suppressed.
    assert wb["At a glance"]["B4"].value == "c"


def test_lena_may_ask_for_the_published_version(world, as_user):
    html = as_user(world.lena).get(url(world, format="html", publish="1")).content.decode()
    assert "not for publication" not in html
    internal = as_user(world.lena).get(url(world, format="html")).content.decode()
    assert "OFFICIAL-SENSITIVE" in internal and "100.0%" in internal


def test_charlie_who_is_not_a_member_is_refused_and_nothing_is_audited(world, as_user):
    assert as_user(world.charlie).get(url(world)).status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()


def test_an_unknown_kind_or_format_is_not_found(world, as_user):
    client = as_user(world.lena)
    assert client.get(url(world, kind="memo")).status_code == 404
    assert client.get(url(world, format="docx")).status_code == 404


def test_the_results_page_links_to_the_downloads(world, as_user):
    page = as_user(world.lena).get(f"/inspections/{world.inspection.pk}/results")
    html = page.content.decode()
    assert f"/inspections/{world.inspection.pk}/report?kind=bulletin&amp;format=xlsx" in html
    assert "publish=1" in html
    viewer = as_user(world.vic).get(f"/inspections/{world.inspection.pk}/results")
    assert "publish=1" not in viewer.content.decode()
