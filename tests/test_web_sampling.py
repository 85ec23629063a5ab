"""Drawing an inspection's cases from a long list on the web: upload, check the allocation and
the exclusions, confirm once; bad long lists; who may; and no name or date of birth kept.

The long list of :func:`long_list_rows` is worked by hand (as of 30 June 2025, 10 cases
requested plus a 20% buffer):

======================  ==========================  =======  =========================
stratum                 eligible (cluster/LDU/off)   sample   why
======================  ==========================  =======  =========================
female                  4: North A 2, South C 2      2        10 × 4/20 = 2, buffer 0.4 → 0
male_community_low      6: North A 4, South C 2      4        3 + buffer 0.6 → 1
male_community_non_low  10: North A 2 B 4, South C 4 6        5 + buffer 1
======================  ==========================  =======  =========================

Total 12 = 10 + 2 (20% of 10). Female: North 2 × 2/4 = 1, South 1. Male community low (4):
North 4 × 4/6 = 2.67 → 3, South 1.33 → 1. Male community non-low (6): North 6 × 6/10 = 3.6
→ 4, South 2.4 → 2; within North's LDU, A 4 × 2/6 = 1.33 → 1, B 2.67 → 3. So officer A has
1 + 3 + 1 = 5 cases, B 3, C 1 + 1 + 2 = 4. Design weights: 4/2 = 2, 6/4 = 1.5, 10/6 = 1.667.
Four more rows are excluded: sensitive, not started, gender missing, and a duplicate (the same
PNC as an earlier case).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db import connection
from django.test import Client

from caseinspect.web.audit.models import AuditEvent
from caseinspect.web.inspections.models import Case, DeliveryUnit, SampleDraft
from factories_sampling import FAMILY_NAMES, FIRST_NAMES, case, to_csv, to_xlsx
from factories_web import make_inspection, make_user

AS_OF = {"as_of_0": "30", "as_of_1": "6", "as_of_2": "2025"}
NON_LOW = "Men, community sentence, medium to very high RoSH"  # male_community_non_low
FIRST_DOB = dt.date(1971, 2, 3)


def long_list_rows() -> list[dict[str, str]]:
    """The 24-case long list worked in the module docstring."""
    rows: list[dict[str, str]] = []

    def add(count: int, gender: str, sentence: str, rosh: str, cluster: str, officer: str,
            **overrides: str) -> None:
        for _ in range(count):
            i = len(rows)
            values = {
                "crn": f"S{i + 1:06d}", "pnc": f"1988/{i:07d}K",
                "first_name": FIRST_NAMES[i % len(FIRST_NAMES)],
                "family_name": FAMILY_NAMES[i % len(FAMILY_NAMES)],
                "dob": (FIRST_DOB + dt.timedelta(days=97 * i)).strftime("%d/%m/%Y"),
                "gender": gender, "sentence_type": sentence, "rosh": rosh, "cluster": cluster,
                "ldu": "Northtown" if cluster == "North" else "Southport",
                "team": f"Team {officer}", "responsible_officer": f"Officer {officer}",
                "start_date": "2025-01-10"}
            rows.append(case(**{**values, **overrides}))

    add(2, "F", "ORA Community Order", "RLRH", "North", "A")
    add(2, "F", "Adult Licence", "RHRH", "South", "C")
    add(4, "M", "ORA Suspended Sentence Order", "low", "North", "A")
    add(2, "M", "community", "RLRH", "South", "C")
    add(2, "M", "ORA Community Order", "RMRH", "North", "A")
    add(4, "M", "CJA - Youth Rehabilitation Order", "high", "North", "B")
    add(4, "M", "ORA Community Order", "RVHR", "South", "C")
    add(1, "M", "ORA Community Order", "RMRH", "North", "B", first_name="*****")
    add(1, "M", "ORA Community Order", "RMRH", "North", "B", start_date="2025-07-01")
    add(1, "", "ORA Community Order", "RMRH", "North", "B")
    add(1, "M", "ORA Community Order", "RMRH", "North", "B", pnc="1988/0000000K",
        start_date="2025-02-01")
    return rows


def personal_data(rows: list[dict[str, str]]) -> set[str]:
    """Every name, date of birth (as written and as ISO) and PNC of the long list."""
    found = {r[c] for r in rows for c in ("first_name", "family_name", "pnc")} - {"*****"}
    for r in rows:
        found.add(r["dob"])
        found.add(dt.datetime.strptime(r["dob"], "%d/%m/%Y").date().isoformat())
    return found


def upload(client: Any, inspection: Any, content: bytes, name: str = "long-list.csv",
           **fields: str) -> Any:
    data: dict[str, Any] = {"file": SimpleUploadedFile(name, content), "size": "10",
                            "buffer": "20", "seed": "7", "max_per_officer": "6", **AS_OF}
    data.update(fields)
    return client.post(f"/inspections/{inspection.pk}/sample", data)


def confirm(client: Any, inspection: Any, draft: SampleDraft) -> Any:
    return client.post(f"/inspections/{inspection.pk}/sample/confirm", {"draft": draft.pk})


def text_of(response: Any) -> str:
    """The page's text, tags removed and spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def error_summary(html: str) -> str:
    start = html.index('class="govuk-error-summary"')
    return html[start:html.index("</ul>", start)]


