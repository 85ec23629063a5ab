"""The effective practice guide (seeds 001 and 000) as data: what good looks like, per key question.

For each area (engagement, desistance, keeping people safe, and its low-risk variant) and each
standard: the expectation, what practitioners should do (one point per prompt of the key
question, in the guide's order), a case summary (fictional name and opening sentences), the
inspector's comment highlights and the take-away questions; per area, what the inspectorate
expects to see, the key strengths and challenges its inspections found, and what people on
probation said.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

GUIDE = Path(__file__).parent / "practice" / "adult-case-supervision.yaml"

# Domain two key questions end in .1 (engagement), .2 (desistance) or .3 (keeping people safe).
_PROMPT = re.compile(r"(?P<kq>2\.[1-4]\.[1-3])(?:\.(?P<letter>[a-z]))?")
# The dynamic inspection's case questions C1–C4 are keeping other people safe in standards 2.1–2.4.
_DYNAMIC = re.compile(r"C(?P<standard>[1-4])(?:\.(?P<letter>[a-z]))?")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CaseSummary(_Strict):
    name: str
    synopsis: str
    part: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name} {self.part}" if self.part else self.name


class PracticeEntry(_Strict):
    """What good looks like for one area and standard, linked to its key question."""

    area: str
    standard: str
    key_question: str
    heading: str
    expectation: str
    practitioners_should: list[str]
    note: str | None = None
    case_summary: CaseSummary
    inspector_highlights: list[str] = Field(default_factory=list)
    take_away_questions: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _key_question_in_standard(self) -> PracticeEntry:
        if not self.key_question.startswith(self.standard + "."):
            raise ValueError(f"key question {self.key_question} is not in standard {self.standard}")
        return self

    def point_for(self, code: str) -> str | None:
        """The practitioner point a prompt code (``2.1.3.b``, ``C1.b``) stands for, else None."""
        letter = prompt_letter(code)
        if letter is None:
            return None
        index = ord(letter) - ord("a")
        return self.practitioners_should[index] if index < len(self.practitioners_should) else None


class PracticeArea(_Strict):
    code: str
    title: str
    variant_of: str | None = None
    sources: list[str]
    findings: str | None = None
    we_expect_to_see: list[str] = Field(default_factory=list)
    key_strengths: list[str] = Field(default_factory=list)
    challenges: list[str] = Field(default_factory=list)
    people_on_probation_say: list[str] = Field(default_factory=list)
    entries: list[PracticeEntry]

    @model_validator(mode="before")
    @classmethod
    def _entries_know_their_area(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("entries"), list):
            entries = [{**e, "area": data.get("code")} if isinstance(e, dict) and "area" not in e
                       else e for e in data["entries"]]
            data = {**data, "entries": entries}
        return data

    @model_validator(mode="after")
    def _one_key_question_kind_per_standard(self) -> PracticeArea:
        standards = [e.standard for e in self.entries]
        if len(set(standards)) != len(standards):
            raise ValueError(f"area {self.code} repeats a standard: {standards}")
        kinds = {e.key_question.rsplit(".", 1)[1] for e in self.entries}
        if len(kinds) > 1:
            raise ValueError(f"area {self.code} mixes key questions of different kinds")
        if any(e.area != self.code for e in self.entries):
            raise ValueError(f"an entry of area {self.code} names another area")
        return self


class PracticeGuide(_Strict):
    code: str
    title: str
    source: str
    areas: list[PracticeArea]

    @model_validator(mode="after")
    def _variants_name_an_area(self) -> PracticeGuide:
        codes = [a.code for a in self.areas]
        if len(set(codes)) != len(codes):
            raise ValueError(f"area codes repeat: {codes}")
        bad = [a.variant_of for a in self.areas if a.variant_of and a.variant_of not in codes]
        if bad:
            raise ValueError(f"variant of unknown area: {bad}")
        return self

    def area(self, code: str) -> PracticeArea:
        return next(a for a in self.areas if a.code == code)

    def entries(self) -> list[PracticeEntry]:
        return [e for a in self.areas for e in a.entries]


@cache
def load_practice_guide() -> PracticeGuide:
    """The bundled effective practice guide, validated."""
    return PracticeGuide.model_validate(yaml.safe_load(GUIDE.read_text(encoding="utf-8")))


def prompt_letter(code: str) -> str | None:
    """The prompt letter of a code (``b`` for ``2.1.3.b`` or ``C1.b``); None for others."""
    match = _PROMPT.fullmatch(code) or _DYNAMIC.fullmatch(code)
    return match["letter"] if match else None


def key_question_of(code: str) -> str | None:
    """The case-supervision key question a question code is guided by.

    ``2.1.3.b`` → ``2.1.3``; ``2.1.3`` → ``2.1.3``; the dynamic inspection's ``C2`` / ``C2.a``
    (keeping other people safe in planning) → ``2.2.3``; anything else → None.
    """
    if match := _PROMPT.fullmatch(code):
        return match["kq"]
    if match := _DYNAMIC.fullmatch(code):
        return f"2.{match['standard']}.3"
    return None


def guide_for(code: str) -> list[PracticeEntry]:
    """What good looks like for a key question or prompt code: one entry per area covering it
    (for keeping people safe, the main lens first, then its low-risk variant)."""
    kq = key_question_of(code)
    if kq is None:
        return []
    return [e for e in load_practice_guide().entries() if e.key_question == kq]
