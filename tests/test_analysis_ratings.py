"""Ratings: a standard takes its lowest key question's rating; the overall score's bands."""

import pytest

from caseinspect.analysis import analyse
from caseinspect.analysis.ratings import rate_standards
from caseinspect.frameworks import Framework, KeyQuestion, Standard, load_framework
from factories import make_case_table

# The unrounded percentage that earns each number of points under the bundled bands.
PCT_FOR_POINTS = {3: 80.0, 2: 65.0, 1: 50.0, 0: 49.999}


def ten_standards() -> Framework:
    """A framework of ten one-key-question standards with the bundled rating rules, whose
    overall bands are for ten standards (0–5, 6–15, 16–25, 26–30)."""
    rules = load_framework("hmip-case-supervision-2018").rating
    return Framework(
        code="ten", title="Ten standards", rating=rules,
        standards=[Standard(code=f"{i}.1", title=f"Standard {i}",
                            key_questions=[KeyQuestion(code=f"{i}.1.1", text=f"Q{i}")])
                   for i in range(1, 11)],
    )


@pytest.mark.parametrize(("points", "rating"), [
    ([0] * 10, "Inadequate"),
    ([3, 2] + [0] * 8, "Inadequate"),                 # 5
    ([3, 2, 1] + [0] * 7, "Requires improvement"),    # 6
    ([3] * 5 + [0] * 5, "Requires improvement"),      # 15
    ([3] * 5 + [1] + [0] * 4, "Good"),                # 16
    ([3] * 8 + [1] + [0], "Good"),                    # 25
    ([3] * 8 + [2] + [0], "Outstanding"),             # 26
    ([3] * 10, "Outstanding"),                        # 30
])
def test_overall_score_bands_at_their_boundaries(points: list[int], rating: str) -> None:
    pct = {f"{i}.1.1": PCT_FOR_POINTS[p] for i, p in enumerate(points, start=1)}
    standards, overall = rate_standards(ten_standards(), pct)
    assert [s.points for s in standards] == points
    assert overall is not None
    assert (overall.score, overall.max_score, overall.rating) == (sum(points), 30, rating)


def test_overall_without_every_standard_gives_the_score_and_says_why() -> None:
    pct: dict[str, float | None] = {f"{i}.1.1": 80.0 for i in range(1, 10)}
    pct["10.1.1"] = None  # no case answered yes or no
    standards, overall = rate_standards(ten_standards(), pct)
    assert standards[-1].rating is None and standards[-1].lowest is None
    assert overall is not None
    assert (overall.score, overall.max_score, overall.rating) == (27, 27, None)
    assert "9 rated standard(s)" in overall.note and "10 standards" in overall.note


def test_framework_without_overall_bands_reports_the_sum() -> None:
    # Public protection: PP-A (pp1 80%, pp2 100%) Outstanding, PP-D (pp7 13/20 = 65%) Good.
    t = make_case_table(pp1=["yes"] * 16 + ["no"] * 4, pp2=["yes"] * 20,
                        pp7=["yes"] * 13 + ["no"] * 7)
    r = analyse(t)
    assert [(s.code, s.lowest, s.rating, s.points) for s in r.standards] == [
        ("PP-A", 80.0, "Outstanding", 3), ("PP-D", 65.0, "Good", 2)]
    (overall,) = r.overall
    assert (overall.score, overall.max_score, overall.rating) == (5, 6, None)
    assert "no overall rating bands" in overall.note


def test_standard_takes_the_lowest_key_question() -> None:
    # 2.1.1 9/10 = 90%, 2.1.2 17/20 = 85%, 2.1.3 13/20 = 65% → lowest 65 → Good.
    t = make_case_table(**{
        "2.1.1": ["yes"] * 9 + ["no"] + ["na"] * 10,
        "2.1.2": ["yes"] * 17 + ["no"] * 3,
        "2.1.3": ["yes"] * 13 + ["no"] * 7,
    })
    s = analyse(t).standard("2.1")
    assert s.key_questions == {"2.1.1": 90.0, "2.1.2": 85.0, "2.1.3": 65.0}
    assert (s.lowest, s.rating, s.points) == (65.0, "Good", 2)


def test_key_question_nobody_answered_is_left_out_of_the_lowest() -> None:
    t = make_case_table(**{"2.2.1": ["yes", "yes", "no", "yes", "yes"],
                           "2.2.3": ["na"] * 5})
    s = analyse(t).standard("2.2")
    assert s.key_questions == {"2.2.1": 80.0, "2.2.3": None}
    assert (s.lowest, s.rating) == (80.0, "Outstanding")


@pytest.mark.parametrize(("pct", "rating"), [
    (80.0, "Outstanding"), (79.999, "Good"), (65.0, "Good"), (64.999, "Requires improvement"),
    (50.0, "Requires improvement"), (49.999, "Inadequate"), (0.0, "Inadequate"),
    (100.0, "Outstanding"),
])
def test_rating_bands_on_the_unrounded_percentage(pct: float, rating: str) -> None:
    standards, _ = rate_standards(ten_standards(), {"1.1.1": pct})
    assert standards[0].rating == rating
