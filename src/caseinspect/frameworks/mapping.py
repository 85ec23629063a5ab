"""Which case indicators inform which non-case questions of a dynamic framework (data, not code).

A mapping is one YAML file in ``mappings/`` named by the framework's code. It *links* each
regional question (``1.9``) to the case indicators it draws on — key questions, prompts and
facts of the same framework (``F1``), or *derived* indicators the file defines from case
attributes (``D1``: high / very high RoSH cases held by a qualified officer) — and says why,
quoting the question's guidance or evidence sources word for word. Loading checks every
code and every quote, and reports every problem with the file and the entry it is in.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from caseinspect.errors import InputError, Problem
from caseinspect.frameworks import load_framework
from caseinspect.frameworks.models import FACT_CODE, KEY_QUESTION_CODE, Framework

MAPPINGS_DIR = Path(__file__).parent / "mappings"
DYNAMIC = "hmip-dynamic-public-protection-2025"

#: Shape of a derived indicator's code: ``D1``, ``D2``…
DERIVED_CODE = re.compile(r"^D\d+$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DerivedIndicator(_Strict):
    """An indicator counted from case attributes rather than answered by an inspector.

    A case is counted when every ``where`` attribute holds one of its listed values; it is
    *yes* when ``attribute`` holds one of ``yes_values``, *no* when it holds one of
    ``no_values``, and not counted (as *na*) otherwise, blank included. (The keys are
    ``yes_values`` and ``no_values`` because YAML 1.1 reads a bare ``yes:`` key as a
    boolean.)
    """

    code: str
    text: str
    attribute: str
    yes_values: list[str]
    no_values: list[str]
    where: dict[str, list[str]] = Field(default_factory=dict)
    source: str = ""
    notes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> DerivedIndicator:
        if not DERIVED_CODE.match(self.code):
            raise ValueError(f"derived indicator code {self.code!r} is not of the shape D1, D2")
        if not self.yes_values or not self.no_values:
            raise ValueError("a derived indicator needs both yes_values and no_values")
        both = sorted(set(self.yes_values) & set(self.no_values))
        if both:
            raise ValueError(f"values {both} are both yes and no")
        return self

    @property
    def attributes(self) -> tuple[str, ...]:
        """The attribute columns the indicator is counted from."""
        return (*self.where, self.attribute)


class Link(_Strict):
    """Case indicators that inform one regional question, with the quoted reason why."""

    question: str
    indicators: list[str] = Field(min_length=1)
    why: str


class QuestionMapping(_Strict):
    """The links of one dynamic framework's questions to its case indicators."""

    framework: str
    title: str = ""
    notes: list[str] = Field(default_factory=list)
    derived: list[DerivedIndicator] = Field(default_factory=list)
    links: list[Link]

    def indicator_codes(self) -> tuple[str, ...]:
        """Every linked or derived indicator, in order of first appearance."""
        codes = [c for link in self.links for c in link.indicators]
        codes += [d.code for d in self.derived]
        return tuple(dict.fromkeys(codes))

    def question_codes(self) -> tuple[str, ...]:
        """Every question with at least one link, in order of first appearance."""
        return tuple(dict.fromkeys(link.question for link in self.links))

    def indicators_for_question(self, question: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(
            c for link in self.links if link.question == question for c in link.indicators))

    def questions_for_indicator(self, code: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(
            link.question for link in self.links if code in link.indicators))

    def why(self, question: str, indicator: str) -> tuple[str, ...]:
        """The quoted reasons a question draws on an indicator."""
        return tuple(link.why for link in self.links
                     if link.question == question and indicator in link.indicators)

    def derived_indicator(self, code: str) -> DerivedIndicator | None:
        return next((d for d in self.derived if d.code == code), None)


def _plain(text: str) -> str:
    return " ".join(text.split())


def _check_against(mapping: QuestionMapping, framework: Framework, file: str) -> list[Problem]:
    problems: list[Problem] = []
    questions = {q.code: q for q in framework.evidence_questions()}
    case_codes = {q.code for q in framework.questions()}
    derived = [d.code for d in mapping.derived]
    for i, d in enumerate(mapping.derived):
        where = f"derived.{i} ({d.code})"
        if d.code in case_codes or derived.count(d.code) > 1:
            problems.append(Problem(f"{where}: code {d.code!r} is already used", file=file))
        for name in d.attributes:
            if KEY_QUESTION_CODE.match(name) or FACT_CODE.match(name):
                problems.append(Problem(f"{where}: {name!r} is a question code, not an "
                                        "attribute column", file=file))
    known = case_codes | set(derived)
    for i, link in enumerate(mapping.links):
        where = f"links.{i} ({link.question})"
        question = questions.get(link.question)
        if question is None:
            problems.append(Problem(f"{where}: unknown question {link.question!r} in "
                                    f"{framework.code}", file=file))
        for code in link.indicators:
            if code not in known:
                problems.append(Problem(f"{where}: unknown indicator {code!r} (not a key "
                                        f"question, prompt or fact of {framework.code}, nor a "
                                        "derived indicator)", file=file))
        if question is not None:
            quoted = [_plain(question.guidance), *(_plain(e) for e in question.evidence_sources)]
            if not any(_plain(link.why) in text for text in quoted):
                problems.append(Problem(f"{where}: why is not quoted from the question's "
                                        "guidance or evidence sources", file=file,
                                        value=link.why))
    return problems


def load_mapping_file(path: Path) -> QuestionMapping:
    """Load and validate one mapping file; raise :class:`InputError` naming every problem."""
    file = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError.single(f"cannot read mapping file: {exc.strerror}", file=file) from exc
    except yaml.YAMLError as exc:
        raise InputError.single(f"not valid YAML: {exc}", file=file) from exc
    if not isinstance(raw, dict):
        raise InputError.single("a mapping file must hold a mapping", file=file)
    try:
        mapping = QuestionMapping.model_validate(raw)
    except ValidationError as exc:
        raise InputError([
            Problem(f"{'.'.join(str(p) for p in err['loc']) or 'mapping'}: {err['msg']}",
                    file=file)
            for err in exc.errors()
        ]) from exc
    framework = load_framework(mapping.framework)
    if framework.kind != "dynamic":
        raise InputError.single(f"framework {mapping.framework!r} is not a dynamic framework",
                                file=file)
    problems = _check_against(mapping, framework, file)
    if problems:
        raise InputError(problems)
    return mapping


@cache
def load_mapping(framework: str = DYNAMIC) -> QuestionMapping:
    """The bundled mapping of a dynamic framework (by default the public protection one)."""
    path = MAPPINGS_DIR / f"{framework}.yaml"
    if not path.is_file():
        raise InputError.single(f"no indicator mapping for framework {framework!r}")
    mapping = load_mapping_file(path)
    if mapping.framework != framework:
        raise InputError.single(f"file is for framework {mapping.framework!r}, not "
                                f"{framework!r}", file=str(path))
    return mapping
