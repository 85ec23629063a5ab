"""Case indicators for a dynamic inspection's regional questions (issue 7 §3, §5).

An *indicator* is a case question (key question, prompt or fact) or a derived indicator of
the framework's mapping (:mod:`caseinspect.frameworks.mapping`) that informs one or more
regional questions (``F1`` informs ``1.9``). For each, the region's % yes with a Wilson 95%
interval, and each group of a breakdown (PDU by default) with its own % and whether it
differs from the rest of the table — taken to be one region's inspection — by a two-sided
test of two proportions at 5% (:func:`caseinspect.analysis.differences.group_vs_rest`: the
pooled z-test, or Fisher's exact test when an expected count is below 5).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from caseinspect.analysis.breakdowns import MISSING, Grouping, grouping
from caseinspect.analysis.differences import group_vs_rest
from caseinspect.analysis.proportions import wilson
from caseinspect.casetable import NA, NO, YES, CaseTable
from caseinspect.errors import InputError, Problem
from caseinspect.frameworks import load_framework
from caseinspect.frameworks.mapping import DYNAMIC, DerivedIndicator, load_mapping

Answers = npt.NDArray[np.int8]


@dataclass(frozen=True)
class IndicatorGroup:
    """One group of a breakdown for one indicator, against the rest of the region.

    Attributes
    ----------
    group : str
        The group's label (``missing`` for cases with a blank attribute).
    n, yes : int
        Cases answered yes or no, and yes, in the group.
    pct_yes, ci95_low, ci95_high : float or None
        % yes with its Wilson 95% interval; None when ``n`` is 0.
    differs : bool
        ``p < 0.05``.
    p : float or None
        Two-sided p-value of the group against the rest of the table; None when the group or
        the rest has no answered case, or every answered case has the same answer.
    method : str
        ``"z"`` (pooled two-proportion z-test) or ``"fisher"`` (Fisher's exact test).
    """

    group: str
    n: int
    yes: int
    pct_yes: float | None
    ci95_low: float | None
    ci95_high: float | None
    differs: bool
    p: float | None
    method: str = "z"

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group, "n": self.n, "yes": self.yes, "pct_yes": self.pct_yes,
                "ci95_low": self.ci95_low, "ci95_high": self.ci95_high,
                "differs": self.differs, "p": self.p}


@dataclass(frozen=True)
class Indicator:
    """One case indicator over the whole table and by each breakdown.

    ``kind`` is ``key_question``, ``prompt``, ``fact`` or ``derived``; ``questions`` are
    the regional questions it informs (from the mapping). Neither is part of
    :meth:`to_dict`, whose shape is that of ``analyse --json`` questions (issue 7 §5).
    """

    code: str
    text: str
    n: int
    yes: int
    pct_yes: float | None
    ci95_low: float | None
    ci95_high: float | None
    by: Mapping[str, tuple[IndicatorGroup, ...]] = field(default_factory=dict)
    kind: str = "fact"
    questions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text, "n": self.n, "yes": self.yes,
                "pct_yes": self.pct_yes, "ci95_low": self.ci95_low,
                "ci95_high": self.ci95_high,
                "by": {name: [g.to_dict() for g in groups] for name, groups in self.by.items()}}


def indicators_for_question(question_code: str) -> tuple[str, ...]:
    """The case indicators that inform a regional question (``"1.9"`` → ``("F1",)``)."""
    return load_mapping().indicators_for_question(question_code)


def questions_for_indicator(code: str) -> tuple[str, ...]:
    """The regional questions a case indicator informs (``"F6"`` → ``("1.3", "1.13", "1.14")``)."""
    return load_mapping().questions_for_indicator(code)


def indicator_codes() -> tuple[str, ...]:
    """Every indicator of the mapping: the framework's questions in its order, then derived."""
    mapping = load_mapping()
    linked = set(mapping.indicator_codes())
    ordered = [q.code for q in load_framework(DYNAMIC).questions() if q.code in linked]
    return (*ordered, *(d.code for d in mapping.derived))


def indicator_text(code: str) -> tuple[str, str]:
    """An indicator's text and kind."""
    derived = load_mapping().derived_indicator(code)
    if derived is not None:
        return derived.text, "derived"
    q = load_framework(DYNAMIC).question(code)
    return q.text, q.kind


def _holds(column: pd.Series, values: Sequence[str]) -> npt.NDArray[np.bool_]:
    """Cases whose text attribute is one of ``values`` (a blank never is)."""
    cat = pd.Categorical(column)
    wanted = np.array([str(c) in values for c in cat.categories] + [False], dtype=bool)
    return np.asarray(wanted[np.asarray(cat.codes, dtype=np.int64)], dtype=bool)


def _derived_answers(table: CaseTable, d: DerivedIndicator) -> Answers:
    frame = table.frame
    counted = np.ones(table.cases, dtype=bool)
    for name, values in d.where.items():
        counted &= _holds(frame[name], values)
    out = np.full(table.cases, NA, dtype=np.int8)
    out[counted & _holds(frame[d.attribute], d.yes_values)] = YES
    out[counted & _holds(frame[d.attribute], d.no_values)] = NO
    return out


def is_dynamic_table(table: CaseTable) -> bool:
    """Whether a table is of the dynamic framework: the reader found its key questions or
    prompts, or every question column is one of its questions (a table of facts only, which
    the reader gives to the first framework holding them)."""
    if DYNAMIC in table.frameworks:
        return True
    codes = {q.code for q in load_framework(DYNAMIC).questions()}
    return bool(table.questions) and set(table.questions) <= codes


def is_present(table: CaseTable, code: str) -> bool:
    """Whether the table holds what an indicator is counted from (its column or attributes)."""
    derived = load_mapping().derived_indicator(code)
    if derived is None:
        return code in table.questions
    return all(name in table.attributes for name in derived.attributes)


def indicator_answers(table: CaseTable, code: str) -> Answers:
    """Answer codes (YES / NO / NA / BLANK) of an indicator for every case of the table."""
    derived = load_mapping().derived_indicator(code)
    if derived is not None:
        return _derived_answers(table, derived)
    return np.asarray(table.frame[code].to_numpy(), dtype=np.int8)


def resolve_codes(table: CaseTable, codes: Sequence[str] | None) -> list[str]:
    """The indicators to compute: those asked for (each a case question of the framework or a
    derived indicator, and present), or every indicator of the mapping present in the table;
    an :class:`InputError` when none is."""
    known = indicator_codes()
    allowed = set(known) | {q.code for q in load_framework(DYNAMIC).questions()}
    if codes is None:
        chosen = [c for c in known if is_present(table, c)]
        if not chosen:
            raise InputError.single(
                "no indicator columns: the table holds none of the case questions or "
                f"attributes the regional questions draw on ({', '.join(known)})",
                file=table.source)
        return chosen
    problems = []
    for code in codes:
        if code not in allowed:
            problems.append(Problem(f"unknown indicator {code!r}: not a case question of "
                                    f"{DYNAMIC} nor a derived indicator", table.source))
        elif not is_present(table, code):
            problems.append(Problem(f"the table has no column for indicator {code!r}",
                                    table.source))
    if problems:
        raise InputError(problems)
    return list(dict.fromkeys(codes))


def _counts(answers: Answers) -> tuple[int, int]:
    return int(np.count_nonzero(answers == YES)), int(
        np.count_nonzero((answers == YES) | (answers == NO)))


def _groups(g: Grouping, answers: Answers, yes_all: int,
            n_all: int) -> tuple[IndicatorGroup, ...]:
    answered = (answers == YES) | (answers == NO)
    size = len(g.labels) + 1
    n_by = np.bincount(g.codes[answered], minlength=size)
    yes_by = np.bincount(g.codes[answers == YES], minlength=size)
    has_missing = bool(np.any(g.codes == len(g.labels)))
    out = []
    for k, label in enumerate([*g.labels, MISSING]):
        if k == len(g.labels) and not has_missing:
            continue
        yes, n = int(yes_by[k]), int(n_by[k])
        prop = wilson(yes, n)
        test = group_vs_rest(yes, n, yes_all, n_all)
        out.append(IndicatorGroup(label, n, yes, prop.pct, prop.ci95_low, prop.ci95_high,
                                  test.differs, test.p, test.method))
    return tuple(out)


def check_breakdowns(table: CaseTable, by: Sequence[str]) -> None:
    """An :class:`InputError` naming every breakdown the table cannot be split by."""
    missing = [name for name in by if grouping(table, name) is None]
    if missing:
        have = ", ".join(table.attributes) or "none"
        raise InputError([Problem(f"no attribute column {name!r} to break down by "
                                  f"(attributes: {have})", table.source, column=name)
                          for name in missing])


def compute_indicators(table: CaseTable, codes: Sequence[str] | None = None,
                       by: Sequence[str] = ("pdu",)) -> tuple[Indicator, ...]:
    """% yes of each case indicator, overall and by each breakdown, with group-vs-rest tests.

    Parameters
    ----------
    table : CaseTable
        One region's inspected cases (or its own case assurance).
    codes : sequence of str, optional
        Indicator codes; by default every indicator of the mapping present in the table. Any
        key question, prompt or fact of the framework may be asked for (``F4``, ``C1.a``),
        linked or not.
    by : sequence of str
        Attribute columns (or derived breakdowns such as ``rosh_band``) to break down by.

    Returns
    -------
    tuple of Indicator
        In the framework's question order, derived indicators last.

    Raises
    ------
    InputError
        For an unknown or absent indicator, a breakdown the table lacks, or a table with no
        indicator at all.

    Notes
    -----
    ``n`` counts cases answered yes or no (na and blank are left out); percentages are
    unweighted and unrounded, with Wilson 95% intervals. Each group is compared with the
    rest of the table (all answered cases minus the group's) by
    :func:`~caseinspect.analysis.differences.group_vs_rest`: two-sided pooled z-test of two
    proportions, Fisher's exact test when any expected count of the 2 × 2 table is below 5;
    ``differs`` is ``p < 0.05``. No correction is made for testing many groups.
    """
    chosen = resolve_codes(table, codes)
    check_breakdowns(table, by)
    groupings = {name: grouping(table, name) for name in dict.fromkeys(by)}
    out = []
    for code in chosen:
        answers = indicator_answers(table, code)
        yes, n = _counts(answers)
        prop = wilson(yes, n)
        text, kind = indicator_text(code)
        groups = {name: _groups(g, answers, yes, n) for name, g in groupings.items()
                  if g is not None}
        out.append(Indicator(code, text, n, yes, prop.pct, prop.ci95_low, prop.ci95_high,
                             groups, kind, questions_for_indicator(code)))
    return tuple(out)
