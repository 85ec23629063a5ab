"""Proportions with Wilson score intervals, unweighted and weighted."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

#: The 97.5th percentile of the standard normal distribution (two-sided 95%).
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Proportion:
    """A percentage with its Wilson 95% interval; ``pct`` and bounds are None when n is 0."""

    yes: float
    n: float
    pct: float | None
    ci95_low: float | None
    ci95_high: float | None


def wilson(yes: float, n: float, z: float = Z95) -> Proportion:
    """The Wilson score interval for ``yes`` successes out of ``n``, in percent.

    Parameters
    ----------
    yes, n : float
        Successes and trials (``n`` may be an effective sample size, so need not be whole).
    z : float
        Normal quantile; the default gives a 95% interval.

    Returns
    -------
    Proportion
        Unrounded percentages.

    Notes
    -----
    ``centre = (p + z²/2n) / (1 + z²/n)`` and
    ``half = z sqrt(p(1 − p)/n + z²/4n²) / (1 + z²/n)``. Unlike the Wald interval it stays
    inside [0, 100] and behaves at 0% and 100%.

    References
    ----------
    Wilson E.B. (1927) Probable inference, the law of succession, and statistical
    inference. JASA 22, 209–212.
    """
    if n <= 0:
        return Proportion(yes, n, None, None, None)
    p = yes / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    return Proportion(yes, n, 100 * p, 100 * max(0.0, centre - half),
                      100 * min(1.0, centre + half))


def wilson_arrays(
    yes: npt.NDArray[np.float64], n: npt.NDArray[np.float64], z: float = Z95
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Vectorised :func:`wilson`: percentages and bounds (NaN where n is 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        p = yes / n
        z2 = z * z
        denom = 1 + z2 / n
        centre = (p + z2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
        low = np.clip(centre - half, 0.0, 1.0)
        high = np.clip(centre + half, 0.0, 1.0)
    empty = n <= 0
    return (np.where(empty, np.nan, 100 * p), np.where(empty, np.nan, 100 * low),
            np.where(empty, np.nan, 100 * high))


def weighted_proportion(yes_weight: float, answered_weight: float,
                        answered_weight_sq: float) -> Proportion:
    """A weighted percentage with a Wilson interval on Kish's effective sample size.

    Parameters
    ----------
    yes_weight : float
        Sum of the weights of cases answered yes.
    answered_weight : float
        Sum of the weights of cases answered yes or no.
    answered_weight_sq : float
        Sum of the squared weights of those cases.

    Notes
    -----
    Kish's effective sample size ``n_eff = (Σw)² / Σw²``; the interval is Wilson's with
    ``p = Σw·yes / Σw`` and ``n = n_eff``. With equal weights it equals the unweighted one.
    """
    if answered_weight <= 0 or answered_weight_sq <= 0:
        return Proportion(yes_weight, 0.0, None, None, None)
    n_eff = answered_weight**2 / answered_weight_sq
    p = yes_weight / answered_weight
    result = wilson(p * n_eff, n_eff)
    return Proportion(yes_weight, n_eff, 100 * p, result.ci95_low, result.ci95_high)
