"""Disclosure control: primary and secondary suppression, and an attacker who tries to recover
suppressed cells from the published totals (linear programming bounds) and fails."""

import numpy as np
import pytest
from scipy.optimize import linprog

from caseinspect.analysis import analyse
from caseinspect.analysis.disclosure import publish_analysis, suppress
from factories import make_case_table


def test_one_way_table_hides_a_second_cell() -> None:
    s = suppress([120, 4, 60, 35], threshold=10)
    assert s.primary.tolist() == [False, True, False, False]
    assert s.mask.tolist() == [False, True, False, True]  # the smallest other cell too


def test_no_suppression_when_all_cells_are_large() -> None:
    assert not suppress([12, 40, 10]).mask.any()


def bounds(table: np.ndarray, mask: np.ndarray, cell: tuple[int, int]) -> tuple[float, float]:
    """What an attacker knows: published cells, row and column totals, counts >= 0."""
    hidden = list(zip(*np.nonzero(mask), strict=True))
    index = {c: k for k, c in enumerate(hidden)}
    rows_eq, rhs = [], []
    for i in range(table.shape[0]):
        row = [0.0] * len(hidden)
        for j in range(table.shape[1]):
            if (i, j) in index:
                row[index[(i, j)]] = 1.0
        rows_eq.append(row)
        rhs.append(table[i].sum() - table[i][~mask[i]].sum())
    for j in range(table.shape[1]):
        col = [0.0] * len(hidden)
        for i in range(table.shape[0]):
            if (i, j) in index:
                col[index[(i, j)]] = 1.0
        rows_eq.append(col)
        rhs.append(table[:, j].sum() - table[:, j][~mask[:, j]].sum())
    c = np.zeros(len(hidden))
    c[index[cell]] = 1.0
    lo = linprog(c, A_eq=rows_eq, b_eq=rhs, bounds=(0, None)).fun
    hi = -linprog(-c, A_eq=rows_eq, b_eq=rhs, bounds=(0, None)).fun
    return lo, hi


@pytest.mark.parametrize("seed", range(6))
def test_attacker_cannot_recover_suppressed_cells(seed: int) -> None:
    rng = np.random.default_rng(seed)
    table = rng.integers(0, 40, size=(6, 4))
    table[rng.random(table.shape) < 0.25] = rng.integers(1, 9)
    s = suppress(table, threshold=10)
    assert s.mask[s.primary].all()
    for cell in zip(*np.nonzero(s.mask), strict=True):
        lo, hi = bounds(table, s.mask, cell)
        assert hi - lo > 0.5, f"cell {cell} = {table[cell]} recoverable"


def test_published_analysis_hides_small_groups_and_states_the_rule() -> None:
    t = make_case_table(ethnicity=["White"] * 30 + ["Black"] * 4 + ["Asian"] * 12,
                        pp1=["yes", "no"] * 23)
    data = publish_analysis(analyse(t, by=["ethnicity"]).to_dict(), threshold=10)
    groups = {g["group"]: g for g in data["questions"][0]["by"]["ethnicity"]}
    assert groups["Black"]["suppressed"] and groups["Black"]["n"] is None
    assert groups["Asian"]["suppressed"] and groups["Asian"]["pct_yes"] is None  # secondary
    assert not groups["White"]["suppressed"] and groups["White"]["n"] == 30
    assert "fewer than 10 cases" in data["disclosure"]["rule"]
