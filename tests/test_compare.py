"""Comparisons against statsmodels (Newcombe, two-proportion test) and SciPy (chi-square)."""

import json

import numpy as np
import pytest
from click.testing import CliRunner
from scipy.stats import chi2_contingency
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from caseinspect.analysis.compare import compare, group_test, newcombe
from caseinspect.cli import main
from factories import make_case_table


@pytest.mark.parametrize(("y1", "n1", "y2", "n2"),
                         [(56, 70, 48, 80), (9, 10, 3, 10), (1480, 1815, 760, 1034)])
def test_newcombe_matches_statsmodels(y1: int, n1: int, y2: int, n2: int) -> None:
    d, low, high = newcombe(y1, n1, y2, n2)
    ref_low, ref_high = confint_proportions_2indep(y2, n2, y1, n1, method="newcomb",
                                                   compare="diff")
    assert d == pytest.approx(100 * (y2 / n2 - y1 / n1))
    assert low == pytest.approx(100 * ref_low, abs=1e-9)
    assert high == pytest.approx(100 * ref_high, abs=1e-9)


def test_change_between_programmes_split_by_provider() -> None:
    t = make_case_table(
        programme=["OMI2"] * 6 + ["QI"] * 6,
        provider=["NPS", "NPS", "NPS", "CRC", "CRC", "CRC"] * 2,
        pp5=["yes", "yes", "no", "yes", "yes", "yes", "yes", "no", "no", "no", "no", "yes"],
    )
    result = compare(t, "programme", "OMI2", "QI", split="provider")
    overall, *by_provider = result.changes["pp5"]
    assert (overall.from_n, overall.from_yes, overall.to_n, overall.to_yes) == (6, 5, 6, 2)
    assert overall.difference_pp == pytest.approx(100 * (2 / 6 - 5 / 6))
    groups = {c.split_group: (c.from_yes, c.from_n, c.to_yes, c.to_n) for c in by_provider}
    assert groups == {"NPS": (2, 3, 1, 3), "CRC": (3, 3, 1, 3)}
    assert overall.method == "fisher"  # expected counts below 5


def test_large_sample_p_is_the_pooled_z_test() -> None:
    t = make_case_table(programme=["OMI2"] * 200 + ["QI"] * 200,
                        pp1=["yes"] * 150 + ["no"] * 50 + ["yes"] * 120 + ["no"] * 80)
    (c,) = compare(t, "programme", "OMI2", "QI").changes["pp1"]
    _, p = proportions_ztest([120, 150], [200, 200])
    assert c.method == "z" and c.p == pytest.approx(p)


def test_group_test_matches_scipy_chi_square() -> None:
    table = np.array([[30, 70], [45, 55], [50, 50]])
    chi2, dof, p, method = group_test(table)
    ref = chi2_contingency(table, correction=False)
    assert method == "chi-square" and dof == 2
    assert chi2 == pytest.approx(ref.statistic) and p == pytest.approx(ref.pvalue)


def test_small_tables_use_an_exact_test() -> None:
    _, _, p, method = group_test(np.array([[1, 4], [3, 2], [0, 5]]))
    assert method == "monte-carlo exact" and 0 < p <= 1


def test_compare_cli(tmp_path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("case_id,programme,provider,pp1\n" +
                    "".join(f"A{i},{'OMI2' if i % 2 else 'QI'},NPS,{'yes' if i % 3 else 'no'}\n"
                            for i in range(40)))
    result = CliRunner().invoke(main, ["compare", str(path), "--between", "programme", "OMI2",
                                       "QI", "--split", "provider", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["between"] == {"attribute": "programme", "from": "OMI2", "to": "QI"}
    assert data["questions"][0]["code"] == "pp1"
    bad = CliRunner().invoke(main, ["compare", str(path), "--between", "programme", "OMI2",
                                    "Q&I"])
    assert bad.exit_code == 2 and "programme has no group 'Q&I'" in bad.output


def test_comparing_a_group_with_itself_is_refused(tmp_path) -> None:
    """`--between programme OMI2 OMI2` printed a change of +0.0 pp for every question."""
    path = tmp_path / "t.csv"
    path.write_text("case_id,programme,pp1\nA1,OMI2,yes\nA2,QI,no\n")
    bad = CliRunner().invoke(main, ["compare", str(path), "--between", "programme", "OMI2",
                                    "OMI2"])
    assert bad.exit_code == 2
    assert "t.csv, column 'programme': compare two different groups of programme" in bad.output
    assert "'OMI2' is given twice" in bad.output
