"""Agreement between two sets of judgements of the same cases (Cohen's kappa).

Used to ask whether a region knows its own quality (dynamic inspection question 1.4): the
region's own case assurance judgements against the inspectors' judgements of the same cases.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special


@dataclass(frozen=True)
class Kappa:
    """Cohen's kappa for two raters' yes / no judgements of the same cases.

    Attributes
    ----------
    n : int
        Cases judged (yes or no) by both raters.
    table : tuple of tuple of int
        2 × 2 counts, rows rater A (yes, no), columns rater B (yes, no).
    observed : float
        Proportion of cases on which the raters agree.
    expected : float
        Agreement expected by chance from the raters' marginal rates.
    kappa : float or None
        ``(observed - expected) / (1 - expected)``; None when ``expected`` is 1 or n is 0.
    ci95_low, ci95_high : float or None
        Large-sample 95% interval, using the standard error of Fleiss, Cohen and Everitt
        (1969) as statsmodels' ``cohens_kappa`` does.
    a_more_favourable : int
        Cases rater A judged yes where rater B judged no.
    b_more_favourable : int
        Cases rater B judged yes where rater A judged no.
    """

    n: int
    table: tuple[tuple[int, int], tuple[int, int]]
    observed: float | None
    expected: float | None
    kappa: float | None
    ci95_low: float | None
    ci95_high: float | None
    a_more_favourable: int
    b_more_favourable: int

    def to_dict(self) -> dict[str, object]:
        return {
            "n": self.n,
            "table": [list(r) for r in self.table],
            "observed": self.observed,
            "expected": self.expected,
            "kappa": self.kappa,
            "ci95_low": self.ci95_low,
            "ci95_high": self.ci95_high,
            "a_more_favourable": self.a_more_favourable,
            "b_more_favourable": self.b_more_favourable,
        }


def cohens_kappa(a: npt.ArrayLike, b: npt.ArrayLike) -> Kappa:
    """Cohen's kappa for paired yes (1) / no (0) judgements; other values are left out.

    Parameters
    ----------
    a, b : array_like of int
        Answer codes of the same cases, in the same order, from two raters. Only pairs where
        both are yes (1) or no (0) count.

    Returns
    -------
    Kappa

    Notes
    -----
    With ``p_o`` the observed agreement, ``p_e = Σ_k p_{k·} p_{·k}`` the chance agreement,
    ``κ = (p_o − p_e) / (1 − p_e)``. The asymptotic variance is that of Fleiss, Cohen and
    Everitt (1969)::

        var = [Σ_k p_kk (1 − (p_k· + p_·k)(1 − κ))²
               + (1 − κ)² Σ_{k≠l} p_kl (p_·k + p_l·)²
               − (κ − p_e (1 − κ))²] / (n (1 − p_e)²)

    References
    ----------
    Cohen J. (1960) A coefficient of agreement for nominal scales.
    Fleiss J.L., Cohen J., Everitt B.S. (1969) Large sample standard errors of kappa and
    weighted kappa. Psychological Bulletin 72(5).
    """
    x = np.asarray(a)
    y = np.asarray(b)
    if x.shape != y.shape:
        raise ValueError("the two sets of judgements must be the same length")
    both = np.isin(x, (0, 1)) & np.isin(y, (0, 1))
    xa = x[both].astype(np.int64)
    yb = y[both].astype(np.int64)
    n = int(xa.size)
    # index 0 = yes, 1 = no
    counts = np.bincount((1 - xa) * 2 + (1 - yb), minlength=4).reshape(2, 2)
    table = ((int(counts[0, 0]), int(counts[0, 1])), (int(counts[1, 0]), int(counts[1, 1])))
    a_fav, b_fav = table[0][1], table[1][0]
    if n == 0:
        return Kappa(0, table, None, None, None, None, None, a_fav, b_fav)
    p = counts / n
    rows = p.sum(axis=1)
    cols = p.sum(axis=0)
    p_o = float(np.trace(p))
    p_e = float(rows @ cols)
    if p_e >= 1.0:
        return Kappa(n, table, p_o, p_e, None, None, None, a_fav, b_fav)
    kappa = (p_o - p_e) / (1 - p_e)
    diag = sum(
        p[k, k] * (1 - (rows[k] + cols[k]) * (1 - kappa)) ** 2 for k in range(2)
    )
    off = sum(
        p[k, m] * (cols[k] + rows[m]) ** 2 for k in range(2) for m in range(2) if k != m
    )
    var = (diag + (1 - kappa) ** 2 * off - (kappa - p_e * (1 - kappa)) ** 2) / (
        n * (1 - p_e) ** 2
    )
    se = float(np.sqrt(max(var, 0.0)))
    z = float(special.ndtri(0.975))
    return Kappa(
        n, table, p_o, p_e, float(kappa), float(kappa - z * se), float(kappa + z * se), a_fav,
        b_fav,
    )
