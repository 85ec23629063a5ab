"""The state changes of an inspection — one function each, called alike by the HTML views,
the JSON API and the CLI. Each checks the user may act, runs in one transaction, and writes
its audit row through :func:`caseinspect.web.audit.log.record`.

Assessments use optimistic locking: a change names the ``version`` it was based on, and is
refused with :class:`StaleVersion` (nothing written) when someone changed it since.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from caseinspect.frameworks import Framework, load_framework
from caseinspect.web.accounts.models import Role, User
from caseinspect.web.audit.log import prepare, record
from caseinspect.web.inspections import access
from caseinspect.web.inspections.models import (
    Answer,
    Assessment,
    Case,
    Inspection,
    Membership,
    PracticeExample,
    Region,
)
from caseinspect.web.statements import Statement
from caseinspect.web.writes import in_transaction

VALUES = frozenset(Answer.Value.values)


class ServiceError(Exception):
    """A state change refused for a reason the user can act on."""


class Invalid(ServiceError):
    """Input breaks a rule; ``errors`` maps a field key (a question code, ``<code>.rationale``,
    ``reason``…) to a message, in page order."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


class StaleVersion(ServiceError):
    """Someone changed the assessment after the user loaded it: nothing was written."""

    def __init__(self, current: Assessment) -> None:
        self.current = current
        at = timezone.localtime(current.updated_at)
        changed = f"{at:%H:%M} on {at.day} {at:%B %Y}"  # "1 December", as the pages write it
        super().__init__(
            f"Someone else changed this assessment at {changed}, after you opened it. "
            "Your changes have not been saved and nothing was overwritten. "
            "Check the latest answers, then make your changes again."
        )


class WrongState(ServiceError):
    """The assessment is not in a state that allows this change."""


@dataclass(frozen=True)
class AnswerInput:
    """An answer as entered: ``value`` yes / no / na, or ``None`` to clear it."""

    value: str | None
    rationale: str = ""


def framework_of(inspection: Inspection) -> Framework:
    return load_framework(inspection.framework_code)


def _given_state(given: AnswerInput) -> dict[str, str] | None:
    if given.value is None:
        return None
    return {"value": given.value, "rationale": given.rationale.strip()}


def _lock(assessment: Assessment, expected_version: int) -> Assessment:
    """Lock the assessment's row for this transaction and check nobody changed it since
    ``expected_version``; raise StaleVersion (nothing written) if they did."""
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if current.version != expected_version:
        raise StaleVersion(current)
    return current


def _bump(assessment: Assessment, expected_version: int, **changes: Any) -> None:
    """Write ``changes`` and the next version — only if the version is still the expected one
    (a conditional UPDATE, atomic on SQLite and PostgreSQL alike)."""
    now = timezone.now()
    claimed = Assessment.objects.filter(pk=assessment.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=now, **changes
    )
    if not claimed:
        raise StaleVersion(Assessment.objects.get(pk=assessment.pk))
    assessment.version = expected_version + 1
    assessment.updated_at = now
    for name, value in changes.items():
        setattr(assessment, name, value)


def create_inspection(
    by: User,
    *,
    name: str,
    framework_code: str,
    region: Region,
    kind: str,
    start_date: date,
    end_date: date | None = None,
) -> Inspection:
    """Create an inspection; its creator becomes a member."""
    access.require(access.can_create_inspection(by))
    load_framework(framework_code)
    with transaction.atomic():
        inspection = Inspection.objects.create(
            name=name,
            framework_code=framework_code,
            region=region,
            kind=kind,
            start_date=start_date,
            end_date=end_date,
        )
        record(by, "create", inspection, after=inspection)
        membership = Membership.objects.create(inspection=inspection, user=by)
        record(by, "create", membership, after=membership)
    access.forget_memberships(by)
    return inspection


def add_member(inspection: Inspection, member: User, by: User | None) -> Membership:
    if by is not None:
        access.require(access.can_manage(by, inspection))
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(inspection=inspection, user=member)
        if created:
            record(by, "create", membership, after=membership)
    access.forget_memberships(member)
    return membership


def remove_member(inspection: Inspection, member: User, by: User) -> None:
    access.require(access.can_manage(by, inspection))
    with transaction.atomic():
        for membership in Membership.objects.filter(inspection=inspection, user=member):
            record(by, "delete", membership, before=membership)
            membership.delete()
    access.forget_memberships(member)


def assign_case(case: Case, inspector: User, by: User | None, reason: str = "") -> Assessment:
    """Assign a case to an inspector (a member who assesses) and open their assessment."""
    if by is not None:
        access.require(access.can_manage(by, case.inspection))
    if inspector.role not in (Role.INSPECTOR, Role.LEAD) or not access.is_member(
        inspector, case.inspection
    ):
        raise Invalid({"inspector": "Choose an inspector who is a member of this inspection"})
    with transaction.atomic():
        before = Case.objects.get(pk=case.pk)
        case.inspector = inspector
        case.save(update_fields=["inspector"])
        record(by, "update", case, before=before, after=case, reason=reason)
        assessment, created = Assessment.objects.get_or_create(case=case, inspector=inspector)
        if created:
            record(by, "create", assessment, after=assessment)
    return assessment


