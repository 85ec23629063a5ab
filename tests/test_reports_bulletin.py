"""The bulletin's figures: seed 003's cross-tabulation against counts made straight from the
frame, its comparison against the analysis core's ``compare``, and its published blocks
against the core's disclosure rule."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from caseinspect.analysis import analyse
from caseinspect.analysis.compare import compare
from caseinspect.analysis.disclosure import suppress
from caseinspect.casetable import NO, YES, synthetic_case_table
from caseinspect.reports.bulletin import question_table
from caseinspect.reports.crosstab import comparison, crosstabs
from caseinspect.reports.options import ReportOptions

CODES = ["pp1", "pp5", "2.1.3"]


@pytest.fixture(scope="module")
def setting():
    table = synthetic_case_table(2000, seed=11)
    result = analyse(table)
    return table, result, crosstabs(table, result, CODES, split="provider")


def test_each_cell_is_the_count_of_its_programme_and_group(setting):
    table, _, tabs = setting
    f = table.frame
    for ct in tabs:
        answers = f[ct.code].to_numpy()
        for k, programme in enumerate(ct.labels):
            for g in ct.columns[k].by["rosh_band"]:
                band = f["rosh"].astype(str).replace({"high": "high_or_very_high",
                                                      "very_high": "high_or_very_high"})
                rows = (f["programme"] == programme).to_numpy() & (band == g.group).to_numpy()
                yes = int((answers[rows] == YES).sum())
                n = yes + int((answers[rows] == NO).sum())
                assert (g.n, g.yes) == (n, yes), (ct.code, programme, g.group)
                assert g.pct_yes == pytest.approx(100 * yes / n)
    assert "provider" not in tabs[0].breakdowns and "rosh" not in tabs[0].breakdowns
    assert tabs[0].breakdowns == ("gender", "age_group", "ethnicity", "supervision_type",
                                  "rosh_band", "mappa_eligible")


def test_the_comparison_is_the_analysis_cores(setting):
    table, _, tabs = setting
    ours = comparison(tabs, table, "programme", "OMI2", "QI", "provider")
    core = compare(table, "programme", "OMI2", "QI", "provider", CODES)
    assert ours.changes == core.changes
    assert [c.split_group for c in ours.changes["pp1"]] == [None, "CRC", "NPS"]


def test_a_published_block_hides_what_the_disclosure_rule_hides(setting):
    _, _, tabs = setting
    options = ReportOptions(kind="bulletin", created=date(2026, 1, 1), publish=True,
                            threshold=30)
    t = question_table(tabs[0], 2, options)
    rows = [r for r in t.rows if r.stub[0] == "Ethnic group" or (
        r.stub[0] == "" and r.stub[1] in ("Asian", "Black", "Mixed", "Other"))]
    block = rows[:5]
    ns = np.array([[int(str(c.value)) if c.value is not None else -1 for c in r.cells[2::2]]
                   for r in block])
    groups = {g.group: g for g in tabs[0].overall.by["ethnicity"]}
    per = [{g.group: g.n for g in c.by["ethnicity"]} for c in tabs[0].columns]
    truth = np.array([[p.get(name, 0) for p in per] for name in groups])
    expected = suppress(truth, 30).mask
    assert ((ns == -1) == expected).all()
    assert expected.any()
    for r, hide in zip(block, expected, strict=True):
        assert [c.suppressed for c in r.cells[2::2]] == list(hide)


def test_a_published_comparison_hides_split_cells_the_totals_would_reveal(setting):
    from caseinspect.reports.models import hidden_cells

    table, _, tabs = setting
    c = comparison(tabs, table, "programme", "OMI2", "QI", "provider")
    options = ReportOptions(kind="bulletin", created=date(2026, 1, 1), publish=True,
                            threshold=400)
    hidden = hidden_cells(c, options)
    for code, changes in c.changes.items():
        block = np.array([[ch.from_n, ch.to_n] for ch in changes[1:]])
        assert [list(h) for h in hidden[code][1:]] == suppress(block, 400).mask.tolist()
        # A hidden cell never stands alone in its column (the all-cases row is its total).
        for column in range(2):
            assert sum(h[column] for h in hidden[code][1:]) != 1
    assert any(any(h) for rows in hidden.values() for h in rows)
