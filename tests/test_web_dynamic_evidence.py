"""The evidence log of a dynamic inspection: the questions overview, a question's page, adding
evidence (roles, audit, file limits, bad uploads refused with nothing written), downloading a
file (same access control, audited as a view) and removing evidence."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from caseinspect.web.audit.models import AuditEvent
from caseinspect.web.dynamic import uploads
from caseinspect.web.dynamic.models import EvidenceItem
from factories_dynamic import PDF, make_dynamic_inspection, make_evidence, make_finding
from factories_web import make_inspection

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def docx_bytes(part: str = "word/document.xml") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<document/>")
    return out.getvalue()


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Each test its own data directory, so files from one test never show in another."""
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def dyn(world):
    return make_dynamic_inspection(members=(world.lena, world.ian, world.bob, world.quinn))


def post_evidence(client, inspection, code="1.9", file=None, **fields):
    data = {
        "source_type": "focus_group",
        "description": "Focus group with practice supervisors on police checks",
        "evidence_date_0": "4", "evidence_date_1": "3", "evidence_date_2": "2025",
        "involved": "6 practice supervisors",
        **fields,
    }
    if file is not None:
        data["file"] = file
    return client.post(f"/inspections/{inspection.pk}/dynamic/questions/{code}/evidence/new",
                       data)


def test_the_overview_lists_every_regional_question_by_domain_with_counts(world, dyn, as_user):
    make_evidence(dyn, world.ian)
    make_evidence(dyn, world.ian, description="Second item")
    make_finding(dyn, world.ian, question_code="2.5", classification="strength", priority="low")
    html = as_user(world.quinn).get(f"/inspections/{dyn.pk}/dynamic/").content.decode()
    for heading in ("1. Leadership", "2. Staffing", "3. Services", "Leadership: strategic",
                    "Leadership: operational", "Leadership: learning"):
        assert heading in html
    for code in ("1.1", "1.21", "2.10", "3.9"):
        assert f"/dynamic/questions/{code}\"" in html
    assert "Findings recorded: 1 of 40." in html
    row = html[html.index("/dynamic/questions/1.9\""):]
    row = row[:row.index("</tr>")]
    assert "Not recorded" in row and ">2</td>" in row
    row = html[html.index("/dynamic/questions/2.5\""):]
    assert "Strength" in row[:row.index("</tr>")] and "Low" in row[:row.index("</tr>")]


def test_a_question_page_shows_its_guidance_and_suggested_evidence_sources(world, dyn, as_user):
    html = as_user(world.ian).get(f"/inspections/{dyn.pk}/dynamic/questions/1.9").content.decode()
    assert "effective systems for accessing and exchanging police information" in html
    assert "<h3 class=\"govuk-heading-s\">Suggested evidence sources</h3>" in html
    assert "No evidence recorded yet." in html and "Add evidence" in html


def test_a_core_inspection_has_no_evidence_log(world, as_user):
    response = as_user(world.lena).get(f"/inspections/{world.inspection.pk}/dynamic/")
    assert response.status_code == 404


def test_an_unknown_question_is_not_found(world, dyn, as_user):
    assert as_user(world.ian).get(
        f"/inspections/{dyn.pk}/dynamic/questions/9.9").status_code == 404


def test_an_inspector_adds_evidence_with_a_pdf_and_it_is_stored_outside_static(
        world, dyn, as_user):
    response = post_evidence(as_user(world.ian), dyn,
                             file=SimpleUploadedFile("protocol.pdf", PDF))
    assert response.status_code == 302
    item = EvidenceItem.objects.get(inspection=dyn)
    assert (item.question_code, item.source_type, item.involved) == (
        "1.9", "focus_group", "6 practice supervisors")
    assert item.evidence_date.isoformat() == "2025-03-04"
    assert (item.file_name, item.file_type, item.file_size) == ("protocol.pdf", "pdf", len(PDF))
    path = uploads.path_of(item.stored_name)
    assert path.read_bytes() == PDF
    assert path.parent.parent == uploads.evidence_dir() and "static" not in path.parts
    event = AuditEvent.objects.get(object_type="dynamic.evidenceitem", action="create")
    assert event.actor == world.ian and event.inspection_id == dyn.pk
    assert event.after["description"] == "Focus group with practice supervisors on police checks"


