"""The bundled frameworks: structure as the seeds give it, and every quoted text in the seeds."""

import re
from pathlib import Path

import pytest

from caseinspect.frameworks import Framework, list_frameworks, load_framework
from seeds import SEEDS, normalise, quoted, seed_text

CS = "hmip-case-supervision-2018"
PP = "hmip-public-protection-2018"
DYN = "hmip-dynamic-public-protection-2025"

#: The facts seed 004's questions single out (1.9, 1.10, 1.11, 1.13-1.15, 1.17, 2.5, 2.6), and
#: home visits (F4, seed 000), which issue 7 names among the dynamic inspection's case facts.
DYNAMIC_FACTS = ["F1", "F2", "F3", "F4", "F5", "F6", "F7", "F10", "F11"]


def in_seed(number: str, text: str) -> bool:
    """True when ``text`` (minus a trailing full stop) is in seed file ``number`` (``"003"``)."""
    seed_text()  # skips (or fails on CI) when the seeds are missing
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return normalise(text).rstrip(".") in normalise(path.read_text(encoding="utf-8"))


def test_bundled_frameworks() -> None:
    assert list_frameworks() == [CS, DYN, PP]


def test_case_supervision_structure() -> None:
    fw = load_framework(CS)
    assert [s.code for s in fw.standards] == ["2.1", "2.2", "2.3", "2.4"]
    assert [s.title for s in fw.standards] == [
        "Assessment", "Planning", "Implementation and delivery", "Reviewing"]
    kqs = fw.key_questions()
    assert [k.code for k in kqs] == [f"2.{s}.{k}" for s in range(1, 5) for k in range(1, 4)]
    assert [k.area for k in kqs] == ["engagement", "desistance", "keeping_safe"] * 4
    # prompts per key question, counted by hand in seed 001 ("Practitioners should") / 003
    assert {k.code: len(k.prompts) for k in kqs} == {
        "2.1.1": 3, "2.1.2": 3, "2.1.3": 3,
        "2.2.1": 5, "2.2.2": 3, "2.2.3": 4,
        "2.3.1": 7, "2.3.2": 6, "2.3.3": 5,
        "2.4.1": 4, "2.4.2": 5, "2.4.3": 4,
    }
    assert sum(len(k.prompts) for k in kqs) == 52
    assert [p.code for p in kqs[2].prompts] == ["2.1.3.a", "2.1.3.b", "2.1.3.c"]
    assert kqs[2].text == "Does assessment focus sufficiently on keeping other people safe?"
    assert [k.source for k in kqs] == ["001", "001", "003"] * 4
    assert [f.code for f in fw.facts] == [f"F{i}" for i in range(1, 12)]
    assert [q.code for q in fw.questions() if q.kind == "fact"] == [f"F{i}" for i in range(1, 12)]
    assert len(fw.questions()) == 12 + 52 + 11


def test_rating_rules_as_data() -> None:
    rules = load_framework(CS).rating
    assert rules is not None
    assert [(b.label, b.min_pct, b.points) for b in rules.bands] == [
        ("Outstanding", 80, 3), ("Good", 65, 2), ("Requires improvement", 50, 1),
        ("Inadequate", 0, 0)]
    assert rules.standard_rule == "lowest_key_question"
    assert rules.overall_standards == 10
    assert [(b.label, b.min_score, b.max_score) for b in rules.overall_bands] == [
        ("Inadequate", 0, 5), ("Requires improvement", 6, 15), ("Good", 16, 25),
        ("Outstanding", 26, 30)]


@pytest.mark.parametrize("code", [PP, DYN])
def test_the_80_per_cent_rule_without_an_overall_score(code: str) -> None:
    rules = load_framework(code).rating
    assert rules is not None
    assert rules.rate(80.0) == "Outstanding" and rules.rate(79.999) == "Good"
    assert rules.overall_standards is None and rules.overall_bands == []


def test_public_protection_questions() -> None:
    fw = load_framework(PP)
    assert [s.title for s in fw.standards] == ["Assessment", "Reviewing", "Overall delivery"]
    assert [[k.code for k in s.key_questions] for s in fw.standards] == [
        ["pp1", "pp2", "pp3", "pp4"], ["pp5", "pp6"], ["pp7"]]
    assert all(k.prompts == [] and k.notes and k.source == "003" for k in fw.key_questions())
    assert fw.facts == [] and fw.domains == []


