"""How many cases to inspect to estimate a proportion within a margin of error."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from caseinspect.errors import InputError, Problem

_TOLERANCE = 1e-9


@dataclass(frozen=True)
class SampleSize:
    """The sample size for a proportion, with the figures of its formula."""

    population: int
    confidence: float
    margin: float
    proportion: float
    z: float
    n0: float
    n: float
    sample: int

    def formula(self) -> list[str]:
        """The calculation, line by line, with the figures filled in."""
        p, e, big_n = self.proportion, self.margin, self.population
        return [
            "z = the two-sided normal quantile for the confidence level",
            f"  = Φ⁻¹(1 − (1 − {self.confidence:g}) / 2) = {self.z:.4f}",
            "n0 = z² × p × (1 − p) / e²",
            f"   = {self.z:.4f}² × {p:g} × {1 - p:g} / {e:g}² = {self.n0:.2f}",
            "n = n0 / (1 + (n0 − 1) / N)   (finite-population correction)",
            f"  = {self.n0:.2f} / (1 {'+' if self.n0 >= 1 else '−'} {abs(self.n0 - 1):.2f}"
            f" / {big_n}) = {self.n:.2f}",
            f"sample = n rounded up = {self.sample}",
        ]

    def to_dict(self) -> dict[str, object]:
        return {"population": self.population, "confidence": self.confidence,
                "margin": self.margin, "proportion": self.proportion, "z": self.z,
                "n0": self.n0, "n": self.n, "sample": self.sample}


def sample_size(population: int, confidence: float = 0.8, margin: float = 0.05,
                proportion: float = 0.5) -> SampleSize:
    """Cases needed to estimate a proportion to ± ``margin`` at ``confidence``.

    Parameters
    ----------
    population
        N, the number of eligible cases.
    confidence
        The two-sided confidence level, between 0 and 1 (default 0.8).
    margin
        e, the margin of error as a proportion (default 0.05, i.e. ± 5 points).
    proportion
        p, the expected proportion (default 0.5, which needs the most cases).

    Returns
    -------
    SampleSize
        ``sample`` = ⌈n⌉.

    Notes
    -----
    With z the standard normal quantile at 1 − (1 − confidence)/2,

    .. math:: n_0 = z^2 p (1 - p) / e^2, \\qquad n = n_0 / (1 + (n_0 - 1) / N)

    and the sample is n rounded up. A difference of under 1e-9 above a whole number is
    taken as floating-point noise, so an exact whole n is not rounded up past itself.

    References
    ----------
    W. G. Cochran, *Sampling Techniques*, 3rd ed., Wiley, 1977, §4.4.
    """
    problems: list[tuple[str, object, str]] = []
    if population < 1:
        problems.append(("population", population, "the population must be at least 1"))
    for option, value in (("confidence", confidence), ("margin", margin),
                          ("proportion", proportion)):
        if not 0 < value < 1:
            problems.append((option, value, f"the {option} must be between 0 and 1"))
    if problems:
        raise InputError([Problem(message, column=option, value=str(value))
                          for option, value, message in problems])
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    n0 = z * z * proportion * (1 - proportion) / (margin * margin)
    n = n0 / (1 + (n0 - 1) / population)
    return SampleSize(population=population, confidence=confidence, margin=margin,
                      proportion=proportion, z=z, n0=n0, n=n,
                      sample=math.ceil(n - _TOLERANCE))
