"""The pure numeric core: proportions, intervals, breakdowns, ratings, models, comparisons.

Nothing here imports Django, reads settings or touches the network.
"""

from caseinspect.analysis.results import (
    AnalysisResult,
    GroupResult,
    OverallResult,
    QuestionResult,
    StandardResult,
)
from caseinspect.analysis.summary import analyse

__all__ = [
    "AnalysisResult",
    "GroupResult",
    "OverallResult",
    "QuestionResult",
    "StandardResult",
    "analyse",
]
