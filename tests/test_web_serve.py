"""``caseinspect serve``: a production server on 127.0.0.1 with a data directory made on first
run; ``--demo`` data; every command-line option documented."""

from __future__ import annotations

import gc
import http.cookiejar
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import click
import pytest

from caseinspect.cli import cmd_web
from caseinspect.web import demo, server
from caseinspect.web.demo import (
    ASSESSED,
    CASES,
    DYNAMIC_ASSESSED,
    DYNAMIC_CASES,
    DYNAMIC_INSPECTION,
    INSPECTION,
    SELF_CASES,
    SELF_INSPECTION,
    SELF_SHARED,
    USERS,
    load_demo,
)
from factories_web import DEMO_PASSWORD

DOCS = Path(__file__).resolve().parents[1] / "docs" / "web.md"


def test_every_option_of_the_web_commands_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    commands = [cmd_web.serve, cmd_web.create_user]
    for command in commands:
        for param in command.params:
            if isinstance(param, click.Option):
                assert any(f"`{opt}" in text for opt in param.opts), (command.name, param.opts)


def _cases(name: str, status: str | None = None) -> int:
    from caseinspect.web.inspections.models import Assessment, Case

    if status is None:
        return Case.objects.filter(inspection__name=name).count()
    return Assessment.objects.filter(case__inspection__name=name, status=status).count()


@pytest.mark.django_db
def test_the_demo_loads_once_and_prints_a_generated_password_only_then():
    from caseinspect.web.accounts.models import User
    from caseinspect.web.inspections.models import Case

    first = load_demo(None)
    assert first.created and first.generated
    assert any(first.password in line for line in first.lines())
    assert sorted(User.objects.values_list("email", flat=True)) == sorted(e for e, _, _ in USERS)
    assert all(u.check_password(first.password) for u in User.objects.all())
    assert (_cases(INSPECTION), _cases(INSPECTION, "submitted"), _cases(INSPECTION, "draft")) \
        == (40, 28, 12) == (CASES, ASSESSED, CASES - ASSESSED)
    assert (_cases(DYNAMIC_INSPECTION), _cases(DYNAMIC_INSPECTION, "submitted"),
            _cases(DYNAMIC_INSPECTION, "draft")) == (30, 24, 0) == (DYNAMIC_CASES,
                                                                   DYNAMIC_ASSESSED, 0)
    assert (_cases(SELF_INSPECTION), _cases(SELF_INSPECTION, "submitted")) == (18, SELF_CASES)
    assert Case.objects.count() == CASES + DYNAMIC_CASES + SELF_CASES
    crns = Case.objects.values_list("crn", flat=True)
    assert all(re.fullmatch(r"[A-Z]\d{6}", crn) for crn in crns)
    again = load_demo(None)
    assert not again.created and not again.added_dynamic
    assert not any(first.password in line for line in again.lines())
    assert Case.objects.count() == 88


