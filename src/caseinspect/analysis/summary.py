"""% of cases judged sufficient (yes) per question, overall and by breakdown.

Counts are taken with ``np.bincount`` over integer codes (combination of breakdown groups × 4
+ answer code), so a national table of a million cases is counted in one pass per question
whatever the number of breakdowns.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from caseinspect.analysis.breakdowns import MISSING, Grouping, choose_breakdowns, grouping
from caseinspect.analysis.patterns import Cells
from caseinspect.analysis.proportions import weighted_proportion, wilson, wilson_arrays
from caseinspect.analysis.ratings import rate_standards
from caseinspect.analysis.results import (
    AnalysisResult,
    GroupResult,
    OverallResult,
    QuestionResult,
    StandardResult,
)
from caseinspect.casetable import CaseTable
from caseinspect.errors import InputError, Problem
from caseinspect.frameworks import QuestionRef, load_framework

# Answer code + 1 indexes these slots.
_BLANK, _NO, _YES, _NA = 0, 1, 2, 3


def _weighted(counts_w: npt.NDArray[np.float64],
              counts_w2: npt.NDArray[np.float64]) -> tuple[float | None, ...]:
    answered = float(counts_w[_NO] + counts_w[_YES])
    answered_sq = float(counts_w2[_NO] + counts_w2[_YES])
    p = weighted_proportion(float(counts_w[_YES]), answered, answered_sq)
    return (p.pct, p.ci95_low, p.ci95_high)


def _opt(value: np.float64) -> float | None:
    return None if np.isnan(value) else float(value)


class AnswerCounter:
    """Counts of answers per breakdown group, for question after question.

    The cases are grouped once into the distinct combinations of every breakdown's groups
    (:class:`~caseinspect.analysis.patterns.Cells`); a question's answers are then counted
    per combination with one ``np.bincount`` over the cases, and each breakdown's groups are
    sums over the combinations, so the cost per question is one pass over the cases however
    many breakdowns there are.
    """

    def __init__(self, groupings: Sequence[Grouping], cases: int,
                 weights: npt.NDArray[np.float64] | None) -> None:
        self.groupings = tuple(groupings)
        cells = Cells.single(cases).cross([(g.codes, len(g.labels) + 1) for g in groupings])
        self.size = len(cells.levels)
        self.base = cells.of * 4 + 1  # + answer code (blank -1 … na 2) gives the slot
        self.weights = weights
        slots = np.arange(4, dtype=np.int64)
        self.keys = [(cells.levels[:, j][:, None] * 4 + slots).ravel()
                     for j in range(len(self.groupings))]

    def count(self, ref: QuestionRef, answers: npt.NDArray[np.int8]) -> QuestionResult:
        slot = self.base + answers
        per_cell: npt.NDArray[np.float64] = np.bincount(
            slot, minlength=4 * self.size).astype(np.float64)
        w1 = w2 = None
        if self.weights is not None:
            w1 = _sums(slot, self.weights, 4 * self.size).ravel()
            w2 = _sums(slot, self.weights * self.weights, 4 * self.size).ravel()
        counts = per_cell.reshape(-1, 4).sum(axis=0)
        yes, no = int(counts[_YES]), int(counts[_NO])
        p = wilson(yes, yes + no)
        weighted = None
        if w1 is not None and w2 is not None:
            weighted = _weighted(w1.reshape(-1, 4).sum(axis=0), w2.reshape(-1, 4).sum(axis=0))
        by = {}
        for g, key in zip(self.groupings, self.keys, strict=True):
            size = (len(g.labels) + 1) * 4
            group_w = None
            if w1 is not None and w2 is not None:
                group_w = (_sums(key, w1, size), _sums(key, w2, size))
            by[g.name] = _groups(g, _sums(key, per_cell, size), group_w)
        return QuestionResult(ref.code, ref.text, ref.kind, ref.framework, yes + no, yes, no,
                              int(counts[_NA]), int(counts[_BLANK]), p.pct, p.ci95_low,
                              p.ci95_high, (None if weighted is None else
                                            (weighted[0], weighted[1], weighted[2])), by)


def _sums(key: npt.NDArray[np.int64], values: npt.NDArray[np.float64], size: int
          ) -> npt.NDArray[np.float64]:
    """``values`` summed by ``key`` into ``size`` slots, as rows of (blank, no, yes, na)."""
    out: npt.NDArray[np.float64] = np.bincount(key, weights=values, minlength=size).astype(
        np.float64)
    return out.reshape(-1, 4)


def _groups(g: Grouping, counts: npt.NDArray[np.float64],
            weighted: tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]] | None
            ) -> tuple[GroupResult, ...]:
    """One result per group with any case, from its (blank, no, yes, na) counts."""
    yes = counts[:, _YES]
    n = yes + counts[:, _NO]
    pct, low, high = wilson_arrays(yes, n)
    out: list[GroupResult] = []
    for i, label in enumerate([*g.labels, MISSING]):
        if counts[i].sum() == 0:
            continue
        w = None
        if weighted is not None:
            wp = _weighted(weighted[0][i], weighted[1][i])
            w = (wp[0], wp[1], wp[2])
        out.append(GroupResult(label, int(n[i]), int(yes[i]), _opt(pct[i]), _opt(low[i]),
                               _opt(high[i]), w))
    return tuple(out)


def question_result(ref: QuestionRef, answers: npt.NDArray[np.int8],
                    groupings: Sequence[Grouping],
                    weights: npt.NDArray[np.float64] | None = None) -> QuestionResult:
    """Counts, % yes and Wilson interval for one question column of answer codes (for many
    questions over the same cases, an :class:`AnswerCounter` groups the cases once)."""
    return AnswerCounter(groupings, len(answers), weights).count(ref, answers)


def primary_first(table: CaseTable) -> list[str]:
    """The table's frameworks, the one with most key questions and prompts in the table
    first (facts do not count: several frameworks share them); ties keep bundled order."""
    in_table = set(table.questions)

    def held(code: str) -> int:
        return sum(q.code in in_table for q in load_framework(code).questions()
                   if q.kind != "fact")

    return sorted(table.frameworks, key=held, reverse=True)


def analyse(table: CaseTable, framework: str | None = None,
            by: Sequence[str] | None = None) -> AnalysisResult:
    """Analyse a case table: every question, every breakdown, ratings per standard.

    Parameters
    ----------
    table : CaseTable
        A validated case table.
    framework : str, optional
        Analyse only this framework's questions; by default every framework whose
        questions the table holds, the primary one (see :func:`primary_first`) first and
        reported as ``framework``.
    by : sequence of str, optional
        Extra breakdowns (attribute columns or ``age_group`` / ``rosh_band``) beyond
        ``programme`` and seed 003's defaults.
    """
    codes = [framework] if framework else primary_first(table)
    if not codes:
        raise InputError([Problem("the table has no question columns", table.source)])
    unknown = [b for b in (by or []) if grouping(table, b) is None]
    if unknown:
        present = ", ".join(table.attributes) or "none"
        raise InputError([
            Problem(f"cannot break down by {b!r}: no such attribute column (attributes: "
                    f"{present})", table.source, column=b) for b in unknown
        ])
    names = choose_breakdowns(table, by)
    groupings = [g for g in (grouping(table, b) for b in names) if g is not None]
    weights = None
    if "weight" in table.attributes:
        weights = np.nan_to_num(table.frame["weight"].to_numpy(dtype=np.float64), nan=0.0)
    in_table = set(table.questions)
    counter = AnswerCounter(groupings, table.cases, weights)
    seen: set[str] = set()
    questions: list[QuestionResult] = []
    standards: list[StandardResult] = []
    overall: list[OverallResult] = []
    for code in codes:
        fw = load_framework(code)
        refs = [q for q in fw.questions() if q.code in in_table and q.code not in seen]
        if framework and not refs:
            raise InputError([Problem(f"the table has no questions of framework {code!r}",
                                      table.source)])
        for ref in refs:
            seen.add(ref.code)
            answers = table.frame[ref.code].to_numpy()
            questions.append(counter.count(ref, answers))
        pct = {q.code: q.pct_yes for q in questions if q.framework == code}
        if fw.standards:
            rated, total = rate_standards(fw, pct)
            standards.extend(r for r in rated if any(k in in_table for k in r.key_questions))
            if total is not None:
                overall.append(total)
    return AnalysisResult(codes[0], tuple(codes), table.cases, tuple(names),
                          weights is not None, tuple(questions), tuple(standards),
                          tuple(overall))
