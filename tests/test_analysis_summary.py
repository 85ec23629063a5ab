"""The analysis core against hand-computed values and statsmodels' Wilson interval."""

import json
import math

import pytest
from click.testing import CliRunner
from statsmodels.stats.proportion import proportion_confint

from caseinspect.analysis import analyse
from caseinspect.analysis.proportions import weighted_proportion, wilson
from caseinspect.cli import main
from factories import make_case_table


@pytest.mark.parametrize(("yes", "n"), [(0, 10), (1, 10), (7, 10), (10, 10), (483, 1034),
                                        (1, 1)])
def test_wilson_matches_statsmodels(yes: int, n: int) -> None:
    low, high = proportion_confint(yes, n, alpha=0.05, method="wilson")
    p = wilson(yes, n)
    assert p.pct == pytest.approx(100 * yes / n)
    assert p.ci95_low == pytest.approx(100 * low, abs=1e-9)
    assert p.ci95_high == pytest.approx(100 * high, abs=1e-9)


def test_wilson_empty() -> None:
    assert wilson(0, 0).pct is None and wilson(0, 0).ci95_low is None


def table():
    # 6 cases; pp1: yes yes no na blank yes -> n=4, yes=3
    return make_case_table(
        programme=["OMI2", "OMI2", "OMI2", "QI", "QI", "QI"],
        gender=["male", "female", "male", "male", "", "female"],
        pp1=["yes", "yes", "no", "na", "", "yes"],
        pp2=["no", "no", "no", "yes", "yes", "na"],
    )


def test_counts_and_percentages_hand_computed() -> None:
    r = analyse(table())
    q = r.question("pp1")
    assert (q.n, q.yes, q.no, q.na, q.blank) == (4, 3, 1, 1, 1)
    assert q.pct_yes == 75.0
    by_programme = {g.group: (g.n, g.yes, g.pct_yes) for g in q.by["programme"]}
    assert by_programme == {"OMI2": (3, 2, pytest.approx(200 / 3)), "QI": (1, 1, 100.0)}
    by_gender = {g.group: (g.n, g.yes) for g in q.by["gender"]}
    # blank gender is its own group, "missing" (its pp1 answer is blank, so n=0)
    assert by_gender == {"male": (2, 1), "female": (2, 2), "missing": (0, 0)}
    q2 = r.question("pp2")
    assert (q2.n, q2.yes, q2.pct_yes) == (5, 2, 40.0)


def test_standards_rated_by_lowest_key_question() -> None:
    r = analyse(table(), framework="hmip-public-protection-2018")
    a = r.standard("PP-A")
    assert a.key_questions == {"pp1": 75.0, "pp2": 40.0}
    assert a.lowest == 40.0 and a.rating == "Inadequate" and a.points == 0
    assert [s.code for s in r.standards] == ["PP-A"]


@pytest.mark.parametrize(("yes", "n", "rating"), [(4, 5, "Outstanding"), (79999, 100000, "Good"),
                                                  (13, 20, "Good"), (1, 2, "Requires improvement"),
                                                  (49999, 100000, "Inadequate")])
def test_rating_boundaries_use_unrounded_percentage(yes: int, n: int, rating: str) -> None:
    answers = ["yes"] * yes + ["no"] * (n - yes)
    t = make_case_table(pp7=answers)
    assert analyse(t).standard("PP-D").rating == rating


def test_overall_score_without_ten_standards_has_no_rating() -> None:
    t = make_case_table(**{"2.1.1": ["yes"], "2.1.2": ["yes"], "2.1.3": ["yes"],
                           "2.2.1": ["no"], "2.2.2": ["yes"], "2.2.3": ["yes"],
                           "2.3.1": ["yes"], "2.3.2": ["yes"], "2.3.3": ["yes"],
                           "2.4.1": ["yes"], "2.4.2": ["yes"], "2.4.3": ["yes"]})
    r = analyse(t)
    assert [s.rating for s in r.standards] == ["Outstanding", "Inadequate", "Outstanding",
                                               "Outstanding"]
    (overall,) = r.overall
    assert (overall.score, overall.max_score, overall.rating) == (9, 12, None)


def test_weighted_percentages_hand_computed() -> None:
    t = make_case_table(pp1=["yes", "no", "yes", "na"], weight=["2", "1", "1", "5"])
    q = analyse(t).question("pp1")
    assert (q.n, q.yes) == (3, 2)  # unweighted n alongside
    assert q.weighted is not None
    # weighted yes = 3 of 4; n_eff = 4^2 / (4 + 1 + 1) = 8/3
    assert q.weighted[0] == pytest.approx(75.0)
    ref = wilson(0.75 * 8 / 3, 8 / 3)
    assert q.weighted[1] == pytest.approx(ref.ci95_low)
    wp = weighted_proportion(3.0, 4.0, 6.0)
    assert wp.n == pytest.approx(8 / 3)


def test_derived_breakdowns() -> None:
    t = make_case_table(age=["19", "22", "55", "30"], rosh=["high", "very_high", "low", "medium"],
                        pp1=["yes", "no", "yes", "yes"])
    r = analyse(t)
    q = r.question("pp1")
    assert [(g.group, g.n) for g in q.by["age_group"]] == [
        ("18-20", 1), ("21-24", 1), ("30-39", 1), ("50+", 1)]
    assert [(g.group, g.n, g.yes) for g in q.by["rosh_band"]] == [
        ("low", 1, 1), ("medium", 1, 1), ("high_or_very_high", 2, 1)]
    assert [g.group for g in q.by["rosh"]] == ["low", "medium", "high", "very_high"]


def test_unknown_breakdown_is_an_error() -> None:
    from caseinspect.errors import InputError

    with pytest.raises(InputError, match="cannot break down by 'team'"):
        analyse(table(), by=["team"])


def test_cli_json_shape(tmp_path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("case_id,programme,pp1,pp2\nA1,OMI2,yes,no\nA2,QI,no,no\nA3,QI,yes,na\n")
    result = CliRunner().invoke(main, ["analyse", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["framework"] == "hmip-public-protection-2018" and data["cases"] == 3
    q = data["questions"][0]
    assert set(q) >= {"code", "text", "n", "yes", "no", "na", "pct_yes", "ci95_low",
                      "ci95_high", "by"}
    assert (q["code"], q["n"], q["yes"]) == ("pp1", 3, 2)
    assert q["pct_yes"] == pytest.approx(200 / 3)
    assert set(q["by"]["programme"][0]) >= {"group", "n", "yes", "pct_yes", "ci95_low",
                                            "ci95_high"}
    s = data["standards"][0]
    assert set(s) >= {"code", "title", "key_questions", "lowest", "rating"}
    assert data["questions"][1]["pct_yes"] == 0.0
    assert not math.isnan(data["questions"][0]["ci95_low"])


def test_demo_writes_synthetic_data_and_shows_analysis(tmp_path) -> None:
    result = CliRunner().invoke(main, ["demo", "--data-dir", str(tmp_path), "--cases", "200"])
    assert result.exit_code == 0, result.output
    assert "SYNTHETIC DEMO DATA" in result.output
    assert "Ratings" in result.output and (tmp_path / "demo-cases.csv").is_file()
