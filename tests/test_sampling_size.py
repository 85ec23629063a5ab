"""The sample-size calculator, against hand-computed values and SciPy's normal quantile.

Reference values (z from ``scipy.stats.norm.ppf(1 - (1 - confidence) / 2)``, SciPy 1.17.1):

    N          conf  e     p    z         n0        n         ⌈n⌉
    1,000      0.80  0.05  0.5  1.281552  164.2374  141.1900  142
    500        0.95  0.05  0.5  1.959964  384.1459  217.4872  218
    1,000,000  0.95  0.05  0.5  1.959964  384.1459  383.9988  384
    200        0.90  0.10  0.3  1.644854   56.8164   44.4197   45
    50         0.80  0.05  0.5  1.281552  164.2374   38.5105   39
    1          0.80  0.05  0.5  1.281552  164.2374    1.0000    1
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from scipy.stats import norm

from caseinspect.cli import main
from caseinspect.errors import InputError
from caseinspect.sampling import sample_size


@pytest.mark.parametrize(
    ("population", "confidence", "margin", "proportion", "n0", "n", "expected"),
    [(1000, 0.8, 0.05, 0.5, 164.2374, 141.1900, 142),
     (500, 0.95, 0.05, 0.5, 384.1459, 217.4872, 218),
     (1_000_000, 0.95, 0.05, 0.5, 384.1459, 383.9988, 384),
     (200, 0.9, 0.1, 0.3, 56.8164, 44.4197, 45),
     (50, 0.8, 0.05, 0.5, 164.2374, 38.5105, 39),
     (1, 0.8, 0.05, 0.5, 164.2374, 1.0, 1)],
)
def test_against_hand_computed_values(population: int, confidence: float, margin: float,
                                      proportion: float, n0: float, n: float,
                                      expected: int) -> None:
    size = sample_size(population, confidence, margin, proportion)
    assert size.z == pytest.approx(norm.ppf(1 - (1 - confidence) / 2), rel=1e-12)
    assert size.n0 == pytest.approx(n0, abs=1e-4)
    assert size.n == pytest.approx(n, abs=1e-4)
    assert size.sample == expected


def test_a_whole_n_is_not_rounded_past_itself() -> None:
    # Confidence 0.99730020393674 (2Φ(3) − 1 to 14 places) gives z = 3.000000000000023, so
    # with p = e = 0.5, n0 = 9.0000000000001 and for N = 10, n = 5.00000000000004: the
    # excess is floating-point noise, and the sample is 5, not 6.
    size = sample_size(10, confidence=0.99730020393674, margin=0.5, proportion=0.5)
    assert 5 < size.n < 5 + 1e-12
    assert size.sample == 5


@pytest.mark.parametrize(
    ("arguments", "message"),
    [((0,), "the population must be at least 1"),
     ((10, 1.0), "the confidence must be between 0 and 1"),
     ((10, 0.8, 0.0), "the margin must be between 0 and 1"),
     ((10, 0.8, 0.05, 1.5), "the proportion must be between 0 and 1")],
)
def test_bad_arguments(arguments: tuple, message: str) -> None:
    with pytest.raises(InputError, match=message):
        sample_size(*arguments)


def test_cli_shows_the_formula_and_the_result() -> None:
    result = CliRunner().invoke(main, ["sample-size", "--population", "1000"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "z = the two-sided normal quantile for the confidence level",
        "  = Φ⁻¹(1 − (1 − 0.8) / 2) = 1.2816",
        "n0 = z² × p × (1 − p) / e²",
        "   = 1.2816² × 0.5 × 0.5 / 0.05² = 164.24",
        "n = n0 / (1 + (n0 − 1) / N)   (finite-population correction)",
        "  = 164.24 / (1 + 163.24 / 1000) = 141.19",
        "sample = n rounded up = 142",
        "",
        "Sample size: 142 of 1,000 cases (± 5.0% at 80% confidence, p = 0.5)",
    ]


def test_cli_options() -> None:
    result = CliRunner().invoke(main, ["sample-size", "--population", "200", "--confidence",
                                       "0.9", "--margin", "0.1", "--proportion", "0.3"])
    assert result.output.splitlines()[-1] == (
        "Sample size: 45 of 200 cases (± 10.0% at 90% confidence, p = 0.3)")


def test_cli_rejects_a_confidence_of_one() -> None:
    result = CliRunner().invoke(main, ["sample-size", "--population", "10",
                                       "--confidence", "1"])
    assert result.exit_code == 2


def test_the_formula_shows_a_negative_n0_minus_one_with_a_minus_sign() -> None:
    """With n0 below 1 the correction's term is negative: '(1 − 0.93 / 5)', not
    '(1 + -0.93 / 5)'."""
    lines = sample_size(5, confidence=0.8, margin=0.5, proportion=0.01).formula()
    assert lines[5] == "  = 0.07 / (1 − 0.93 / 5) = 0.08"
    assert sample_size(1000).formula()[5] == "  = 164.24 / (1 + 163.24 / 1000) = 141.19"
