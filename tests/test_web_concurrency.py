"""Two people save the same assessment at the same moment: one save wins, the other is
refused, nothing is lost. Real threads with their own database connections, so PostgreSQL
only (the SQLite test database lives in memory, and the audit log's triggers refuse the
DELETE with which Django empties it between such tests); the same refusal without threads
runs on both."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from caseinspect.web.audit.models import AuditEvent
from caseinspect.web.inspections import services
from caseinspect.web.inspections.models import Answer, Assessment
from factories_web import make_world


@pytest.mark.django_db(transaction=True)
def test_of_two_simultaneous_saves_exactly_one_is_written():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set CASEINSPECT_TEST_DATABASE_URL)")
    world = make_world()
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(value: str) -> None:
        from django.db import connection as own

        try:
            assessment = Assessment.objects.select_related("case__inspection").get(
                pk=world.assessment.pk
            )
            user = type(world.ian).objects.get(pk=world.ian.pk)
            start.wait()
            rationale = "contested" if value == "no" else ""
            services.save_answers(
                assessment, {"2.1.1": services.AnswerInput(value, rationale)}, user, 1
            )
            outcomes[value] = "saved"
        except services.StaleVersion:
            outcomes[value] = "refused"
        finally:
            own.close()

    threads = [threading.Thread(target=save, args=(v,)) for v in ("yes", "no")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(v for v, outcome in outcomes.items() if outcome == "saved")
    assert Answer.objects.get(assessment=world.assessment, code="2.1.1").value == winner
    assert Assessment.objects.get(pk=world.assessment.pk).version == 2
    changes = AuditEvent.objects.filter(object_type="inspections.assessment", action="update")
    assert changes.count() == 1


@pytest.mark.django_db
def test_a_save_whose_version_moved_on_after_it_was_checked_writes_nothing(world):
    """The version check that counts is the conditional UPDATE inside the transaction: here
    someone saves between the caller loading the assessment (version 1) and its own save,
    which is then refused whole — no answer, no audit row — on SQLite and PostgreSQL alike."""
    loaded = Assessment.objects.select_related("case__inspection").get(pk=world.assessment.pk)
    services.save_answers(world.assessment, {"2.1.1": services.AnswerInput("yes")}, world.ian, 1)
    audit_rows = AuditEvent.objects.count()
    assert loaded.version == 1  # stale in memory: passes the first, in-memory check
    with pytest.raises(services.StaleVersion) as refused:
        services.save_answers(loaded, {"2.1.1": services.AnswerInput("na")}, world.ian, 1)
    assert refused.value.current.version == 2
    assert Answer.objects.get(assessment=world.assessment, code="2.1.1").value == "yes"
    assert Assessment.objects.get(pk=world.assessment.pk).version == 2
    assert AuditEvent.objects.count() == audit_rows
    assert loaded.version == 1
