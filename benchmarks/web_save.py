"""Benchmark: saving one answer through the production server (issue 4 target: p99 under
100 ms with 32 concurrent clients on SQLite; save throughput at least 0.5 of a trivial view's).

Run: ``.venv/bin/python benchmarks/web_save.py [SECONDS [ROUNDS [WORKERS [THREADS [PIN]]]]]``
(defaults: 16 s of each kind of request in 8 rounds; the server's own defaults, 2 workers of
8 threads, each worker pinned to a core of its own when there are as many workers as cores;
PIN ``pin`` or ``no-pin`` passes ``--pin-workers`` or ``--no-pin-workers``).

Starts ``caseinspect serve --demo`` (gunicorn, SQLite in WAL mode) in a temporary data
directory, signs in 32 clients — 4 processes of 8 threads, each with its own keep-alive
connection and its own assessment — and runs, flat out, in turn, ROUNDS times over:

1. trivial view: ``GET /healthz`` (one ``SELECT 1``), sent, as a signed-in browser sends every
   request, with the session cookie — so the middleware reads the session and the user, as it
   does for every page (``LoginRequiredMiddleware`` asks whether the user is signed in before
   it looks at the view);
2. the same without the session cookie (the least a request can cost the server);
3. signed-in trivial view: ``GET /api/me`` (the session and user every page loads);
4. unchanged save: the same request giving the answer already stored — the whole save path
   (CSRF, JSON body, the assessment read, access, the rules) but nothing to write, so the
   difference from a save is the write's own cost;
5. save: ``POST /api/assessments/<id>/answers`` changing one prompt's answer (yes ↔ no) with
   the version from its last save — a real write: the version check, the answer and its
   audit row, through the same service as the HTML form;

then saves at a set pace for SECONDS: each client saves every 250 ms (128 saves a second in
all), latency counted from when each save was due.

The flat-out kinds take turns in short rounds because this shared machine's speed drifts by
a third from one minute to the next: measured one after another, the drift would decide the
ratio. Prints requests per second and p50 / p99 latency of each kind, the server's CPU time a
request, each round's requests a second, and the save throughput as a ratio of each trivial
view's (over all rounds, and round by round). Flat-out latency is mostly queueing (32
clients, 2 cores), so the p99 target is read from the paced saves.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

CLIENTS_PER_PROCESS = 8
PROCESSES = 4
PASSWORD = "benchmark password 2018"
TARGET_P99_MS = 100.0
TARGET_RATIO = 0.5
CLIENT_NICENESS = 10
PACED_INTERVAL = 0.25  # seconds between one client's saves in the latency phase


class Client:
    """One signed-in browser-like client on its own keep-alive connection: a minimal
    HTTP/1.1 client, so that the load generator spends as little of the shared CPU as it can."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sock: socket.socket | None = None
        self.cookies: dict[str, str] = {}

    def _connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def request(self, method: str, path: str, body: bytes = b"",
                headers: dict[str, str] | None = None, cookies: bool = True) -> tuple[int, bytes]:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}",
                 f"Content-Length: {len(body)}"]
        if self.cookies and cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        for attempt in (1, 2):
            if self.sock is None:
                self.sock = self._connect()
            try:
                self.sock.sendall(raw)
                return self._response()
            except (ConnectionError, EOFError):
                self.sock.close()
                self.sock = None  # the server closed an idle keep-alive connection: reconnect
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _response(self) -> tuple[int, bytes]:
        assert self.sock is not None
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        length = 0
        for line in header_lines:
            name, _, value = line.partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "set-cookie":
                key, _, val = value.strip().split(";", 1)[0].partition("=")
                self.cookies[key] = val
        while len(rest) < length:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            rest += chunk
        return int(status_line.split()[1]), rest[:length]

    def sign_in(self, email: str) -> None:
        self.request("GET", "/sign-in")
        form = urllib.parse.urlencode({"email": email, "password": PASSWORD,
                                       "csrfmiddlewaretoken": self.cookies["csrftoken"]})
        status, _ = self.request("POST", "/sign-in", form.encode(),
                                 {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, f"sign-in failed: {status}"


def _closed_loop(call: Callable[[], None], seconds: float) -> list[float]:
    """As many calls as the server allows, one after another: latencies."""
    latencies = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        began = time.perf_counter()
        call()
        latencies.append(time.perf_counter() - began)
    return latencies


def _paced(call: Callable[[], None], seconds: float, interval: float) -> list[float]:
    """One call every ``interval`` seconds; each latency counts from when the call was due,
    so a slow response also delays (and is charged to) the calls queued behind it."""
    latencies = []
    began = time.perf_counter()
    due = began + interval * random.random()
    while due < began + seconds:
        time.sleep(max(0.0, due - time.perf_counter()))
        call()
        latencies.append(time.perf_counter() - due)
        due += interval
    return latencies


Phase = tuple[str, float, float]  # kind (see KINDS), interval (0: flat out), seconds
GAP = 0.5  # seconds between phases, for the last requests of one to finish


def _starts(phases: list[Phase], start: float) -> list[float]:
    """When each phase begins: one after another, GAP apart."""
    starts, at = [], start
    for _, _, seconds in phases:
        starts.append(at)
        at += seconds + GAP
    return starts


def _worker(port: int, assessments: list[int], phases: list[Phase], start: float,
            queue: Any) -> None:
    """Clients for ``assessments`` (one thread each), running ``phases`` in step."""
    # The load generator shares the 2 cores with the server; at a lower priority it takes
    # the CPU only when the server leaves it, as remote clients would.
    os.nice(CLIENT_NICENESS)
    results: dict[int, list[float]] = {i: [] for i in range(len(phases))}
    starts = _starts(phases, start)
    lock = threading.Lock()
    errors: list[str] = []

    def run(assessment: int) -> None:
        client = Client(port)
        client.sign_in("inspector@example.org")
        url = f"/api/assessments/{assessment}/answers"
        headers = {"Content-Type": "application/json", "X-CSRFToken": client.cookies["csrftoken"]}
        _, body = client.request("POST", url, b'{"version": -1, "answers": {}}', headers)
        version = json.loads(body)["version"]
        # Store a known answer, so that an unchanged save has nothing to write.
        body = json.dumps({"version": version, "reason": "benchmark",
                           "answers": {"2.1.1.a": {"value": "no"}}}).encode()
        _, body = client.request("POST", url, body, headers)
        state = {"version": json.loads(body)["version"], "value": "no"}

        def healthz() -> None:
            status, _ = client.request("GET", "/healthz")
            if status != 200:
                errors.append(f"healthz {status}")

        def bare() -> None:
            status, _ = client.request("GET", "/healthz", cookies=False)
            if status != 200:
                errors.append(f"healthz without a session {status}")

        def me() -> None:
            status, _ = client.request("GET", "/api/me")
            if status != 200:
                errors.append(f"me {status}")

        def post(change: bool) -> None:
            if change:
                state["value"] = "yes" if state["value"] == "no" else "no"
            body = json.dumps({"version": state["version"], "reason": "benchmark",
                               "answers": {"2.1.1.a": {"value": state["value"]}}}).encode()
            status, data = client.request("POST", url, body, headers)
            if status != 200:
                errors.append(f"save {status}: {data[:200]!r}")
                return
            reply = json.loads(data)
            state["version"] = reply["version"]
            if bool(reply["changed"]) != change:
                errors.append(f"save changed {reply['changed']} (expected a change: {change})")

        for i, ((kind, interval, seconds), at) in enumerate(zip(phases, starts, strict=True)):
            time.sleep(max(0.0, at - time.time()))
            call = {"healthz": healthz, "bare": bare, "me": me,
                    "unchanged": lambda: post(change=False),
                    "save": lambda: post(change=True)}[kind]
            mine = _paced(call, seconds, interval) if interval else _closed_loop(call, seconds)
            with lock:
                results[i].extend(mine)

    threads = [threading.Thread(target=run, args=(a,)) for a in assessments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put((results, errors))


def _processes() -> dict[int, list[str]]:
    """Every process's ``/proc/PID/stat`` fields after its name (field 1 is the parent's pid,
    11 and 12 its user and system CPU ticks)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            found[int(stat.parent.name)] = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
    return found


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its direct children."""
    ticks = os.sysconf("SC_CLK_TCK")
    return sum((int(fields[11]) + int(fields[12])) / ticks
               for each, fields in _processes().items()
               if each == pid or fields[1] == str(pid))


def _run(port: int, ids: list[int], phases: list[Phase],
         server_pid: int) -> tuple[list[list[float]], list[float]]:
    """Run the phases with every client: the latencies of each phase, and the server's CPU
    seconds during each."""
    queue: Any = multiprocessing.Queue()
    start = time.time() + 10
    cpu: list[float] = []

    def sample() -> None:
        for (_, _, seconds), at in zip(phases, _starts(phases, start), strict=True):
            time.sleep(max(0.0, at - time.time()))
            before = _cpu_seconds(server_pid)
            time.sleep(max(0.0, at + seconds - time.time()))
            cpu.append(_cpu_seconds(server_pid) - before)

    sampler = threading.Thread(target=sample)
    sampler.start()
    processes = [
        multiprocessing.Process(
            target=_worker,
            args=(port, ids[i * CLIENTS_PER_PROCESS:(i + 1) * CLIENTS_PER_PROCESS], phases,
                  start, queue),
        )
        for i in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    merged: list[list[float]] = [[] for _ in phases]
    for _ in processes:
        results, errors = queue.get()
        if errors:
            raise SystemExit(f"{len(errors)} requests failed, e.g. {errors[:3]}")
        for i, values in results.items():
            merged[i].extend(values)
    for process in processes:
        process.join()
    sampler.join()
    return merged, cpu


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(data_dir: Path, port: int, workers: int, threads: int,
           pin: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CASEINSPECT_", "DJANGO_")) and k != "DATABASE_URL"}
    env["CASEINSPECT_DEMO_PASSWORD"] = PASSWORD
    log = (data_dir.parent / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-c", "from caseinspect.cli import main; main()", "serve", "--demo",
         "--port", str(port), "--data-dir", str(data_dir), "--workers", str(workers),
         "--threads", str(threads), *([f"--{pin}-workers"] if pin != "auto" else [])],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("the server did not start:\n" + Path(log.name).read_text())


def _worker_cpus(server_pid: int) -> list[str]:
    """Each server worker's allowed CPUs, as the kernel reports them (pinned: one each)."""
    found = []
    for pid, fields in _processes().items():
        if fields[1] != str(server_pid):
            continue
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        allowed = re.search(r"Cpus_allowed_list:\s*(\S+)", status)
        if allowed:
            found.append(allowed.group(1))
    return sorted(found)


def _assessment_ids(port: int) -> list[int]:
    client = Client(port)
    client.sign_in("inspector@example.org")
    _, home = client.request("GET", "/")
    return sorted({int(i) for i in re.findall(rb'href="/assessments/(\d+)/"', home)})


def _percentile(latencies: list[float], q: float) -> float:
    ordered = sorted(latencies)
    return ordered[int(q * (len(ordered) - 1))] * 1000


def _report(name: str, latencies: list[float], seconds: float, cpu: float) -> tuple[float, float]:
    rate = len(latencies) / seconds
    per_request = cpu / len(latencies) * 1000
    print(f"  {name:<32} {rate:6.0f} requests/s   p50 {_percentile(latencies, 0.5):6.1f} ms"
          f"   p99 {_percentile(latencies, 0.99):6.1f} ms   server CPU {per_request:.2f} ms"
          " a request")
    return rate, per_request


KINDS = ("healthz", "bare", "me", "unchanged", "save")


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 16.0
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 8
    pin = sys.argv[5] if len(sys.argv) > 5 else "auto"
    if pin not in ("auto", "pin", "no-pin"):
        raise SystemExit(f"PIN must be auto, pin or no-pin, not {pin!r}")
    clients = PROCESSES * CLIENTS_PER_PROCESS
    slot = seconds / rounds
    # The flat-out phases take turns, ROUNDS times over, so that each kind of request is
    # measured across the same minute: this machine's speed drifts by a third from one
    # minute to the next, which would otherwise decide the ratio.
    phases: list[Phase] = [(kind, 0.0, slot) for _ in range(rounds) for kind in KINDS]
    phases.append(("save", PACED_INTERVAL, seconds))
    with tempfile.TemporaryDirectory() as tmp:
        port = _free_port()
        server = _serve(Path(tmp) / "data", port, workers, threads, pin)
        try:
            cpus = _worker_cpus(server.pid)
            ids = _assessment_ids(port)[:clients]
            assert len(ids) == clients, f"the demo has fewer than {clients} assessments"
            latencies, cpu = _run(port, ids, phases, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=20)
    flat = {kind: [x for i, x in enumerate(latencies[:-1]) if phases[i][0] == kind]
            for kind in KINDS}
    merged = {kind: [v for values in flat[kind] for v in values] for kind in KINDS}
    used = {kind: sum(c for i, c in enumerate(cpu[:-1]) if phases[i][0] == kind)
            for kind in KINDS}
    print(f"{clients} concurrent clients; healthz (with and without the session cookie), me, "
          "unchanged save and save flat out in turn, "
          f"{rounds} rounds of {slot:.1f} s each ({seconds:.0f} s in all), then paced saves for "
          f"{seconds:.0f} s; "
          f"caseinspect serve (gunicorn, {workers} workers x {threads} threads, SQLite WAL) on "
          f"{os.cpu_count()} cores; the workers' CPUs: {', '.join(cpus)}:")
    trivial_rate, trivial_cpu = _report("trivial view, GET /healthz", merged["healthz"],
                                        seconds, used["healthz"])
    bare_rate, bare_cpu = _report("trivial view, no session cookie", merged["bare"], seconds,
                                  used["bare"])
    signed_rate, signed_cpu = _report("signed-in trivial, GET /api/me", merged["me"], seconds,
                                      used["me"])
    unchanged_rate, unchanged_cpu = _report("unchanged save, nothing written", merged["unchanged"],
                                            seconds, used["unchanged"])
    save_rate, save_cpu = _report("save one answer, flat out", merged["save"], seconds,
                                  used["save"])
    paced = latencies[-1]
    offered = clients / PACED_INTERVAL
    _report(f"save one answer, {offered:.0f}/s offered", paced, seconds, cpu[-1])
    each = [len(s) / len(h) for s, h in zip(flat["save"], flat["healthz"], strict=True)]
    print("  rounds, requests/s: " + "; ".join(
        "/".join(f"{len(flat[kind][r]) / slot:.0f}" for kind in KINDS) for r in range(rounds)))
    print(f"save throughput / trivial view = {save_rate / trivial_rate:.2f} "
          f"(rounds: {', '.join(f'{r:.2f}' for r in each)}), / signed-in trivial view = "
          f"{save_rate / signed_rate:.2f} (target >= {TARGET_RATIO}); / trivial view without a "
          f"session = {save_rate / bare_rate:.2f}")
    print(f"server CPU a request, trivial / save = {trivial_cpu / save_cpu:.2f}, "
          f"signed-in trivial / save = {signed_cpu / save_cpu:.2f}, "
          f"without a session / save = {bare_cpu / save_cpu:.2f}")
    print(f"unchanged save throughput / trivial view = {unchanged_rate / trivial_rate:.2f}; "
          f"the write's own server CPU = {save_cpu - unchanged_cpu:.2f} ms a save")
    print(f"save p99 = {_percentile(paced, 0.99):.1f} ms with each client saving every "
          f"{PACED_INTERVAL * 1000:.0f} ms, {_percentile(merged['save'], 0.99):.1f} ms flat out "
          f"(target < {TARGET_P99_MS:.0f} ms)")


if __name__ == "__main__":
    main()
