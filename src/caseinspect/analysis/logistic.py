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


@dataclass(frozen=True)
class LogitFit:
    """A fitted grouped logistic regression.

    Attributes
    ----------
    params, bse : ndarray
        Coefficients and their standard errors (from the inverse observed information).
    loglik : float
        Σ y log p + (m − y) log(1 − p): the row-level Bernoulli log-likelihood.
    converged : bool
        Newton–Raphson reached the tolerance within the iteration limit.
    separated : tuple of int
        Columns whose estimates are unreliable because of (quasi-)separation.
    """

    params: npt.NDArray[np.float64]
    bse: npt.NDArray[np.float64]
    loglik: float
    converged: bool
    iterations: int
    separated: tuple[int, ...]


def _loglik(eta: npt.NDArray[np.float64], y: npt.NDArray[np.float64],
            m: npt.NDArray[np.float64]) -> float:
    # log p = -log(1 + e^-eta); log(1-p) = -log(1 + e^eta), computed stably
    return float(np.sum(-y * np.logaddexp(0.0, -eta) - (m - y) * np.logaddexp(0.0, eta)))


def fit_logit(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64],
              m: npt.NDArray[np.float64]) -> LogitFit:
    """Fit ``logit P(yes) = x β`` to ``y`` yes out of ``m`` trials per pattern.

    Parameters
    ----------
    x : ndarray, shape (patterns, k)
        Design matrix (an intercept column and dummy columns).
    y, m : ndarray, shape (patterns,)
        Yes counts and trials per pattern.

    Returns
    -------
    LogitFit

    Notes
    -----
    Newton–Raphson with step halving: gradient ``xᵀ(y − m p)``, Hessian
    ``xᵀ diag(m p (1 − p)) x``. Separation is flagged for a dummy column whose cases are all
    yes or all no (empty cells included), and for any coefficient beyond ±15 or a fit that
    does not converge; its standard errors are then not to be trusted.
    """
    k = x.shape[1]
    beta = np.zeros(k)
    eta = x @ beta
    ll = _loglik(eta, y, m)
    converged = False
    iterations = 0
    for iterations in range(1, MAX_ITER + 1):  # noqa: B007 - reported in the fit
        p = 1.0 / (1.0 + np.exp(-eta))
        grad = x.T @ (y - m * p)
        w = m * p * (1.0 - p)
        hess = (x * w[:, None]).T @ x
        try:
            step = np.linalg.solve(hess, grad)
        except np.linalg.LinAlgError:
            step = np.linalg.lstsq(hess, grad, rcond=None)[0]
        t = 1.0
        while True:
            new_beta = beta + t * step
            new_eta = x @ new_beta
            new_ll = _loglik(new_eta, y, m)
            if new_ll >= ll - 1e-12 or t < 1e-8:
                break
            t /= 2
        beta, eta = new_beta, new_eta
        change = float(np.max(np.abs(t * step))) if k else 0.0
        ll = new_ll
        if change < TOL:
            converged = True
            break
    p = 1.0 / (1.0 + np.exp(-eta))
    w = m * p * (1.0 - p)
    hess = (x * w[:, None]).T @ x
    try:
        cov = np.linalg.inv(hess)
        bse = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    except np.linalg.LinAlgError:
        bse = np.full(k, np.inf)
    separated = set()
    for j in range(1, k):
        on = x[:, j] != 0
        yes_on, trials_on = float(y[on].sum()), float(m[on].sum())
        if trials_on == 0 or yes_on == 0 or yes_on == trials_on:
            separated.add(j)
    separated |= {j for j in range(k) if abs(beta[j]) > SEPARATION_COEF}
    if not converged:
        separated |= set(range(1, k))
    return LogitFit(beta, bse, ll, converged, iterations, tuple(sorted(separated)))
