"""Breakdown counts and weighted percentages by hand on a small table; every interval of a
group against statsmodels' Wilson interval (``proportion_confint(yes, n, method="wilson")``)."""

import numpy as np
import pytest
from statsmodels.stats.proportion import proportion_confint

from caseinspect.analysis import analyse
from caseinspect.analysis.proportions import wilson_arrays
from caseinspect.frameworks import list_frameworks
from factories import make_case_table


def table():
    """Eight cases. pp1: yes no yes na | yes blank no yes; weights 1 2 1 3 | 2 1 4 1."""
    return make_case_table(
        programme=["A", "A", "A", "A", "B", "B", "B", "B"],
        gender=["m", "f", "m", "", "f", "f", "m", "m"],
        rosh=["low", "high", "very_high", "medium", "high", "low", "", "very_high"],
        age=["18", "20", "21", "24", "25", "29", "49", "50"],
        pp1=["yes", "no", "yes", "na", "yes", "", "no", "yes"],
        weight=["1", "2", "1", "3", "2", "1", "4", "1"],
    )


def groups(q, name):
    return [(g.group, g.n, g.yes) for g in q.by[name]]


def test_breakdown_counts_by_hand() -> None:
    r = analyse(table())
    assert r.breakdowns == ("programme", "gender", "age_group", "rosh", "rosh_band")
    q = r.question("pp1")
    assert (q.n, q.yes, q.no, q.na, q.blank) == (6, 4, 2, 1, 1)
    assert groups(q, "programme") == [("A", 3, 2), ("B", 3, 2)]
    # groups as in the data, first-seen order; the blank gender is "missing" (its pp1 is na)
    assert groups(q, "gender") == [("m", 4, 3), ("f", 2, 1), ("missing", 0, 0)]
    assert groups(q, "rosh") == [("low", 1, 1), ("medium", 0, 0), ("high", 2, 1),
                                 ("very_high", 2, 2), ("missing", 1, 0)]
    assert groups(q, "rosh_band") == [("low", 1, 1), ("medium", 0, 0),
                                      ("high_or_very_high", 4, 3), ("missing", 1, 0)]
    # the bulletin's bands: 18, 20 | 21, 24 | 25, 29 | 49 | 50
    assert groups(q, "age_group") == [("18-20", 2, 1), ("21-24", 1, 1), ("25-29", 1, 1),
                                      ("40-49", 1, 0), ("50+", 1, 1)]


def test_group_with_nobody_answering_has_null_percentages() -> None:
    q = analyse(table()).question("pp1")
    missing = q.by["gender"][-1]
    assert (missing.pct_yes, missing.ci95_low, missing.ci95_high) == (None, None, None)
    assert missing.to_dict()["pct_yes"] is None


def test_every_group_interval_matches_statsmodels() -> None:
    q = analyse(table()).question("pp1")
    for name, gs in q.by.items():
        for g in gs:
            if g.n == 0:
                continue
            low, high = proportion_confint(g.yes, g.n, alpha=0.05, method="wilson")
            assert g.pct_yes == pytest.approx(100 * g.yes / g.n), (name, g.group)
            assert g.ci95_low == pytest.approx(100 * low, abs=1e-9), (name, g.group)
            assert g.ci95_high == pytest.approx(100 * high, abs=1e-9), (name, g.group)


def test_vectorised_wilson_matches_statsmodels() -> None:
    yes = np.array([0.0, 1, 7, 10, 483, 3, 0])
    n = np.array([10.0, 10, 10, 10, 1034, 3, 0])
    pct, low, high = wilson_arrays(yes, n)
    ref_low, ref_high = proportion_confint(yes[:-1], n[:-1], alpha=0.05, method="wilson")
    np.testing.assert_allclose(pct[:-1], 100 * yes[:-1] / n[:-1])
    np.testing.assert_allclose(low[:-1], 100 * ref_low, atol=1e-9)
    np.testing.assert_allclose(high[:-1], 100 * ref_high, atol=1e-9)
    assert np.isnan(pct[-1]) and np.isnan(low[-1]) and np.isnan(high[-1])


