"""Comparisons: the change in % yes between two values of a grouping, and whether groups differ.

Seed 003 compares the OMI2 and Q&I programmes, split by provider (its Figure 1), and tests
subgroup differences. The change is ``to − from`` in percentage points with Newcombe's hybrid
score interval; its p-value is the pooled two-proportion test of
:func:`caseinspect.analysis.differences.group_vs_rest` (Fisher's exact test when an expected
count is below 5). Groups of a breakdown are tested with Pearson's chi-square test, or, when an
expected count is below 5, with a Monte Carlo exact test on tables with the same margins.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import stats

from caseinspect.analysis.breakdowns import Grouping, choose_breakdowns, grouping
from caseinspect.analysis.differences import group_vs_rest
from caseinspect.analysis.proportions import wilson
from caseinspect.casetable import NO, YES, CaseTable
from caseinspect.errors import InputError, Problem

MONTE_CARLO_TABLES = 10_000
MONTE_CARLO_SEED = 20180202


@dataclass(frozen=True)
class Change:
    """The change in one question between two groups (optionally within a split group)."""

    split_group: str | None
    from_n: int
    from_yes: int
    from_pct: float | None
    to_n: int
    to_yes: int
    to_pct: float | None
    difference_pp: float | None
    ci95_low: float | None
    ci95_high: float | None
    p: float | None
    method: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "split_group": self.split_group,
            "from": {"n": self.from_n, "yes": self.from_yes, "pct_yes": self.from_pct},
            "to": {"n": self.to_n, "yes": self.to_yes, "pct_yes": self.to_pct},
            "difference_pp": self.difference_pp,
            "ci95_low": self.ci95_low,
            "ci95_high": self.ci95_high,
            "p": self.p,
            "method": self.method,
        }


@dataclass(frozen=True)
class GroupTest:
    """Do the groups of a breakdown differ in % yes for a question?"""

    question: str
    breakdown: str
    chi2: float | None
    df: int
    p: float | None
    method: str

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "breakdown": self.breakdown, "chi2": self.chi2,
                "df": self.df, "p": self.p, "method": self.method}


@dataclass(frozen=True)
class Comparison:
    attribute: str
    from_value: str
    to_value: str
    split: str | None
    changes: dict[str, tuple[Change, ...]]
    tests: tuple[GroupTest, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "between": {"attribute": self.attribute, "from": self.from_value,
                        "to": self.to_value},
            "split": self.split,
            "questions": [{"code": code, "changes": [c.to_dict() for c in changes]}
                          for code, changes in self.changes.items()],
            "tests": [t.to_dict() for t in self.tests],
        }


def newcombe(yes_from: int, n_from: int, yes_to: int, n_to: int
             ) -> tuple[float | None, float | None, float | None]:
    """Difference ``p_to − p_from`` in percentage points with Newcombe's hybrid score interval.

    Notes
    -----
    With Wilson intervals ``(l₁, u₁)`` for ``p_to`` and ``(l₂, u₂)`` for ``p_from``:
    ``L = d − sqrt((p_to − l₁)² + (u₂ − p_from)²)``,
    ``U = d + sqrt((u₁ − p_to)² + (p_from − l₂)²)`` (Newcombe 1998, method 10).
    """
    a = wilson(yes_to, n_to)
    b = wilson(yes_from, n_from)
    if None in (a.pct, b.pct, a.ci95_low, a.ci95_high, b.ci95_low, b.ci95_high):
        return None, None, None
    assert a.pct is not None and b.pct is not None
    assert a.ci95_low is not None and a.ci95_high is not None
    assert b.ci95_low is not None and b.ci95_high is not None
    d = a.pct - b.pct
    low = d - math.sqrt((a.pct - a.ci95_low) ** 2 + (b.ci95_high - b.pct) ** 2)
    high = d + math.sqrt((a.ci95_high - a.pct) ** 2 + (b.pct - b.ci95_low) ** 2)
    return d, low, high


def _counts(g: Grouping, answers: npt.NDArray[np.int8],
            mask: npt.NDArray[np.bool_] | None = None) -> npt.NDArray[np.int64]:
    """(groups + missing) × (no, yes) counts."""
    keep = (answers == YES) | (answers == NO)
    if mask is not None:
        keep &= mask
    idx = g.codes[keep] * 2 + (answers[keep] == YES)
    return np.bincount(idx, minlength=(len(g.labels) + 1) * 2).reshape(-1, 2)


def group_test(table2: npt.NDArray[np.int64]) -> tuple[float | None, int, float | None, str]:
    """Chi-square test of a groups × (no, yes) table; exact (Monte Carlo) when cells are small."""
    t = table2[table2.sum(axis=1) > 0]
    t = t[:, t.sum(axis=0) > 0]
    if t.shape[0] < 2 or t.shape[1] < 2:
        return None, 0, None, "none"
    res = stats.chi2_contingency(t, correction=False)
    chi2, dof = float(res.statistic), int(res.dof)
    if float(np.min(res.expected_freq)) >= 5:
        return chi2, dof, float(res.pvalue), "chi-square"
    if t.shape == (2, 2):
        return chi2, dof, float(stats.fisher_exact(t).pvalue), "fisher"
    rng = np.random.default_rng(MONTE_CARLO_SEED)
    tables = stats.random_table(t.sum(axis=1), t.sum(axis=0), seed=rng).rvs(MONTE_CARLO_TABLES)
    expected = res.expected_freq
    sims = ((tables - expected) ** 2 / expected).sum(axis=(1, 2))
    p = (int(np.sum(sims >= chi2 - 1e-9)) + 1) / (MONTE_CARLO_TABLES + 1)
    return chi2, dof, p, "monte-carlo exact"


def _change(g: Grouping, answers: npt.NDArray[np.int8], src: int, dst: int, label: str | None,
            mask: npt.NDArray[np.bool_] | None) -> Change:
    c = _counts(g, answers, mask)
    n1, y1 = int(c[src].sum()), int(c[src, 1])
    n2, y2 = int(c[dst].sum()), int(c[dst, 1])
    d, low, high = newcombe(y1, n1, y2, n2)
    test = group_vs_rest(y2, n2, y1 + y2, n1 + n2)
    return Change(label, n1, y1, wilson(y1, n1).pct, n2, y2, wilson(y2, n2).pct, d, low, high,
                  test.p, test.method)


def compare(table: CaseTable, attribute: str, from_value: str, to_value: str,
            split: str | None = None, questions: Sequence[str] | None = None) -> Comparison:
    """Change per question from ``from_value`` to ``to_value`` of ``attribute``.

    Also tests, for each breakdown (seed 003's defaults present), whether its groups differ.
    """
    g = grouping(table, attribute)
    problems = []
    if g is None:
        problems.append(Problem(f"no attribute column {attribute!r} to compare",
                                table.source, column=attribute))
    else:
        for value in (from_value, to_value):
            if value not in g.labels:
                problems.append(Problem(f"{attribute} has no group {value!r} (groups: "
                                        f"{', '.join(g.labels)})", table.source,
                                        column=attribute))
        if from_value == to_value:
            problems.append(Problem(f"compare two different groups of {attribute}: "
                                    f"{from_value!r} is given twice", table.source,
                                    column=attribute))
    s = grouping(table, split) if split else None
    if split and s is None:
        problems.append(Problem(f"no attribute column {split!r} to split by", table.source,
                                column=split))
    if problems:
        raise InputError(problems)
    assert g is not None
    src, dst = g.labels.index(from_value), g.labels.index(to_value)
    codes = list(questions) if questions else list(table.questions)
    changes: dict[str, tuple[Change, ...]] = {}
    tests: list[GroupTest] = []
    names = choose_breakdowns(table, None)
    for code in codes:
        answers = table.frame[code].to_numpy()
        rows = [_change(g, answers, src, dst, None, None)]
        if s is not None:
            for k, label in enumerate(s.labels):
                rows.append(_change(g, answers, src, dst, label, s.codes == k))
        changes[code] = tuple(rows)
        for name in names:
            b = grouping(table, name)
            if b is not None:
                chi2, dof, p, method = group_test(_counts(b, answers))
                tests.append(GroupTest(code, name, chi2, dof, p, method))
    return Comparison(attribute, from_value, to_value, split, changes, tuple(tests))