def rows_of(html: str, caption: str) -> list[tuple[str, ...]]:
    """The body cells of the table with ``caption``."""
    table = html[html.index(caption):]
    body = table[table.index("<tbody"):table.index("</tbody>")]
    return [
        tuple(unescape(re.sub(r"<[^>]+>", "", c)).strip()
              for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S))
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


@pytest.fixture
def drawn(world: Any, as_user: Any) -> Iterator[tuple[Any, SampleDraft]]:
    client = as_user(world.lena)
    response = upload(client, world.inspection, to_csv(long_list_rows()))
    assert response.status_code == 302, text_of(response)
    assert response["Location"] == f"/inspections/{world.inspection.pk}/sample/check"
    yield client, SampleDraft.objects.get()


def test_the_form_offers_a_random_seed_today_and_the_officer_cap(world, as_user):
    html = as_user(world.lena).get(f"/inspections/{world.inspection.pk}/sample").content.decode()
    seed = re.search(r'name="seed" type="text" value="(\d+)"', html)
    assert seed is not None and 0 <= int(seed.group(1)) < 2**32
    today = dt.date.today()
    assert f'name="as_of_2" type="text" inputmode="numeric" value="{today.year}"' in html
    assert 'name="max_per_officer" type="text" value="6"' in html
    assert 'name="buffer" type="text" value="0"' in html


def test_the_check_page_shows_the_allocation_and_the_exclusions(drawn, world):
    client, _ = drawn
    response = client.get(f"/inspections/{world.inspection.pk}/sample/check")
    assert response.status_code == 200
    html = response.content.decode()
    assert rows_of(html, "Strata: share of the long list and of the sample") == [
        ("Women", "4", "20.0%", "2", "2", "16.7%", ""),
        ("Men, community sentence, low RoSH", "6", "30.0%", "3", "4", "33.3%", "buffer +1"),
        (NON_LOW, "10", "50.0%", "5", "6", "50.0%", "buffer +1"),
        ("Men, post-custody supervision, low RoSH", "0", "0.0%", "0", "0", "0.0%", ""),
        ("Men, post-custody supervision, medium to very high RoSH", "0", "0.0%", "0", "0",
         "0.0%", ""),
    ]
    assert rows_of(html, f"Allocation within {NON_LOW}") == [
        ("Cluster", "North", "6", "30.0%", "4", "33.3%", ""),
        ("LDU", "North / Northtown", "6", "30.0%", "4", "33.3%", ""),
        ("Officer", "North / Northtown / Officer A", "2", "10.0%", "1", "8.3%", ""),
        ("Officer", "North / Northtown / Officer B", "4", "20.0%", "3", "25.0%", ""),
        ("Cluster", "South", "4", "20.0%", "2", "16.7%", ""),
        ("LDU", "South / Southport", "4", "20.0%", "2", "16.7%", ""),
        ("Officer", "South / Southport / Officer C", "4", "20.0%", "2", "16.7%", ""),
    ]
    assert rows_of(html, "Allocation within Men, community sentence, low RoSH")[0] == (
        "Cluster", "North", "4", "20.0%", "3", "25.0%", "")
    text = text_of(response)
    for figure in ("Long list long-list.csv", "Cases requested 10",
                   "Buffer 20% of the cases requested: 2 cases", "Seed 7",
                   "Cases started on or before 30 June 2025",
                   "Most cases per responsible officer 6", "Cases in the long list 24",
                   "Eligible 20", "Excluded 4", "In the sample 12", "Shortfall 0",
                   "Confirm and create 12 cases"):
        assert figure in text
    assert rows_of(html, "Excluded cases and why") == [
        ("S000021", "Sensitive or redacted (an asterisk in a name)"),
        ("S000022", "Not yet started on the as-of date"),
        ("S000023", "Gender missing"),
        ("S000024", "Duplicate of the same person's earlier case"),
    ]
    assert "No case has been created yet" in text
    assert rows_of(html, "Cases in the sample")[0][1] == "Women"
    # Codes and ISO dates are identifiers: kept in the stored draft (and exports), not shown.
    assert "male_" not in text and "female" not in text and "2025-06-30" not in text
    assert Case.objects.filter(inspection=world.inspection).count() == 2


