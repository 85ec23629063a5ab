"""Disclosure control for published tables: small-cell and secondary suppression.

Primary suppression hides every cell whose number of cases is below a threshold (default 10)
but above zero. Secondary suppression then makes sure no hidden cell can be worked out from the
published row and column totals: wherever a row or a column has exactly one hidden cell, the
smallest other non-empty cell of that row or column is hidden too; then every hidden cell is
audited by linear programming (its least and greatest values given the published cells and
totals), and while any can be pinned down a further cell of its row is hidden.

The ``acro`` package of the SACRO project (1.0.2) was looked at first. It wraps its own
crosstab and regression calls and applies primary suppression to the tables it builds; it does
not take an existing table and protect it against its margins, and it requires pandas <= 2.3.3
while caseinspect pins pandas 3.1.1. So this small rule is implemented here, with a test that
tries to recover suppressed cells from the totals by linear programming and fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

DEFAULT_THRESHOLD = 10
RULE = ("Cells based on fewer than {t} cases are suppressed (shown as 'c'), and further cells "
        "are suppressed where needed so that no suppressed value can be worked out from the "
        "totals.")


@dataclass(frozen=True)
class Suppression:
    threshold: int
    mask: npt.NDArray[np.bool_]
    primary: npt.NDArray[np.bool_]

    def rule(self) -> str:
        return RULE.format(t=self.threshold)


def suppress(counts: npt.ArrayLike, threshold: int = DEFAULT_THRESHOLD) -> Suppression:
    """Which cells of a table of case counts to hide before publication.

    Parameters
    ----------
    counts : array_like, 1-D or 2-D
        Cases per cell; totals of every row and column are assumed published.
    threshold : int
        Cells with ``0 < n < threshold`` are hidden (primary suppression).

    Returns
    -------
    Suppression
        ``mask`` marks every cell to hide (primary and secondary).
    """
    n = np.asarray(counts, dtype=np.int64)
    table = n.reshape(-1, 1) if n.ndim == 1 else n
    primary = (table > 0) & (table < threshold)
    mask = _pairs(table, primary.copy())
    for _ in range(table.size):
        exposed = _recoverable(table, mask, row_totals=n.ndim == 2)
        if exposed is None:
            break
        i, j = exposed
        row = np.flatnonzero(~mask[i] & (table[i] > 0))
        col = np.flatnonzero(~mask[:, j] & (table[:, j] > 0))
        if row.size:
            mask[i, row[np.argmin(table[i, row])]] = True
        elif col.size:
            mask[col[np.argmin(table[col, j])], j] = True
        else:
            break
        mask = _pairs(table, mask)
    shape = n.shape
    return Suppression(threshold, mask.reshape(shape), primary.reshape(shape))


def _pairs(table: npt.NDArray[np.int64], mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Hide a second cell in every row and column that hides exactly one."""
    changed = True
    while changed:
        changed = False
        for axis in (0, 1):
            lines = mask if axis == 1 else mask.T
            values = table if axis == 1 else table.T
            for i in range(lines.shape[0]):
                if int(lines[i].sum()) != 1:
                    continue
                candidates = np.flatnonzero(~lines[i] & (values[i] > 0))
                if candidates.size == 0:
                    continue
                j = candidates[np.argmin(values[i][candidates])]
                if axis == 1:
                    mask[i, j] = True
                else:
                    mask[j, i] = True
                changed = True
    return mask


def _recoverable(table: npt.NDArray[np.int64], mask: npt.NDArray[np.bool_],
                 row_totals: bool) -> tuple[int, int] | None:
    """A hidden cell an attacker could pin down from the totals (linear programming), if any."""
    from scipy.optimize import linprog  # only when something is hidden: keeps start-up fast

    hidden = [(int(i), int(j)) for i, j in zip(*np.nonzero(mask), strict=True)]
    if not hidden:
        return None
    index = {c: k for k, c in enumerate(hidden)}
    rows = []
    rhs = []
    for axis in (0, 1) if row_totals else (1,):
        for line in range(table.shape[axis]):
            cells = [(line, j) for j in range(table.shape[1])] if axis == 0 else \
                [(i, line) for i in range(table.shape[0])]
            coeffs = np.zeros(len(hidden))
            for c in cells:
                if c in index:
                    coeffs[index[c]] = 1.0
            if coeffs.any():
                rows.append(coeffs)
                rhs.append(float(sum(table[c] for c in cells if c in index)))
    a_eq = np.array(rows)
    b_eq = np.array(rhs)
    for cell, k in index.items():
        objective = np.zeros(len(hidden))
        objective[k] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        if low.status == 0 and high.status == 0 and (-high.fun) - low.fun < 0.5:
            return cell
    return None


def publish_analysis(data: dict[str, Any], threshold: int = DEFAULT_THRESHOLD) -> dict[str, Any]:
    """An ``analyse --json`` dict made safe to publish: small groups suppressed per breakdown.

    Suppressed groups keep their ``group`` label and get ``"suppressed": true`` with every
    count, percentage and interval set to null; a question answered by fewer than
    ``threshold`` cases is suppressed whole. The rule is stated under ``disclosure``.
    """
    out = dict(data)
    questions = []
    figures = ("n", "yes", "no", "na", "blank", "pct_yes", "ci95_low", "ci95_high",
               "pct_yes_weighted", "ci95_low_weighted", "ci95_high_weighted")
    for q in data["questions"]:
        q2 = dict(q)
        whole = 0 < q["n"] < threshold
        by: dict[str, list[dict[str, Any]]] = {}
        for name, groups in q["by"].items():
            mask = suppress([g["n"] for g in groups], threshold).mask
            by[name] = [_hide(g, figures) if (whole or hide) else {**g, "suppressed": False}
                        for g, hide in zip(groups, mask, strict=True)]
        q2["by"] = by
        if whole:
            q2 = _hide(q2, figures)
        else:
            q2["suppressed"] = False
        questions.append(q2)
    out["questions"] = questions
    out["disclosure"] = {"threshold": threshold, "rule": RULE.format(t=threshold)}
    return out


def _hide(cell: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    return {**{k: (None if k in fields else v) for k, v in cell.items()}, "suppressed": True}
