"""The effective practice guide as data: structure counted by hand in seed 001, every quoted
text found in the seed, and the links from question codes."""

import pytest
from click.testing import CliRunner

from caseinspect.cli import main
from caseinspect.frameworks import load_framework
from caseinspect.frameworks.practice import guide_for, key_question_of, load_practice_guide
from seeds import quoted


def test_structure() -> None:
    guide = load_practice_guide()
    assert [a.code for a in guide.areas] == [
        "engagement", "desistance", "keeping_safe", "keeping_safe_low_risk"]
    for area in guide.areas:
        assert [e.standard for e in area.entries] == ["2.1", "2.2", "2.3", "2.4"]
    names = [e.case_summary.name for _, e in guide.entries()]
    assert names[:4] == ["Kate", "Lisa", "Rick", "Tom"]
    engagement = guide.areas[0]
    assert [len(e.take_away_questions) for e in engagement.entries] == [3, 3, 2, 2]
    assert len(engagement.key_strengths) == 6 and len(engagement.challenges) == 4
    assert len(guide.areas[2].challenges) == 17


def test_every_key_question_exists_and_practitioner_points_are_its_prompts() -> None:
    fw = load_framework("hmip-case-supervision-2018")
    codes = {k.code: k for k in fw.key_questions()}
    for area, entry in load_practice_guide().entries():
        assert entry.key_question in codes
        if area.code in ("engagement", "desistance"):
            prompts = [p.text for p in codes[entry.key_question].prompts]
            assert [p.rstrip(".") for p in entry.practitioners_should] == prompts


def test_every_quoted_text_is_in_the_seed() -> None:
    texts: list[str] = []
    for area in load_practice_guide().areas:
        texts += area.we_expect_to_see + area.key_strengths + area.challenges
        texts += area.people_on_probation_say
        for e in area.entries:
            texts += [e.expectation, e.case_summary.synopsis, *e.practitioners_should,
                      *e.inspector_highlights, *e.take_away_questions]
    assert [t for t in texts if not quoted(t)] == []


@pytest.mark.parametrize(("code", "kq"), [("2.1.3.b", "2.1.3"), ("2.4.1", "2.4.1"),
                                           ("C2.a", "2.2.3"), ("pp5", None), ("F1", None)])
def test_codes_link_to_key_questions(code: str, kq: str | None) -> None:
    assert key_question_of(code) == kq


def test_guide_for_a_keeping_safe_prompt_gives_both_lenses() -> None:
    found = guide_for("2.1.3.b")
    assert [a.code for a, _ in found] == ["keeping_safe", "keeping_safe_low_risk"]
    assert found[0][1].expectation == (
        "Assessment should focus sufficiently on keeping other people safe.")
    assert found[0][1].case_summary.name == "David"


def test_guide_cli() -> None:
    ok = CliRunner().invoke(main, ["guide", "2.1.1"])
    assert ok.exit_code == 0
    assert "Case summary: Kate (a fictional name)" in ok.output
    assert "Take away – applying the learning" in ok.output
    bad = CliRunner().invoke(main, ["guide", "pp5"])
    assert bad.exit_code == 2 and "nothing for 'pp5'" in bad.output