@pytest.mark.django_db
def test_the_demo_dynamic_inspection_has_evidence_findings_a_plan_and_a_self_assessment():
    from caseinspect.web.accounts.models import User
    from caseinspect.web.audit.models import AuditEvent
    from caseinspect.web.dynamic.models import EvidenceItem, Finding, FollowUpAction
    from caseinspect.web.inspections.models import Case, Inspection

    load_demo("demo password for the tests")
    dynamic = Inspection.objects.get(name=DYNAMIC_INSPECTION)
    own = Inspection.objects.get(name=SELF_INSPECTION)
    assert (dynamic.kind, dynamic.framework_code, dynamic.region.name) == (
        "dynamic_public_protection", "hmip-dynamic-public-protection-2025",
        "Demo region (synthetic)")
    assert (own.kind, own.region_id) == ("self_assessment", dynamic.region_id)
    assert sorted(dynamic.members.values_list("email", flat=True)) == [
        "inspector@example.org", "lead@example.org", "qa@example.org"]
    assert list(own.members.values_list("email", flat=True)) == ["lead@example.org"]
    findings = {f.question_code: (f.classification, f.priority)
                for f in Finding.objects.filter(inspection=dynamic)}
    assert findings == {"1.9": ("area_for_improvement", "high"), "1.10": ("strength", "low"),
                        "2.5": ("mixed", "medium")}
    assert all(f.narrative.startswith("Synthetic demo finding:")
               for f in Finding.objects.filter(inspection=dynamic))
    items = EvidenceItem.objects.filter(inspection=dynamic)
    assert sorted(items.values_list("question_code", flat=True)) == [
        "1.10", "1.9", "1.9", "2.5", "2.5"]
    assert not any(item.stored_name or item.file_name for item in items)
    assert {i.added_by.email for i in items} == {"inspector@example.org"}
    assert sorted(FollowUpAction.objects.filter(inspection=dynamic).values_list(
        "question_code", "indicator_code", "status")) == [
        ("1.9", "F1", "in_progress"), ("2.5", "F5", "planned")]
    audited = set(AuditEvent.objects.filter(inspection_id=dynamic.pk)
                  .values_list("object_type", flat=True))
    assert {"dynamic.evidenceitem", "dynamic.finding", "dynamic.followupaction",
            "inspections.case", "inspections.assessment"} <= audited
    shared = set(Case.objects.filter(inspection=own).values_list("crn", flat=True)) & set(
        Case.objects.filter(inspection=dynamic).values_list("crn", flat=True))
    assert len(shared) == SELF_SHARED == 12
    from caseinspect.web.dynamic.diagnosis import diagnosis_data

    data = diagnosis_data(dynamic, User.objects.get(email="viewer@example.org"))
    assert data["case_results"]["cases"] == 24 and not data["free_text"]
    leadership = data["domains"][0]
    assert [q["code"] for q in leadership["improvements"]] == ["1.9"]
    assert [i["code"] for i in leadership["improvements"][0]["indicators"]] == ["F1"]
    assert leadership["improvements"][0]["indicators"][0]["n"] > 10
    comparison = data["assurance"]["comparison"]
    assert (comparison["inspected_cases"], comparison["assurance_cases"],
            comparison["overlap_cases"]) == (24, 18, 12)
    c1 = next(i for i in comparison["indicators"] if i["code"] == "C1")
    assert c1["overlap"] == 12 and c1["kappa"]["n"] == 12 and c1["kappa"]["kappa"] is not None


@pytest.mark.django_db
def test_a_demo_loaded_before_the_dynamic_inspection_existed_gets_it_added(monkeypatch):
    from caseinspect.web.inspections.models import Inspection

    with monkeypatch.context() as patched:
        patched.setattr(demo, "_load_dynamic", lambda people, region: None)
        assert load_demo(None).created
    assert not Inspection.objects.filter(name=DYNAMIC_INSPECTION).exists()
    later = load_demo(None)
    assert not later.created and later.added_dynamic
    assert any("Added the demo dynamic inspection" in line for line in later.lines())
    assert (_cases(DYNAMIC_INSPECTION, "submitted"), _cases(SELF_INSPECTION)) == (24, 18)
    assert not load_demo(None).added_dynamic


def test_a_worker_imports_every_view_and_freezes_start_up_before_its_first_request():
    gc.unfreeze()
    try:
        server.warm_up()
        assert "caseinspect.web.inspections.views.results" in sys.modules
        assert "caseinspect.web.dynamic.views.diagnosis" in sys.modules
        # What start-up built is out of the collector's sight: its oldest generation is
        # (nearly) empty, so a full collection no longer walks the whole heap.
        assert gc.get_freeze_count() > 50_000
        assert len(gc.get_objects(generation=2)) < 1_000
    finally:
        gc.unfreeze()


