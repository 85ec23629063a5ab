"""Parameterised statements on the hot path (saving an answer), run with as little machinery
between them and the database as is safe.

A :class:`Statement` is written once, with ``%s`` placeholders, the same on SQLite and
PostgreSQL. Through Django's cursor every execution of it costs a cursor wrapper, a regular
expression turning ``%s`` into SQLite's ``?``, and a debug check — together three to four
times what SQLite itself spends on a one-row statement. So on SQLite a statement runs on the
driver's connection directly, with its ``?`` form made once, inside Django's error wrapper
(``django.db`` exceptions, as through a cursor) and on the same connection, so in whatever
transaction Django has open. Django's cursor is used instead whenever anything watches the
queries (``DEBUG``, ``CaptureQueriesContext``, execute wrappers) and on every other database.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

#: As Django's SQLite cursor converts ``format`` style: ``%s`` → ``?``, ``%%`` → ``%``.
_FORMAT = re.compile(r"(?<!%)%s")


def qmark(sql: str) -> str:
    """``sql`` with ``%s`` placeholders in SQLite's ``?`` style."""
    return _FORMAT.sub("?", sql).replace("%%", "%")


class Statement:
    """One parameterised statement (``%s`` placeholders) of the hot path."""

    __slots__ = ("qmark", "sql")

    def __init__(self, sql: str) -> None:
        self.sql = sql
        self.qmark = qmark(sql)

    def __repr__(self) -> str:
        return f"Statement({self.sql!r})"

    def rows(self, params: Sequence[Any], using: str = DEFAULT_DB_ALIAS) -> list[tuple[Any, ...]]:
        """Every row the statement gives."""
        db = connections[using]
        raw = _driver_connection(db)
        if raw is None:
            with db.cursor() as cursor:
                cursor.execute(self.sql, params)
                return list(cursor.fetchall())
        with db.wrap_database_errors:
            return raw.execute(self.qmark, params).fetchall()  # type: ignore[no-any-return]

    def row(self, params: Sequence[Any], using: str = DEFAULT_DB_ALIAS) -> tuple[Any, ...] | None:
        """The statement's first row, or None (for ``INSERT … RETURNING``, say)."""
        db = connections[using]
        raw = _driver_connection(db)
        if raw is None:
            with db.cursor() as cursor:
                cursor.execute(self.sql, params)
                found: tuple[Any, ...] | None = cursor.fetchone()
                return found
        with db.wrap_database_errors:
            return raw.execute(self.qmark, params).fetchone()  # type: ignore[no-any-return]

    def run(self, params: Sequence[Any], using: str = DEFAULT_DB_ALIAS) -> int:
        """Run a statement that gives no rows; the number of rows it changed."""
        db = connections[using]
        raw = _driver_connection(db)
        if raw is None:
            with db.cursor() as cursor:
                cursor.execute(self.sql, params)
                return int(cursor.rowcount)
        with db.wrap_database_errors:
            return int(raw.execute(self.qmark, params).rowcount)


def _driver_connection(db: BaseDatabaseWrapper) -> Any:
    """The SQLite driver's connection of ``db`` when a statement may run on it directly; None
    when it must go through Django's cursor. The checks are those a cursor makes: the
    connection is open and this thread's, and its transaction is not broken."""
    if db.vendor != "sqlite" or db.queries_logged or db.execute_wrappers:
        return None
    db.close_if_health_check_failed()
    db.ensure_connection()
    db.validate_thread_sharing()
    db.validate_no_broken_transaction()
    return db.connection
