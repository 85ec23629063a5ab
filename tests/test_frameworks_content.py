"""The bundled frameworks: structure as the seeds give it, and every quoted text in the seeds."""

import pytest

from caseinspect.frameworks import list_frameworks, load_framework
from seeds import quoted

CS = "hmip-case-supervision-2018"
PP = "hmip-public-protection-2018"
DYN = "hmip-dynamic-public-protection-2025"


def test_bundled_frameworks() -> None:
    assert list_frameworks() == [CS, DYN, PP]


def test_case_supervision_structure() -> None:
    fw = load_framework(CS)
    assert [s.code for s in fw.standards] == ["2.1", "2.2", "2.3", "2.4"]
    assert [s.title for s in fw.standards] == [
        "Assessment", "Planning", "Implementation and delivery", "Reviewing"]
    kqs = fw.key_questions()
    assert [k.code for k in kqs] == [f"2.{s}.{k}" for s in range(1, 5) for k in range(1, 4)]
    assert [k.area for k in kqs[:3]] == ["engagement", "desistance", "keeping_safe"]
    # prompts per key question, counted by hand in seed 001 ("Practitioners should") / 003
    assert {k.code: len(k.prompts) for k in kqs} == {
        "2.1.1": 3, "2.1.2": 3, "2.1.3": 3,
        "2.2.1": 5, "2.2.2": 3, "2.2.3": 4,
        "2.3.1": 7, "2.3.2": 6, "2.3.3": 5,
        "2.4.1": 4, "2.4.2": 5, "2.4.3": 4,
    }
    assert [p.code for p in kqs[2].prompts] == ["2.1.3.a", "2.1.3.b", "2.1.3.c"]
    assert kqs[2].text == "Does assessment focus sufficiently on keeping other people safe?"
    assert [f.code for f in fw.facts] == [f"F{i}" for i in range(1, 9)]
    assert all(q.kind == "fact" for q in fw.questions() if q.code.startswith("F"))


def test_rating_rules_as_data() -> None:
    rules = load_framework(CS).rating
    assert rules is not None
    assert [(b.label, b.min_pct, b.points) for b in rules.bands] == [
        ("Outstanding", 80, 3), ("Good", 65, 2), ("Requires improvement", 50, 1),
        ("Inadequate", 0, 0)]
    assert rules.overall_standards == 10
    assert [(b.min_score, b.max_score) for b in rules.overall_bands] == [
        (0, 5), (6, 15), (16, 25), (26, 30)]


def test_public_protection_questions() -> None:
    fw = load_framework(PP)
    assert [s.title for s in fw.standards] == ["Assessment", "Reviewing", "Overall delivery"]
    assert [[k.code for k in s.key_questions] for s in fw.standards] == [
        ["pp1", "pp2", "pp3", "pp4"], ["pp5", "pp6"], ["pp7"]]


def test_dynamic_structure() -> None:
    fw = load_framework(DYN)
    assert fw.kind == "dynamic"
    leadership, staffing, services = fw.domains
    assert [(g.title, len(g.questions)) for g in leadership.groups] == [
        ("Strategic", 7), ("Operational", 10), ("Learning", 4)]
    assert [q.code for q in leadership.questions()] == [f"1.{i}" for i in range(1, 22)]
    assert [q.code for q in staffing.questions()] == [f"2.{i}" for i in range(1, 11)]
    assert [q.code for q in services.questions()] == [f"3.{i}" for i in range(1, 10)]
    assert all(q.guidance and q.evidence_sources for q in fw.evidence_questions())
    assert [k.code for k in fw.key_questions()] == ["C1", "C2", "C3", "C4"]
    q19 = next(q for q in fw.evidence_questions() if q.code == "1.9")
    assert q19.text == "How effective are operational relationships with police?"
    assert "RCAT data" in q19.evidence_sources


def test_shared_facts_have_identical_text() -> None:
    cs = {f.code: f.text for f in load_framework(CS).facts}
    dyn = {f.code: f.text for f in load_framework(DYN).facts}
    assert dyn and all(cs[c] == t for c, t in dyn.items())


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
    missing = [t for t in texts if not quoted(t)]
    assert missing == []


def test_docs_list_every_fact_with_its_text() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "frameworks.md").read_text()
    for fact in load_framework(CS).facts:
        assert f"| {fact.code} | {fact.text} |" in doc
