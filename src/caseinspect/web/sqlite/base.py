"""SQLite for a multi-process server: writers queue on a file lock instead of polling.

SQLite lets one writer at a time hold its write lock; a writer that finds it taken sleeps in
its busy handler (1, 2, 5, 10 … 100 ms) and tries again, so under many concurrent saves the
lock often sits free while writers sleep, and slow saves pile up. Here every transaction
first takes an exclusive ``flock`` on ``<database>.write-lock`` — which the kernel hands to the
next waiter the moment it is released, across threads and server processes alike — and only
then ``BEGIN IMMEDIATE``. Readers never take it (WAL mode lets them read while one writes).
In-memory databases (the test suite's) have nothing to share and take no lock.
"""

from __future__ import annotations

import fcntl
from typing import Any

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._write_lock: Any = None
        self._write_locked = False

    def _lock_file(self) -> Any:
        if self._write_lock is None and not self.is_in_memory_db():
            self._write_lock = open(f"{self.settings_dict['NAME']}.write-lock", "a")  # noqa: SIM115
        return self._write_lock

    def _release_write_lock(self) -> None:
        if self._write_locked:
            fcntl.flock(self._write_lock, fcntl.LOCK_UN)
            self._write_locked = False

    def _start_transaction_under_autocommit(self) -> None:
        lock = self._lock_file()
        if lock is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._write_locked = True
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # private in the stubs
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
