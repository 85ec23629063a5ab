"""Bulk in and out: importing a case table (all or nothing, row-by-row errors on the page)
and exporting the inspection's case table, which the casetable reader and
``caseinspect analyse`` read unchanged."""

from __future__ import annotations

import json
import re
from html import unescape

import pandas as pd
import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile

from caseinspect.casetable import (
    BLANK,
    NO,
    YES,
    case_table_bytes,
    from_records,
    read_case_table_bytes,
)
from caseinspect.cli import main
from caseinspect.errors import InputError
from caseinspect.web.audit.models import AuditEvent
from caseinspect.web.inspections.importing import import_case_table
from caseinspect.web.inspections.models import Answer, Assessment, Case, DeliveryUnit
from factories_web import all_answers, make_inspection

HEADER = "case_id,pdu,inspector,gender,age,rosh,2.1.1,2.1.1.a\n"


def problem_rows(html):
    """The cells of the page's problems table, as (row, column, value, problem) tuples."""
    table = html[html.index('id="problems"'):]
    body = table[table.index("<tbody"):table.index("</tbody>")]
    return [
        tuple(unescape(c.strip()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def upload(client, inspection, name, content):
    return client.post(
        f"/inspections/{inspection.pk}/import",
        {"file": SimpleUploadedFile(name, content)},
    )


def test_import_creates_cases_delivery_units_and_completed_assessments(world, as_user):
    csv = (
        HEADER
        + "C100001,Bolton,ian@example.org,female,34,high,yes,no\n"
        + "C100002,Manchester,bob@example.org,male,51,low,,\n"
        + "C100003,,,male,22,medium,,\n"
    ).encode()
    response = upload(as_user(world.lena), world.inspection, "cases.csv", csv)
    assert response.status_code == 302
    first = Case.objects.get(crn="C100001")
    assert first.delivery_unit.name == "Bolton" and first.inspector == world.ian
    assert first.attributes == {"gender": "female", "age": 34.0, "rosh": "high"}
    done = Assessment.objects.get(case=first)
    assert done.status == "submitted" and done.inspector == world.ian
    assert dict(done.answers.values_list("code", "value")) == {"2.1.1": "yes", "2.1.1.a": "no"}
    second = Assessment.objects.get(case__crn="C100002")
    assert second.status == "draft" and second.answers.count() == 0
    assert not Assessment.objects.filter(case__crn="C100003").exists()
    assert DeliveryUnit.objects.filter(name="Bolton", region=world.inspection.region).exists()
    created = AuditEvent.objects.filter(object_type="inspections.case", action="create")
    assert created.count() == 3 and created.first().actor == world.lena
    follow = as_user(world.lena).get(response["Location"]).content.decode()
    assert "3 cases imported, 1 with completed assessments from cases.csv" in follow


def test_a_bad_table_imports_nothing_and_lists_every_problem_by_row(world, as_user):
    csv = (
        HEADER
        + "C100001,Bolton,ian@example.org,female,34,high,yes,no\n"
        + "c12345,Bolton,,male,40,low,,\n"
        + "A123456,Bolton,,male,40,low,,\n"
        + "C100004,Bolton,charlie@example.org,male,40,low,yes,\n"
        + "C100005,Bolton,,male,40,low,no,\n"
    ).encode()
    before = Case.objects.count()
    response = upload(as_user(world.lena), world.inspection, "cases.csv", csv)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The case table has 4 problems. Nothing was imported." in html
    assert '<a href="#problems">' in html
    rows = problem_rows(html)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("3", "case_id", "c12345"),
        ("4", "case_id", "A123456"),
        ("5", "inspector", "charlie@example.org"),
        ("6", "inspector", ""),
    ]
    assert "like A123456" in rows[0][3]
    assert "already in the inspection" in rows[1][3]
    assert "member of this inspection" in rows[2][3]
    assert "needs the inspector who made them" in rows[3][3]
    assert Case.objects.count() == before
    assert not DeliveryUnit.objects.filter(name="Bolton").exists()


def test_reader_problems_are_shown_the_same_way(world, as_user):
    csv = (HEADER + "C100001,Bolton,,female,old,high,maybe,\n").encode()
    response = upload(as_user(world.lena), world.inspection, "cases.csv", csv)
    assert response.status_code == 400
    rows = problem_rows(response.content.decode())
    # The row's answer is refused, but it is still an answer, so the row needs its inspector.
    assert {(r[0], r[1], r[2]) for r in rows} == {
        ("2", "age", "old"), ("2", "2.1.1", "maybe"), ("2", "inspector", "")
    }


def test_every_kind_of_problem_is_listed_at_once(world, as_user):
    """The reader's problems (a repeated case_id, an unknown answer) and the import's (a bad
    CRN, a CRN already in the inspection, an inspector who is not a member, answers without
    an inspector) in one list — not the import's only once the reader's are fixed."""
    csv = (
        HEADER
        + "C100001,Bolton,ian@example.org,female,34,high,yes,no\n"
        + "C100001,Bolton,,male,40,low,,\n"
        + "C100003,Bolton,ian@example.org,male,40,low,maybe,\n"
        + "c12345,Bolton,,male,40,low,,\n"
        + "A123456,Bolton,,male,40,low,,\n"
        + "C100006,Bolton,charlie@example.org,male,40,low,,\n"
        + "C100007,Bolton,,male,40,low,,maybe\n"
    ).encode()
    before = Case.objects.count()
    response = upload(as_user(world.lena), world.inspection, "cases.csv", csv)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The case table has 7 problems. Nothing was imported." in html
    rows = problem_rows(html)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("3", "case_id", "C100001"),
        ("4", "2.1.1", "maybe"),
        ("5", "case_id", "c12345"),
        ("6", "case_id", "A123456"),
        ("7", "inspector", "charlie@example.org"),
        ("8", "2.1.1.a", "maybe"),
        ("8", "inspector", ""),
    ]
    assert "duplicate case_id" in rows[0][3] and "unknown answer" in rows[1][3]
    assert Case.objects.count() == before


def test_the_import_names_a_problem_on_its_first_1000_rows_and_counts_the_rest(world):
    table = from_records([{"case_id": f"X{n}"} for n in range(1003)], "big.csv")
    with pytest.raises(InputError) as exc:
        import_case_table(world.inspection, table, world.lena)
    assert len(exc.value.problems) == 1001
    assert exc.value.problems[999].row == 1001
    assert exc.value.problems[-1].message.endswith(": the same on 3 more rows")


def test_other_file_types_are_refused(world, as_user):
    response = upload(as_user(world.lena), world.inspection, "cases.txt", b"case_id\nA1\n")
    assert "must be a CSV, Excel (.xlsx) or Parquet file" in response.content.decode()


def test_an_excel_case_table_imports(world, as_user):
    csv = (HEADER + "C100001,Bolton,ian@example.org,female,34,high,yes,no\n").encode()
    xlsx = case_table_bytes(read_case_table_bytes(csv, "cases.csv"), "xlsx")
    response = upload(as_user(world.lena), world.inspection, "cases.xlsx", xlsx)
    assert response.status_code == 302
    assert Case.objects.get(crn="C100001").attributes["rosh"] == "high"


def export(client, inspection, fmt="csv"):
    response = client.get(f"/inspections/{inspection.pk}/export.{fmt}")
    assert response.status_code == 200
    return response


def test_the_export_holds_each_case_with_its_submitted_answers(world, as_user):
    response = export(as_user(world.lena), world.inspection)
    assert response["Content-Disposition"] == (
        'attachment; filename="inspection-of-north-west-case-table.csv"'
    )
    table = read_case_table_bytes(response.content, "export.csv")
    frame = table.frame.set_index("case_id")
    assert sorted(frame.index) == ["A123456", "B234567"]
    assert (frame.loc["B234567", list(all_answers())] == YES).all()  # Bob's, submitted
    assert (frame.loc["A123456", list(table.questions)] == BLANK).all()  # Ian's is a draft
    assert frame.loc["B234567", "pdu"] == "Salford"
    assert frame.loc["B234567", "inspector"] == "bob@example.org"
    event = AuditEvent.objects.latest("id")
    assert event.action == "export" and "with CRNs" in event.summary


def test_analysts_get_pseudonymised_exports_without_staff_names(world, as_user):
    world.other_case.attributes = {"responsible_officer": "Pat Smith", "rosh": "low"}
    world.other_case.save()
    response = export(as_user(world.ann), world.inspection)
    text = response.content.decode()
    assert "A123456" not in text and "B234567" not in text
    assert "Pat Smith" not in text and "responsible_officer" not in text
    table = read_case_table_bytes(response.content, "export.csv")
    assert all(cid.startswith("case-") for cid in table.frame["case_id"])
    again = read_case_table_bytes(export(as_user(world.ann), world.inspection).content, "x.csv")
    assert list(again.frame["case_id"]) == list(table.frame["case_id"])


def test_analysts_exports_do_not_name_the_inspectors(world, as_user):
    """Inspectors are staff: their email addresses stay out of pseudonymised exports, as the
    responsible officer does (docs/web.md: analysts get no staff names)."""
    text = export(as_user(world.ann), world.inspection).content.decode()
    assert "bob@example.org" not in text and "ian@example.org" not in text
    assert "inspector" not in text.splitlines()[0]
    with_crns = export(as_user(world.lena), world.inspection).content.decode()
    assert "bob@example.org" in with_crns


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_export_import_export_round_trips(world, as_user, fmt):
    first = export(as_user(world.lena), world.inspection, fmt).content
    copy = make_inspection(name="Copy", members=(world.lena, world.ian, world.bob))
    response = upload(as_user(world.lena), copy, f"cases.{fmt}", first)
    assert response.status_code == 302
    second = export(as_user(world.lena), copy, fmt).content
    a = read_case_table_bytes(first, f"a.{fmt}").frame.drop(columns="inspection")
    b = read_case_table_bytes(second, f"b.{fmt}").frame.drop(columns="inspection")
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_caseinspect_analyse_reads_the_export_unchanged(world, as_user, tmp_path, fmt):
    Answer.objects.filter(assessment=world.other_assessment, code="2.1.1").update(value="no")
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(export(as_user(world.lena), world.inspection, fmt).content)
    result = CliRunner().invoke(main, ["analyse", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["cases"] == 2
    q = next(q for q in data["questions"] if q["code"] == "2.1.1")
    assert (q["n"], q["yes"], q["no"]) == (1, 0, 1)
    assert read_case_table_bytes(path.read_bytes(), path.name).frame.loc[1, "2.1.1"] == NO