@cache
def _question_codes(framework_code: str) -> tuple[frozenset[str], frozenset[str]]:
    """Every answerable question code of a framework, and its key questions'."""
    framework = load_framework(framework_code)
    return (
        frozenset(q.code for q in framework.questions()),
        frozenset(kq.code for kq in framework.key_questions()),
    )


def _check_answers(framework_code: str, answers: Mapping[str, AnswerInput]) -> dict[str, str]:
    known, key_questions = _question_codes(framework_code)
    errors: dict[str, str] = {}
    for code, given in answers.items():
        if code not in known:
            errors[code] = f"{code} is not a question of {framework_code}"
        elif given.value is not None and given.value not in VALUES:
            errors[code] = f"Select yes, no or not applicable for {code}"
        elif (
            code in key_questions
            and given.value == Answer.Value.NO
            and not given.rationale.strip()
        ):
            errors[f"{code}.rationale"] = (
                f"Enter the rationale for judging key question {code} not met"
            )
    return errors


# Saving answers is the hot path (every page of an assessment, and the JSON API, save through
# it), so it runs a few plain parameterised statements — the same on SQLite and PostgreSQL —
# rather than querysets compiled anew each time (see caseinspect.web.statements). Names are
# the models' own.
_ANSWERS = Answer._meta.db_table
_ASSESSMENTS = Assessment._meta.db_table


# Bounded: the count comes from the request (a client may send any number of codes).
@lru_cache(maxsize=64)
def _current_answers_sql(count: int) -> Statement:
    """The stored answers of an assessment among ``count`` codes."""
    codes = ", ".join(["%s"] * count)
    return Statement(
        f'SELECT "code", "value", "rationale" FROM "{_ANSWERS}" '
        f'WHERE "assessment_id" = %s AND "code" IN ({codes})'
    )


# The optimistic lock: claims the next version only if nobody took it since the user loaded
# the assessment (atomic on SQLite and PostgreSQL alike; a concurrent claim leaves 0 rows).
_CLAIM_NEXT_VERSION = Statement(
    f'UPDATE "{_ASSESSMENTS}" SET "version" = "version" + 1, "updated_at" = %s '
    'WHERE "id" = %s AND "version" = %s'
)
_INSERT_ANSWER = Statement(
    f'INSERT INTO "{_ANSWERS}" ("assessment_id", "code", "value", "rationale") '
    "VALUES (%s, %s, %s, %s)"
)
_UPDATE_ANSWER = Statement(
    f'UPDATE "{_ANSWERS}" SET "value" = %s, "rationale" = %s '
    'WHERE "assessment_id" = %s AND "code" = %s'
)
_DELETE_ANSWER = Statement(f'DELETE FROM "{_ANSWERS}" WHERE "assessment_id" = %s AND "code" = %s')

AnswerState = dict[str, str]


def _current_answers(assessment: Assessment, codes: list[str]) -> dict[str, AnswerState]:
    """The stored answers among ``codes``: code → {value, rationale}."""
    if not codes:
        return {}
    rows = _current_answers_sql(len(codes)).rows([assessment.pk, *codes])
    return {code: {"value": value, "rationale": rationale} for code, value, rationale in rows}


def _write_answers(
    assessment: Assessment,
    expected_version: int,
    current: Mapping[str, AnswerState],
    after: Mapping[str, AnswerState | None],
    now: datetime,
) -> None:
    """Inside the caller's transaction: claim the next version (StaleVersion, and nothing
    written, if someone else changed the assessment since ``expected_version``), then store
    ``after``. Whether each answer's row exists is known from ``current``: it was read before
    the claim, and every change of an answer claims a version, so a successful claim means it
    is still what is stored."""
    pk = assessment.pk
    claimed = _CLAIM_NEXT_VERSION.run(
        [connection.ops.adapt_datetimefield_value(now), pk, expected_version]
    )
    if claimed != 1:
        raise StaleVersion(Assessment.objects.get(pk=pk))
    for code, state in after.items():
        if state is None:
            _DELETE_ANSWER.run([pk, code])
        elif code in current:
            _UPDATE_ANSWER.run([state["value"], state["rationale"], pk, code])
        else:
            _INSERT_ANSWER.run([pk, code, state["value"], state["rationale"]])
    assessment.version = expected_version + 1
    assessment.updated_at = now


