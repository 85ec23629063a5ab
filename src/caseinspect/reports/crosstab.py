"""Seed 003's table: one question by each breakdown group within each programme.

The counts and percentages are the analysis core's own (:func:`question_result`) on each
programme's cases, with the breakdown groupings computed once for the whole table and sliced,
so a million cases cost one pass per question and programme.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from caseinspect.analysis import AnalysisResult, QuestionResult
from caseinspect.analysis.breakdowns import Grouping, grouping
from caseinspect.analysis.summary import question_result
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
              column: str = "programme") -> list[CrossTab]:
    names = table_breakdowns(result, column)
    groupings = [g for g in (grouping(table, n) for n in names) if g is not None]
    by = grouping(table, column)
    labels: tuple[str, ...] = ()
    subsets: list[tuple[npt.NDArray[np.bool_], list[Grouping]]] = []
    if by is not None:
        labels = by.labels
        for k in range(len(labels)):
            mask = by.codes == k
            subsets.append((mask, [_slice(g, mask) for g in groupings]))
    out = []
    for code in codes:
        q = result.question(code)
        ref = QuestionRef(q.code, q.text, "key_question" if q.kind == "key_question"
                          else "prompt" if q.kind == "prompt" else "fact", q.framework)
        answers = table.frame[code].to_numpy()
        overall = question_result(ref, answers, groupings)
        columns = tuple(question_result(ref, answers[mask], sliced) for mask, sliced in subsets)
        out.append(CrossTab(code, q.text, q.framework, tuple(g.name for g in groupings),
                            labels, overall, columns))
    return out
