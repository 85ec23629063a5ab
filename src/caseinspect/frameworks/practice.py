"""The effective practice guide (seed 001) as data: what good looks like, per key question.

For each area (engagement, desistance, keeping people safe, and keeping people safe for
low-risk cases) and standard: the expectation, what practitioners should do, a case summary
(fictional name and synopsis), the inspector's comment highlights and the take-away questions.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

GUIDE = Path(__file__).parent / "practice" / "adult-case-supervision.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CaseSummary(_Strict):
    name: str
    synopsis: str


class PracticeEntry(_Strict):
    """What good looks like for one area and standard, linked to its key question."""

    standard: str
    key_question: str
    heading: str
    expectation: str
    practitioners_should: list[str]
    case_summary: CaseSummary
    inspector_highlights: list[str] = Field(default_factory=list)
    take_away_questions: list[str] = Field(default_factory=list)


class PracticeArea(_Strict):
    code: str
    title: str
    we_expect_to_see: list[str] = Field(default_factory=list)
    key_strengths: list[str] = Field(default_factory=list)
    challenges: list[str] = Field(default_factory=list)
    people_on_probation_say: list[str] = Field(default_factory=list)
    entries: list[PracticeEntry]


class PracticeGuide(_Strict):
    code: str
    title: str
    source: str
    areas: list[PracticeArea]

    def entries(self) -> list[tuple[PracticeArea, PracticeEntry]]:
        return [(a, e) for a in self.areas for e in a.entries]


@cache
def load_practice_guide() -> PracticeGuide:
    """The bundled effective practice guide, validated."""
    return PracticeGuide.model_validate(yaml.safe_load(GUIDE.read_text(encoding="utf-8")))


def key_question_of(code: str) -> str | None:
    """The case-supervision key question a question code is guided by.

    ``2.1.3.b`` → ``2.1.3``; ``2.1.3`` → ``2.1.3``; the dynamic inspection's ``C2`` / ``C2.a``
    (keeping other people safe in planning) → ``2.2.3``; anything else → None.
    """
    m = re.fullmatch(r"(2\.[1-4]\.[1-3])(\.[a-z])?", code)
    if m:
        return m.group(1)
    m = re.fullmatch(r"C([1-4])(\.[a-z])?", code)
    if m:
        return f"2.{m.group(1)}.3"
    return None


def guide_for(code: str) -> list[tuple[PracticeArea, PracticeEntry]]:
    """What good looks like for a key question or prompt code (every lens that covers it)."""
    kq = key_question_of(code)
    if kq is None:
        return []
    return [(a, e) for a, e in load_practice_guide().entries() if e.key_question == kq]