def save_answers(
    assessment: Assessment,
    answers: Mapping[str, AnswerInput],
    by: User,
    expected_version: int,
    reason: str = "",
    stored: Mapping[str, AnswerState] | None = None,
) -> list[str]:
    """Save (or clear) answers; returns the codes that changed.

    A rationale is required when a key question is judged No; a reason is required when the
    assessment is no longer a draft. Nothing is written when a rule is broken or the version
    is stale.

    ``assessment`` needs its case and the case's inspection loaded (``select_related``), or
    they are read here. ``stored`` may give the stored answers among ``answers``' codes, read
    in the same statement as ``assessment`` (the JSON API does); otherwise they are read here.
    """
    access.require(access.can_edit_assessment(by, assessment))
    if assessment.version != expected_version:
        raise StaleVersion(Assessment.objects.get(pk=assessment.pk))
    # Read before writing: if the version is still the expected one when the write claims the
    # next version below, nothing has changed since, so these reads are what the user saw.
    current = _current_answers(assessment, list(answers)) if stored is None else stored
    errors = _check_answers(assessment.case.inspection.framework_code, answers)
    changed = [
        code
        for code, given in answers.items()
        if code not in errors and current.get(code) != _given_state(given)
    ]
    if changed and assessment.status != Assessment.Status.DRAFT and not reason.strip():
        errors["reason"] = "Enter the reason for changing a submitted assessment"
    if errors:
        raise Invalid(errors)
    if not changed:
        return []
    after = {code: _given_state(answers[code]) for code in changed}
    # Everything is built before the transaction takes the (SQLite: the one) write lock, so
    # the lock is held for the statements alone.
    now = timezone.now()
    audit_row = prepare(
        by,
        "update",
        assessment,
        before={code: current.get(code) for code in changed},
        after=after,
        reason=reason.strip(),
        summary=f"Answers changed on {assessment.case.crn}: {', '.join(changed)}",
    )
    def write() -> None:
        _write_answers(assessment, expected_version, current, after, now)
        audit_row.insert()

    # On a SQLite file this transaction is shared with the saves other threads of the server
    # process have queued meanwhile (group commit); a stale version refuses this save alone.
    in_transaction(write, refusals=(StaleVersion,))
    return changed


def missing_answers(assessment: Assessment) -> dict[str, str]:
    """Key questions and prompts still to answer before the assessment can be submitted."""
    framework = framework_of(assessment.case.inspection)
    answered = set(assessment.answers.values_list("code", flat=True))
    return {
        q.code: f"Answer {q.kind.replace('_', ' ')} {q.code}"
        for q in framework.questions()
        if q.kind != "fact" and q.code not in answered
    }


def _transition(
    assessment: Assessment,
    by: User,
    expected_version: int,
    source: tuple[str, ...],
    summary: str,
    reason: str = "",
    **changes: Any,
) -> Assessment:
    with transaction.atomic():
        before = _lock(assessment, expected_version)
        if before.status not in source:
            raise WrongState(
                f"This assessment is {before.get_status_display().lower()}, so it cannot be "
                f"{summary.lower()}"
            )
        _bump(assessment, expected_version, **changes)
        record(by, "update", assessment, before=before, after=assessment, reason=reason,
               summary=f"{summary}: {assessment.case.crn}")
    return assessment


def submit_assessment(assessment: Assessment, by: User, expected_version: int) -> Assessment:
    """Draft → submitted, once every key question and prompt is answered."""
    access.require(
        access.can_edit_assessment(by, assessment) and assessment.inspector_id == by.pk
    )
    missing = missing_answers(assessment)
    if missing:
        raise Invalid(missing)
    return _transition(
        assessment,
        by,
        expected_version,
        (Assessment.Status.DRAFT,),
        "Submitted",
        status=Assessment.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )


def quality_assure(
    assessment: Assessment, by: User, expected_version: int, note: str = ""
) -> Assessment:
    """Submitted → quality-assured, by a quality assurer who is not the assessor."""
    access.require(access.can_quality_assure(by, assessment))
    return _transition(
        assessment,
        by,
        expected_version,
        (Assessment.Status.SUBMITTED,),
        "Quality assured",
        reason=note,
        status=Assessment.Status.QUALITY_ASSURED,
        quality_assured_by=by,
        quality_assured_at=timezone.now(),
    )


def finalise(assessment: Assessment, by: User, expected_version: int) -> Assessment:
    """Quality-assured → final (read-only from then on), by the lead inspector."""
    access.require(access.can_finalise(by, assessment))
    return _transition(
        assessment,
        by,
        expected_version,
        (Assessment.Status.QUALITY_ASSURED,),
        "Finalised",
        status=Assessment.Status.FINAL,
        finalised_at=timezone.now(),
    )


def add_practice_example(
    assessment: Assessment,
    by: User,
    *,
    question_code: str,
    kind: str,
    text: str,
    publishable: bool,
) -> PracticeExample:
    access.require(access.can_edit_assessment(by, assessment))
    errors: dict[str, str] = {}
    if question_code not in {q.code for q in framework_of(assessment.case.inspection).questions()}:
        errors["question_code"] = "Select the question the example is about"
    if kind not in PracticeExample.Kind.values:
        errors["kind"] = "Select good practice or poor practice"
    if not text.strip():
        errors["text"] = "Describe the practice"
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        example = PracticeExample.objects.create(
            assessment=assessment,
            question_code=question_code,
            kind=kind,
            text=text.strip(),
            publishable=publishable,
        )
        record(by, "create", example, after=example)
    return example
