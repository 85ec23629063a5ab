"""% of cases judged sufficient (yes) per question, overall and by breakdown.

Counts are taken with ``np.bincount`` over integer codes (group code × 4 + answer code), so
a national table of a million cases is counted in one pass per question and breakdown.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from caseinspect.analysis.breakdowns import MISSING, Grouping, choose_breakdowns, grouping
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


def _by_group(g: Grouping, shifted: npt.NDArray[np.int64],
              weights: npt.NDArray[np.float64] | None) -> tuple[GroupResult, ...]:
    size = (len(g.labels) + 1) * 4
    idx = g.codes * 4 + shifted
    counts = np.bincount(idx, minlength=size).reshape(-1, 4)
    yes = counts[:, _YES].astype(np.float64)
    n = yes + counts[:, _NO]
    pct, low, high = wilson_arrays(yes, n)
    wsum = wsq = None
    if weights is not None:
        wsum = np.bincount(idx, weights=weights, minlength=size).reshape(-1, 4)
        wsq = np.bincount(idx, weights=weights * weights, minlength=size).reshape(-1, 4)
    out: list[GroupResult] = []
    labels = [*g.labels, MISSING]
    for i, label in enumerate(labels):
        if counts[i].sum() == 0:
            continue
        weighted = None
        if wsum is not None and wsq is not None:
            w = _weighted(wsum[i], wsq[i])
            weighted = (w[0], w[1], w[2])
        out.append(GroupResult(label, int(n[i]), int(yes[i]), _opt(pct[i]), _opt(low[i]),
                               _opt(high[i]), weighted))
    return tuple(out)


def question_result(ref: QuestionRef, answers: npt.NDArray[np.int8],
                    groupings: Sequence[Grouping],
                    weights: npt.NDArray[np.float64] | None = None) -> QuestionResult:
    """Counts, % yes and Wilson interval for one question column of answer codes."""
    shifted = answers.astype(np.int64) + 1
    counts = np.bincount(shifted, minlength=4)
    yes, no = int(counts[_YES]), int(counts[_NO])
    p = wilson(yes, yes + no)
    weighted = None
    if weights is not None:
        w = _weighted(np.bincount(shifted, weights=weights, minlength=4).astype(np.float64),
                      np.bincount(shifted, weights=weights * weights,
                                  minlength=4).astype(np.float64))
        weighted = (w[0], w[1], w[2])
    by = {g.name: _by_group(g, shifted, weights) for g in groupings}
    return QuestionResult(ref.code, ref.text, ref.kind, ref.framework, yes + no, yes, no,
                          int(counts[_NA]), int(counts[_BLANK]), p.pct, p.ci95_low,
                          p.ci95_high, weighted, by)


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
            questions.append(question_result(ref, answers, groupings, weights))
        pct = {q.code: q.pct_yes for q in questions if q.framework == code}
        if fw.standards:
            rated, total = rate_standards(fw, pct)
            standards.extend(r for r in rated if any(k in in_table for k in r.key_questions))
            if total is not None:
                overall.append(total)
    return AnalysisResult(codes[0], tuple(codes), table.cases, tuple(names),
                          weights is not None, tuple(questions), tuple(standards),
                          tuple(overall))
