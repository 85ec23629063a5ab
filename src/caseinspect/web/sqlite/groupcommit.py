"""Group commit: the writes a server process's threads have queued share one transaction.

SQLite has one writer at a time. With many concurrent saves, each save used to take the write
lock for its own ``BEGIN IMMEDIATE`` … ``COMMIT``, and between its statements its thread waited
for the GIL and the CPU while every other writer waited for the lock. Here a thread that wants
to write puts its work in the process's queue; if no thread of the process is writing, it
becomes the *leader*: it opens a transaction on its own connection (on SQLite this waits for
the other server processes' writers), takes everything queued by then (its own work and the
others'), runs it all in that transaction, commits once, and hands each thread its result.
Threads that arrived meanwhile wait, and the next of them leads the next batch. With nobody
else writing, a batch is one piece of work and nothing waits.

The rules each piece of work keeps (``run`` checks the second):

* it runs in whichever thread leads, so it reaches the database through Django's
  ``connection`` of the running thread (what the code does anyway), and it must not rely on
  thread-local state of its own;
* it may raise an expected refusal (``refusals``, e.g. a stale version) only before it has
  written anything — the leader checks the connection's change counter, and the batch goes on
  without it;
* anything else it raises — or a failed ``COMMIT`` — rolls the whole batch back, and every
  thread of the batch then runs its own work alone, in a transaction of its own, so an error
  reaches only the request that caused it and the others still commit.

Every thread returns only after its work is committed (or refused), so a response never
reports a save that is not on disk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class _Item(Generic[T]):
    __slots__ = ("alone", "done", "error", "refusals", "result", "wake", "work")

    def __init__(self, work: Callable[[], T], refusals: tuple[type[BaseException], ...]) -> None:
        self.work = work
        self.refusals = refusals
        self.done = False
        self.alone = False  # the batch failed: run it again in a transaction of its own
        self.result: T | None = None
        self.error: BaseException | None = None
        # Held while the thread waits; released once, when its work is done or it is to lead
        # the next batch — so each waiting thread is woken exactly when it has to act.
        self.wake = threading.Lock()
        self.wake.acquire()


class GroupCommit:
    """One queue of writes (one per database file in a process).

    ``transaction`` opens a transaction on the running thread's connection (Django's
    ``transaction.atomic``); ``changes`` reads that connection's count of rows changed so far
    (SQLite's ``total_changes``).
    """

    def __init__(
        self,
        transaction: Callable[[], AbstractContextManager[Any]],
        changes: Callable[[], int],
    ) -> None:
        self._transaction = transaction
        self._changes = changes
        self._guard = threading.Lock()
        self._queue: list[_Item[Any]] = []
        self._leading = False
        #: How many batches and pieces of work have been committed (for tests and benchmarks).
        self.batches = 0
        self.committed = 0

    def run(self, work: Callable[[], T], refusals: tuple[type[BaseException], ...] = ()) -> T:
        """Run ``work`` in a transaction (shared with other queued work) and return its
        result once committed; raise what it raised, if it was refused or failed.
        ``refusals`` are the exceptions it may raise before writing anything, which refuse
        this work alone."""
        item: _Item[T] = _Item(work, refusals)
        with self._guard:
            wait = self._leading
            if wait:
                self._queue.append(item)
            else:
                self._leading = True
        if wait:
            item.wake.acquire()  # until done, or handed the lead
        if not item.done:
            self._lead(item)
        if item.alone:
            with self._transaction():
                return work()
        if item.error is not None:
            raise item.error
        return item.result  # type: ignore[return-value]  # set when done without error

    def _lead(self, item: _Item[Any]) -> None:
        """Commit ``item`` and everything queued, then hand the lead to the first thread
        that queued meanwhile (or give it up) and wake the batch's threads."""
        batch = [item]  # and, once its transaction is open, everything queued by then
        try:
            self._commit(batch)
        finally:
            for queued in batch:
                if not queued.done:  # the leader itself was interrupted
                    queued.alone = queued.done = True
            with self._guard:
                following = self._queue.pop(0) if self._queue else None
                self._leading = following is not None
            if following is not None:
                following.wake.release()
            for queued in batch[1:]:
                queued.wake.release()

    def _commit(self, batch: list[_Item[Any]]) -> None:
        """Run ``batch`` in one transaction, first adding to it everything queued by the time
        the transaction is open: opening it may wait (on SQLite, for the other server
        processes' writers), and the saves queued meanwhile join this batch instead of
        waiting for the next."""
        try:
            with self._transaction():
                with self._guard:
                    batch.extend(self._queue)
                    self._queue = []
                for item in batch:
                    before = self._changes()
                    try:
                        item.result = item.work()
                    except item.refusals as refused:
                        if self._changes() != before:
                            raise  # it wrote before refusing: the batch cannot keep it out
                        item.error = refused
        except Exception:
            for item in batch:
                item.alone = True
                item.error = None
        else:
            self.batches += 1
            self.committed += sum(item.error is None for item in batch)
        for item in batch:
            item.done = True
