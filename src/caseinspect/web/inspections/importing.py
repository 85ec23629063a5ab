"""Import a case table into an inspection: its cases and, for migrations from older tools,
their completed assessments. All or nothing: every problem is collected, row by row, and
nothing is written unless there are none."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from caseinspect.casetable import ANSWER_LABELS, BLANK, FIRST_DATA_ROW, CaseTable
from caseinspect.casetable.read import check_case_table_bytes
from caseinspect.casetable.validate import ROWS_PER_VALUE
from caseinspect.errors import InputError, Problem
from caseinspect.web.accounts.models import Role, User
from caseinspect.web.audit.log import record
from caseinspect.web.inspections import access
from caseinspect.web.inspections.models import (
    CRN_PATTERN,
    Answer,
    Assessment,
    Case,
    DeliveryUnit,
    Inspection,
)
from caseinspect.web.inspections.services import framework_of

# Columns the inspection itself decides: ignored on import, written again on export.
IGNORED = ("inspection", "region")


@dataclass(frozen=True)
class ImportSummary:
    cases: int
    assessments: int

    def __str__(self) -> str:
        return (
            f"{self.cases} case{'s' if self.cases != 1 else ''} imported, "
            f"{self.assessments} with completed assessments"
        )


def _plain(value: Any) -> Any:
    """A JSON-ready Python value for a frame cell, or None for a missing one."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _assessors(inspection: Inspection) -> dict[str, User]:
    return {
        u.email: u
        for u in User.objects.filter(
            membership__inspection=inspection,
            is_active=True,
            role__in=[Role.INSPECTOR, Role.LEAD],
        )
    }


def import_case_file(
    inspection: Inspection, data: bytes, filename: str, by: User | None
) -> ImportSummary:
    """Import an uploaded case table file (CSV, XLSX or Parquet, by ``filename``'s suffix).

    Raises :class:`InputError` — and writes nothing — listing the file's problems (a
    repeated case_id, an unknown answer…) and the import's (see :func:`import_case_table`)
    together, so that one correction of the file fixes them all.
    """
    if by is not None:
        access.require(access.can_manage(by, inspection))
    checked = check_case_table_bytes(data, filename, framework=inspection.framework_code)
    return import_case_table(inspection, checked.table, by, source=filename,
                             found=checked.problems)


def _capped(problems: list[Problem]) -> list[Problem]:
    """Each kind of problem (message and column) on its first :data:`ROWS_PER_VALUE` rows,
    and one more problem counting the rest — as the case-table reader does."""
    kept: list[Problem] = []
    seen: dict[tuple[str, str | None], int] = {}
    for p in problems:
        kind = (p.message, p.column)
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] <= ROWS_PER_VALUE:
            kept.append(p)
    for (message, column), count in seen.items():
        rest = count - ROWS_PER_VALUE
        if rest > 0:
            file = problems[0].file
            kept.append(Problem(f"{message}: the same on {rest:,} more "
                                f"row{'s' if rest != 1 else ''}", file, None, column))
    return kept


