"""Cohen's kappa against statsmodels.stats.inter_rater.cohens_kappa and a hand-worked table."""

import numpy as np
import pytest
from statsmodels.stats.inter_rater import cohens_kappa as sm_kappa

from caseinspect.analysis.agreement import cohens_kappa


def test_hand_worked_table() -> None:
    # region yes/inspector yes 20, region yes/inspector no 15, region no/inspector yes 5, no/no 10
    a = [1] * 20 + [1] * 15 + [0] * 5 + [0] * 10
    b = [1] * 20 + [0] * 15 + [1] * 5 + [0] * 10
    k = cohens_kappa(a, b)
    # p_o = 30/50 = 0.6; rows (0.7, 0.3), cols (0.5, 0.5): p_e = 0.5; kappa = 0.1/0.5 = 0.2
    assert k.n == 50
    assert k.table == ((20, 15), (5, 10))
    assert k.observed == pytest.approx(0.6)
    assert k.expected == pytest.approx(0.5)
    assert k.kappa == pytest.approx(0.2)
    assert (k.a_more_favourable, k.b_more_favourable) == (15, 5)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_matches_statsmodels(seed: int) -> None:
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 3, size=400)  # 2 = na, left out
    agree = rng.random(400) < 0.7
    b = np.where(agree, a, rng.integers(0, 2, size=400))
    k = cohens_kappa(a, b)
    both = np.isin(a, (0, 1)) & np.isin(b, (0, 1))
    table = np.zeros((2, 2))
    for x, y in zip(a[both], b[both], strict=True):
        table[1 - x, 1 - y] += 1
    ref = sm_kappa(table)
    assert k.kappa == pytest.approx(ref.kappa, abs=1e-12)
    assert k.ci95_low == pytest.approx(ref.kappa_low, abs=1e-9)
    assert k.ci95_high == pytest.approx(ref.kappa_upp, abs=1e-9)


def test_no_overlap_gives_no_kappa() -> None:
    k = cohens_kappa([2, -1], [1, 0])
    assert k.n == 0 and k.kappa is None
