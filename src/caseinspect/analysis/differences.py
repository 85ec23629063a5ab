"""Does one group differ from the rest? (e.g. a PDU against the rest of its region)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import special

ALPHA = 0.05
MIN_EXPECTED = 5.0


@dataclass(frozen=True)
class GroupVsRest:
    """A two-sided test of one group's proportion against the rest of the population.

    Attributes
    ----------
    p : float or None
        Two-sided p-value; None when either side has no answered cases or nothing varies.
    method : str
        ``"z"`` (pooled two-proportion z-test) or ``"fisher"`` (Fisher's exact test, used
        when any expected cell count of the 2 × 2 table is below 5).
    differs : bool
        ``p < 0.05``.
    """

    p: float | None
    method: str
    differs: bool


def group_vs_rest(yes_group: int, n_group: int, yes_all: int, n_all: int) -> GroupVsRest:
    """Test a group's % yes against the rest (all minus the group).

    Parameters
    ----------
    yes_group, n_group : int
        Yes answers and answered cases (yes + no) in the group.
    yes_all, n_all : int
        The same for the whole population the group belongs to.

    Returns
    -------
    GroupVsRest

    Notes
    -----
    The pooled z statistic is ``(p1 − p2) / sqrt(p̂ (1 − p̂) (1/n1 + 1/n2))`` with ``p̂`` the
    pooled proportion, as statsmodels' ``proportions_ztest``. When any expected count of the
    2 × 2 table (group / rest × yes / no) is below 5 the normal approximation is poor, so
    Fisher's exact test (two-sided, SciPy) is used instead.
    """
    n_rest = n_all - n_group
    yes_rest = yes_all - yes_group
    if n_group <= 0 or n_rest <= 0:
        return GroupVsRest(None, "z", False)
    pooled = yes_all / n_all
    if pooled in (0.0, 1.0):
        return GroupVsRest(None, "z", False)
    expected = [
        n_group * pooled,
        n_group * (1 - pooled),
        n_rest * pooled,
        n_rest * (1 - pooled),
    ]
    if min(expected) < MIN_EXPECTED:
        table = [[yes_group, n_group - yes_group], [yes_rest, n_rest - yes_rest]]
        from scipy import stats  # slow to import; needed only for small counts

        p = float(stats.fisher_exact(table, alternative="two-sided").pvalue)
        return GroupVsRest(p, "fisher", p < ALPHA)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_group + 1 / n_rest))
    z = (yes_group / n_group - yes_rest / n_rest) / se
    p = float(2 * special.ndtr(-abs(z)))
    return GroupVsRest(p, "z", p < ALPHA)
