import pytest
from pydantic import ValidationError

from caseinspect.frameworks.models import RatingRules

BANDS = [
    {"label": "Outstanding", "min_pct": 80, "points": 3},
    {"label": "Good", "min_pct": 65, "points": 2},
    {"label": "Requires improvement", "min_pct": 50, "points": 1},
    {"label": "Inadequate", "min_pct": 0, "points": 0},
]
OVERALL = [
    {"label": "Inadequate", "min_score": 0, "max_score": 5},
    {"label": "Requires improvement", "min_score": 6, "max_score": 15},
    {"label": "Good", "min_score": 16, "max_score": 25},
    {"label": "Outstanding", "min_score": 26, "max_score": 30},
]


def rules() -> RatingRules:
    return RatingRules.model_validate(
        {"bands": BANDS, "overall_standards": 10, "overall_bands": OVERALL}
    )


@pytest.mark.parametrize(
    ("pct", "label"),
    [(80.0, "Outstanding"), (79.99, "Good"), (65.0, "Good"), (64.9999, "Requires improvement"),
     (50.0, "Requires improvement"), (49.99, "Inadequate"), (0.0, "Inadequate")],
)
def test_unrounded_percentage_decides(pct: float, label: str) -> None:
    assert rules().rate(pct) == label


def test_overall_bands() -> None:
    r = rules()
    assert [r.overall(s) for s in (0, 5, 6, 15, 16, 25, 26, 30)] == [
        "Inadequate", "Inadequate", "Requires improvement", "Requires improvement",
        "Good", "Good", "Outstanding", "Outstanding"]


def test_overall_bands_must_cover_scores() -> None:
    with pytest.raises(ValidationError, match="cover every score"):
        RatingRules.model_validate(
            {"bands": BANDS, "overall_standards": 10, "overall_bands": OVERALL[:3]}
        )
