"""The audit log: written by one function, append-only in the model and in the database,
readable per case by lead inspectors and admins."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from caseinspect.web.audit.log import prepare, record
from caseinspect.web.audit.models import AppendOnlyError, AuditEvent
from caseinspect.web.inspections import services
from caseinspect.web.inspections.models import Case


def test_record_keeps_who_what_before_after_and_reason(world):
    before = Case.objects.get(pk=world.case.pk)
    world.case.attributes = {"rosh": "high"}
    event = record(world.lena, "update", world.case, before=before, after=world.case,
                   reason="RoSH corrected")
    event.refresh_from_db()
    assert event.actor == world.lena and event.actor_email == "lena@example.org"
    assert (event.object_type, event.object_id) == ("inspections.case", str(world.case.pk))
    assert (event.inspection_id, event.case_id) == (world.inspection.pk, world.case.pk)
    assert event.before["attributes"] == {} and event.after["attributes"] == {"rosh": "high"}
    assert event.reason == "RoSH corrected"


def test_rows_cannot_be_changed_or_removed_through_the_model(world):
    event = record(world.lena, "view", world.case)
    event.summary = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.parametrize("statement", ["UPDATE audit_auditevent SET summary = 'x'",
                                       "DELETE FROM audit_auditevent"])
def test_the_database_refuses_raw_updates_and_deletes(world, statement):
    record(world.lena, "view", world.case)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEvent.objects.filter(summary="x").count() == 0
    assert AuditEvent.objects.count() >= 1


def test_every_service_change_writes_one_audit_row(world):
    start = AuditEvent.objects.count()
    services.save_answers(
        world.assessment,
        {"2.1.1": services.AnswerInput("no", "No risk assessment on file")},
        world.ian,
        expected_version=1,
    )
    event = AuditEvent.objects.latest("id")
    assert AuditEvent.objects.count() == start + 1
    assert event.action == "update" and event.actor == world.ian
    assert event.before == {"2.1.1": None}
    assert event.after == {"2.1.1": {"value": "no", "rationale": "No risk assessment on file"}}


def test_record_writes_the_same_row_as_the_model_would(world):
    """record() inserts with one prepared statement; the row is what Model.save writes."""
    before = Case.objects.get(pk=world.case.pk)
    world.case.attributes = {"rosh": "high", "note": "café"}
    event = record(world.lena, "update", world.case, before=before, after=world.case,
                   reason="RoSH corrected")
    system = record(None, "view", world.case)
    for made in (event, system):
        assert not made._state.adding and made.pk is not None
        fields = {f.attname: getattr(made, f.attname)
                  for f in AuditEvent._meta.concrete_fields if not f.primary_key}
        twin = AuditEvent.objects.create(**fields)  # through Model.save
        stored = AuditEvent.objects.filter(pk__in=[made.pk, twin.pk]).order_by("id").values()
        mine, theirs = ({k: v for k, v in row.items() if k != "id"} for row in stored)
        assert mine == theirs
    assert AuditEvent.objects.get(pk=system.pk).actor_id is None


def test_a_prepared_row_is_written_only_when_inserted(world):
    # the save path builds its audit row before taking the write lock and inserts it inside
    pending = prepare(world.lena, "update", world.case, before={"a": 1}, after={"a": 2},
                      reason="why", summary="changed")
    assert pending.event.pk is None
    assert not AuditEvent.objects.filter(summary="changed").exists()
    event = pending.insert()
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.before, stored.after, stored.reason) == ({"a": 1}, {"a": 2}, "why")
    assert (stored.actor_id, stored.case_id) == (world.lena.pk, world.case.pk)


def test_a_save_writes_exactly_this_audit_row(world):
    from django.utils import timezone

    services.save_answers(world.assessment, {"2.1.1": services.AnswerInput("yes")}, world.ian, 1)
    started = timezone.now()
    services.save_answers(
        world.assessment,
        {"2.1.1": services.AnswerInput("no", " No plan on file "),
         "2.1.2": services.AnswerInput(None)},  # unchanged (never answered): not recorded
        world.ian,
        2,
        reason=" checked the file ",
    )
    row = AuditEvent.objects.filter(pk=AuditEvent.objects.latest("id").pk).values().get()
    assert started <= row.pop("at") <= timezone.now()
    row.pop("id")
    assert row == {
        "actor_id": world.ian.pk,
        "actor_email": "ian@example.org",
        "action": "update",
        "object_type": "inspections.assessment",
        "object_id": str(world.assessment.pk),
        "inspection_id": world.inspection.pk,
        "case_id": world.case.pk,
        "summary": "Answers changed on A123456: 2.1.1",
        "before": {"2.1.1": {"value": "yes", "rationale": ""}},
        "after": {"2.1.1": {"value": "no", "rationale": "No plan on file"}},
        "reason": "checked the file",
    }


def test_viewing_a_case_is_audited(world, as_user):
    as_user(world.ian).get(f"/assessments/{world.assessment.pk}/check")
    event = AuditEvent.objects.latest("id")
    assert event.action == "view" and event.case_id == world.case.pk
    assert event.summary == "Viewed case A123456: check answers"


def test_the_lead_reads_a_case_history_newest_first(world, as_user):
    services.save_answers(world.assessment, {"2.1.1": services.AnswerInput("yes")}, world.ian, 1)
    services.save_answers(world.assessment, {"2.1.1": services.AnswerInput("na")}, world.ian, 2)
    page = as_user(world.lena).get(f"/cases/{world.case.pk}/history").content.decode()
    rows = [e.summary for e in AuditEvent.objects.filter(case_id=world.case.pk).order_by("-id")]
    assert rows[0] == "Viewed case A123456: history"
    assert rows[1] == rows[2] == "Answers changed on A123456: 2.1.1"
    assert "ian@example.org" in page and "&#x27;value&#x27;: &#x27;na&#x27;" in page


def test_history_shows_only_that_cases_events(world, as_user):
    record(world.bob, "view", world.other_case)
    page = as_user(world.lena).get(f"/cases/{world.case.pk}/history").content.decode()
    assert "bob@example.org" not in page


def test_there_is_no_way_to_edit_the_log_in_the_application(world, as_user, settings):
    assert "django.contrib.admin" not in settings.INSTALLED_APPS
    response = as_user(world.ada).post(f"/cases/{world.case.pk}/history", {"summary": "x"})
    assert response.status_code == 405


def _audit_indexes() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "audit_auditevent")
    return {name: info["columns"] for name, info in constraints.items()
            if info["index"] and not info["primary_key"]}


def _audit_triggers() -> list[str]:
    sql = (
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditevent'"
        if connection.vendor == "sqlite"
        else "SELECT tgname FROM pg_trigger"
        " WHERE tgrelid = 'audit_auditevent'::regclass AND NOT tgisinternal"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return sorted(row[0] for row in cursor.fetchall())


TRIGGERS = {"sqlite": ["audit_auditevent_no_delete", "audit_auditevent_no_update"],
            "postgresql": ["audit_auditevent_append_only"]}


def test_the_log_is_indexed_by_case_alone(db):
    # Each index costs every save of an answer; the application reads the log by case.
    assert sorted(_audit_indexes().values()) == [["case_id"]]
    assert _audit_triggers() == TRIGGERS[connection.vendor]


# Transactional (the migrations run outside a test's transaction) and writing no audit row:
# the flush after a transactional test cannot delete one.
@pytest.mark.django_db(transaction=True)
def test_the_index_migration_goes_back_and_forth_keeping_the_append_only_triggers():
    from django.db.migrations.executor import MigrationExecutor

    MigrationExecutor(connection).migrate([("audit", "0002_append_only_triggers")])
    assert sorted(_audit_indexes().values()) == [["actor_id"], ["at"], ["case_id"],
                                                  ["inspection_id"]]
    assert _audit_triggers() == TRIGGERS[connection.vendor]
    MigrationExecutor(connection).migrate([("audit", "0003_fewer_indexes")])
    assert sorted(_audit_indexes().values()) == [["case_id"]]
    assert _audit_triggers() == TRIGGERS[connection.vendor]
