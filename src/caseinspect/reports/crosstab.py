"""Seed 003's table: one question by each breakdown group within each programme.

The counts and percentages are the analysis core's own (:class:`AnswerCounter`) on each
programme's cases, with the breakdown groupings computed once for the whole table and sliced,
so a million cases cost one pass per question and programme.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from caseinspect.analysis import AnalysisResult, GroupResult, QuestionResult
from caseinspect.analysis.breakdowns import Grouping, grouping
from caseinspect.analysis.compare import Change, Comparison, newcombe
from caseinspect.analysis.differences import group_vs_rest
from caseinspect.analysis.proportions import wilson
from caseinspect.analysis.summary import AnswerCounter
from caseinspect.casetable import CaseTable
from caseinspect.frameworks import QuestionRef


@dataclass(frozen=True)
class CrossTab:
    """``overall`` is the question over all cases; ``columns[k]`` over programme ``labels[k]``."""

    code: str
    text: str
    framework: str
    breakdowns: tuple[str, ...]
    labels: tuple[str, ...]
    overall: QuestionResult
    columns: tuple[QuestionResult, ...]


def table_breakdowns(result: AnalysisResult, column: str) -> list[str]:
    """The rows' breakdowns: the analysis's, without the column attribute; RoSH banded as
    in seed 003 (high and very high together) when both are present."""
    names = [b for b in result.breakdowns if b != column]
    if "rosh_band" in names and "rosh" in names:
        names.remove("rosh")
    return names


def _slice(g: Grouping, mask: npt.NDArray[np.bool_]) -> Grouping:
    return Grouping(g.name, g.labels, g.codes[mask])


def crosstabs(table: CaseTable, result: AnalysisResult, codes: Sequence[str],
              column: str = "programme", split: str | None = None) -> list[CrossTab]:
    """Per question, its results over all cases and over each group of ``column``, by the
    table's breakdowns (and by ``split``, counted for :func:`comparison` but not shown)."""
    names = table_breakdowns(result, column)
    counted = [*names, split] if split and split not in names else names
    groupings = [g for g in (grouping(table, n) for n in counted) if g is not None]
    by = grouping(table, column)
    labels: tuple[str, ...] = ()
    everyone = AnswerCounter(groupings, table.cases, None)
    subsets: list[tuple[npt.NDArray[np.bool_], AnswerCounter]] = []
    if by is not None:
        labels = by.labels
        for k in range(len(labels)):
            mask = by.codes == k
            subsets.append((mask, AnswerCounter([_slice(g, mask) for g in groupings],
                                                int(mask.sum()), None)))
    out = []
    for code in codes:
        q = result.question(code)
        ref = QuestionRef(q.code, q.text, "key_question" if q.kind == "key_question"
                          else "prompt" if q.kind == "prompt" else "fact", q.framework)
        answers = table.frame[code].to_numpy()
        overall = everyone.count(ref, answers)
        columns = tuple(counter.count(ref, answers[mask]) for mask, counter in subsets)
        out.append(CrossTab(code, q.text, q.framework,
                            tuple(g.name for g in groupings if g.name in names), labels,
                            overall, columns))
    return out


def _change(label: str | None, src: GroupResult | QuestionResult | None,
            dst: GroupResult | QuestionResult | None) -> Change:
    """The analysis core's change (:mod:`caseinspect.analysis.compare`): Newcombe's interval
    and the two-proportion test, from counts already taken."""
    n1, y1 = (src.n, src.yes) if src is not None else (0, 0)
    n2, y2 = (dst.n, dst.yes) if dst is not None else (0, 0)
    d, low, high = newcombe(y1, n1, y2, n2)
    test = group_vs_rest(y2, n2, y1 + y2, n1 + n2)
    return Change(label, n1, y1, wilson(y1, n1).pct, n2, y2, wilson(y2, n2).pct, d, low, high,
                  test.p, test.method)


def comparison(tabs: Sequence[CrossTab], table: CaseTable, column: str, from_value: str,
               to_value: str, split: str | None) -> Comparison:
    """The change from one group of the column to another, per question and within each
    group of ``split``: what :func:`caseinspect.analysis.compare.compare` gives (without its
    tests of group differences), from the cross-tabulations' counts rather than another pass
    over the cases."""
    labels = tabs[0].labels if tabs else ()
    src, dst = labels.index(from_value), labels.index(to_value)
    s = grouping(table, split) if split else None
    changes: dict[str, tuple[Change, ...]] = {}
    for ct in tabs:
        a, b = ct.columns[src], ct.columns[dst]
        rows = [_change(None, a, b)]
        if s is not None and split is not None:
            by_a = {g.group: g for g in a.by[split]}
            by_b = {g.group: g for g in b.by[split]}
            rows += [_change(label, by_a.get(label), by_b.get(label)) for label in s.labels]
        changes[ct.code] = tuple(rows)
    return Comparison(column, from_value, to_value, split, changes, ())
