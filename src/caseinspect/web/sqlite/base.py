"""SQLite for a multi-process server: writers queue on a file lock instead of polling.

SQLite lets one writer at a time hold its write lock; a writer that finds it taken sleeps in
its busy handler (1, 2, 5, 10 … 100 ms) and tries again, so under many concurrent saves the
lock often sits free while writers sleep, and slow saves pile up. Here every transaction
first takes an exclusive ``flock`` on ``<database>.write-lock`` — which the kernel hands to the
next waiter the moment it is released, across threads and server processes alike — and only
then ``BEGIN IMMEDIATE``. Readers never take it (WAL mode lets them read while one writes).
In-memory databases (the test suite's) have nothing to share and take no lock.

Within a process, writers first queue on a thread lock (one per database), so only one of a
process's threads at a time waits on the file lock: the others sleep on the thread lock, which
wakes one waiter at a time, instead of all of them waking whenever the file lock is released.

Two costs of Django's SQLite cursor are cut for every statement: the ``%s`` → ``?``
conversion (a regular expression run on each execution) is remembered for each statement
text, and ``BEGIN`` runs on the driver's connection rather than through a new cursor (unless
queries are being logged, so that ``CaptureQueriesContext`` still sees it).
"""

from __future__ import annotations

import fcntl
import functools
import threading
from typing import Any

from django.db.backends.sqlite3 import base

from caseinspect.web.statements import qmark

#: Statement texts are few (the ORM builds the same SQL for the same query), so the
#: conversion is remembered; distinct texts beyond this many are converted afresh.
_qmark = functools.lru_cache(maxsize=4096)(qmark)


class SQLiteCursor(base.SQLiteCursorWrapper):
    """Django's SQLite cursor, remembering each statement's ``?`` form."""

    def convert_query(self, query: str, *, param_names: list[str] | None = None) -> str:
        if param_names is None:
            return _qmark(query)
        return super().convert_query(query, param_names=param_names)

#: One in-process lock per database file, taken before the file lock: a process's threads
#: queue here (woken one at a time) and only one of them waits on the file lock.
_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


def _thread_lock(name: str) -> threading.Lock:
    with _THREAD_LOCKS_GUARD:
        return _THREAD_LOCKS.setdefault(name, threading.Lock())


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._write_lock: Any = None
        self._write_locked = False
        self._thread_lock: threading.Lock | None = None

    def _lock_file(self) -> Any:
        if self._write_lock is None and not self.is_in_memory_db():
            name = f"{self.settings_dict['NAME']}.write-lock"
            self._write_lock = open(name, "a")  # noqa: SIM115
            self._thread_lock = _thread_lock(name)
        return self._write_lock

    def _release_write_lock(self) -> None:
        if self._write_locked:
            fcntl.flock(self._write_lock, fcntl.LOCK_UN)
            self._write_locked = False
            assert self._thread_lock is not None
            self._thread_lock.release()

    def create_cursor(self, name: str | None = None) -> Any:
        return self.connection.cursor(factory=SQLiteCursor)

    def _begin(self) -> None:
        if self.queries_logged:  # through a cursor, so that the statement is logged
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # private in the stubs
            return
        mode = self.transaction_mode  # type: ignore[attr-defined]  # not in the stubs
        with self.wrap_database_errors:
            self.connection.execute(f"BEGIN {mode}" if mode else "BEGIN")

    def _start_transaction_under_autocommit(self) -> None:
        lock = self._lock_file()
        if lock is not None:
            assert self._thread_lock is not None
            self._thread_lock.acquire()
            try:
                fcntl.flock(lock, fcntl.LOCK_EX)
            except BaseException:
                self._thread_lock.release()
                raise
            self._write_locked = True
        try:
            self._begin()
        except BaseException:
            self._release_write_lock()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]  # private in the stubs
        finally:
            self._release_write_lock()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]  # private in the stubs
        finally:
            self._release_write_lock()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]  # private in the stubs
        finally:
            self._release_write_lock()
            if self._write_lock is not None:
                self._write_lock.close()
                self._write_lock = None
