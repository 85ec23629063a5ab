"""Case indicators of the regional questions, on hand-worked tables.

References (run in the project's venv):
  statsmodels.stats.proportion.proportion_confint(yes, n, method="wilson")
  statsmodels.stats.proportion.proportions_ztest([yes_a, yes_b], [n_a, n_b])   (pooled z)
  scipy.stats.fisher_exact([[yes_a, no_a], [yes_b, no_b]])
"""

import pytest
from scipy.stats import fisher_exact
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from caseinspect.analysis import analyse
from caseinspect.analysis.indicators import (
    compute_indicators,
    indicator_codes,
    indicators_for_question,
    is_dynamic_table,
    questions_for_indicator,
)
from caseinspect.casetable import CaseTable, synthetic_case_table
from caseinspect.errors import InputError
from factories import make_case_table


def two_pdus() -> CaseTable:
    """PDU A: 15 yes, 5 no. PDU B: 10 yes, 18 no, 2 na. Region: 25 of 48 (52.1%)."""
    answers = ["yes"] * 15 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 18 + ["na"] * 2
    pdus = ["A"] * 20 + ["B"] * 30
    return make_case_table(F1=answers, pdu=pdus)


def wilson_pct(yes: int, n: int) -> tuple[float, float]:
    low, high = proportion_confint(yes, n, method="wilson")
    return 100 * low, 100 * high


def test_region_counts_percentage_and_wilson_interval() -> None:
    (f1,) = compute_indicators(two_pdus(), ["F1"])
    assert (f1.code, f1.n, f1.yes) == ("F1", 48, 25)
    assert f1.pct_yes == pytest.approx(100 * 25 / 48)
    # proportion_confint(25, 48, method="wilson") = (0.383292, 0.655287)
    assert (f1.ci95_low, f1.ci95_high) == pytest.approx(wilson_pct(25, 48), rel=1e-9)
    assert f1.ci95_low == pytest.approx(38.3292, abs=1e-4)
    assert f1.text == "Were domestic abuse enquiries made with the police where needed?"
    assert f1.kind == "fact" and f1.questions == ("1.9",)


def test_each_pdu_against_the_rest_by_pooled_z_test() -> None:
    (f1,) = compute_indicators(two_pdus(), ["F1"])
    a, b = f1.by["pdu"]
    assert (a.group, a.n, a.yes, b.group, b.n, b.yes) == ("A", 20, 15, "B", 28, 10)
    assert a.pct_yes == pytest.approx(75.0)
    assert (a.ci95_low, a.ci95_high) == pytest.approx(wilson_pct(15, 20), rel=1e-9)
    assert (b.ci95_low, b.ci95_high) == pytest.approx(wilson_pct(10, 28), rel=1e-9)
    # expected counts 10.4, 9.6, 14.6, 13.4 are all >= 5: the z-test.
    # proportions_ztest([15, 10], [20, 28]) = (2.686058, 0.0072301)
    _, p = proportions_ztest([15, 10], [20, 28])
    assert a.p == pytest.approx(p, rel=1e-12) and b.p == pytest.approx(p, rel=1e-12)
    assert a.p == pytest.approx(0.0072301, abs=1e-7)
    assert a.method == "z" and a.differs and b.differs


def test_small_groups_use_fisher_and_need_not_differ() -> None:
    table = make_case_table(F2=["yes"] * 6 + ["no"] * 2 + ["yes"] * 3 + ["no"] * 7,
                            pdu=["A"] * 8 + ["B"] * 10)
    (f2,) = compute_indicators(table, ["F2"])
    a = f2.by["pdu"][0]
    # fisher_exact([[6, 2], [3, 7]]).pvalue = 0.153435
    assert a.method == "fisher"
    assert a.p == pytest.approx(fisher_exact([[6, 2], [3, 7]]).pvalue)
    assert a.p == pytest.approx(0.153435, abs=1e-6)
    assert not a.differs


def test_blank_pdu_is_its_own_missing_group_and_na_is_not_counted() -> None:
    table = make_case_table(F5=["yes", "no", "na", "yes", ""], pdu=["A", "A", "A", "", "B"])
    (f5,) = compute_indicators(table, ["F5"])
    assert [(g.group, g.n, g.yes) for g in f5.by["pdu"]] == [
        ("A", 2, 1), ("B", 0, 0), ("missing", 1, 1)]
    b = f5.by["pdu"][1]
    assert (b.pct_yes, b.ci95_low, b.p, b.differs) == (None, None, None, False)
    assert (f5.n, f5.yes) == (3, 2)


def test_derived_indicator_high_rosh_held_by_a_qualified_officer() -> None:
    table = make_case_table(
        rosh=["high", "very_high", "high", "medium", "high", "very_high", "low"],
        officer_grade=["PO", "PSO", "PQiP", "PO", "", "PO", "PSO"],
        pdu="A")
    (d1,) = compute_indicators(table, ["D1"], by=())
    # counted: the four high / very high cases with a known grade; yes: the two PO
    assert (d1.n, d1.yes, d1.kind) == (4, 2, "derived")
    assert (d1.ci95_low, d1.ci95_high) == pytest.approx(wilson_pct(2, 4), rel=1e-9)
    assert d1.questions == ("2.6",) and d1.by == {}