@pytest.mark.parametrize("name,content", [
    ("minutes.docx", docx_bytes()), ("data.xlsx", docx_bytes("xl/workbook.xml")),
    ("counts.csv", b"pdu,checks\nBolton,12\n"), ("notes.txt", "Notes – café".encode()),
    ("chart.png", PNG), ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
])
def test_every_accepted_type_is_accepted(world, dyn, as_user, name, content):
    response = post_evidence(as_user(world.lena), dyn, file=SimpleUploadedFile(name, content))
    assert response.status_code == 302
    assert EvidenceItem.objects.get(inspection=dyn).file_name == name


@pytest.mark.parametrize("name,content,message", [
    ("tool.exe", b"MZ\x90\x00", "The file must be a PDF, Word (.docx), Excel (.xlsx), CSV, "
     "text, PNG or JPEG file"),
    ("fake.pdf", b"<html>not a pdf</html>", "The file is not a real PDF file: its content "
     "does not match .pdf"),
    ("fake.docx", b"PK\x03\x04garbage", "The file is not a real Word (.docx) file"),
    ("sheet.xlsx", docx_bytes(), "The file is not a real Excel (.xlsx) file"),
    ("image.png", PDF, "The file is not a real PNG file"),
    ("binary.csv", b"a,b\x00\x01", "The file is not a real CSV file"),
    ("noextension", PDF, "The file must be a PDF"),
])
def test_bad_uploads_are_refused_with_an_error_summary_and_nothing_written(
        world, dyn, as_user, name, content, message):
    before = AuditEvent.objects.count()
    response = post_evidence(as_user(world.ian), dyn, file=SimpleUploadedFile(name, content))
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert 'href="#id_file"' in html
    assert "Focus group with practice supervisors" in html  # input kept
    assert EvidenceItem.objects.count() == 0 and AuditEvent.objects.count() == before
    assert not any(uploads.evidence_dir().glob(f"{dyn.pk}/*"))


def test_an_empty_file_is_refused(world, dyn, as_user):
    response = post_evidence(as_user(world.ian), dyn, file=SimpleUploadedFile("e.txt", b""))
    assert response.status_code == 400
    assert EvidenceItem.objects.count() == 0


