"""``caseinspect frameworks list | show CODE | validate [FILE]``, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from caseinspect.cli import main
from caseinspect.frameworks import DATA_DIR

CS = "hmip-case-supervision-2018"
PP = "hmip-public-protection-2018"
DYN = "hmip-dynamic-public-protection-2025"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["frameworks", *args])
    return result.exit_code, result.stdout, result.stderr


def small_framework(**changes: object) -> dict[str, object]:
    """A valid framework of one standard, one key question with two prompts, one fact."""
    data: dict[str, object] = {
        "code": "test-framework",
        "title": "A test framework",
        "standards": [{"code": "9.1", "title": "Assessment", "key_questions": [
            {"code": "9.1.1", "text": "Is it so?", "prompts": [
                {"code": "9.1.1.a", "text": "Is a?"}, {"code": "9.1.1.b", "text": "Is b?"}]}]}],
        "facts": [{"code": "F1", "text": "Was it done?"}],
    }
    data.update(changes)
    return data


def write(tmp_path: Path, data: object, name: str = "framework.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_list_gives_codes_titles_and_counts() -> None:
    code, out, _ = run("list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0::3] == [CS, DYN, PP]
    assert lines[1] == "  HM Inspectorate of Probation standards — domain two: case supervision"
    assert lines[2] == "  4 standards, 12 key questions, 52 prompts, 11 facts"
    assert lines[5] == ("  4 standards, 4 key questions, 16 prompts, 9 facts, "
                        "40 evidence questions")
    assert lines[8] == "  3 standards, 7 key questions, 0 prompts, 0 facts"


def test_show_prints_the_tree() -> None:
    code, out, _ = run("show", CS)
    assert code == 0
    assert "2.1  Assessment\n  2.1.1  Assessment should focus sufficiently on engaging" in out
    assert ("      2.1.3.a  Does assessment clearly identify and analyse any risk of harm to "
            "others, including identifying who is at risk and the nature of that risk?\n") in out
    assert "  F9  Was the RoSH level correctly identified throughout the period of" in out
    assert "Overall score over 10 standards: 0–5 Inadequate, 6–15 Requires improvement" in out
    assert out.index("2.1.1.c") < out.index("2.1.2 ") < out.index("2.4.3.d") < out.index("F1 ")


def test_show_dynamic_lists_groups_questions_and_evidence() -> None:
    code, out, _ = run("show", DYN)
    assert code == 0
    assert "1. Leadership\n  Strategic\n    1.1  How do the region’s public protection" in out
    assert "  Operational\n    1.8  " in out and "  Learning\n    1.18  " in out
    assert "    1.9  How effective are operational relationships with police?" in out
    assert "            - RCAT data\n" in out
    assert "Each region should have delivery plans" not in out
    _, with_guidance, _ = run("show", DYN, "--guidance")
    assert "          Each region should have delivery plans and strategies" in with_guidance


def test_show_json_is_the_whole_framework() -> None:
    code, out, _ = run("show", PP, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["code"] == PP
    assert [k["code"] for s in data["standards"] for k in s["key_questions"]] == [
        f"pp{i}" for i in range(1, 8)]
    assert data["rating"]["bands"][0] == {"label": "Outstanding", "min_pct": 80.0, "points": 3}


def test_show_unknown_code_exits_2_naming_the_known_ones() -> None:
    code, _, err = run("show", "hmip-nothing")
    assert code == 2
    assert err == ("error: unknown framework 'hmip-nothing'; "
                   f"known frameworks: {CS}, {DYN}, {PP}\n")


def test_validate_all_bundled() -> None:
    code, out, _ = run("validate")
    assert code == 0
    assert out.splitlines() == [
        f"ok  {CS}: 4 standards, 12 key questions, 52 prompts, 11 facts",
        f"ok  {DYN}: 4 standards, 4 key questions, 16 prompts, 9 facts, 40 evidence questions",
        f"ok  {PP}: 3 standards, 7 key questions, 0 prompts, 0 facts",
    ]


def test_validate_a_bundled_file_by_path() -> None:
    code, out, _ = run("validate", str(DATA_DIR / f"{PP}.yaml"))
    assert (code, out) == (0, f"ok  {PP}: 3 standards, 7 key questions, 0 prompts, 0 facts\n")


def test_validate_a_good_file(tmp_path: Path) -> None:
    code, out, _ = run("validate", str(write(tmp_path, small_framework())))
    assert (code, out) == (
        0, "ok  test-framework: 1 standards, 1 key questions, 2 prompts, 1 facts\n")


def test_validate_a_bad_file_reports_every_problem(tmp_path: Path) -> None:
    data = small_framework(colour="blue", facts=[{"code": "F1"}])
    data["standards"][0]["key_questions"][0]["prompts"][1]["code"] = "9.1.2.b"  # type: ignore[index]
    path = write(tmp_path, data)
    code, out, err = run("validate", str(path))
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"error: {path}: facts.0.text: Field required",
        f"error: {path}: colour: Extra inputs are not permitted",
    ]
    del data["colour"]
    data["facts"] = [{"code": "F1", "text": "Was it done?"}, {"code": "X2", "text": "Or?"}]
    code, _, err = run("validate", str(write(tmp_path, data)))
    assert code == 2
    assert err == (f"error: {path}: framework: Value error, prompt 9.1.2.b does not belong to "
                   "9.1.1; fact code 'X2' is not of the shape F1, F2, ...\n")


def test_validate_bad_rating_bands(tmp_path: Path) -> None:
    bands = [{"label": "Good", "min_pct": 65, "points": 2},
             {"label": "Outstanding", "min_pct": 80, "points": 3}]
    path = write(tmp_path, small_framework(rating={"bands": bands}))
    code, _, err = run("validate", str(path))
    assert (code, err) == (2, f"error: {path}: rating: Value error, rating bands must be in "
                              "descending order of min_pct\n")


def test_validate_duplicate_codes(tmp_path: Path) -> None:
    facts = [{"code": "F1", "text": "A?"}, {"code": "F1", "text": "B?"}]
    path = write(tmp_path, small_framework(facts=facts))
    code, _, err = run("validate", str(path))
    assert (code, err) == (2, f"error: {path}: framework: Value error, question code 'F1' "
                              "appears twice in test-framework\n")


def test_validate_a_key_question_code_the_case_table_cannot_hold(tmp_path: Path) -> None:
    data = small_framework()
    data["standards"][0]["key_questions"][0]["code"] = "Q1"  # type: ignore[index]
    for prompt in data["standards"][0]["key_questions"][0]["prompts"]:  # type: ignore[index]
        prompt["code"] = "Q1." + prompt["code"][-1]
    code, _, err = run("validate", str(write(tmp_path, data)))
    assert code == 2
    assert "key question code 'Q1' is not of a case-table question shape (2.1.3, pp5, C1)" in err


def test_validate_not_yaml_not_a_mapping_and_missing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("code: [unclosed\n", encoding="utf-8")
    code, _, err = run("validate", str(broken))
    assert code == 2 and err.startswith(f"error: {broken}: not valid YAML: ")
    listed = write(tmp_path, ["a", "list"], "list.yaml")
    code, _, err = run("validate", str(listed))
    assert (code, err) == (2, f"error: {listed}: a framework file must hold a mapping\n")
    missing = tmp_path / "missing.yaml"
    code, _, err = run("validate", str(missing))
    assert (code, err) == (2, f"error: {missing}: cannot read framework file: "
                              "No such file or directory\n")