def test_default_codes_are_the_mapped_indicators_present_in_framework_order() -> None:
    table = make_case_table(**{"F6": ["yes", "no"], "C1": ["yes", "yes"], "C1.a": ["no", "no"],
                               "pdu": ["A", "B"]})
    codes = [i.code for i in compute_indicators(table)]
    # C1.a informs no regional question, so it is not an indicator
    assert codes == ["C1", "F6"]
    assert indicator_codes()[-1] == "D1"


def test_to_dict_has_exactly_the_issue_shape() -> None:
    (f1,) = compute_indicators(two_pdus(), ["F1"])
    d = f1.to_dict()
    assert list(d) == ["code", "text", "n", "yes", "pct_yes", "ci95_low", "ci95_high", "by"]
    assert list(d["by"]["pdu"][0]) == ["group", "n", "yes", "pct_yes", "ci95_low",
                                      "ci95_high", "differs", "p"]
    assert d["by"]["pdu"][0]["yes"] == 15


def test_several_breakdowns() -> None:
    table = make_case_table(F1=["yes", "no", "yes", "no"], pdu=["A", "A", "B", "B"],
                            rosh=["low", "high", "high", "very_high"])
    (f1,) = compute_indicators(table, ["F1"], by=["pdu", "rosh_band"])
    assert [g.group for g in f1.by["rosh_band"]] == ["low", "high_or_very_high"]
    assert [(g.n, g.yes) for g in f1.by["rosh_band"]] == [(1, 1), (3, 1)]


def test_lookups_both_ways() -> None:
    assert indicators_for_question("1.9") == ("F1",)
    assert indicators_for_question("2.6") == ("F7", "D1")
    assert indicators_for_question("1.1") == ()
    assert questions_for_indicator("F6") == ("1.3", "1.13", "1.14")
    assert questions_for_indicator("C3.c") == ("1.12", "1.16", "3.4")
    assert questions_for_indicator("F4") == ()


def test_bad_requests_name_every_problem() -> None:
    table = make_case_table(F1=["yes", "no"], pdu=["A", "B"])
    with pytest.raises(InputError) as err:
        compute_indicators(table, ["F99", "F2"])
    assert err.value.problems[0].message == (
        "unknown indicator 'F99': not a case question of hmip-dynamic-public-protection-2025 "
        "nor a derived indicator")
    assert err.value.problems[1].message == "the table has no column for indicator 'F2'"
    with pytest.raises(InputError) as err:
        compute_indicators(table, by=["team", "pdu", "cluster"])
    assert [p.column for p in err.value.problems] == ["team", "cluster"]


def test_a_table_without_indicator_columns_is_refused() -> None:
    table = make_case_table(**{"2.1.1": ["yes", "no"], "pdu": ["A", "B"]})
    with pytest.raises(InputError, match="no indicator columns"):
        compute_indicators(table)


def test_which_tables_are_of_the_dynamic_framework() -> None:
    assert is_dynamic_table(make_case_table(**{"C1": ["yes"], "F4": ["no"]}))
    # facts alone: the reader gives them to case supervision, but all are dynamic facts
    assert is_dynamic_table(make_case_table(F1=["yes"], F5=["no"]))
    assert not is_dynamic_table(make_case_table(F1=["yes"], F9=["no"]))
    assert not is_dynamic_table(make_case_table(**{"2.1.1": ["yes"], "F1": ["no"]}))
    assert not is_dynamic_table(make_case_table(pdu=["A"]))


def test_figures_agree_with_analyse() -> None:
    """The same counts, % and intervals as ``caseinspect analyse`` (one way to compute them)."""
    table = synthetic_case_table(400, seed=9, frameworks=["hmip-dynamic-public-protection-2025"])
    result = analyse(table, by=["pdu"])
    by_code = {q.code: q for q in result.questions}
    for ind in compute_indicators(table, by=["pdu"]):
        if ind.kind == "derived":
            continue
        q = by_code[ind.code]
        assert (ind.n, ind.yes) == (q.n, q.yes), ind.code
        assert (ind.pct_yes, ind.ci95_low, ind.ci95_high) == pytest.approx(
            (q.pct_yes, q.ci95_low, q.ci95_high)), ind.code
        groups = {g.group: g for g in q.by["pdu"]}
        for g in ind.by["pdu"]:
            assert (g.n, g.yes) == (groups[g.group].n, groups[g.group].yes), (ind.code, g.group)


def test_an_unlinked_case_question_can_be_asked_for() -> None:
    table = make_case_table(**{"F4": ["yes", "no", "yes"], "C1.a": ["no", "no", "yes"]})
    f4, c1a = compute_indicators(table, ["F4", "C1.a"], by=())
    assert (f4.n, f4.yes, f4.questions, f4.kind) == (3, 2, (), "fact")
    assert (c1a.n, c1a.yes, c1a.kind) == (3, 1, "prompt")