def test_the_draft_keeps_the_result_options_and_seed_only(drawn):
    _, draft = drawn
    assert {k: draft.report[k] for k in ("requested", "buffer", "buffer_percent", "seed",
                                         "as_of", "max_per_officer", "shortfall")} == {
        "requested": 10, "buffer": 2, "buffer_percent": 20, "seed": 7, "as_of": "2025-06-30",
        "max_per_officer": 6, "shortfall": 0}
    assert draft.report["excluded"][3] == {"crn": "S000024", "reason": "duplicate"}
    assert set(draft.cases[0]) == {"crn", "stratum", "cluster", "ldu", "team",
                                   "responsible_officer", "gender", "supervision_type", "rosh",
                                   "weight"}
    assert draft.confirmed_at is None
    event = AuditEvent.objects.get(object_type="inspections.sampledraft", action="create")
    assert event.after == {"source": "long-list.csv", "requested": 10, "buffer": 2,
                           "buffer_percent": 20, "seed": 7, "as_of": "2025-06-30",
                           "max_per_officer": 6, "long_list_cases": 24, "eligible": 20,
                           "shortfall": 0, "selected": 12, "excluded": 4}


def test_confirming_creates_the_cases_with_their_attributes_and_weights(drawn, world):
    client, draft = drawn
    response = confirm(client, world.inspection, draft)
    assert response.status_code == 302
    assert response["Location"] == f"/inspections/{world.inspection.pk}/"
    created = Case.objects.filter(inspection=world.inspection, crn__startswith="S")
    assert created.count() == 12
    officers = sorted(c.attributes["responsible_officer"] for c in created)
    assert officers == ["Officer A"] * 5 + ["Officer B"] * 3 + ["Officer C"] * 4
    by_stratum: dict[str, list[float]] = {}
    for c in created:
        by_stratum.setdefault(c.attributes["stratum"], []).append(c.attributes["weight"])
    assert {s: (len(w), set(w)) for s, w in by_stratum.items()} == {
        "female": (2, {2.0}), "male_community_low": (4, {1.5}),
        "male_community_non_low": (6, {10 / 6})}
    one = created.get(crn=draft.cases[0]["crn"])
    stored = draft.cases[0]
    assert one.attributes == {
        "gender": {"F": "female", "M": "male"}[stored["gender"]],
        "supervision_type": stored["supervision_type"], "rosh": stored["rosh"],
        "cluster": stored["cluster"], "team": stored["team"],
        "responsible_officer": stored["responsible_officer"], "stratum": stored["stratum"],
        "weight": stored["weight"]}
    assert one.delivery_unit.name == stored["ldu"]
    assert {c.crn for c in created} == {c["crn"] for c in draft.cases}
    assert set(DeliveryUnit.objects.filter(region=world.inspection.region)
               .values_list("name", flat=True)) >= {"Northtown", "Southport"}
    case_events = AuditEvent.objects.filter(object_type="inspections.case", action="create")
    assert case_events.count() == 12 and {e.actor for e in case_events} == {world.lena}
    confirmed = AuditEvent.objects.get(object_type="inspections.sampledraft", action="update")
    assert confirmed.after["cases"] == 12 and confirmed.actor == world.lena
    assert confirmed.summary == "Confirmed the sample of long-list.csv: 12 cases created"
    draft.refresh_from_db()
    assert draft.confirmed_by == world.lena and draft.confirmed_at is not None
    page = text_of(client.get(response["Location"]))
    assert "12 cases created from the sample of long-list.csv" in page


