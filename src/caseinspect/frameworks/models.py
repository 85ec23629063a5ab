"""Typed models of an inspection framework, validated when a framework file is loaded.

A framework is data (one YAML file per framework beside this module). Case
frameworks hold *standards*, each with *key questions* (judged yes / no / na per case) and
their *prompts*, plus *facts* (case facts recorded yes / no / na that are not prompts).
Dynamic frameworks add *domains* of non-case questions, answered with evidence and a
narrative finding rather than yes / no.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

QuestionKind = Literal["key_question", "prompt", "fact"]

#: Shapes of the codes of questions answered per case, as case-table columns name them:
#: key questions ``2.1.3``, ``pp5``, ``C1``; facts ``F1``. A prompt is its key question's
#: code, a dot and one lower-case letter (``2.1.3.a``, ``C1.a``).
KEY_QUESTION_CODE = re.compile(r"^(\d+\.\d+\.\d+|pp\d+|C\d+)$")
FACT_CODE = re.compile(r"^F\d+$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Prompt(_Strict):
    """A prompt under a key question, e.g. ``2.1.3.a``."""

    code: str
    text: str


class KeyQuestion(_Strict):
    """A key question judged per case (yes / no / na), e.g. ``2.1.3``.

    ``source`` names the seed document its wording and prompts are quoted from (``"003"``).
    """

    code: str
    text: str
    area: str | None = None
    short: str | None = None
    source: str | None = None
    prompts: list[Prompt] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class Standard(_Strict):
    """A standard (or a group of questions) holding key questions."""

    code: str
    title: str
    text: str | None = None
    key_questions: list[KeyQuestion]


class Fact(_Strict):
    """A supplementary case fact, recorded yes / no / na but not a prompt."""

    code: str
    text: str
    source: str | None = None
    notes: list[str] = Field(default_factory=list)


class EvidenceQuestion(_Strict):
    """A non-case question answered from evidence with a narrative finding (no yes / no)."""

    code: str
    text: str
    guidance: str = ""
    evidence_sources: list[str] = Field(default_factory=list)


class QuestionGroup(_Strict):
    title: str
    questions: list[EvidenceQuestion]


class Domain(_Strict):
    """A domain of non-case questions, e.g. ``1`` Leadership, in its groups."""

    code: str
    title: str
    groups: list[QuestionGroup]

    def questions(self) -> list[EvidenceQuestion]:
        return [q for g in self.groups for q in g.questions]


class RatingBand(_Strict):
    label: str
    min_pct: float
    points: int


class ScoreBand(_Strict):
    label: str
    min_score: int
    max_score: int


class RatingRules(_Strict):
    """How key-question percentages become ratings and an overall score.

    ``bands`` are in descending order of ``min_pct``; the unrounded percentage decides.
    A standard takes the rating of its lowest key question (``standard_rule``).
    ``overall_bands`` classify the sum of the standards' points when a framework has
    ``overall_standards`` standards; without them there is no overall rating.
    """

    bands: list[RatingBand]
    standard_rule: Literal["lowest_key_question"] = "lowest_key_question"
    overall_standards: int | None = None
    overall_bands: list[ScoreBand] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> RatingRules:
        mins = [b.min_pct for b in self.bands]
        if mins != sorted(mins, reverse=True):
            raise ValueError("rating bands must be in descending order of min_pct")
        if not self.bands or self.bands[-1].min_pct != 0:
            raise ValueError("the last rating band must start at 0")
        if self.overall_standards is None:
            if self.overall_bands:
                raise ValueError("overall_bands need overall_standards")
            return self
        covered: set[int] = set()
        for band in self.overall_bands:
            span = set(range(band.min_score, band.max_score + 1))
            if span & covered:
                raise ValueError(f"overall band {band.label!r} overlaps another band")
            covered |= span
        top = max(b.points for b in self.bands) * self.overall_standards
        if covered != set(range(0, top + 1)):
            raise ValueError(f"overall bands must cover every score from 0 to {top} exactly once")
        return self

    def rate(self, pct: float) -> str:
        """The rating for an (unrounded) percentage."""
        for band in self.bands:
            if pct >= band.min_pct:
                return band.label
        return self.bands[-1].label

    def points(self, label: str) -> int:
        for band in self.bands:
            if band.label == label:
                return band.points
        raise KeyError(label)

    def overall(self, score: int) -> str:
        for band in self.overall_bands:
            if band.min_score <= score <= band.max_score:
                return band.label
        raise ValueError(f"score {score} is outside the overall bands")


@dataclass(frozen=True)
class QuestionRef:
    """One answerable (yes / no / na) question of a framework, flattened."""

    code: str
    text: str
    kind: QuestionKind
    framework: str
    standard: str | None = None
    key_question: str | None = None


class Framework(_Strict):
    code: str
    title: str
    kind: Literal["case", "dynamic"] = "case"
    description: str = ""
    sources: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    standards: list[Standard] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    domains: list[Domain] = Field(default_factory=list)
    rating: RatingRules | None = None

    @model_validator(mode="after")
    def _unique_codes(self) -> Framework:
        problems: list[str] = []
        codes = [s.code for s in self.standards]
        for s in self.standards:
            for kq in s.key_questions:
                if not KEY_QUESTION_CODE.match(kq.code):
                    problems.append(
                        f"key question code {kq.code!r} is not of a case-table question shape"
                        " (2.1.3, pp5, C1)"
                    )
                codes.append(kq.code)
                for p in kq.prompts:
                    if not re.fullmatch(re.escape(kq.code) + r"\.[a-z]", p.code):
                        problems.append(f"prompt {p.code} does not belong to {kq.code}")
                    codes.append(p.code)
        for f in self.facts:
            if not FACT_CODE.match(f.code):
                problems.append(f"fact code {f.code!r} is not of the shape F1, F2, ...")
        codes += [f.code for f in self.facts]
        codes += [q.code for d in self.domains for q in d.questions()]
        seen: set[str] = set()
        for code in codes:
            if code in seen:
                problems.append(f"question code {code!r} appears twice in {self.code}")
            seen.add(code)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def questions(self) -> list[QuestionRef]:
        """Every question answered yes / no / na per case: key questions, prompts, facts."""
        out: list[QuestionRef] = []
        for s in self.standards:
            for kq in s.key_questions:
                out.append(QuestionRef(kq.code, kq.text, "key_question", self.code, s.code))
                out.extend(
                    QuestionRef(p.code, p.text, "prompt", self.code, s.code, kq.code)
                    for p in kq.prompts
                )
        out.extend(QuestionRef(f.code, f.text, "fact", self.code) for f in self.facts)
        return out

    def key_questions(self) -> list[KeyQuestion]:
        return [kq for s in self.standards for kq in s.key_questions]

    def question(self, code: str) -> QuestionRef:
        for q in self.questions():
            if q.code == code:
                return q
        raise KeyError(code)

    def evidence_questions(self) -> list[EvidenceQuestion]:
        return [q for d in self.domains for q in d.questions()]
