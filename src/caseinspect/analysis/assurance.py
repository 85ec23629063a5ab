"""Does the region know its own quality? Its case assurance against the inspection (issue 7 §4).

Question 1.4 of the dynamic inspection asks whether leaders understand the quality of their
public protection work. The region's own case assurance — a self-assessment of the same
framework, imported as a case table — is set beside the inspectors' case table, indicator by
indicator: each side's % yes, the difference (region − inspectors) with Newcombe's 95%
interval, and, on the cases both judged (the same ``case_id``), Cohen's kappa.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from caseinspect.analysis.agreement import Kappa, cohens_kappa
from caseinspect.analysis.compare import newcombe
from caseinspect.analysis.indicators import (
    indicator_answers,
    indicator_codes,
    indicator_text,
    is_dynamic_table,
    is_present,
    questions_for_indicator,
    resolve_codes,
)
from caseinspect.analysis.proportions import wilson
from caseinspect.casetable import NO, YES, CaseTable
from caseinspect.errors import InputError, Problem
from caseinspect.frameworks.mapping import DYNAMIC

#: How ``more_favourable`` is decided (also in ``AssuranceComparison.to_dict``).
FAVOURABLE_RULE = ("the region's % yes is higher than the inspectors' and the 95% Newcombe "
                   "interval of the difference (region − inspectors) lies wholly above 0")


@dataclass(frozen=True)
class AssuranceRow:
    """One indicator: the region's own judgement beside the inspectors'.

    Attributes
    ----------
    region_n, region_yes, region_pct : int, int, float or None
        Cases answered yes or no in the assurance table, yes, and % yes.
    inspected_n, inspected_yes, inspected_pct : int, int, float or None
        The same in the inspectors' table.
    difference_pp, ci95_low, ci95_high : float or None
        ``region_pct − inspected_pct`` in percentage points with Newcombe's hybrid score
        interval (:func:`caseinspect.analysis.compare.newcombe`).
    region_higher : bool
        The region's % is higher than the inspectors' (however little).
    more_favourable : bool
        The region's % is higher and the interval lies wholly above 0 (:data:`FAVOURABLE_RULE`).
    overlap : int
        Cases in both tables (same ``case_id``) that both answered yes or no.
    kappa : Kappa
        Cohen's kappa on those cases, rater A the region, rater B the inspectors; its
        ``a_more_favourable`` counts cases the region judged yes and the inspectors no.
    """

    code: str
    text: str
    questions: tuple[str, ...]
    region_n: int
    region_yes: int
    region_pct: float | None
    inspected_n: int
    inspected_yes: int
    inspected_pct: float | None
    difference_pp: float | None
    ci95_low: float | None
    ci95_high: float | None
    region_higher: bool
    more_favourable: bool
    overlap: int
    kappa: Kappa

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "text": self.text,
            "questions": list(self.questions),
            "region": {"n": self.region_n, "yes": self.region_yes,
                       "pct_yes": self.region_pct},
            "inspected": {"n": self.inspected_n, "yes": self.inspected_yes,
                          "pct_yes": self.inspected_pct},
            "difference_pp": self.difference_pp,
            "ci95_low": self.ci95_low,
            "ci95_high": self.ci95_high,
            "region_higher": self.region_higher,
            "more_favourable": self.more_favourable,
            "overlap": self.overlap,
            "kappa": self.kappa.to_dict(),
        }


@dataclass(frozen=True)
class AssuranceComparison:
    """The region's case assurance against the inspection, per indicator."""

    inspected_cases: int
    assurance_cases: int
    overlap_cases: int
    rows: tuple[AssuranceRow, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "inspected_cases": self.inspected_cases,
            "assurance_cases": self.assurance_cases,
            "overlap_cases": self.overlap_cases,
            "more_favourable_rule": FAVOURABLE_RULE,
            "indicators": [r.to_dict() for r in self.rows],
        }


def _check_framework(table: CaseTable, role: str) -> Problem | None:
    if is_dynamic_table(table):
        return None
    found = ", ".join(table.frameworks) or "none"
    return Problem(f"the {role} table is not of framework {DYNAMIC} (its questions are of: "
                   f"{found})", table.source)


def _counts(answers: np.ndarray[Any, np.dtype[np.int8]]) -> tuple[int, int]:
    return int(np.count_nonzero(answers == YES)), int(
        np.count_nonzero((answers == YES) | (answers == NO)))


def compare_assurance(inspected: CaseTable, assurance: CaseTable,
                      codes: Sequence[str] | None = None) -> AssuranceComparison:
    """Set the region's own case assurance beside the inspectors' judgements.

    Parameters
    ----------
    inspected : CaseTable
        The inspectors' case table.
    assurance : CaseTable
        The region's case assurance (self-assessment) table of the same framework.
    codes : sequence of str, optional
        Indicator codes; by default every indicator of the mapping present in both tables.

    Returns
    -------
    AssuranceComparison

    Raises
    ------
    InputError
        When either table is not of the dynamic framework (see
        :func:`~caseinspect.analysis.indicators.is_dynamic_table`), or they share no
        indicator.

    Notes
    -----
    The difference's interval treats the two tables as independent samples. Where they
    hold the same cases the judgements are paired and positively correlated, so the
    interval is, if anything, wider than a paired one: a ``more_favourable`` flag is not
    raised lightly. Kappa is computed only on cases both tables hold and both answered.
    """
    problems = [p for p in (_check_framework(inspected, "inspected"),
                            _check_framework(assurance, "assurance")) if p is not None]
    if problems:
        raise InputError(problems)
    if codes is None:
        chosen = [c for c in indicator_codes()
                  if is_present(inspected, c) and is_present(assurance, c)]
        if not chosen:
            raise InputError.single("the inspected and assurance tables share no indicator "
                                    "column", file=assurance.source)
    else:
        chosen = resolve_codes(inspected, codes)
        resolve_codes(assurance, chosen)
    ids_a = pd.Index(assurance.frame["case_id"].astype(str))
    ids_i = pd.Index(inspected.frame["case_id"].astype(str))
    at = ids_a.get_indexer(ids_i)
    both = at >= 0
    rows = []
    for code in chosen:
        a_answers = indicator_answers(assurance, code)
        i_answers = indicator_answers(inspected, code)
        a_yes, a_n = _counts(a_answers)
        i_yes, i_n = _counts(i_answers)
        d, low, high = newcombe(i_yes, i_n, a_yes, a_n)
        a_pct, i_pct = wilson(a_yes, a_n).pct, wilson(i_yes, i_n).pct
        higher = a_pct is not None and i_pct is not None and a_pct > i_pct
        kappa = cohens_kappa(a_answers[at[both]], i_answers[both])
        text, _ = indicator_text(code)
        rows.append(AssuranceRow(
            code, text, questions_for_indicator(code), a_n, a_yes, a_pct, i_n, i_yes, i_pct,
            d, low, high, higher, higher and low is not None and low > 0, kappa.n, kappa))
    return AssuranceComparison(inspected.cases, assurance.cases, int(both.sum()), tuple(rows))