def test_a_file_over_the_limit_is_refused(world, dyn, as_user, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    big = PDF + b"0" * 1024
    response = post_evidence(as_user(world.ian), dyn, file=SimpleUploadedFile("big.pdf", big))
    assert response.status_code == 400
    assert "The file must be smaller than 1 KB" in response.content.decode()
    assert EvidenceItem.objects.count() == 0
    just = PDF + b"0" * (1024 - len(PDF))
    response = post_evidence(as_user(world.ian), dyn, file=SimpleUploadedFile("ok.pdf", just))
    assert response.status_code == 302 and EvidenceItem.objects.get().file_size == 1024


def test_the_limit_is_read_from_the_environment_and_documented():
    from pathlib import Path

    from caseinspect.web.env import DECLARED

    assert "CASEINSPECT_EVIDENCE_MAX_BYTES" in DECLARED
    docs = (Path(__file__).parent.parent / "docs" / "web.md").read_text(encoding="utf-8")
    assert "| `CASEINSPECT_EVIDENCE_MAX_BYTES` | 10485760 |" in docs


def test_missing_fields_are_listed_in_the_error_summary(world, dyn, as_user):
    response = post_evidence(as_user(world.ian), dyn, source_type="", description="",
                             evidence_date_0="", evidence_date_1="", evidence_date_2="")
    assert response.status_code == 400
    html = response.content.decode()
    for message in ("Select the type of source", "Enter a short description of the evidence",
                    "Enter the date of the evidence"):
        assert message in html
    assert EvidenceItem.objects.count() == 0


def test_the_form_warns_never_to_name_people_on_probation(world, dyn, as_user):
    html = as_user(world.ian).get(
        f"/inspections/{dyn.pk}/dynamic/questions/1.9/evidence/new").content.decode()
    assert "Never name people on probation" in html


@pytest.mark.parametrize("persona", ["quinn", "charlie", "olive", "ann", "vic"])
def test_people_who_do_not_lead_or_inspect_in_it_cannot_add_evidence(
        world, dyn, as_user, persona):
    response = post_evidence(as_user(world.persona(persona)), dyn,
                             file=SimpleUploadedFile("p.pdf", PDF))
    assert response.status_code == 403
    assert EvidenceItem.objects.count() == 0


def test_a_lead_inspector_of_another_inspection_cannot_add_evidence(world, as_user):
    other = make_dynamic_inspection(name="Elsewhere", members=(world.ian,))
    assert post_evidence(as_user(world.lena), other).status_code == 403


def test_a_member_downloads_a_file_and_the_view_is_audited(world, dyn, as_user):
    item = make_evidence(dyn, world.ian, file_name="protocol.pdf", data=PDF)
    response = as_user(world.quinn).get(f"/inspections/{dyn.pk}/dynamic/evidence/{item.pk}/file")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="protocol.pdf"' in response["Content-Disposition"]
    event = AuditEvent.objects.get(action="view", object_type="dynamic.evidenceitem")
    assert event.actor == world.quinn and event.object_id == str(item.pk)
    assert "protocol.pdf" in event.summary


@pytest.mark.parametrize("persona", ["charlie", "olive", "ann", "vic"])
def test_outsiders_analysts_and_viewers_cannot_download_files(world, dyn, as_user, persona):
    item = make_evidence(dyn, world.ian, file_name="protocol.pdf", data=PDF)
    response = as_user(world.persona(persona)).get(
        f"/inspections/{dyn.pk}/dynamic/evidence/{item.pk}/file")
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="view").exists()


def test_a_file_is_only_reached_through_its_own_inspection(world, dyn, as_user):
    other = make_dynamic_inspection(name="Other", members=(world.ian,))
    item = make_evidence(other, world.ian, file_name="protocol.pdf", data=PDF)
    response = as_user(world.ian).get(f"/inspections/{dyn.pk}/dynamic/evidence/{item.pk}/file")
    assert response.status_code == 404


def test_stored_names_cannot_leave_the_evidence_directory():
    with pytest.raises(FileNotFoundError):
        uploads.path_of("../secret_key")


def test_removing_evidence_deletes_the_file_and_is_audited(world, dyn, as_user):
    item = make_evidence(dyn, world.ian, file_name="protocol.pdf", data=PDF)
    path = uploads.path_of(item.stored_name)
    response = as_user(world.bob).post(
        f"/inspections/{dyn.pk}/dynamic/evidence/{item.pk}/remove")
    assert response.status_code == 302
    assert not EvidenceItem.objects.exists() and not path.exists()
    event = AuditEvent.objects.get(action="delete", object_type="dynamic.evidenceitem")
    assert event.actor == world.bob and event.before["file_name"] == "protocol.pdf"


def test_a_quality_assurer_cannot_remove_evidence(world, dyn, as_user):
    item = make_evidence(dyn, world.ian)
    response = as_user(world.quinn).post(
        f"/inspections/{dyn.pk}/dynamic/evidence/{item.pk}/remove")
    assert response.status_code == 403 and EvidenceItem.objects.count() == 1


