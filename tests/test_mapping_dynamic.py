"""The mapping of case indicators to the dynamic inspection's regional questions."""

from pathlib import Path

import pytest
import yaml

from caseinspect.errors import InputError
from caseinspect.frameworks import load_framework
from caseinspect.frameworks.mapping import (
    DYNAMIC,
    MAPPINGS_DIR,
    QuestionMapping,
    load_mapping,
    load_mapping_file,
)

FILE = MAPPINGS_DIR / f"{DYNAMIC}.yaml"


def raw() -> dict[str, object]:
    data = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def write(tmp_path: Path, data: dict[str, object]) -> Path:
    path = tmp_path / "mapping.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_bundled_mapping_loads() -> None:
    m = load_mapping()
    assert isinstance(m, QuestionMapping) and m.framework == DYNAMIC
    assert load_mapping_file(FILE) == m


def test_every_code_is_a_question_or_indicator_of_the_framework() -> None:
    fw = load_framework(DYNAMIC)
    questions = {q.code for q in fw.evidence_questions()}
    case = {q.code for q in fw.questions()}
    m = load_mapping()
    assert set(m.question_codes()) <= questions
    assert set(m.indicator_codes()) <= case | {d.code for d in m.derived}


@pytest.mark.parametrize(("question", "indicators"), [
    ("1.9", {"F1"}),                      # police domestic abuse enquiries
    ("1.10", {"F2"}),                     # children's social care enquiries
    ("1.11", {"F3"}),                     # adult social care enquiries
    ("1.3", {"F6"}), ("1.13", {"F6"}), ("1.14", {"F6"}),   # MAPPA level set correctly
    ("2.5", {"F5"}),                      # management oversight
    ("2.6", {"F7", "D1"}),                # high / very high RoSH held by qualified officers
    ("1.17", {"F10", "C1.b", "C3.b"}),    # victims
    ("1.4", {"C1", "C2", "C3", "C4"}),    # leaders understand the quality of the work
])
def test_the_issues_examples(question: str, indicators: set[str]) -> None:
    assert set(load_mapping().indicators_for_question(question)) == indicators


def test_each_link_quotes_its_question_word_for_word() -> None:
    fw = load_framework(DYNAMIC)
    by_code = {q.code: q for q in fw.evidence_questions()}
    for link in load_mapping().links:
        q = by_code[link.question]
        texts = [" ".join(t.split()) for t in (q.guidance, *q.evidence_sources)]
        assert any(" ".join(link.why.split()) in t for t in texts), link


def test_the_derived_indicator() -> None:
    d1 = load_mapping().derived_indicator("D1")
    assert d1 is not None
    assert d1.where == {"rosh": ["high", "very_high"]}
    assert (d1.attribute, d1.yes_values, d1.no_values) == ("officer_grade", ["PO"],
                                                          ["PQiP", "PSO"])
    assert d1.attributes == ("rosh", "officer_grade")
    assert "qualified probation officer" in d1.source
    assert load_mapping().why("2.6", "D1") == load_mapping().why("2.6", "F7")


def test_the_facts_the_issue_names_are_in_the_framework() -> None:
    facts = {f.code: f.text for f in load_framework(DYNAMIC).facts}
    for code, words in [("F1", "domestic abuse enquiries made with the police"),
                        ("F2", "child safeguarding enquiries made with children's services"),
                        ("F3", "enquiries made with adult social care"),
                        ("F4", "home visits"),
                        ("F5", "management oversight"),
                        ("F6", "MAPPA level")]:
        assert words in facts[code], code


def test_a_bad_mapping_reports_every_problem_with_its_entry(tmp_path: Path) -> None:
    data = raw()
    data["links"] = [
        {"question": "9.9", "indicators": ["F1"], "why": "anything"},
        {"question": "1.9", "indicators": ["F99", "D7"],
         "why": "The region should ensure that there are effective systems"},
        {"question": "1.10", "indicators": ["F2"], "why": "Words nobody wrote."},
    ]
    data["derived"] = [{**data["derived"][0], "where": {"F1": ["yes"]}}]  # type: ignore[index]
    path = write(tmp_path, data)
    with pytest.raises(InputError) as err:
        load_mapping_file(path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}: derived.0 (D1): 'F1' is a question code, not an attribute column",
        f"{path}: links.0 (9.9): unknown question '9.9' in {DYNAMIC}",
        f"{path}: links.1 (1.9): unknown indicator 'F99' (not a key question, prompt or fact "
        f"of {DYNAMIC}, nor a derived indicator)",
        f"{path}: links.1 (1.9): unknown indicator 'D7' (not a key question, prompt or fact "
        f"of {DYNAMIC}, nor a derived indicator)",
        f"{path}: links.2 (1.10): why is not quoted from the question's guidance or evidence "
        "sources (value 'Words nobody wrote.')",
    ]


def test_shape_errors_name_the_field(tmp_path: Path) -> None:
    data = raw()
    data["links"] = [{"question": "1.9", "indicators": [], "why": "x"}, {"question": "1.9"}]
    data["derived"] = [{"code": "X1", "text": "t", "attribute": "a", "yes_values": ["A"],
                        "no_values": ["A"]}]
    path = write(tmp_path, data)
    with pytest.raises(InputError) as err:
        load_mapping_file(path)
    lines = [str(p) for p in err.value.problems]
    assert lines[0] == (f"{path}: derived.0: Value error, derived indicator code 'X1' is not "
                        "of the shape D1, D2")
    assert f"{path}: links.0.indicators: List should have at least 1 item after validation, " \
           "not 0" in lines
    assert f"{path}: links.1.indicators: Field required" in lines
    assert f"{path}: links.1.why: Field required" in lines


def test_a_repeated_derived_code_and_a_case_framework(tmp_path: Path) -> None:
    data = raw()
    data["derived"] = [data["derived"][0], data["derived"][0]]  # type: ignore[index]
    path = write(tmp_path, data)
    with pytest.raises(InputError, match=r"derived.1 \(D1\): code 'D1' is already used"):
        load_mapping_file(path)
    data = raw()
    data["framework"] = "hmip-case-supervision-2018"
    with pytest.raises(InputError, match="is not a dynamic framework"):
        load_mapping_file(write(tmp_path, data))


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(InputError, match="cannot read mapping file"):
        load_mapping_file(missing)
    bad = tmp_path / "bad.yaml"
    bad.write_text("links: [\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        load_mapping_file(bad)
    bad.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(InputError, match="must hold a mapping"):
        load_mapping_file(bad)


def test_no_mapping_for_a_framework() -> None:
    with pytest.raises(InputError, match="no indicator mapping for framework"):
        load_mapping("hmip-case-supervision-2018")
