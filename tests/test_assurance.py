"""The region's own case assurance against the inspectors' judgements (issue 7 §4).

References (run in the project's venv):
  statsmodels.stats.inter_rater.cohens_kappa(table).kappa
  statsmodels.stats.proportion.confint_proportions_2indep(yes_r, n_r, yes_i, n_i,
      method="newcomb", compare="diff")        (Newcombe's hybrid score interval)
"""

import pytest
from statsmodels.stats.inter_rater import cohens_kappa as sm_kappa
from statsmodels.stats.proportion import confint_proportions_2indep

from caseinspect.analysis.assurance import compare_assurance
from caseinspect.casetable import CaseTable
from caseinspect.errors import InputError
from factories import make_case_table

#: Inspected: ten cases C000001..C000010.
INSPECTED_C1 = ["yes", "no", "no", "yes", "no", "yes", "no", "no", "yes", "no"]  # 4 of 10
INSPECTED_F1 = ["yes", "yes", "no", "yes", "no", "yes", "no", "yes", "na", "na"]  # 5 of 8
INSPECTED_F5 = ["yes"] * 9 + ["no"]  # 9 of 10
#: Assurance: C000008 down to C000001 (the same cases, in reverse), then two of its own.
ASSURANCE_IDS = [f"C{i:06d}" for i in range(8, 0, -1)] + ["R000001", "R000002"]
ASSURANCE_C1 = ["yes"] * 9 + ["no"]  # 9 of 10
ASSURANCE_F1 = ["yes", "no", "yes", "yes", "no", "yes", "no", "yes", "yes", "no"]  # 6 of 10
ASSURANCE_F5 = ["yes", "no", "no", "no", "yes", "no", "yes", "yes", "no", "no"]  # 4 of 10


def tables() -> tuple[CaseTable, CaseTable]:
    inspected = make_case_table(C1=INSPECTED_C1, F1=INSPECTED_F1, F5=INSPECTED_F5, pdu="A")
    rows = [{"case_id": cid, "C1": c1, "F1": f1, "F5": f5, "pdu": "A"}
            for cid, c1, f1, f5 in zip(ASSURANCE_IDS, ASSURANCE_C1, ASSURANCE_F1,
                                       ASSURANCE_F5, strict=True)]
    return inspected, make_case_table(rows)


def paired(code_inspected: list[str], code_assurance: list[str]) -> list[list[int]]:
    """2 × 2 table (rows region yes/no, columns inspectors yes/no) of the overlap, by hand."""
    by_id = dict(zip(ASSURANCE_IDS, code_assurance, strict=True))
    t = [[0, 0], [0, 0]]
    for i, ins in enumerate(code_inspected):
        reg = by_id.get(f"C{i + 1:06d}")
        if reg in ("yes", "no") and ins in ("yes", "no"):
            t[0 if reg == "yes" else 1][0 if ins == "yes" else 1] += 1
    return t


def test_overview_counts_and_overlap() -> None:
    c = compare_assurance(*tables())
    assert (c.inspected_cases, c.assurance_cases, c.overlap_cases) == (10, 10, 8)
    assert [r.code for r in c.rows] == ["C1", "F1", "F5"]
    c1 = c.rows[0]
    assert (c1.region_n, c1.region_yes, c1.inspected_n, c1.inspected_yes) == (10, 9, 10, 4)
    assert (c1.region_pct, c1.inspected_pct) == pytest.approx((90.0, 40.0))
    assert c1.questions == ("1.4", "2.9")


# statsmodels divides by a zero null-hypothesis standard error for C1 (kappa 0); its kappa
# is still right.
@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
def test_kappa_on_the_overlap_matches_statsmodels() -> None:
    c = compare_assurance(*tables())
    for row, ins, reg in zip(c.rows, (INSPECTED_C1, INSPECTED_F1, INSPECTED_F5),
                             (ASSURANCE_C1, ASSURANCE_F1, ASSURANCE_F5), strict=True):
        table = paired(ins, reg)
        assert [list(r) for r in row.kappa.table] == table, row.code
        assert row.overlap == sum(map(sum, table))
        assert row.kappa.kappa == pytest.approx(sm_kappa(table).kappa, abs=1e-12), row.code
    # C1 by hand: overlap 8 cases; region yes in all 8; inspectors yes in 3 (C000001, 4, 6):
    # table [[3, 5], [0, 0]], observed 3/8, expected 1 * 3/8 -> kappa 0
    assert c.rows[0].kappa.table == ((3, 5), (0, 0))
    assert c.rows[0].kappa.kappa == pytest.approx(0.0)
    assert c.rows[0].kappa.a_more_favourable == 5


def test_difference_and_newcombe_interval_match_statsmodels() -> None:
    c = compare_assurance(*tables())
    for row in c.rows:
        low, high = confint_proportions_2indep(row.region_yes, row.region_n, row.inspected_yes,
                                               row.inspected_n, method="newcomb",
                                               compare="diff")
        assert row.difference_pp == pytest.approx(
            100 * (row.region_yes / row.region_n - row.inspected_yes / row.inspected_n))
        assert (row.ci95_low, row.ci95_high) == pytest.approx((100 * low, 100 * high),
                                                              rel=1e-9)


def test_more_favourable_needs_a_higher_percentage_and_an_interval_above_zero() -> None:
    c1, f1, f5 = compare_assurance(*tables()).rows
    # C1: 90% against 40%, +50 pp with interval (8.2 to 71.4): more favourable
    assert c1.region_higher and c1.more_favourable
    assert c1.ci95_low == pytest.approx(8.2, abs=0.1)
    # F1: 60% against 62.5%: not higher
    assert not f1.region_higher and not f1.more_favourable
    # F5: 40% against 90%: lower
    assert not f5.region_higher and not f5.more_favourable


def test_only_higher_is_not_more_favourable() -> None:
    inspected = make_case_table(F1=["yes"] * 6 + ["no"] * 4)
    rows = [{"case_id": f"R{i:06d}", "F1": a} for i, a in enumerate(["yes"] * 7 + ["no"] * 3)]
    (row,) = compare_assurance(inspected, make_case_table(rows)).rows
    assert row.region_higher and not row.more_favourable and row.ci95_low is not None
    assert row.ci95_low < 0
    assert (row.overlap, row.kappa.kappa) == (0, None)


def test_to_dict() -> None:
    d = compare_assurance(*tables()).to_dict()
    assert list(d) == ["inspected_cases", "assurance_cases", "overlap_cases",
                       "more_favourable_rule", "indicators"]
    first = d["indicators"][0]
    assert first["region"] == {"n": 10, "yes": 9, "pct_yes": 90.0}
    assert first["inspected"] == {"n": 10, "yes": 4, "pct_yes": 40.0}
    assert first["more_favourable"] is True and first["kappa"]["table"] == [[3, 5], [0, 0]]


def test_codes_can_be_chosen() -> None:
    rows = compare_assurance(*tables(), codes=["F5"]).rows
    assert [r.code for r in rows] == ["F5"]


def test_a_table_of_another_framework_is_refused() -> None:
    inspected, _ = tables()
    other = make_case_table(**{"2.1.1": ["yes", "no"]})
    with pytest.raises(InputError, match="assurance table is not of framework"):
        compare_assurance(inspected, other)


def test_tables_sharing_no_indicator_are_refused() -> None:
    inspected = make_case_table(F1=["yes", "no"])
    assurance = make_case_table(F2=["yes", "no"])
    with pytest.raises(InputError, match="share no indicator"):
        compare_assurance(inspected, assurance)
