"""Logistic regression fitted on covariate patterns (grouped binomial data).

A row-level logistic regression of yes (1) / no (0) on categorical variables has exactly the
same likelihood as a binomial regression on the distinct combinations of those variables
(the covariate patterns) with their counts of yes and of trials; fitting on patterns gives
identical estimates at a cost that grows with the number of patterns, not of cases.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

MAX_ITER = 100
TOL = 1e-10
#: A coefficient this large (odds ratio beyond e^15) signals separation, not an estimate.
SEPARATION_COEF = 15.0
#: Coefficients running past this while the log-likelihood stops rising: the estimates are
#: heading to infinity (separation), so Newton–Raphson stops.
DIVERGED_COEF = 30.0
#: A fitted probability this close to 0 or 1 predicts its cases perfectly.
PERFECT = 1e-8
#: A column of the design whose variance left after the earlier columns is below this share of
#: its own is aliased (a linear combination of them).
ALIASED = 1e-9

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class LogitFit:
    """A fitted grouped logistic regression.

    Attributes
    ----------
    params, bse : ndarray
        Coefficients and their standard errors (from the inverse observed information), one
        per column of the design; an aliased column has coefficient 0 and standard error NaN.
    loglik : float
        Σ y log p + (m − y) log(1 − p): the row-level Bernoulli log-likelihood.
    converged : bool
        Newton–Raphson reached the tolerance within the iteration limit.
    iterations : int
    separated : tuple of int
        Columns whose estimates are unreliable because of (quasi-)separation.
    aliased : tuple of int
        Columns left out because they are linear combinations of earlier columns.
    rank : int
        Number of columns estimated (columns − aliased): the model's degrees of freedom.
    perfect : int
        Cases whose fitted probability is 0 or 1 and equal to their answer.
    separation : str
        ``"none"``, ``"quasi"`` (some cases predicted perfectly, or a level all yes / all no)
        or ``"complete"`` (every case predicted perfectly); ``"not assessed"`` when fitted
        without ``summary``.
    """

    params: FloatArray
    bse: FloatArray
    loglik: float
    converged: bool
    iterations: int
    separated: tuple[int, ...]
    aliased: tuple[int, ...]
    rank: int
    perfect: int
    separation: str


def _loglik(eta: FloatArray, y: FloatArray, m: FloatArray) -> float:
    # y log p + (m − y) log(1 − p) = y η − m log(1 + e^η), the log computed stably
    return float(y @ eta - m @ np.logaddexp(0.0, eta))


def _expit(eta: FloatArray) -> FloatArray:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * eta)), dtype=np.float64)


def independent_columns(x: FloatArray, m: FloatArray) -> list[int]:
    """Columns of ``x`` that are not linear combinations of earlier ones (on cells with cases).

    Gram–Schmidt on ``xᵀ diag(m) x``: a column is kept when the share of its weighted sum of
    squares left after projecting on the kept columns exceeds :data:`ALIASED`.
    """
    gram = (x * m[:, None]).T @ x
    scale = np.sqrt(np.diag(gram))
    if np.all(scale > 0):
        try:  # the usual case, at once: Cholesky's squared pivots are the shares left
            pivots = np.diag(np.linalg.cholesky(gram / np.outer(scale, scale))) ** 2
            if np.all(pivots > ALIASED):
                return list(range(x.shape[1]))
        except np.linalg.LinAlgError:
            pass
    kept: list[int] = []
    for j in range(x.shape[1]):
        own = gram[j, j]
        if own <= 0:
            continue
        if kept:
            g = gram[np.ix_(kept, kept)]
            c = gram[kept, j]
            own = own - c @ np.linalg.solve(g, c)
        if own > ALIASED * gram[j, j]:
            kept.append(j)
    return kept


def fit_logit(x: FloatArray, y: FloatArray, m: FloatArray,
              start: FloatArray | None = None, summary: bool = True) -> LogitFit:
    """Fit ``logit P(yes) = x β`` to ``y`` yes out of ``m`` trials per pattern.

    Parameters
    ----------
    x : ndarray, shape (patterns, k)
        Design matrix (an intercept column and dummy columns).
    y, m : ndarray, shape (patterns,)
        Yes counts and trials per pattern.
    start : ndarray, shape (k,), optional
        Starting coefficients (default 0), e.g. a nested model's estimates: the
        log-likelihood is concave, so the maximum is the same from any start, in fewer
        iterations from a near one.
    summary : bool
        Compute the standard errors and look for separation (default). Without, only the
        estimates, log-likelihood and rank are meaningful (``bse`` is NaN, ``separation``
        is ``"not assessed"``): enough for a likelihood-ratio test, in less time.

    Returns
    -------
    LogitFit

    Notes
    -----
    Newton–Raphson with step halving from ``start``: gradient ``xᵀ(y − m p)``, Hessian
    ``xᵀ diag(m p (1 − p)) x``; converged when no coefficient moves by more than 1e-10.
    Aliased columns (linear combinations of earlier ones, e.g. a PDU within its region) are
    left out first. Separation is flagged for a dummy column whose cases are all yes or all no,
    for a coefficient beyond ±15, and for every column of a fit that neither converges nor
    diverges; the cases whose fitted probability is within 1e-8 of their answer are counted
    (quasi-complete separation when some are, complete when all are). Iteration stops early
    when coefficients pass ±30 while the log-likelihood no longer rises: the maximum is at
    infinity, and the log-likelihood is then within a negligible distance of its supremum.
    """
    k = x.shape[1]
    kept = independent_columns(x, m) if k else []
    xs = x[:, kept]
    beta = np.zeros(len(kept)) if start is None else np.asarray(start, dtype=np.float64)[kept]
    eta = xs @ beta
    ll = _loglik(eta, y, m)
    converged = diverged = False
    iterations = 0
    for iterations in range(1, MAX_ITER + 1):  # noqa: B007 - reported in the fit
        p = _expit(eta)
        grad = xs.T @ (y - m * p)
        hess = (xs * (m * p * (1.0 - p))[:, None]).T @ xs
        try:
            step = np.linalg.solve(hess, grad)
        except np.linalg.LinAlgError:
            step = np.linalg.lstsq(hess, grad, rcond=None)[0]
        t = 1.0
        while True:
            new_beta = beta + t * step
            new_eta = xs @ new_beta
            new_ll = _loglik(new_eta, y, m)
            if new_ll >= ll - 1e-12 or t < 1e-8:
                break
            t /= 2
        gain = new_ll - ll
        change = float(np.max(np.abs(new_beta - beta))) if len(kept) else 0.0
        beta, eta, ll = new_beta, new_eta, new_ll
        if change < TOL:
            converged = True
            break
        if float(np.max(np.abs(beta))) > DIVERGED_COEF and gain < 1e-9:
            diverged = True
            break
    params = np.zeros(k)
    params[kept] = beta
    aliased = tuple(j for j in range(k) if j not in kept)
    if not summary:
        return LogitFit(params, np.full(k, np.nan), ll, converged, iterations, (), aliased,
                        len(kept), 0, "not assessed")
    p = _expit(eta)
    if not converged:  # else the last step's Hessian: β moved by under 1e-10 since
        hess = (xs * (m * p * (1.0 - p))[:, None]).T @ xs
    try:
        bse_kept = np.sqrt(np.clip(np.diag(np.linalg.inv(hess)), 0.0, None))
    except np.linalg.LinAlgError:
        bse_kept = np.full(len(kept), np.inf)
    bse = np.full(k, np.nan)
    bse[kept] = bse_kept
    separated: set[int] = set()
    on = (x != 0).astype(np.float64)
    yes_on, trials_on = on.T @ y, on.T @ m
    for j in kept[1:] if kept and kept[0] == 0 else kept:
        if trials_on[j] == 0 or yes_on[j] == 0 or yes_on[j] == trials_on[j]:
            separated.add(j)
    separated |= {j for j in kept if abs(params[j]) > SEPARATION_COEF}
    if not converged and not diverged:
        separated |= {j for j in kept if j != 0}
    hit = ((y == m) & (p > 1 - PERFECT)) | ((y == 0) & (p < PERFECT))
    perfect = int(m[hit & (m > 0)].sum())
    total = float(m.sum())
    kind = "complete" if total and perfect == total else (
        "quasi" if perfect or separated else "none")
    return LogitFit(params, bse, ll, converged, iterations, tuple(sorted(separated)), aliased,
                    len(kept), perfect, kind)
