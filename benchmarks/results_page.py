"""Benchmark: an inspection's results page with and without the memo of analysis results.

Run: ``.venv/bin/python benchmarks/results_page.py [REQUESTS]`` (default 40 of each kind).

Loads the demo (SQLite in a temporary data directory) and, in this one process, asks for the
results page and its JSON of each demo inspection (and the dynamic inspection's regional
diagnosis, which analyses the same records) as the demo lead inspector, REQUESTS times each,
in turn:

1. as the server does: the records read from the database on every request, the analysis
   read from the memo (``tables.RESULTS``) when the records are the ones analysed before;
2. the straightforward way: the memo emptied before every request, so each one builds the
   case table and runs the analysis core again (what every request did before the memo).

Prints milliseconds a request (median and p90) of each, and the ratio straightforward / memo.
The figures are the same either way (checked here on every request's JSON).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _timed(call: Any, requests: int) -> list[float]:
    times = []
    for _ in range(requests):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    return sorted(times)


def main() -> None:
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    with tempfile.TemporaryDirectory() as tmp:
        for name in [k for k in os.environ if k.startswith(("CASEINSPECT_", "DJANGO_"))]:
            del os.environ[name]
        os.environ.pop("DATABASE_URL", None)
        from caseinspect.web import server

        server.prepare_data_dir(Path(tmp))
        server.configure(Path(tmp), plain_http=True)
        server.migrate()
        from django.test import Client

        from caseinspect.web.accounts.models import User
        from caseinspect.web.demo import load_demo
        from caseinspect.web.inspections import tables
        from caseinspect.web.inspections.models import Inspection

        load_demo("benchmark password 2018")
        server.warm_up()
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(User.objects.get(email="lead@example.org"))
        print(f"{requests} requests of each kind, one thread, in-process (Django test client), "
              "as the demo lead inspector:")
        for inspection in Inspection.objects.order_by("pk"):
            suffixes = ["results", "results.json"]
            if inspection.kind == Inspection.Kind.DYNAMIC:
                suffixes.append("dynamic/diagnosis")
            for suffix in suffixes:
                url = f"/inspections/{inspection.pk}/{suffix}"
                expected = client.get(f"/inspections/{inspection.pk}/results.json").json()

                def memo(url: str = url) -> None:
                    response = client.get(url)
                    assert response.status_code == 200, (url, response.status_code)

                def straightforward(url: str = url) -> None:
                    tables.RESULTS.clear()
                    memo(url)

                both = {}
                for kind, call in (("memo", memo), ("straightforward", straightforward)):
                    call()  # warm
                    both[kind] = _timed(call, requests)
                    got = client.get(f"/inspections/{inspection.pk}/results.json").json()
                    assert got == expected, "the memo changed the figures"
                m, s = (statistics.median(both[k]) for k in ("memo", "straightforward"))
                p90 = {k: v[int(0.9 * (len(v) - 1))] for k, v in both.items()}
                print(f"  {inspection.name[:44]:<44} {suffix:<17} memo {m:6.1f} ms "
                      f"(p90 {p90['memo']:6.1f})   straightforward {s:6.1f} ms "
                      f"(p90 {p90['straightforward']:6.1f})   straightforward / memo "
                      f"{s / m:4.1f}x")


if __name__ == "__main__":
    main()
