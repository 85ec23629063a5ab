"""Hot-path statements (``caseinspect.web.statements``) and the SQLite backend's cheaper cursor:
the same rows, errors and transactions as through Django's cursor, on SQLite and PostgreSQL;
on SQLite the driver's connection is used directly unless something watches the queries."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.backends.sqlite3.base import SQLiteCursorWrapper
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from caseinspect.web.accounts.models import User
from caseinspect.web.statements import Statement, qmark
from factories_web import make_user

pytestmark = pytest.mark.django_db

_TABLE = User._meta.db_table
EMAIL_OF = Statement(f'SELECT "email" FROM "{_TABLE}" WHERE "id" = %s')
EMAILS = Statement(f'SELECT "email" FROM "{_TABLE}" WHERE "id" IN (%s, %s) ORDER BY "email"')
RENAME = Statement(f'UPDATE "{_TABLE}" SET "name" = %s WHERE "email" LIKE %s')
SET_EMAIL = Statement(f'UPDATE "{_TABLE}" SET "email" = %s WHERE "id" = %s')


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT 1", "SELECT 1"),
        ("WHERE a = %s AND b IN (%s, %s)", "WHERE a = ? AND b IN (?, ?)"),
        ("WHERE a LIKE '50%%' AND b = %s", "WHERE a LIKE '50%' AND b = ?"),
        ("WHERE a = '%%s' AND b = %s", "WHERE a = '%s' AND b = ?"),
    ],
)
def test_qmark_converts_as_django_s_sqlite_cursor_does(sql, expected):
    assert qmark(sql) == expected
    assert SQLiteCursorWrapper.convert_query(None, sql) == expected  # type: ignore[arg-type]


def test_rows_row_and_run_give_what_the_cursor_gives():
    ann = make_user(email="ann@example.org", name="Ann")
    bob = make_user(email="bob@example.org", name="Bob")
    assert EMAIL_OF.row([ann.pk]) == ("ann@example.org",)
    assert EMAIL_OF.row([0]) is None
    assert EMAILS.rows([bob.pk, ann.pk]) == [("ann@example.org",), ("bob@example.org",)]
    assert RENAME.run(["Someone", "%@example.org"]) == 2
    assert RENAME.run(["Nobody", "%@nowhere.example"]) == 0
    assert set(User.objects.values_list("name", flat=True)) == {"Someone"}


def test_on_sqlite_statements_skip_django_s_cursor_unless_queries_are_watched(monkeypatch):
    ann = make_user(email="ann@example.org")
    made: list[tuple[object, ...]] = []
    cursor = connection.cursor
    monkeypatch.setattr(connection, "cursor", lambda *a: made.append(a) or cursor(*a))
    assert EMAIL_OF.row([ann.pk]) == ("ann@example.org",)
    # PostgreSQL's statements always go through Django's cursor.
    assert made == ([] if connection.vendor == "sqlite" else [()])
    made.clear()
    with CaptureQueriesContext(connection) as queries:
        assert EMAIL_OF.row([ann.pk]) == ("ann@example.org",)
    assert made == [()]
    [query] = [q["sql"] for q in queries.captured_queries]
    assert query.startswith('SELECT "email" FROM') and query.endswith(f"= {ann.pk}")


def test_errors_are_django_s_and_a_broken_transaction_refuses_further_statements():
    ann = make_user(email="ann@example.org")
    bob = make_user(email="bob@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():  # django.db's, as a cursor's
        SET_EMAIL.run(["ann@example.org", bob.pk])
    with transaction.atomic():
        with pytest.raises(IntegrityError), transaction.atomic(savepoint=False):
            SET_EMAIL.run(["ann@example.org", bob.pk])
        with pytest.raises(TransactionManagementError):
            EMAIL_OF.row([ann.pk])
    assert EMAIL_OF.row([bob.pk]) == ("bob@example.org",)


def test_statements_run_in_the_transaction_django_has_open():
    ann = make_user(email="ann@example.org", name="Ann")

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        assert RENAME.run(["Changed", "ann@%"]) == 1
        assert User.objects.get(pk=ann.pk).name == "Changed"  # the ORM sees it: same transaction
        raise Undo
    assert User.objects.get(pk=ann.pk).name == "Ann"  # rolled back with it


def test_the_sqlite_cursor_remembers_conversions_and_begin_is_still_logged():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's cursor")
    from caseinspect.web.sqlite.base import _qmark

    make_user(email="ann@example.org")
    _qmark.cache_clear()
    for _ in range(3):
        assert User.objects.filter(email="ann@example.org").count() == 1
    info = _qmark.cache_info()
    assert (info.misses, info.hits) == (1, 2)


@pytest.mark.django_db(transaction=True)
def test_sqlite_begins_on_the_driver_s_connection_unless_queries_are_watched(monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's BEGIN")
    ann = make_user(email="ann@example.org")
    made: list[tuple[object, ...]] = []
    cursor = connection.cursor
    monkeypatch.setattr(connection, "cursor", lambda *a: made.append(a) or cursor(*a))
    with transaction.atomic():
        assert connection.in_atomic_block
        assert RENAME.run(["Ann", "ann@%"]) == 1
    assert made == []
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        User.objects.filter(pk=ann.pk).update(name="Ann")
    sql = [q["sql"] for q in queries.captured_queries]
    assert sql[0].startswith("BEGIN") and sql[1].startswith("UPDATE") and sql[-1] == "COMMIT"