def test_dynamic_structure() -> None:
    fw = load_framework(DYN)
    assert fw.kind == "dynamic"
    leadership, staffing, services = fw.domains
    assert [(d.code, d.title) for d in fw.domains] == [
        ("1", "Leadership"), ("2", "Staffing"), ("3", "Services")]
    assert [(g.title, len(g.questions)) for g in leadership.groups] == [
        ("Strategic", 7), ("Operational", 10), ("Learning", 4)]
    assert [q.code for q in leadership.questions()] == [f"1.{i}" for i in range(1, 22)]
    assert [q.code for q in staffing.questions()] == [f"2.{i}" for i in range(1, 11)]
    assert [q.code for q in services.questions()] == [f"3.{i}" for i in range(1, 10)]
    assert all(q.guidance and q.evidence_sources for q in fw.evidence_questions())
    assert [k.code for k in fw.key_questions()] == ["C1", "C2", "C3", "C4"]
    assert [s.title for s in fw.standards] == [
        "Assessment", "Planning", "Implementation and delivery", "Reviewing"]
    assert {k.code: [p.code for p in k.prompts] for k in fw.key_questions()} == {
        "C1": ["C1.a", "C1.b", "C1.c"], "C2": ["C2.a", "C2.b", "C2.c", "C2.d"],
        "C3": ["C3.a", "C3.b", "C3.c", "C3.d", "C3.e"], "C4": ["C4.a", "C4.b", "C4.c", "C4.d"]}
    q19 = next(q for q in fw.evidence_questions() if q.code == "1.9")
    assert q19.text == "How effective are operational relationships with police?"
    assert "RCAT data" in q19.evidence_sources
    assert [f.code for f in fw.facts] == DYNAMIC_FACTS


def test_case_questions_of_the_dynamic_inspection_are_the_keeping_safe_questions() -> None:
    safe = [k for k in load_framework(CS).key_questions() if k.area == "keeping_safe"]
    case = load_framework(DYN).key_questions()
    assert [k.text for k in case] == [k.text for k in safe]
    assert [[p.text for p in k.prompts] for k in case] == [
        [p.text for p in k.prompts] for k in safe]


def test_shared_facts_are_identical() -> None:
    cs = {f.code: f for f in load_framework(CS).facts}
    dyn = load_framework(DYN).facts
    assert [f.code for f in dyn] == DYNAMIC_FACTS
    assert all(f == cs[f.code] for f in dyn)  # same text, source and notes


CITATION = re.compile(r"^(?P<seeds>\d{3}(?:/\d{3})*)(?: \((?P<where>[^)]+)\))?: (?P<phrase>.+)$")


def citations(fw: Framework) -> list[str]:
    return [c for f in fw.facts for c in [f.source or "", *f.notes]
            if c and not c.startswith("Bulletin 2018/02 question 1")]


@pytest.mark.parametrize("code", [CS, DYN])
def test_every_fact_cites_seed_wording(code: str) -> None:
    fw = load_framework(code)
    assert all(f.source for f in fw.facts)
    unfound = []
    for citation in citations(fw):
        match = CITATION.match(citation)
        assert match, citation
        seeds = match["seeds"].split("/")
        unfound += [(s, citation) for s in seeds if not in_seed(s, match["phrase"])]
    assert unfound == []


def test_fact_sections_name_their_question_in_seed_004() -> None:
    questions = {q.code: q for q in load_framework(DYN).evidence_questions()}
    for citation in citations(load_framework(DYN)):
        match = CITATION.match(citation)
        assert match
        if match["seeds"] == "004":
            q = questions[str(match["where"])]
            body = " ".join([q.text, q.guidance, *q.evidence_sources])
            assert normalise(match["phrase"]).rstrip(".") in normalise(body), citation


@pytest.mark.parametrize("code", [CS, PP, DYN])
def test_every_quoted_text_is_in_the_seeds(code: str) -> None:
    fw = load_framework(code)
    texts = []
    for kq in fw.key_questions():
        texts.append(kq.text)
        texts.extend(p.text for p in kq.prompts)
    for q in fw.evidence_questions():
        texts.append(q.text)
        texts.extend(q.evidence_sources)
        texts.extend(para for para in q.guidance.split("\n\n"))
    assert texts
    missing = [t for t in texts if not quoted(t)]
    assert missing == []


@pytest.mark.parametrize("code", [CS, PP, DYN])
def test_key_questions_are_in_the_seed_they_name(code: str) -> None:
    for kq in load_framework(code).key_questions():
        assert kq.source is not None
        assert in_seed(kq.source, kq.text), kq.code
        assert all(in_seed(kq.source, p.text) for p in kq.prompts), kq.code


def test_bulletin_notes_are_quoted() -> None:
    fw = load_framework(PP)
    notes = [*fw.notes, fw.description] + [n for k in fw.key_questions() for n in k.notes]
    assert len(notes) == 6 + 1 + 12
    assert [n for n in notes if not in_seed("003", n)] == []


def test_docs_list_every_fact_with_its_text() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "frameworks.md").read_text()
    for fact in load_framework(CS).facts:
        assert f"| {fact.code} | {fact.text} |" in doc
