"""The published inspection report audits only the tables it shows. It shows no question's
figures by group, yet it ran every breakdown of every question through the disclosure
control's linear-programming audit: about 680 group tables and 4,700 solves for the 28-case
web demo, 10–40 s a download (analysts and viewers always get the published version)."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pytest

from caseinspect.analysis import disclosure
from caseinspect.casetable import synthetic_case_table
from caseinspect.reports.build import build_report, render
from caseinspect.reports.options import ReportOptions


def test_the_published_inspection_report_audits_no_breakdown(monkeypatch: pytest.MonkeyPatch):
    table = synthetic_case_table(40, seed=3, frameworks=("hmip-case-supervision-2018",))
    audited: list[Any] = []
    real = disclosure.suppress

    def counting(counts: Any, threshold: int = disclosure.DEFAULT_THRESHOLD) -> Any:
        audited.append(counts)
        return real(counts, threshold)

    monkeypatch.setattr(disclosure, "suppress", counting)
    options = ReportOptions(kind="inspection", created=date(2026, 1, 1), publish=True,
                            by=("pdu",))
    html = render(build_report(table, options), "html").decode()
    assert audited == []
    assert "Cells based on fewer than 10 cases are suppressed" in html


def test_the_published_bulletin_audits_each_distinct_table_once(monkeypatch: pytest.MonkeyPatch):
    from caseinspect.reports import suppression

    table = synthetic_case_table(60, seed=5, frameworks=("hmip-public-protection-2018",))
    audited: list[bytes] = []
    real = suppression.suppress

    def counting(counts: Any, threshold: int = disclosure.DEFAULT_THRESHOLD) -> Any:
        n = np.asarray(counts, dtype=np.int64)
        audited.append(n.tobytes() + repr(n.shape).encode())
        return real(counts, threshold)

    monkeypatch.setattr(suppression, "suppress", counting)
    suppression._mask.cache_clear()
    options = ReportOptions(kind="bulletin", created=date(2026, 1, 1), publish=True)
    first = render(build_report(table, options), "html")
    assert audited and len(audited) == len(set(audited))
    assert render(build_report(table, options), "html") == first  # the same from the cache
    assert len(audited) == len(set(audited))
