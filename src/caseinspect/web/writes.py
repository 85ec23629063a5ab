"""Running a write in a transaction of its own — grouped with other threads' writes when the
database is a SQLite file (see :mod:`caseinspect.web.sqlite.groupcommit`).

PostgreSQL lets writers of different rows run side by side, and the test suite's in-memory
SQLite database has one connection, so there (and whenever the caller has a transaction open
already) the work runs in a plain ``transaction.atomic()`` block.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

from caseinspect.web.sqlite import base as sqlite_base
from caseinspect.web.sqlite.groupcommit import GroupCommit

T = TypeVar("T")

_QUEUES: dict[str, GroupCommit] = {}
_QUEUES_GUARD = threading.Lock()


def _changes() -> int:
    """Rows changed so far on the running thread's connection (SQLite's counter)."""
    return int(connection.connection.total_changes)


def in_transaction(work: Callable[[], T], refusals: tuple[type[BaseException], ...] = ()) -> T:
    """Run ``work`` in a transaction and return its result once committed.

    ``refusals`` are the exceptions ``work`` may raise before it has written anything (a
    stale version, say): they refuse it alone when it shares a transaction with others.
    """
    name = _grouped_database()
    if name is None or connection.in_atomic_block:
        with transaction.atomic():
            return work()
    queue = _QUEUES.get(name)
    if queue is None:
        with _QUEUES_GUARD:
            queue = _QUEUES.setdefault(name, GroupCommit(transaction.atomic, _changes))
    return queue.run(work, refusals)


def _grouped_database() -> str | None:
    """The running thread's database file when its writes are grouped: a SQLite file through
    our backend (which queues the file's writers); None otherwise."""
    wrapper = connections[DEFAULT_DB_ALIAS]
    if not isinstance(wrapper, sqlite_base.DatabaseWrapper) or wrapper.is_in_memory_db():
        return None
    return str(wrapper.settings_dict["NAME"])
