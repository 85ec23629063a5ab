"""Frozen result objects of the analysis, and their JSON shape (``docs/analysis-json.md``)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any


def _num(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


@dataclass(frozen=True)
class GroupResult:
    """One group of a breakdown for one question."""

    group: str
    n: int
    yes: int
    pct_yes: float | None
    ci95_low: float | None
    ci95_high: float | None
    weighted: tuple[float | None, float | None, float | None] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "group": self.group,
            "n": self.n,
            "yes": self.yes,
            "pct_yes": _num(self.pct_yes),
            "ci95_low": _num(self.ci95_low),
            "ci95_high": _num(self.ci95_high),
        }
        if self.weighted is not None:
            out["pct_yes_weighted"] = _num(self.weighted[0])
            out["ci95_low_weighted"] = _num(self.weighted[1])
            out["ci95_high_weighted"] = _num(self.weighted[2])
        return out


@dataclass(frozen=True)
class QuestionResult:
    """Counts, % yes and interval for one question, overall and by each breakdown."""

    code: str
    text: str
    kind: str
    framework: str
    n: int
    yes: int
    no: int
    na: int
    blank: int
    pct_yes: float | None
    ci95_low: float | None
    ci95_high: float | None
    weighted: tuple[float | None, float | None, float | None] | None = None
    by: dict[str, tuple[GroupResult, ...]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "text": self.text,
            "kind": self.kind,
            "framework": self.framework,
            "n": self.n,
            "yes": self.yes,
            "no": self.no,
            "na": self.na,
            "blank": self.blank,
            "pct_yes": _num(self.pct_yes),
            "ci95_low": _num(self.ci95_low),
            "ci95_high": _num(self.ci95_high),
        }
        if self.weighted is not None:
            out["pct_yes_weighted"] = _num(self.weighted[0])
            out["ci95_low_weighted"] = _num(self.weighted[1])
            out["ci95_high_weighted"] = _num(self.weighted[2])
        out["by"] = {name: [g.to_dict() for g in groups] for name, groups in self.by.items()}
        return out


@dataclass(frozen=True)
class StandardResult:
    """A standard's key-question percentages, its lowest, rating and points."""

    code: str
    title: str
    framework: str
    key_questions: dict[str, float | None]
    lowest: float | None
    rating: str | None
    points: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "framework": self.framework,
            "key_questions": {k: _num(v) for k, v in self.key_questions.items()},
            "lowest": _num(self.lowest),
            "rating": self.rating,
            "points": self.points,
        }


@dataclass(frozen=True)
class OverallResult:
    """The overall score (sum of the standards' points) and, where it applies, a rating."""

    framework: str
    score: int
    max_score: int
    rating: str | None
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework,
            "score": self.score,
            "max_score": self.max_score,
            "rating": self.rating,
            "note": self.note,
        }


@dataclass(frozen=True)
class AnalysisResult:
    """Everything ``caseinspect analyse`` reports for one case table."""

    framework: str
    frameworks: tuple[str, ...]
    cases: int
    breakdowns: tuple[str, ...]
    weighted: bool
    questions: tuple[QuestionResult, ...]
    standards: tuple[StandardResult, ...]
    overall: tuple[OverallResult, ...]

    def question(self, code: str) -> QuestionResult:
        for q in self.questions:
            if q.code == code:
                return q
        raise KeyError(code)

    def standard(self, code: str) -> StandardResult:
        for s in self.standards:
            if s.code == code:
                return s
        raise KeyError(code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework,
            "frameworks": list(self.frameworks),
            "cases": self.cases,
            "breakdowns": list(self.breakdowns),
            "weighted": self.weighted,
            "questions": [q.to_dict() for q in self.questions],
            "standards": [s.to_dict() for s in self.standards],
            "overall": [o.to_dict() for o in self.overall],
        }
