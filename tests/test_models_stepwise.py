"""Stepwise logistic regression against statsmodels' row-level Logit and a brute-force stepwise.

Reference: statsmodels.discrete.discrete_model.Logit fitted on the expanded rows (one row per
answered case, dummies with the largest group as reference) — the implementation the
Inspectorate's analysts would reach for.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from caseinspect.analysis.logistic import fit_logit
from caseinspect.analysis.patterns import Outcomes
from caseinspect.analysis.stepwise import stepwise
from caseinspect.casetable import NO, YES, CaseTable, synthetic_case_table
from factories import make_case_table

VARS = ["programme", "gender", "rosh", "mappa_eligible", "supervision_type", "iom"]


def rows(table: CaseTable, question: str, variables: list[str]) -> pd.DataFrame:
    """Answered cases: y and each variable as text, blanks as 'missing' (independent path)."""
    answers = table.frame[question].to_numpy()
    keep = (answers == YES) | (answers == NO)
    out = pd.DataFrame({"y": (answers[keep] == YES).astype(int)})
    for v in variables:
        col = table.frame[v].astype(object)
        out[v] = col.where(col.notna(), "missing").to_numpy()[keep]
    return out


def dummies(df: pd.DataFrame, variables: list[str]) -> pd.DataFrame:
    parts = [pd.Series(1.0, index=df.index, name="const")]
    for v in variables:
        ref = df[v].value_counts().idxmax()
        for level in sorted(set(df[v]) - {ref}):
            parts.append((df[v] == level).astype(float).rename(f"{v}={level}"))
    return pd.concat(parts, axis=1)


def sm_loglik(df: pd.DataFrame, variables: list[str]) -> float:
    return float(sm.Logit(df["y"], dummies(df, variables)).fit(disp=0, method="newton",
                                                               maxiter=100).llf)


def brute_force(df: pd.DataFrame, variables: list[str]) -> list[str]:
    selected: list[str] = []
    current = sm_loglik(df, [])
    for _ in range(20):
        trials = []
        for v in variables:
            if v in selected:
                continue
            ll = sm_loglik(df, [*selected, v])
            dof = df[v].nunique() - 1
            trials.append((stats.chi2.logsf(2 * (ll - current), dof), v, ll))
        if not trials:
            break
        logp, v, ll = min(trials)
        if logp >= np.log(0.05):
            break
        selected.append(v)
        current = ll
        while len(selected) > 1:
            out = []
            for s in selected:
                ll_without = sm_loglik(df, [x for x in selected if x != s])
                dof = df[s].nunique() - 1
                out.append((stats.chi2.logsf(2 * (current - ll_without), dof), s, ll_without))
            logp, s, ll_without = max(out)
            if logp <= np.log(0.10):
                break
            selected.remove(s)
            current = ll_without
    return selected


@pytest.mark.parametrize(("seed", "question"), [(1, "pp5"), (2, "pp3"), (3, "2.1.3")])
def test_selection_and_fit_match_statsmodels(seed: int, question: str) -> None:
    table = synthetic_case_table(3000, seed=seed)
    result = stepwise(table, question, VARS)
    df = rows(table, question, VARS)
    assert result.n == len(df)
    assert list(result.selected) == brute_force(df, VARS)
    x = dummies(df, list(result.selected))
    ref = sm.Logit(df["y"], x).fit(disp=0, method="newton", maxiter=100)
    assert result.loglik == pytest.approx(ref.llf, abs=1e-6)
    ours = {f"{t.variable}={t.level}": (t.coef, t.se) for t in result.terms}
    for name in x.columns[1:]:
        assert ours[name][0] == pytest.approx(ref.params[name], abs=1e-6)
        assert ours[name][1] == pytest.approx(ref.bse[name], abs=1e-6)
    assert len(result.sentences) == len(result.selected)


def test_grouped_fit_equals_row_level_fit() -> None:
    rng = np.random.default_rng(7)
    x_rows = np.column_stack([np.ones(500), rng.integers(0, 2, 500), rng.integers(0, 2, 500)])
    y_rows = (rng.random(500) < 1 / (1 + np.exp(-(0.3 + 0.8 * x_rows[:, 1] - 0.5 * x_rows[:, 2]
                                                   )))).astype(float)
    patterns, inverse = np.unique(x_rows, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    yes = np.bincount(inverse, weights=y_rows)
    trials = np.bincount(inverse).astype(float)
    ours = fit_logit(patterns.astype(float), yes, trials)
    ref = sm.Logit(y_rows, x_rows).fit(disp=0)
    assert np.allclose(ours.params, ref.params, atol=1e-8)
    assert np.allclose(ours.bse, ref.bse, atol=1e-8)
    assert ours.loglik == pytest.approx(ref.llf, abs=1e-8)


def test_separation_is_reported_not_hidden() -> None:
    # every very_high RoSH case judged yes: quasi-complete separation for that level
    n = 60
    rosh = ["low"] * 20 + ["medium"] * 30 + ["very_high"] * 10
    answers = (["yes", "no"] * 10) + (["yes", "no", "no"] * 10) + ["yes"] * 10
    table = make_case_table(rosh=rosh, pp5=answers)
    assert len(rosh) == len(answers) == n
    result = stepwise(table, "pp5", ["rosh"])
    assert any("very_high" in w and "separation" in w for w in result.warnings)
    flagged = [t for t in result.terms if t.level == "very_high"]
    assert flagged and not flagged[0].reliable


def test_blank_values_are_their_own_level() -> None:
    table = make_case_table(gender=["male", "", "female", "male"] * 10,
                            pp1=["yes", "no", "yes", "no"] * 10)
    result = stepwise(table, "pp1", ["gender"])
    assert result.n == 40  # every answered case is used, blanks included


def _nested_table(seed: int, rate: dict[str, float], n: int) -> CaseTable:
    rng = np.random.default_rng(seed)
    pdu = rng.choice(sorted(rate), size=n)
    region = np.where(np.char.startswith(pdu.astype(str), "N"), "north", "south")
    y = np.where(rng.random(n) < np.vectorize(rate.get)(pdu), "yes", "no")
    return make_case_table(region=list(region), pdu=list(pdu), pp5=list(y))


def test_a_variable_nested_in_a_selected_one_is_tested_on_its_extra_levels_only() -> None:
    # pdu is nested in region. Region differs most; within the north the PDUs differ too.
    # Once region is in, pdu adds (4 - 1) - (2 - 1) = 2 degrees of freedom, and its LR test
    # is against the region model (reference: statsmodels on rows, pdu dummies only, since
    # region's dummy is a sum of pdu dummies).
    table = _nested_table(1, {"N1": 0.75, "N2": 0.6, "S1": 0.3, "S2": 0.3}, 600)
    result = stepwise(table, "pp5", ["region", "pdu"])
    df = rows(table, "pp5", ["region", "pdu"])
    ll0, ll_region, ll_pdu = (sm_loglik(df, v) for v in ([], ["region"], ["pdu"]))
    # then region adds nothing beside pdu (removal LR 0): it leaves
    assert [(s.action, s.variable, s.df) for s in result.steps] == [
        ("enter", "region", 1), ("enter", "pdu", 2), ("remove", "region", 1)]
    assert result.steps[2].lr_chi2 == pytest.approx(0.0, abs=1e-6)
    assert result.selected == ("pdu",)
    assert result.steps[0].lr_chi2 == pytest.approx(2 * (ll_region - ll0), abs=1e-6)
    assert result.steps[1].lr_chi2 == pytest.approx(2 * (ll_pdu - ll_region), abs=1e-6)
    assert result.steps[1].p == pytest.approx(stats.chi2.sf(2 * (ll_pdu - ll_region), 2))
    assert result.loglik == pytest.approx(ll_pdu, abs=1e-6)
    assert all(t.reliable and np.isfinite(t.odds_ratio) for t in result.terms)


def test_a_variable_aliased_with_the_model_never_enters() -> None:
    # pdu explains everything region does and more: after pdu, region adds no column
    table = _nested_table(5, {"N1": 0.9, "N2": 0.2, "S1": 0.8, "S2": 0.15}, 600)
    result = stepwise(table, "pp5", ["region", "pdu"])
    assert result.selected == ("pdu",)
    assert [s.variable for s in result.steps] == ["pdu"]
    assert all(t.reliable and np.isfinite(t.odds_ratio) for t in result.terms)


def test_aliased_columns_are_left_out_of_the_fit() -> None:
    # column 2 repeats column 1: the fit is the model without it (5/10 yes vs 3/8 yes)
    x = np.array([[1, 1, 1], [1, 0, 0], [1, 1, 1], [1, 0, 0]], dtype=float)
    fit = fit_logit(x, np.array([3.0, 1.0, 2.0, 2.0]), np.array([5.0, 4.0, 5.0, 4.0]))
    assert fit.aliased == (2,) and fit.rank == 2
    assert np.isnan(fit.bse[2]) and fit.params[2] == 0.0
    assert fit.params[0] == pytest.approx(np.log(3 / 5), abs=1e-8)
    assert fit.params[0] + fit.params[1] == pytest.approx(0.0, abs=1e-8)


def test_complete_separation_is_named_in_the_warnings() -> None:
    rosh = ["low"] * 20 + ["high"] * 20
    answers = ["yes"] * 20 + ["no"] * 20
    result = stepwise(make_case_table(rosh=rosh, pp5=answers), "pp5", ["rosh"])
    assert result.selected == ("rosh",)
    assert any("complete separation" in w and "40 of 40" in w for w in result.warnings)
    assert not any(t.reliable for t in result.terms)


def test_models_fitted_in_forked_workers_equal_those_fitted_in_process() -> None:
    from caseinspect.analysis.stepwise import stepwise_many

    table = synthetic_case_table(2000, seed=11)
    questions = ["pp1", "pp3", "pp5", "pp7"]
    alone = stepwise_many(table, questions, VARS)
    forked = stepwise_many(table, questions, VARS, workers=2)
    assert [m.to_dict() for m in forked] == [m.to_dict() for m in alone]
    assert [m.question for m in forked] == questions


@pytest.mark.parametrize("df", [1, 2, 3, 7, 12, 40])
def test_chi2_log_survival_matches_scipy_and_stays_finite_past_underflow(df: int) -> None:
    from caseinspect.analysis.stepwise import chi2_logsf

    # where SciPy's chi2.logsf is still finite: its own values, on both sides of the switch
    # from chdtrc to the asymptotic series (p = 1e-250)
    x = np.linspace(1.0, 1300.0, 400)
    ref = stats.chi2.logsf(x, df)
    ours = chi2_logsf(x, df)
    assert np.all(np.isfinite(ref))
    assert np.allclose(ours, ref, rtol=1e-10, atol=1e-12)
    # past it SciPy gives -inf; ours keeps falling, so larger statistics still rank lower
    far = chi2_logsf(np.array([2000.0, 5000.0, 1e5]), df)
    assert np.all(np.isfinite(far)) and far[0] > far[1] > far[2]
    assert np.isneginf(stats.chi2.logsf(5000.0, df))


def test_a_fit_without_summary_has_the_same_estimates_and_log_likelihood() -> None:
    rng = np.random.default_rng(3)
    x = np.column_stack([np.ones(40), rng.integers(0, 2, 40), rng.integers(0, 2, 40)])
    trials = rng.integers(1, 30, 40).astype(float)
    yes = np.floor(trials * rng.random(40))
    full, light = fit_logit(x, yes, trials), fit_logit(x, yes, trials, summary=False)
    assert np.allclose(light.params, full.params, atol=1e-12)
    assert light.loglik == pytest.approx(full.loglik, abs=1e-9)
    assert light.rank == full.rank == 3
    assert np.isnan(light.bse).all() and light.separation == "not assessed"
    assert full.separation == "none" and np.isfinite(full.bse).all()


@pytest.mark.parametrize("scale", [1.0, 0.5])
def test_packed_outcomes_sum_exactly_as_two_counts(scale: float) -> None:
    # whole counts are packed into one float per item; fractional ones are counted apart
    rng = np.random.default_rng(5)
    trials = rng.integers(0, 50_000, 2_000).astype(float) * scale
    yes = np.floor(trials * rng.random(2_000))
    key = rng.integers(0, 37, 2_000)
    outcomes = Outcomes.of(yes, trials)
    assert (outcomes.packed is not None) == (scale == 1.0)
    got_yes, got_trials = outcomes.sums(key, 37)
    assert np.array_equal(got_yes, np.bincount(key, weights=yes, minlength=37))
    assert np.array_equal(got_trials, np.bincount(key, weights=trials, minlength=37))


def test_outcomes_too_large_to_pack_exactly_are_counted_apart() -> None:
    trials = np.array([2.0**40, 2.0**40])
    outcomes = Outcomes.of(trials / 2, trials)
    assert outcomes.packed is None
    assert outcomes.sums(np.array([0, 0]), 1)[1].tolist() == [2.0**41]


def test_a_level_found_only_among_unanswered_cases_gets_no_dummy() -> None:
    # rosh very_high appears only where pp1 is na or blank: the model of pp1 has no
    # very_high column (not an aliased one), and its fit equals statsmodels' on the rest.
    rng = np.random.default_rng(11)
    rosh = list(rng.choice(["low", "medium", "high"], size=300))
    answers = list(np.where(rng.random(300) < 0.3 + 0.2 * (np.array(rosh) == "high"), "yes",
                            "no"))
    table = make_case_table(rosh=rosh + ["very_high"] * 20, pp1=answers + ["na", ""] * 10)
    result = stepwise(table, "pp1", ["rosh"])
    assert result.n == 300
    assert all(t.level != "very_high" for t in result.terms)
    assert not any("aliased" in w for w in result.warnings)
    df = rows(table, "pp1", ["rosh"])
    ref = sm.Logit(df["y"], dummies(df, ["rosh"])).fit(disp=0)
    assert result.selected == ("rosh",) and result.steps[0].df == 2  # three levels present
    assert result.loglik == pytest.approx(ref.llf, abs=1e-6)
    assert {f"rosh={t.level}" for t in result.terms} == set(ref.params.index[1:])


def test_a_laned_count_equals_the_plain_count() -> None:
    from caseinspect.analysis.patterns import Cells, laned

    rng = np.random.default_rng(9)
    first, second = rng.integers(0, 5, 3_000), rng.integers(0, 7, 3_000)
    trials = rng.integers(0, 20, 3_000).astype(float)
    outcomes = Outcomes.of(np.floor(trials * rng.random(3_000)), trials)
    cells = Cells.single(3_000).cross([(first, 5)])
    plain = cells.count(second, 7, outcomes)
    spread = cells.count(second, 7, outcomes, laned(second))
    for a, b in zip(plain, spread, strict=True):
        assert np.array_equal(a, b)
    assert plain[2].sum() == trials.sum()