def kish_interval(yes_w: float, w: float, w2: float) -> tuple[float, float]:
    n_eff = w * w / w2
    low, high = proportion_confint(yes_w / w * n_eff, n_eff, alpha=0.05, method="wilson")
    return 100 * low, 100 * high


def test_weighted_percentages_by_hand() -> None:
    q = analyse(table()).question("pp1")
    # yes weights 1+1+2+1 = 5, no weights 2+4 = 6; squares 1+1+4+1+4+16 = 27
    assert q.weighted is not None
    assert q.weighted[0] == pytest.approx(500 / 11)
    assert q.weighted[1:] == pytest.approx(kish_interval(5, 11, 27), abs=1e-9)
    a, b = q.by["programme"]
    # A: yes w 1+1, no w 2 → 2/4; squares 1+1+4.  B: yes w 2+1, no w 4 → 3/7; squares 4+1+16
    assert (a.n, a.yes, b.n, b.yes) == (3, 2, 3, 2)  # unweighted n alongside
    assert a.weighted is not None and b.weighted is not None
    assert a.weighted[0] == pytest.approx(50.0)
    assert a.weighted[1:] == pytest.approx(kish_interval(2, 4, 6), abs=1e-9)
    assert b.weighted[0] == pytest.approx(300 / 7)
    assert b.weighted[1:] == pytest.approx(kish_interval(3, 7, 21), abs=1e-9)
    missing = q.by["gender"][-1]
    assert missing.weighted == (None, None, None)
    d = q.to_dict()
    assert d["pct_yes_weighted"] == pytest.approx(500 / 11)
    assert d["by"]["programme"][1]["pct_yes_weighted"] == pytest.approx(300 / 7)


def test_equal_weights_give_the_unweighted_figures() -> None:
    t = make_case_table(pp1=["yes", "yes", "no", "yes", "na"], weight="2.5")
    q = analyse(t).question("pp1")
    assert q.weighted == pytest.approx((q.pct_yes, q.ci95_low, q.ci95_high))


def test_no_weight_column_no_weighted_fields() -> None:
    t = make_case_table(pp1=["yes", "no"])
    r = analyse(t)
    assert not r.weighted and "pct_yes_weighted" not in r.question("pp1").to_dict()


def test_by_adds_a_breakdown_after_the_defaults() -> None:
    t = make_case_table(gender=["m", "f", "m"], region=["N", "S", "S"], pp1=["yes", "no", "no"])
    r = analyse(t, by=["region", "gender"])
    assert r.breakdowns == ("gender", "region")
    assert groups(r.question("pp1"), "region") == [("N", 1, 1), ("S", 2, 0)]


def test_an_age_group_column_is_used_as_it_is() -> None:
    t = make_case_table(age_group=["25-29", "18-20", "25-29"], pp1=["yes", "no", "no"])
    assert groups(analyse(t).question("pp1"), "age_group") == [("18-20", 1, 0),
                                                               ("25-29", 2, 1)]


def test_primary_framework_has_most_key_questions_and_prompts() -> None:
    # F1 (a fact of case supervision) does not make case supervision primary over pp1, pp2.
    r = analyse(make_case_table(pp1=["yes"], pp2=["no"], F1=["yes"]))
    assert r.framework == "hmip-public-protection-2018"
    assert r.frameworks == ("hmip-public-protection-2018", "hmip-case-supervision-2018")
    assert [q.code for q in r.questions] == ["pp1", "pp2", "F1"]
    r = analyse(make_case_table(pp1=["yes"], **{"2.1.1": ["yes"], "2.1.2": ["no"]}))
    assert r.framework == "hmip-case-supervision-2018"
    # a tie goes to the bundled order
    r = analyse(make_case_table(pp1=["yes"], **{"2.1.1": ["yes"]}))
    order = [c for c in list_frameworks() if c in r.frameworks]
    assert r.framework == order[0] and list(r.frameworks) == order


def test_pinned_framework_only() -> None:
    t = make_case_table(pp1=["yes"], pp2=["no"], **{"2.1.1": ["yes"]})
    r = analyse(t, framework="hmip-case-supervision-2018")
    assert (r.framework, r.frameworks) == ("hmip-case-supervision-2018",
                                           ("hmip-case-supervision-2018",))
    assert [q.code for q in r.questions] == ["2.1.1"]