def test_removing_evidence_first_asks_for_confirmation(world, dyn, as_user):
    item = make_evidence(dyn, world.ian, file_name="protocol.pdf", data=PDF)
    url = f"/inspections/{dyn.pk}/dynamic/evidence/{item.pk}/remove"
    question = as_user(world.bob).get(f"/inspections/{dyn.pk}/dynamic/questions/1.9")
    assert f'href="{url}"' in question.content.decode()  # a link to the question, not a form
    response = as_user(world.bob).get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Are you sure you want to remove this evidence?" in html
    assert "Police information sharing protocol, 2024" in html and "protocol.pdf" in html
    assert 'class="govuk-button govuk-button--warning"' in html and 'method="post"' in html
    assert f'href="/inspections/{dyn.pk}/dynamic/questions/1.9">Cancel</a>' in html
    assert EvidenceItem.objects.count() == 1  # the GET removed nothing
    assert not AuditEvent.objects.filter(action="delete").exists()


@pytest.mark.parametrize("persona", ["quinn", "charlie", "olive", "ann", "vic"])
def test_only_editors_see_the_removal_confirmation(world, dyn, as_user, persona):
    item = make_evidence(dyn, world.ian)
    response = as_user(world.persona(persona)).get(
        f"/inspections/{dyn.pk}/dynamic/evidence/{item.pk}/remove")
    assert response.status_code in (403, 404)


def test_an_item_without_a_file_says_no_file(world, dyn, as_user):
    make_evidence(dyn, world.ian)
    html = as_user(world.ian).get(f"/inspections/{dyn.pk}/dynamic/questions/1.9").content.decode()
    evidence = html[html.index("Evidence items for question 1.9"):html.index("</table>")]
    assert "No file" in evidence and "None" not in evidence


def test_a_self_assessment_has_no_evidence_log(world, as_user):
    own = make_inspection(name="Own", framework_code="hmip-dynamic-public-protection-2025",
                          kind="self_assessment", members=(world.lena,))
    assert as_user(world.lena).get(f"/inspections/{own.pk}/dynamic/").status_code == 404


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(world, dyn, as_user, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    huge = PDF + b"0" * (200 * 1024)
    response = post_evidence(as_user(world.ian), dyn, file=SimpleUploadedFile("huge.pdf", huge))
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and "The file must be smaller than 1 KB" in html
    assert EvidenceItem.objects.count() == 0


def _given(**overrides):
    import datetime as dt

    from caseinspect.web.dynamic.services import EvidenceInput

    fields = {"question_code": "1.9", "source_type": "document", "description": "Protocol",
              "evidence_date": dt.date(2025, 3, 4), "file_name": "p.pdf",
              "file_size": len(PDF), "file_data": PDF, **overrides}
    return EvidenceInput(**fields)


def test_the_service_checks_the_user_again(world, dyn):
    from django.core.exceptions import PermissionDenied

    from caseinspect.web.dynamic import services

    with pytest.raises(PermissionDenied):
        services.add_evidence(dyn, world.quinn, _given())
    assert EvidenceItem.objects.count() == 0


def test_a_failed_write_leaves_no_file_behind(world, dyn, monkeypatch):
    from caseinspect.web.dynamic import services

    def fail(*args, **kwargs):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(services, "record", fail)
    with pytest.raises(RuntimeError):
        services.add_evidence(dyn, world.ian, _given())
    assert EvidenceItem.objects.count() == 0
    assert not any(uploads.evidence_dir().glob(f"{dyn.pk}/*"))


def test_evidence_dated_in_the_future_is_refused(world, dyn, as_user):
    """Evidence has already been seen: a date after today is a typo (2062 for 2026)."""
    from django.utils import timezone

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = post_evidence(as_user(world.ian), dyn, evidence_date_0=str(tomorrow.day),
                             evidence_date_1=str(tomorrow.month),
                             evidence_date_2=str(tomorrow.year))
    assert response.status_code == 400
    assert "The date of the evidence must be today or in the past" in response.content.decode()
    assert EvidenceItem.objects.count() == 0
    today = timezone.localdate()
    response = post_evidence(as_user(world.ian), dyn, evidence_date_0=str(today.day),
                             evidence_date_1=str(today.month), evidence_date_2=str(today.year))
    assert response.status_code == 302 and EvidenceItem.objects.count() == 1
