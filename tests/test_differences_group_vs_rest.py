"""Group against the rest of its region, checked against statsmodels and SciPy."""

import pytest
from scipy.stats import fisher_exact
from statsmodels.stats.proportion import proportions_ztest

from caseinspect.analysis.differences import group_vs_rest


@pytest.mark.parametrize(
    ("yes_g", "n_g", "yes_all", "n_all"),
    [(30, 60, 160, 240), (55, 60, 150, 240), (12, 40, 90, 200)],
)
def test_z_test_matches_statsmodels(yes_g: int, n_g: int, yes_all: int, n_all: int) -> None:
    r = group_vs_rest(yes_g, n_g, yes_all, n_all)
    _, p = proportions_ztest([yes_g, yes_all - yes_g], [n_g, n_all - n_g])
    assert r.method == "z"
    assert r.p == pytest.approx(p, rel=1e-12)
    assert r.differs == (p < 0.05)


def test_hand_worked_z() -> None:
    # group 30/60 = 0.5, rest 130/180; pooled 160/240 = 2/3
    # se = sqrt(2/3 * 1/3 * (1/60 + 1/180)) = sqrt(2/9 * 4/180) = 0.0702728
    # z = (0.5 - 0.7222222) / 0.0702728 = -3.16228 -> p = 0.0015654
    r = group_vs_rest(30, 60, 160, 240)
    assert r.p == pytest.approx(0.0015654, abs=1e-6)
    assert r.differs


def test_small_expected_counts_use_fisher() -> None:
    r = group_vs_rest(2, 6, 90, 100)
    _, p = fisher_exact([[2, 4], [88, 6]])
    assert r.method == "fisher"
    assert r.p == pytest.approx(p)


def test_no_rest_or_no_variation_gives_no_test() -> None:
    assert group_vs_rest(5, 10, 5, 10).p is None
    assert group_vs_rest(10, 10, 50, 50).p is None