def test_a_second_confirmation_creates_nothing_again(drawn, world):
    client, draft = drawn
    confirm(client, world.inspection, draft)
    cases, events = Case.objects.count(), AuditEvent.objects.count()
    again = confirm(client, world.inspection, draft)
    assert again.status_code == 302
    assert again["Location"] == f"/inspections/{world.inspection.pk}/sample/record"
    assert (Case.objects.count(), AuditEvent.objects.count()) == (cases, events)
    assert "nothing was created again" in text_of(client.get(again["Location"]))


def test_the_record_shows_how_the_cases_were_chosen(drawn, world):
    client, draft = drawn
    record_url = f"/inspections/{world.inspection.pk}/sample/record"
    assert "No sample has been confirmed" in text_of(client.get(record_url))
    confirm(client, world.inspection, draft)
    response = client.get(record_url)
    text = text_of(response)
    assert "Sample of long-list.csv" in text and "confirmed by Lena" in text
    assert "Seed 7" in text and "Cases started on or before 30 June 2025" in text
    assert rows_of(response.content.decode(), "Strata: share")[2] == (
        NON_LOW, "10", "50.0%", "5", "6", "50.0%", "buffer +1")
    detail = client.get(f"/inspections/{world.inspection.pk}/").content.decode()
    assert f'href="/inspections/{world.inspection.pk}/sample"' in detail
    assert f'href="{record_url}"' in detail


def test_the_officer_cap_moves_a_case_to_a_colleague_in_the_ldu(world, as_user):
    # Cap 4: officer A (5) gives one case up. A's male community low bucket has no
    # colleague in its LDU, so the case moves in male community non-low, to B (3 → 4).
    client = as_user(world.lena)
    upload(client, world.inspection, to_csv(long_list_rows()), max_per_officer="4")
    html = client.get(f"/inspections/{world.inspection.pk}/sample/check").content.decode()
    officers = [r for r in rows_of(html, f"Allocation within {NON_LOW}")
                if r[0] == "Officer"]
    assert officers == [
        ("Officer", "North / Northtown / Officer A", "2", "10.0%", "0", "0.0%",
         "officer cap -1"),
        ("Officer", "North / Northtown / Officer B", "4", "20.0%", "4", "33.3%",
         "from an officer over the cap +1"),
        ("Officer", "South / Southport / Officer C", "4", "20.0%", "2", "16.7%", ""),
    ]
    assert "Shortfall 0" in text_of(client.get(f"/inspections/{world.inspection.pk}/sample/check"))


def test_an_xlsx_long_list_and_a_blank_seed_give_a_random_recorded_seed(world, as_user):
    client = as_user(world.lena)
    response = upload(client, world.inspection, to_xlsx(long_list_rows()), "list.xlsx",
                      seed="")
    assert response.status_code == 302
    draft = SampleDraft.objects.get()
    assert 0 <= draft.report["seed"] < 2**32 and len(draft.cases) == 12
    assert f"Seed {draft.report['seed']}" in text_of(
        client.get(f"/inspections/{world.inspection.pk}/sample/check"))


def test_a_new_draw_replaces_the_unconfirmed_one(drawn, world):
    client, old = drawn
    upload(client, world.inspection, to_csv(long_list_rows()), seed="8")
    new = SampleDraft.objects.get()
    assert new.pk != old.pk and new.report["seed"] == 8
    deleted = AuditEvent.objects.get(object_type="inspections.sampledraft", action="delete")
    assert deleted.object_id == str(old.pk) and deleted.reason == "replaced by a new sample"
    response = confirm(client, world.inspection, old)
    assert response["Location"] == f"/inspections/{world.inspection.pk}/sample/check"
    assert Case.objects.count() == 2


