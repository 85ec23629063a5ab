"""The effective practice guide as data: structure counted by hand in seeds 001 and 000, every
quoted text found in the seed its area names, and the links from question codes."""

from functools import cache

import pytest
from pydantic import ValidationError

from caseinspect.frameworks import load_framework
from caseinspect.frameworks.practice import (
    PracticeArea,
    PracticeGuide,
    guide_for,
    key_question_of,
    load_practice_guide,
    prompt_letter,
)
from seeds import SEEDS, normalise, seed_text

AREAS = ["engagement", "desistance", "keeping_safe", "keeping_safe_low_risk"]
# Case summaries in the guide's order (fictional names, as the guide gives them).
NAMES = ["Kate", "Lisa", "Rick", "Tom", "Amir", "Helen", "Wayne", "Leon",
         "David", "Damien", "Damien", "Jarrad", "Christopher", "Oliver", "Michelle", "Toby"]
# Numbered "Take away – applying the learning" questions under each case summary, counted in 001;
# the low-risk section has none.
TAKE_AWAYS = {"engagement": [3, 3, 2, 2], "desistance": [2, 3, 3, 3],
              "keeping_safe": [2, 2, 2, 2], "keeping_safe_low_risk": [0, 0, 0, 0]}


@cache
def seed(number: str) -> str:
    seed_text()  # skips (or fails on CI) when the seeds are missing
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return normalise(path.read_text(encoding="utf-8"))


def in_seed(text: str, *numbers: str) -> bool:
    return any(normalise(text).rstrip(".") in seed(n) for n in numbers)


def quoted_texts(area: PracticeArea) -> list[str]:
    texts = [*area.we_expect_to_see, *area.key_strengths, *area.challenges,
             *area.people_on_probation_say, *([area.findings] if area.findings else [])]
    for e in area.entries:
        texts += [e.expectation, e.case_summary.synopsis, *e.practitioners_should,
                  *e.inspector_highlights, *e.take_away_questions, *([e.note] if e.note else [])]
    return texts


def test_areas_standards_and_key_questions() -> None:
    guide = load_practice_guide()
    assert [a.code for a in guide.areas] == AREAS
    for kind, area in zip("1233", guide.areas, strict=True):
        assert [e.standard for e in area.entries] == ["2.1", "2.2", "2.3", "2.4"]
        assert [e.key_question for e in area.entries] == [f"2.{s}.{kind}" for s in "1234"]
        assert {e.area for e in area.entries} == {area.code}
    assert len(guide.entries()) == 16
    assert [e.case_summary.name for e in guide.entries()] == NAMES
    assert [e.case_summary.label for e in guide.area("keeping_safe").entries][1:3] == [
        "Damien part one", "Damien Part two"]
    assert guide.area("keeping_safe_low_risk").variant_of == "keeping_safe"


def test_area_lists_counted_in_the_seeds() -> None:
    guide = load_practice_guide()
    counts = {a.code: (len(a.we_expect_to_see), len(a.key_strengths), len(a.challenges),
                       len(a.people_on_probation_say)) for a in guide.areas}
    assert counts == {"engagement": (4, 6, 4, 5), "desistance": (4, 7, 7, 4),
                      "keeping_safe": (4, 0, 17, 5), "keeping_safe_low_risk": (4, 0, 17, 5)}


def test_take_away_questions_counted_in_the_seed() -> None:
    guide = load_practice_guide()
    assert {a.code: [len(e.take_away_questions) for e in a.entries]
            for a in guide.areas} == TAKE_AWAYS


def test_every_quoted_text_is_in_the_seed_its_area_names() -> None:
    for area in load_practice_guide().areas:
        assert area.sources
        assert [t for t in quoted_texts(area) if not in_seed(t, *area.sources)] == []


def test_a_page_break_does_not_cut_a_take_away_question() -> None:
    wayne = load_practice_guide().area("desistance").entries[2]
    assert wayne.take_away_questions[0].endswith(
        "Do you think about enlisting the support of faith or community organisations to help the "
        "service user turn their life around? How will this impact on your future practice?")


def test_synopses_open_their_case_summaries() -> None:
    text = seed("001")
    for e in load_practice_guide().entries():
        heading = f"case summary: {e.case_summary.label}" if e.case_summary.part else "case summary"
        assert f"{normalise(heading)} {normalise(e.case_summary.synopsis)}" in text, e.heading


def test_highlights_are_whole_sentences_of_the_inspectors_comments() -> None:
    text = seed("001")
    for e in load_practice_guide().entries():
        assert e.inspector_highlights, e.heading
        for h in e.inspector_highlights:
            assert h[0].isupper() and h.endswith("."), h
            assert f'"{normalise(h)}' in text or f". {normalise(h)}" in text, h
            assert "fictional name" not in h


def test_the_keeping_safe_chapter_000_is_the_areas_text() -> None:
    """Seed 000 spells two words differently (60%, nosey); otherwise its lists are the area's."""
    area = load_practice_guide().area("keeping_safe")
    chapter = seed("000")
    for text in [area.findings or "", *area.we_expect_to_see, *area.challenges,
                 *area.people_on_probation_say]:
        text = text.replace(" per cent", "%").replace("nosy", "nosey")
        assert normalise(text).rstrip(".") in chapter, text


