"""Running the application: prepare the data directory, configure Django, apply migrations,
and serve with gunicorn (a production WSGI server) on 127.0.0.1."""

from __future__ import annotations

import gc
import os
import secrets
import sys
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

SETTINGS_MODULE = "caseinspect.web.settings"


def prepare_data_dir(data_dir: Path) -> bool:
    """Create the data directory and its secret key file (readable by the owner only) if
    missing; True when the key was generated now."""
    data_dir.mkdir(parents=True, exist_ok=True)
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return False
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(secrets.token_urlsafe(64) + "\n")
    return True


def configure(data_dir: Path | None, *, plain_http: bool = False) -> bool:
    """Point Django at ``data_dir`` and set it up; False (and nothing changes) when Django
    was already set up, as in the test suite. ``plain_http`` (our own server on 127.0.0.1)
    sends cookies without the Secure flag unless CASEINSPECT_SECURE_COOKIES says otherwise."""
    import django
    from django.apps import apps

    if apps.ready:
        return False
    if data_dir is not None:
        os.environ["CASEINSPECT_DATA_DIR"] = str(data_dir.resolve())
    if plain_http:
        os.environ.setdefault("CASEINSPECT_SECURE_COOKIES", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    django.setup()
    return True


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        # Each worker runs several threads under the GIL. A thread holding SQLite's write lock
        # gives up the GIL at every SQLite call and must wait for it back — by default up to
        # 5 ms while another thread computes — so under many concurrent saves the write lock
        # sat held by a thread waiting for the GIL. A shorter interval hands the GIL back
        # sooner (benchmarks/web_save.py: write-lock hold 3.1 -> 2.5 ms a save, +15% saves a
        # second). Set here, in the server's workers only.
        sys.setswitchinterval(0.0005)
        from caseinspect.web.wsgi import application

        warm_up()
        return application


def warm_up() -> None:
    """Import every view before the first request, then move everything start-up built out
    of the garbage collector's sight.

    Django imports the URL configuration, and with it the views and the analysis core
    (pandas, SciPy, statsmodels), on the first request: about 170,000 objects that live as
    long as the process. The collector's oldest generation holds them all, so each of its
    collections walked every one of them — about 100 ms during which the worker's threads all
    stood still, about once every ten requests for the results page. ``gc.freeze`` leaves them
    out of every collection (they are never garbage: modules, classes, functions); reference
    counting still frees anything dropped. In-process the results page went from 124 to 86 ms;
    in benchmarks/web_save.py (paired runs with and without) the save p99 went from 15-17 ms
    to 10 ms paced and from 94-135 ms to 83-86 ms flat out; the throughput ratio did not
    move (0.46-0.51 either way).
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  # imports the URL configuration and every view
    gc.collect()
    gc.freeze()


def usable_cpus() -> list[int] | None:
    """The CPUs this process may run on, or None where the platform cannot pin (not Linux)."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    return sorted(os.sched_getaffinity(0))


def pins_by_default(workers: int, cpus: list[int] | None) -> bool:
    """Whether workers are pinned when nobody says: when every core gets a worker of its own
    (or more), on a machine of more than one core. With fewer workers than cores a worker kept
    to one core would leave the others idle."""
    return cpus is not None and len(cpus) > 1 and workers >= len(cpus)


def least_used(cpus: list[int], in_use: list[int]) -> int:
    """The CPU for a new worker: the one the fewest live workers are pinned to (the lowest of
    those), so that a worker restarted after a crash takes the place its predecessor left."""
    return min(cpus, key=lambda cpu: (in_use.count(cpu), cpu))


# The core a worker is pinned to, set on gunicorn's worker object in the master before the
# fork and read in the new worker after it.
_CPU = "caseinspect_cpu"


class _Pinning:
    """gunicorn's ``pre_fork`` and ``post_fork`` hooks that keep each worker process on a core
    of its own (see :func:`serve`)."""

    def __init__(self, cpus: list[int]) -> None:
        self.cpus = cpus

    def pre_fork(self, arbiter: Any, worker: Any) -> None:
        in_use = [getattr(w, _CPU) for w in arbiter.WORKERS.values() if hasattr(w, _CPU)]
        setattr(worker, _CPU, least_used(self.cpus, in_use))

    def post_fork(self, arbiter: Any, worker: Any) -> None:
        os.sched_setaffinity(0, {getattr(worker, _CPU)})


def serve(port: int, workers: int, threads: int, pin_workers: bool | None = None) -> None:
    """Serve until interrupted. Database connections opened while preparing are closed first,
    so that no worker inherits one.

    ``pin_workers`` keeps each worker process on one core (by default when there are at least
    as many workers as cores; see :func:`pins_by_default`). A worker's threads share one GIL:
    unpinned, the kernel spreads them over both cores, and every hand-over of the GIL — after
    each SQLite call, and each time a save's thread is woken from the group commit — woke a
    thread on the other core only for it to find the GIL taken again. Kept on one core, the
    threads hand the GIL over where it is. benchmarks/web_save.py, three paired runs (2 December
    2026): saves a second +12 to +26 %, the write's own server CPU 0.33-0.37 -> 0.22-0.24 ms,
    healthz unchanged or faster; save throughput / trivial view 0.49-0.52 -> 0.57-0.59.
    """
    from django.db import connections

    cpus = usable_cpus()
    pin = pins_by_default(workers, cpus) if pin_workers is None else pin_workers
    hooks: dict[str, Any] = {}
    if pin:
        if cpus is None:
            raise RuntimeError("pinning workers to cores needs Linux (os.sched_setaffinity)")
        pinning = _Pinning(cpus)
        hooks = {"pre_fork": pinning.pre_fork, "post_fork": pinning.post_fork}
    connections.close_all()
    _Gunicorn(
        {
            "bind": f"127.0.0.1:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": "-",
            "errorlog": "-",
            "timeout": 60,
            "graceful_timeout": 5,
            "control_socket_disable": True,
            **hooks,
        }
    ).run()