@pytest.mark.slow
def test_serve_makes_the_data_directory_and_answers_healthz(demo_server):
    base, data_dir = demo_server
    key = data_dir / "secret_key"
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_text().strip()) >= 50
    with sqlite3.connect(data_dir / "caseinspect.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with urllib.request.urlopen(f"{base}/healthz") as response:
        assert response.read() == b"ok\n"
        assert response.headers["Server"].startswith("gunicorn")


def _signed_in(base: str, email: str) -> urllib.request.OpenerDirector:
    """An opener holding the session of ``email`` signed in on the demo server."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/sign-in").read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    form = urllib.parse.urlencode(
        {"email": email, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(f"{base}/sign-in", data=form, headers={"Referer": base})
    with opener.open(request) as response:
        assert response.url == f"{base}/"
    return opener


def _page(opener: urllib.request.OpenerDirector, url: str) -> str:
    with opener.open(url) as response:
        return str(response.read().decode())


@pytest.mark.slow
def test_the_demo_inspector_signs_in_and_sees_their_cases(demo_server):
    base, _ = demo_server
    page = _page(_signed_in(base, "inspector@example.org"), f"{base}/")
    assert "Your cases" in page and page.count('class="govuk-task-list__item ') == CASES


@pytest.mark.slow
@pytest.mark.parametrize("email", ["analyst@example.org", "lead@example.org"])
def test_the_demo_dynamic_diagnosis_is_linked_from_the_home_page(demo_server, email):
    base, _ = demo_server
    opener = _signed_in(base, email)
    home = _page(opener, f"{base}/")
    link = re.search(r'href="(/inspections/\d+/dynamic/diagnosis)">Regional diagnosis'
                     r'<span class="govuk-visually-hidden"> of ' + re.escape(DYNAMIC_INSPECTION),
                     home)
    assert link, home
    page = _page(opener, base + link.group(1))
    assert "1.9 How effective are operational relationships with police?" in page
    assert "Area for improvement" in page and "Strength" in page
    lead = email == "lead@example.org"
    assert ("Synthetic demo finding: domestic abuse enquiries" in page) is lead
    assert ("Synthetic demo action: agree a routine" in page) is lead
    assert ("(Demo region&#x27;s self-assessment (synthetic), 18 cases) beside the "
            "inspectors' judgements (24 cases); 12 cases in both") in page


def test_workers_are_pinned_by_default_when_every_core_gets_one():
    assert server.pins_by_default(2, [0, 1])
    assert server.pins_by_default(4, [0, 1])
    assert not server.pins_by_default(1, [0, 1])  # one process kept to one of two cores
    assert not server.pins_by_default(2, [0, 1, 2, 3])
    assert not server.pins_by_default(2, [0])  # nothing to choose between
    assert not server.pins_by_default(2, None)  # the platform cannot pin


def test_a_new_worker_takes_the_core_the_fewest_live_workers_are_on():
    assert server.least_used([0, 1], []) == 0
    assert server.least_used([0, 1], [0]) == 1
    assert server.least_used([0, 1], [0, 1]) == 0
    assert server.least_used([0, 1], [1]) == 0  # worker 0 died: its successor takes core 0
    assert server.least_used([3, 5, 7], [3, 3, 7]) == 5  # the cores this process may use


class _Worker:
    caseinspect_cpu: int  # set by the hook


class _Arbiter:
    def __init__(self) -> None:
        self.WORKERS: dict[int, _Worker] = {}


def test_the_masters_hook_gives_each_worker_a_core_and_a_restarted_one_its_predecessors():
    pinning = server._Pinning([0, 1])
    arbiter = _Arbiter()
    for pid in (101, 102, 103):  # three workers on two cores
        worker = _Worker()
        pinning.pre_fork(arbiter, worker)
        arbiter.WORKERS[pid] = worker
    assert [w.caseinspect_cpu for w in arbiter.WORKERS.values()] == [0, 1, 0]
    del arbiter.WORKERS[102]  # the worker on core 1 crashed; gunicorn forks another
    replacement = _Worker()
    pinning.pre_fork(arbiter, replacement)
    assert replacement.caseinspect_cpu == 1


def _workers(process: subprocess.Popen[bytes], count: int) -> list[int]:
    """The pids of the server's ``count`` workers (the gunicorn master's children), once all
    are running."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == process.pid:
                children.append(int(stat.parent.name))
        if len(children) == count:
            return sorted(children)
        time.sleep(0.2)
    raise AssertionError(f"the server did not have {count} workers")


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2,
                    reason="needs Linux and two cores")
def test_serve_keeps_each_worker_on_a_core_of_its_own_and_a_restarted_one_on_the_free_core(
    tmp_path, serving
):
    cpus = sorted(os.sched_getaffinity(0))[:2]
    with serving(tmp_path / "data", "--workers", "2", "--pin-workers") as (base, process):
        workers = _workers(process, 2)
        pinned = sorted(min(os.sched_getaffinity(pid)) for pid in workers)
        assert [len(os.sched_getaffinity(pid)) for pid in workers] == [1, 1]
        assert pinned == cpus  # the lowest of the cores this process may use
        # The master itself is not pinned.
        assert os.sched_getaffinity(process.pid) == os.sched_getaffinity(0)
        victim = workers[0]
        freed = os.sched_getaffinity(victim)
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while victim in (alive := _workers(process, 2)) and time.monotonic() < deadline:
            time.sleep(0.2)
        (replacement,) = set(alive) - set(workers)
        assert os.sched_getaffinity(replacement) == freed
        with urllib.request.urlopen(f"{base}/healthz") as response:
            assert response.status == 200


@pytest.mark.slow
def test_serve_leaves_workers_unpinned_when_asked(tmp_path, serving):
    with serving(tmp_path / "data", "--workers", "2", "--no-pin-workers") as (_, process):
        for pid in _workers(process, 2):
            assert os.sched_getaffinity(pid) == os.sched_getaffinity(0)