def test_a_bad_long_list_lists_every_problem_and_keeps_nothing(world, as_user):
    rows = long_list_rows()
    rows[0]["sentence_type"] = "Custody"
    rows[5]["sentence_type"] = "Custody"
    rows[6]["rosh"] = "Very low"
    rows[7]["start_date"] = "2025-02-30"
    rows[8]["crn"] = "12345"
    response = upload(as_user(world.lena), world.inspection, to_csv(rows))
    assert response.status_code == 400
    html = response.content.decode()
    summary = error_summary(html)
    links = [unescape(t) for t in re.findall(r'<a href="#problem-\d+">(.*?)</a>', summary)]
    assert links[0] == ("long-list.csv, row 10, column 'crn': not a CRN (a capital letter "
                        "and six digits) (value '12345')")
    assert links[1] == ("long-list.csv, column 'sentence_type': unknown sentence type in "
                        "rows 2, 7 (value 'Custody')")
    assert ("long-list.csv, row 8, column 'rosh': unknown RoSH level (value 'Very low')"
            in links)
    assert ("long-list.csv, row 9, column 'start_date': not a date (YYYY-MM-DD or "
            "DD/MM/YYYY) (value '2025-02-30')" in links)
    assert len(links) == 6  # and the accepted sentence types and RoSH levels
    assert rows_of(html, "Problems in the long list")[2] == (
        "", "sentence_type", "", "accepted sentence types: 'ORA Community Order', "
        "'ORA Suspended Sentence Order', 'CJA - Youth Rehabilitation Order', 'community', "
        "'Adult Licence', 'ORA Supervision Default Order', 'Licence', "
        "'Post-sentence supervision', 'post_custody'")
    assert "Error: Draw a case sample" in html
    assert (SampleDraft.objects.count(), Case.objects.count()) == (0, 2)
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [(b"crn,pnc\nA000001,x\n", "list.csv", "long-list-missing: missing column 'gender'"),
     (b"whatever", "list.pdf", "The long list must be a CSV or Excel (.xlsx) file"),
     (b"", "list.csv", "The long list file is empty"),
     (b"\n\n", "list.csv", "list.csv: the file is empty")],
)
def test_unreadable_long_lists(world, as_user, content, name, message):
    response = upload(as_user(world.lena), world.inspection, content, name)
    assert response.status_code == 400
    expected = message.replace("long-list-missing", name)
    assert expected in text_of(response)
    assert SampleDraft.objects.count() == 0


def test_form_errors_use_the_error_summary(world, as_user):
    response = as_user(world.lena).post(
        f"/inspections/{world.inspection.pk}/sample",
        {"size": "0", "buffer": "-1", "seed": "x", "max_per_officer": "", **AS_OF})
    assert response.status_code == 400
    html = response.content.decode()
    summary = error_summary(html)
    assert re.findall(r'<a href="#(id_\w+)">', summary) == [
        "id_file", "id_size", "id_buffer", "id_seed", "id_max_per_officer"]
    for message in ("Select the long list file", "Cases requested must be 1 or more",
                    "The buffer must be 0 or more", "The seed must be a whole number",
                    "Enter the most cases per responsible officer"):
        assert message in summary
    assert SampleDraft.objects.count() == 0


def test_an_import_refusal_creates_nothing_and_keeps_the_draft(world, as_user):
    # A123456 is already a case of the inspection: the import refuses the whole sample.
    rows = [case(crn="A123456", pnc="", first_name="Ottoline", dob="1990-01-01")]
    client = as_user(world.lena)
    upload(client, world.inspection, to_csv(rows), size="1", buffer="0")
    draft = SampleDraft.objects.get()
    response = confirm(client, world.inspection, draft)
    assert response.status_code == 400
    html = response.content.decode()
    assert "this CRN is already in the inspection" in html and "govuk-error-summary" in html
    assert Case.objects.filter(crn="A123456").count() == 1
    draft.refresh_from_db()
    assert draft.confirmed_at is None
    assert not AuditEvent.objects.filter(action="update").exists()


