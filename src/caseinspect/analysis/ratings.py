"""Ratings: a standard takes the rating of its lowest key question; points add up overall."""

from __future__ import annotations

from collections.abc import Mapping

from caseinspect.analysis.results import OverallResult, StandardResult
from caseinspect.frameworks import Framework


def rate_standards(
    framework: Framework, pct: Mapping[str, float | None]
) -> tuple[list[StandardResult], OverallResult | None]:
    """Rate each standard of ``framework`` from key-question percentages.

    Parameters
    ----------
    framework : Framework
        Supplies the standards, their key questions and the rating rules.
    pct : mapping of str to float or None
        Unrounded % yes per key question code (None when no case was answered).

    Returns
    -------
    standards, overall
        ``overall`` is None when the framework has no rating rules or no standard could be
        rated; its ``rating`` is None unless the framework's standards number
        ``overall_standards`` and all are rated.
    """
    rules = framework.rating
    results: list[StandardResult] = []
    for s in framework.standards:
        kq = {k.code: pct[k.code] for k in s.key_questions if k.code in pct}
        present = [v for v in kq.values() if v is not None]
        lowest = min(present) if present else None
        rating = rules.rate(lowest) if rules is not None and lowest is not None else None
        points = rules.points(rating) if rules is not None and rating is not None else None
        results.append(StandardResult(s.code, s.title, framework.code, kq, lowest, rating, points))
    if rules is None:
        return results, None
    rated = [r for r in results if r.points is not None]
    if not rated:
        return results, None
    top = max(b.points for b in rules.bands)
    score = sum(r.points or 0 for r in rated)
    if rules.overall_standards is None:
        note = "This framework has no overall rating bands; the score is the sum of points."
        return results, OverallResult(framework.code, score, top * len(rated), None, note)
    if len(rated) == len(results) == rules.overall_standards:
        note = (f"Overall rating from the sum of the {len(results)} standards' points "
                f"({top} for Outstanding down to 0 for Inadequate).")
        return results, OverallResult(framework.code, score, top * len(results),
                                      rules.overall(score), note)
    note = (f"Score over {len(rated)} rated standard(s); the overall rating bands apply to "
            f"{rules.overall_standards} standards, so no overall rating is given.")
    return results, OverallResult(framework.code, score, top * len(rated), None, note)
