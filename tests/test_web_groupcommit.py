"""Group commit (``caseinspect.web.sqlite.groupcommit``): the writes queued by a process's
threads share one transaction; each thread still gets its own result, its own refusal or its
own error, and nothing is reported saved that was not committed.

These drive the queue with a stand-in database — a transaction that keeps its writes until it
commits — so that which writes were committed together can be seen exactly. The real thing,
on a SQLite file under the production server, is in ``test_web_serve_saves.py``."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from caseinspect.web.sqlite.groupcommit import GroupCommit


class Refused(Exception):
    pass


class Broken(Exception):
    pass


class FakeDatabase:
    """Writes go to the running transaction and reach ``committed`` (as one batch) when it
    commits; ``fail_commits`` makes that many commits fail (nothing committed)."""

    def __init__(self) -> None:
        self.committed: list[list[str]] = []
        self.local = threading.local()
        self.fail_commits = 0
        self.lock = threading.Lock()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        assert getattr(self.local, "open", None) is None, "nested transaction"
        self.local.open = []
        try:
            yield
            if self.fail_commits:
                self.fail_commits -= 1
                raise Broken("disk I/O error")
            with self.lock:
                self.committed.append(self.local.open)
        finally:
            self.local.open = None

    def write(self, value: str) -> None:
        assert self.local.open is not None, "write outside a transaction"
        self.local.open.append(value)
        self.local.changes = self.changes() + 1

    def changes(self) -> int:
        """Rows changed so far by the running thread (as SQLite counts them per connection)."""
        return int(getattr(self.local, "changes", 0))

    def queue(self) -> GroupCommit:
        return GroupCommit(self.transaction, self.changes)


def _in_threads(queue: GroupCommit, works: dict[str, Callable[[], Any]],
                refusals: tuple[type[BaseException], ...] = (Refused,)) -> dict[str, Any]:
    """Run each work from its own thread at once; what each thread got back (or raised)."""
    outcomes: dict[str, Any] = {}
    start = threading.Barrier(len(works))

    def one(name: str) -> None:
        start.wait()
        try:
            outcomes[name] = queue.run(works[name], refusals)
        except Exception as exc:  # what the thread's request would see
            outcomes[name] = exc

    threads = [threading.Thread(target=one, args=(name,)) for name in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive(), "a thread never got its answer"
    return outcomes


def test_alone_a_write_is_its_own_transaction_and_returns_its_result():
    db = FakeDatabase()
    queue = db.queue()

    def work() -> int:
        db.write("a")
        return 41 + 1

    assert queue.run(work) == 42
    assert db.committed == [["a"]]
    assert (queue.batches, queue.committed) == (1, 1)


def _queued_behind_a_slow_leader(db: FakeDatabase, queue: GroupCommit,
                                 followers: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """The first write holds its transaction open until every follower has queued behind
    it; the followers then share the next transaction."""
    leading, release = threading.Event(), threading.Event()

    def first() -> str:
        leading.set()
        assert release.wait(10)
        db.write("first")
        return "first done"

    outcomes: dict[str, Any] = {}
    leader = threading.Thread(target=lambda: outcomes.update(first=queue.run(first)))
    leader.start()
    assert leading.wait(10)
    threads = {name: threading.Thread(target=lambda n=name: outcomes.update(
        {n: _outcome(queue, followers[n])})) for name in followers}
    for thread in threads.values():
        thread.start()
    while len(queue._queue) < len(followers):  # every follower waits in the queue
        threading.Event().wait(0.01)
    release.set()
    for thread in [leader, *threads.values()]:
        thread.join(timeout=30)
        assert not thread.is_alive()
    return outcomes


def _outcome(queue: GroupCommit, work: Callable[[], Any]) -> Any:
    try:
        return queue.run(work, (Refused,))
    except Exception as exc:
        return exc


def _writer(db: FakeDatabase, value: str) -> Callable[[], str]:
    def work() -> str:
        db.write(value)
        return f"{value} done"

    return work


def test_writes_queued_meanwhile_share_the_next_transaction():
    db = FakeDatabase()
    queue = db.queue()
    names = [f"w{i}" for i in range(6)]
    outcomes = _queued_behind_a_slow_leader(db, queue, {n: _writer(db, n) for n in names})
    assert outcomes == {"first": "first done", **{n: f"{n} done" for n in names}}
    assert db.committed[0] == ["first"]
    assert sorted(db.committed[1]) == names  # one transaction for all six
    assert (queue.batches, queue.committed) == (2, 7)


def test_a_refusal_before_writing_refuses_that_write_alone():
    db = FakeDatabase()
    queue = db.queue()

    def stale() -> str:
        raise Refused("someone else changed it")

    outcomes = _queued_behind_a_slow_leader(
        db, queue, {"a": _writer(db, "a"), "stale": stale, "b": _writer(db, "b")}
    )
    assert isinstance(outcomes["stale"], Refused)
    assert (outcomes["a"], outcomes["b"]) == ("a done", "b done")
    assert sorted(db.committed[1]) == ["a", "b"]
    assert (queue.batches, queue.committed) == (2, 3)


@pytest.mark.parametrize(
    "raised",
    [Refused("refused too late"), Broken("a bug")],
    ids=["a refusal after writing", "any other error"],
)
def test_a_failure_after_writing_undoes_the_batch_and_reaches_only_its_own_thread(raised):
    """Each write of the batch then runs alone: the others commit, the failing one's thread
    gets its exception, and what it wrote before failing never reaches the database."""
    db = FakeDatabase()
    queue = db.queue()

    def half_written() -> str:
        db.write("half")
        raise raised

    outcomes = _queued_behind_a_slow_leader(
        db, queue, {"a": _writer(db, "a"), "failing": half_written, "b": _writer(db, "b")}
    )
    assert outcomes["failing"] is raised
    assert (outcomes["a"], outcomes["b"]) == ("a done", "b done")
    assert sorted(db.committed[1:]) == [["a"], ["b"]]
    assert all("half" not in batch for batch in db.committed)


def test_a_failed_commit_leaves_each_write_to_be_retried_alone():
    db = FakeDatabase()
    queue = db.queue()
    db.fail_commits = 1
    assert queue.run(_writer(db, "x")) == "x done"  # retried alone after the failed commit
    assert db.committed == [["x"]]
    db.fail_commits = 2
    with pytest.raises(Broken):
        queue.run(_writer(db, "y"))  # failed again alone: the caller sees the error
    assert db.committed == [["x"]]


def test_many_threads_each_get_their_own_result_and_every_write_is_committed_once():
    db = FakeDatabase()
    queue = db.queue()
    names = [f"t{i}" for i in range(40)]
    outcomes = _in_threads(queue, {n: _writer(db, n) for n in names})
    assert outcomes == {n: f"{n} done" for n in names}
    assert sorted(v for batch in db.committed for v in batch) == sorted(names)
    assert queue.committed == 40 and queue.batches == len(db.committed) <= 40


def test_writes_queued_while_the_leader_waits_to_open_its_transaction_join_its_batch():
    # On SQLite opening the transaction waits for the other server processes' writers; the
    # saves that queue meanwhile go into the batch the leader is about to run.
    db = FakeDatabase()
    opening, opened = threading.Event(), threading.Event()
    plain = db.transaction

    @contextmanager
    def slow_to_open() -> Iterator[None]:
        if not opening.is_set():  # the first transaction waits, as for the write lock
            opening.set()
            assert opened.wait(10)
        with plain():
            yield

    queue = GroupCommit(slow_to_open, db.changes)
    outcomes: dict[str, Any] = {}
    leader = threading.Thread(target=lambda: outcomes.update(a=queue.run(_writer(db, "a"))))
    leader.start()
    assert opening.wait(10)
    followers = {name: threading.Thread(target=lambda n=name: outcomes.update(
        {n: queue.run(_writer(db, n))})) for name in ("b", "c")}
    for thread in followers.values():
        thread.start()
    while len(queue._queue) < 2:
        threading.Event().wait(0.01)
    opened.set()
    for thread in [leader, *followers.values()]:
        thread.join(timeout=30)
        assert not thread.is_alive()
    assert outcomes == {"a": "a done", "b": "b done", "c": "c done"}
    assert db.committed == [["a", "b", "c"]]  # one transaction, not a, then b and c
    assert (queue.batches, queue.committed) == (1, 3)