def test_no_name_or_date_of_birth_is_kept_anywhere(world, as_user, caplog, settings):
    # A long list bigger than FILE_UPLOAD_MAX_MEMORY_SIZE is still never a temporary file.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100
    rows = long_list_rows()
    needles = personal_data(rows)
    client = as_user(world.lena)
    with caplog.at_level(logging.DEBUG), pytest.MonkeyPatch.context() as patch:
        patch.setattr(TemporaryUploadedFile, "__init__", _no_temporary_file)
        upload(client, world.inspection, to_csv(rows))
        check = client.get(f"/inspections/{world.inspection.pk}/sample/check")
        confirm(client, world.inspection, SampleDraft.objects.get())
        record = client.get(f"/inspections/{world.inspection.pk}/sample/record")
        detail = client.get(f"/inspections/{world.inspection.pk}/")
    assert Case.objects.filter(crn__startswith="S").count() == 12
    pages = [check.content.decode(), record.content.decode(), detail.content.decode()]
    assert [n for n in needles if any(n in page for page in pages)] == []
    assert [n for n in needles if n in caplog.text] == []
    stored = _every_text_cell() + [str(s.get_decoded()) for s in Session.objects.all()]
    assert len(stored) > 100
    assert [n for n in needles if any(n in cell for cell in stored)] == []
    files = [p.read_bytes().decode("latin-1") for p in Path(django_settings.DATA_DIR).rglob("*")
             if p.is_file() and not p.name.startswith("test.sqlite3")]
    assert [n for n in needles if any(n in f for f in files)] == []


def test_a_long_list_over_the_upload_limit_is_refused(world, as_user, settings):
    settings.UPLOAD_MAX_BYTES = 2048
    content = to_csv(long_list_rows())
    assert len(content) > 3000
    response = upload(as_user(world.lena), world.inspection, content)
    assert response.status_code == 400
    assert "long-list.csv: The long list must be no larger than 2 KB" in text_of(response)
    assert SampleDraft.objects.count() == 0


def test_the_upload_is_refused_without_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.lena)
    response = upload(client, world.inspection, to_csv(long_list_rows()))
    assert response.status_code == 403
    assert SampleDraft.objects.count() == 0


def _no_temporary_file(*args: object, **kwargs: object) -> None:
    raise AssertionError("the long list was written to a temporary file")


def _every_text_cell() -> list[str]:
    """Every value of every column of every table, as text."""
    cells: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            cells.extend(str(value) for row in cursor.fetchall() for value in row
                         if value is not None)
    return cells


@pytest.mark.parametrize("persona", ["ian", "bob", "charlie", "quinn", "olive", "ann", "vic"])
def test_only_leads_of_the_inspection_and_admins_may_draw_or_confirm(world, as_user, persona):
    client = as_user(world.persona(persona))
    response = upload(client, world.inspection, to_csv(long_list_rows()))
    assert response.status_code == 403
    assert SampleDraft.objects.count() == 0
    for page in ("sample", "sample/check", "sample/record"):
        assert client.get(f"/inspections/{world.inspection.pk}/{page}").status_code == 403


def test_a_lead_of_another_inspection_is_refused_and_an_admin_may(world, as_user, client):
    other_lead = make_user("otto@example.org", "lead_inspector")
    make_inspection(name="Another inspection", members=(other_lead,))
    refused = upload(as_user(other_lead), world.inspection, to_csv(long_list_rows()))
    assert refused.status_code == 403
    client.logout()
    admin = as_user(world.ada)
    assert upload(admin, world.inspection, to_csv(long_list_rows())).status_code == 302
    draft = SampleDraft.objects.get()
    client.logout()
    assert confirm(as_user(other_lead), world.inspection, draft).status_code == 403
    assert confirm(as_user(world.ian), world.inspection, draft).status_code == 403
    assert Case.objects.count() == 2
    assert confirm(as_user(world.ada), world.inspection, draft).status_code == 302
    assert Case.objects.count() == 14


def test_the_inspection_page_links_to_sampling_for_managers_only(world, as_user):
    url = f"/inspections/{world.inspection.pk}/"
    assert "Draw a case sample" in as_user(world.lena).get(url).content.decode()
    assert "Draw a case sample" not in as_user(world.quinn).get(url).content.decode()