def import_case_table(
    inspection: Inspection,
    table: CaseTable,
    by: User | None,
    source: str = "",
    first_row: int = FIRST_DATA_ROW,
    found: Sequence[Problem] = (),
) -> ImportSummary:
    """Add the table's cases to ``inspection``; rows with answers also get a submitted
    assessment by the row's ``inspector`` (the email of an assessing member).

    Raises :class:`InputError` listing every problem (with its row) — and writes nothing —
    when the inspection is closed, a CRN is malformed or already in the inspection, an
    inspector is not a member, or a question is not in the inspection's framework. ``found``
    are problems already found in the table by its reader (whose cells with problems are
    blank): they are listed with these, by row. ``first_row`` is the file row of the table's
    first case (2 below a header line, in every format).
    """
    if by is not None:
        access.require(access.can_manage(by, inspection))
    source = source or table.source
    if inspection.status == Inspection.Status.CLOSED:
        raise InputError.single("The inspection is closed, so it takes no new cases: reopen it "
                                "for fieldwork first", file=source)
    framework = framework_of(inspection)
    known = {q.code for q in framework.questions()}
    problems = [
        Problem(f"question {code} is not in the framework {framework.code}", source, column=code)
        for code in table.questions
        if code not in known
    ]
    # A row whose answer the reader refused still has answers (blank here until corrected).
    answered = {p.row for p in found if p.row is not None and p.column in table.questions}
    existing = set(Case.objects.filter(inspection=inspection).values_list("crn", flat=True))
    assessors = _assessors(inspection)
    attributes = [a for a in table.attributes if a not in ("case_id", "pdu", "inspector", *IGNORED)]
    rows = []
    for position, row in enumerate(table.frame.to_dict("records")):
        line = position + first_row
        crn = str(row["case_id"]).strip()
        if not crn:
            pass  # the reader reports a blank case_id
        elif not re.fullmatch(CRN_PATTERN, crn):
            problems.append(
                Problem("case_id must be a CRN: a capital letter then 6 digits, like A123456",
                        source, line, "case_id", crn)
            )
        elif crn in existing:
            problems.append(Problem("this CRN is already in the inspection", source, line,
                                    "case_id", crn))
        email = _plain(row.get("inspector"))
        inspector = assessors.get(str(email).strip().lower()) if email is not None else None
        if email is not None and inspector is None:
            problems.append(
                Problem("inspector must be the email address of an inspector who is a member "
                        "of this inspection", source, line, "inspector", str(email))
            )
        answers = {
            code: ANSWER_LABELS[int(row[code])]
            for code in table.questions
            if code in known and int(row[code]) != BLANK
        }
        if (answers or line in answered) and email is None:
            problems.append(
                Problem("a row with answers needs the inspector who made them", source, line,
                        "inspector")
            )
        pdu = _plain(row.get("pdu"))
        rows.append(
            (crn, inspector, None if pdu is None else str(pdu), answers,
             {name: v for name in attributes if (v := _plain(row.get(name))) is not None})
        )
    problems = [*found, *_capped(problems)]
    if problems:
        # By row, as the file reads (the header's row 1 first; whole-column problems last).
        raise InputError(sorted(problems, key=lambda p: math.inf if p.row is None else p.row))
    return _write(inspection, rows, by)


def _write(
    inspection: Inspection,
    rows: list[tuple[str, User | None, str | None, dict[str, str], dict[str, Any]]],
    by: User | None,
) -> ImportSummary:
    assessments = 0
    with transaction.atomic():
        units = {u.name: u for u in DeliveryUnit.objects.filter(region=inspection.region)}
        for crn, inspector, pdu, answers, attributes in rows:
            if pdu is not None and pdu not in units:
                units[pdu] = DeliveryUnit.objects.create(region=inspection.region, name=pdu)
                record(by, "create", units[pdu], after=units[pdu])
            case = Case.objects.create(
                inspection=inspection,
                crn=crn,
                inspector=inspector,
                delivery_unit=units.get(pdu) if pdu is not None else None,
                attributes=attributes,
            )
            record(by, "create", case, after=case, reason="imported from a case table")
            if inspector is None:
                continue
            assessment = Assessment.objects.create(
                case=case,
                inspector=inspector,
                status=Assessment.Status.SUBMITTED if answers else Assessment.Status.DRAFT,
                submitted_at=timezone.now() if answers else None,
            )
            Answer.objects.bulk_create(
                Answer(assessment=assessment, code=code, value=value)
                for code, value in answers.items()
            )
            record(
                by,
                "create",
                assessment,
                after={"assessment": assessment.pk, "status": assessment.status, **answers},
                reason="imported from a case table",
            )
            assessments += bool(answers)
    return ImportSummary(cases=len(rows), assessments=assessments)
