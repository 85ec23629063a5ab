"""``caseinspect guide [CODE] [--json]`` run in-process."""

import json

from click.testing import CliRunner, Result

from caseinspect.cli import main

NAMES = ["Kate", "Lisa", "Rick", "Tom", "Amir", "Helen", "Wayne", "Leon", "David",
         "Damien part one", "Damien Part two", "Jarrad", "Christopher", "Oliver", "Michelle",
         "Toby"]


def guide(*args: str) -> Result:
    return CliRunner().invoke(main, ["guide", *args])


def test_with_no_code_lists_areas_and_standards() -> None:
    result = guide()
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Effective practice guide: adult case supervision"
    assert "Keeping people safe – low risk  [keeping_safe_low_risk]" in lines
    assert "  2.1.1   Assessing for engagement (case summary: Kate)" in lines
    listed = [line.split("(case summary: ")[1].rstrip(")") for line in lines
              if "(case summary: " in line]
    assert listed == NAMES


def test_a_key_question_shows_what_good_looks_like() -> None:
    result = guide("2.1.1")
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("Engagement — Assessing for engagement (2.1.1)\n\n"
                          "Assessment should focus sufficiently on engaging the service user.\n"
                          "Practitioners should:\n"
                          "  • analyse the service user's motivation and readiness to engage and "
                          "comply with their sentence\n")
    assert "Case summary: Kate (a fictional name)\n  Kate is a 19-year-old female" in out
    assert "  “The assessment was thorough and detailed.”" in out
    assert ("Take away – applying the learning\n  1. What stood out for you in this case example?"
            in out)
    assert "  3. How can you develop further your understanding of assessing for engagement?" in out
    assert "▶" not in out


def test_a_prompt_marks_its_point_in_both_keeping_safe_lenses() -> None:
    result = guide("2.1.3.b")
    assert result.exit_code == 0
    out = result.output
    marked = "  ▶ analyse any specific concerns and risks related to actual and potential victims"
    assert out.count(marked) == 2
    assert out.count("▶") == 2
    assert out.index("Case summary: David") < out.index("Case summary: Christopher")
    assert "Keeping people safe – low risk — Assessing to keep people safe" in out


def test_a_dynamic_inspection_prompt_is_guided_by_its_domain_two_question() -> None:
    result = guide("C3.e")
    assert result.exit_code == 0
    assert "(2.3.3)" in result.output
    assert "  ▶ include home visiting, where necessary, to support the effective management of " \
           "risk of harm" in result.output
    assert "Case summary: Damien Part two (a fictional name)" in result.output


def test_an_area_shows_its_strengths_challenges_and_views() -> None:
    result = guide("desistance")
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("Desistance\n  quoted from seed 001\n\nSince June 2018 we have inspected")
    assert "Key strengths\n  • responsible officers identify relevant offending-related" in out
    assert "Challenges\n  • assessments do not sufficiently draw on available sources" in out
    assert "What people on probation told us\n  • “Housing is the most important factor" in out
    keeping_safe = guide("keeping_safe").output
    assert "quoted from seed 001, 000" in keeping_safe
    assert "Key strengths" not in keeping_safe
    assert keeping_safe.count("\n  • ") == 4 + 17 + 5


def test_json_for_a_prompt() -> None:
    result = guide("2.2.3.d", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert (data["code"], data["key_question"]) == ("2.2.3.d", "2.2.3")
    assert [e["area"] for e in data["entries"]] == ["keeping_safe", "keeping_safe_low_risk"]
    first, low = data["entries"]
    assert first["area_title"] == "Keeping people safe" and first["variant_of"] is None
    assert low["variant_of"] == "keeping_safe"
    assert first["point"] == ("set out necessary and effective contingency arrangements to manage "
                              "those risks that have been identified")
    assert first["case_summary"] == {
        "name": "Damien", "part": "part one",
        "synopsis": "Damien is a 26-year-old male sentenced to 20 months in custody for an offence "
                    "of putting a person in fear through harassment and dangerous driving."}
    assert len(first["take_away_questions"]) == 2 and low["take_away_questions"] == []


def test_json_for_the_whole_guide_and_for_an_area() -> None:
    whole = json.loads(guide("--json").output)
    assert [a["code"] for a in whole["areas"]] == [
        "engagement", "desistance", "keeping_safe", "keeping_safe_low_risk"]
    assert sum(len(a["entries"]) for a in whole["areas"]) == 16
    area = json.loads(guide("engagement", "--json").output)
    assert len(area["key_strengths"]) == 6 and len(area["challenges"]) == 4


def test_unguided_codes_are_input_errors() -> None:
    bad = guide("pp5")
    assert bad.exit_code == 2
    assert "the effective practice guide has nothing for this code" in bad.output
    assert "(value 'pp5')" in bad.output
    no_prompt = guide("2.1.3.d")
    assert no_prompt.exit_code == 2
    assert "2.1.3 has no such prompt; its prompts run a–c (value '2.1.3.d')" in no_prompt.output