def test_low_risk_lens_repeats_the_expectations_with_its_own_cases() -> None:
    guide = load_practice_guide()
    main, low = guide.area("keeping_safe"), guide.area("keeping_safe_low_risk")
    assert low.challenges == main.challenges
    assert low.we_expect_to_see == main.we_expect_to_see
    for m, lr in zip(main.entries, low.entries, strict=True):
        assert (lr.expectation, lr.practitioners_should) == (m.expectation, m.practitioners_should)
        assert lr.case_summary.name != m.case_summary.name
    note = main.entries[0].note
    assert note is not None and note == low.entries[0].note
    assert note.startswith("When people are released from custody on licence")
    assert [e.note for e in guide.entries() if e.key_question != "2.1.3"] == [None] * 14


def _words(text: str) -> set[str]:
    return set(normalise(text).replace(",", " ").replace("?", " ").replace(".", " ").split())


def test_practitioner_points_are_the_key_questions_prompts_in_order() -> None:
    """Engagement and desistance prompts are the points word for word; keeping people safe asks
    each point as a question (2.1.3.a "Does assessment clearly identify ..."), so each point must
    share more words with its own prompt than with any other."""
    fw = load_framework("hmip-case-supervision-2018")
    key_questions = {k.code: k for k in fw.key_questions()}
    for e in load_practice_guide().entries():
        prompts = [p.text for p in key_questions[e.key_question].prompts]
        assert len(prompts) == len(e.practitioners_should), e.key_question
        if e.area in ("engagement", "desistance"):
            assert prompts == [t.rstrip(".") for t in e.practitioners_should]
        for i, point in enumerate(e.practitioners_should):
            shared = [len(_words(point) & _words(p)) for p in prompts]
            assert shared.index(max(shared)) == i, (e.key_question, point)


def test_dynamic_case_questions_have_as_many_prompts_as_points() -> None:
    fw = load_framework("hmip-dynamic-public-protection-2025")
    for k in fw.key_questions():
        (main, _low) = guide_for(k.code)
        assert [p.code for p in k.prompts] == [
            f"{k.code}.{chr(ord('a') + i)}" for i in range(len(main.practitioners_should))]


@pytest.mark.parametrize(("code", "kq", "letter"), [
    ("2.1.3.b", "2.1.3", "b"), ("2.4.1", "2.4.1", None), ("C2.a", "2.2.3", "a"),
    ("C4", "2.4.3", None), ("pp5", None, None), ("F1", None, None), ("2.1", None, None),
    ("2.5.1", None, None), ("1.1", None, None)])
def test_codes_link_to_key_questions(code: str, kq: str | None, letter: str | None) -> None:
    assert key_question_of(code) == kq
    assert prompt_letter(code) == letter


def test_guide_for_a_keeping_safe_prompt_gives_both_lenses() -> None:
    found = guide_for("2.1.3.b")
    assert [e.area for e in found] == ["keeping_safe", "keeping_safe_low_risk"]
    assert found[0].expectation == (
        "Assessment should focus sufficiently on keeping other people safe.")
    assert found[0].case_summary.name == "David"
    assert found[0].point_for("2.1.3.b") == (
        "analyse any specific concerns and risks related to actual and potential victims")
    assert found[0].point_for("2.1.3") is None
    assert found[0].point_for("2.1.3.d") is None


def test_guide_for_engagement_and_unguided_codes() -> None:
    (entry,) = guide_for("2.3.1.d")
    assert entry.case_summary.name == "Rick"
    assert entry.point_for("2.3.1.d") == (
        "in post-custody cases, there should be a proportionate level of contact with the "
        "prisoner before release")
    assert guide_for("pp5") == [] and guide_for("F1") == []


GOOD_ENTRY: dict[str, object] = {
    "standard": "2.1", "key_question": "2.1.1", "heading": "h", "expectation": "e",
    "practitioners_should": ["p"], "case_summary": {"name": "Kate", "synopsis": "s"}}


def _area(**changes: object) -> dict[str, object]:
    area: dict[str, object] = {"code": "engagement", "title": "Engagement", "sources": ["001"],
                               "entries": [GOOD_ENTRY]}
    area.update(changes)
    return area


def test_the_models_reject_inconsistent_data() -> None:
    PracticeArea.model_validate(_area())
    good_entry = GOOD_ENTRY
    with pytest.raises(ValidationError, match=r"not in standard 2\.2"):
        PracticeArea.model_validate(_area(entries=[{**good_entry, "standard": "2.2"}]))
    with pytest.raises(ValidationError, match="repeats a standard"):
        PracticeArea.model_validate(_area(entries=[good_entry, good_entry]))
    with pytest.raises(ValidationError, match="different kinds"):
        PracticeArea.model_validate(_area(entries=[
            good_entry, {**good_entry, "standard": "2.2", "key_question": "2.2.3"}]))
    with pytest.raises(ValidationError, match="names another area"):
        PracticeArea.model_validate(_area(entries=[{**good_entry, "area": "desistance"}]))
    with pytest.raises(ValidationError, match="extra"):
        PracticeArea.model_validate(_area(strengths=["x"]))
    with pytest.raises(ValidationError, match="variant of unknown area"):
        PracticeGuide.model_validate({"code": "g", "title": "t", "source": "s",
                                      "areas": [_area(variant_of="keeping_safe")]})
