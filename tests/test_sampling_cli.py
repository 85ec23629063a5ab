"""``caseinspect sample``: text, JSON and case-table output; bad input; no personal data out."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pandas as pd
import pytest
from click.testing import CliRunner, Result

from caseinspect.casetable import read_case_table
from caseinspect.cli import main
from factories_sampling import NAMES, case, synthetic_frame, to_csv, to_xlsx

ISSUE_STRATA = {"female": ("F", "community", "low"),
                "male_community_low": ("M", "ORA Community Order", "RLRH"),
                "male_community_non_low": ("M", "ORA Suspended Sentence Order", "RHRH"),
                "male_post_custody_low": ("M", "Adult Licence", "low"),
                "male_post_custody_non_low": ("M", "ORA Supervision Default Order", "RVHR")}


def run(*arguments: str) -> Result:
    return CliRunner().invoke(main, ["sample", *map(str, arguments)])


@pytest.fixture
def issue_list(tmp_path: Path) -> Path:
    """1,217 cases in strata of 454, 138, 327, 129 and 169, officers with at most 4 each."""
    rows = []
    for (gender, sentence, rosh), size in zip(ISSUE_STRATA.values(), (454, 138, 327, 129, 169),
                                              strict=True):
        for _ in range(size):
            i = len(rows)
            rows.append(case(crn=f"A{i:06d}", pnc=f"1999/{i:07d}Z", first_name=f"Zebedee{i}",
                             gender=gender, sentence_type=sentence, rosh=rosh,
                             cluster=f"Cluster {i % 2}", ldu=f"LDU {i % 6}",
                             responsible_officer=f"Officer {i % 300}"))
    path = tmp_path / "long-list.csv"
    path.write_bytes(to_csv(rows))
    return path


@pytest.fixture
def synthetic_list(tmp_path: Path) -> Path:
    path = tmp_path / "synthetic.xlsx"
    path.write_bytes(to_xlsx(synthetic_frame(1500, seed=9)))
    return path


def test_issue_example_end_to_end(issue_list: Path) -> None:
    result = run(issue_list, "--size", 148, "--buffer", 20, "--seed", 1, "--as-of",
                 "2024-12-31", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(s["stratum"], s["population"], s["sample"]) for s in data["strata"]] == [
        ("female", 454, 66), ("male_community_low", 138, 20),
        ("male_community_non_low", 327, 48), ("male_post_custody_low", 129, 19),
        ("male_post_custody_non_low", 169, 25)]
    assert data["strata"][0]["share"] == pytest.approx(454 / 1217)
    assert (data["requested"], data["buffer"], data["seed"], data["shortfall"]) == (
        148, 30, 1, 0)
    assert len(data["selected"]) == 178
    female = [c for c in data["selected"] if c["stratum"] == "female"]
    assert {c["weight"] for c in female} == {454 / 66}


def test_json_document_shape(synthetic_list: Path) -> None:
    data = json.loads(run(synthetic_list, "--size", 60, "--seed", 4, "--as-of", "2025-01-01",
                          "--json").output)
    assert list(data) == ["source", "requested", "buffer", "buffer_percent", "seed", "as_of",
                          "max_per_officer", "long_list_cases", "eligible", "strata",
                          "allocation", "selected", "excluded", "shortfall"]
    stratum = data["allocation"][0]
    assert set(stratum) == {"stratum", "population", "proportional", "sample", "adjustments",
                            "clusters"}
    ldu = stratum["clusters"][0]["ldus"][0]
    assert set(ldu["officers"][0]) == {"responsible_officer", "population", "proportional",
                                       "sample", "adjustments"}
    assert {e["reason"] for e in data["excluded"]} <= {
        "sensitive", "not_started", "gender_missing", "gender_other", "duplicate"}
    assert len(data["excluded"]) == data["long_list_cases"] - data["eligible"]


def test_text_summary(issue_list: Path) -> None:
    result = run(issue_list, "--size", 148, "--seed", 1, "--as-of", "2024-12-31")
    lines = result.output.splitlines()
    assert lines[0] == ("Sample of long-list.csv: 148 requested + 0 buffer (0%), seed 1, "
                        "as of 2024-12-31")
    assert lines[1] == "Long list 1,217 cases: 1,217 eligible, 0 excluded"
    assert lines[4] == ("female                            454   37.3%            55      54"
                        "  rounding -1")
    assert lines[9] == "Total                           1,217                           148"
    assert lines[-1] == "Shortfall: 0"


def test_out_writes_the_case_table(issue_list: Path, tmp_path: Path) -> None:
    out = tmp_path / "cases.csv"
    result = run(issue_list, "--size", 20, "--seed", 3, "--as-of", "2024-12-31", "--out", out)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"Wrote 20 cases to {out}"
    table = pd.read_csv(out)
    assert list(table.columns) == ["case_id", "gender", "supervision_type", "rosh", "cluster",
                                   "pdu", "team", "responsible_officer", "stratum", "weight"]
    assert len(table) == 20 and table["case_id"].is_unique
    female = table[table["stratum"] == "female"]
    assert set(female["gender"]) == {"female"}
    assert female["weight"].tolist() == [454 / len(female)] * len(female)


def test_same_seed_same_output(synthetic_list: Path) -> None:
    first = run(synthetic_list, "--size", 50, "--seed", 8, "--as-of", "2025-01-01", "--json")
    second = run(synthetic_list, "--size", 50, "--seed", 8, "--as-of", "2025-01-01", "--json")
    assert first.output == second.output


def test_officer_cap_option(synthetic_list: Path) -> None:
    data = json.loads(run(synthetic_list, "--size", 300, "--seed", 2, "--max-per-officer", 1,
                          "--as-of", "2025-01-01", "--json").output)
    officers = [c["responsible_officer"] for c in data["selected"]]
    assert len(officers) == len(set(officers))
    assert len(officers) + data["shortfall"] == 300


def test_no_name_or_date_of_birth_in_any_output(tmp_path: Path) -> None:
    frame = synthetic_frame(800, seed=1)
    path = tmp_path / "list.csv"
    path.write_bytes(to_csv(frame))
    out = tmp_path / "cases.csv"
    outputs = [run(path, "--size", 100, "--seed", 5, "--as-of", "2025-01-01", *extra).output
               for extra in (("--json",), ("--out", str(out)))]
    outputs.append(out.read_text())
    dobs = set(frame["dob"]) | set(pd.to_datetime(frame["dob"], format="%d/%m/%Y")
                                   .dt.strftime("%Y-%m-%d"))
    pncs = set(frame["pnc"])
    for text in outputs:
        assert not [n for n in NAMES if n in text]
        assert not [d for d in dobs if d in text]
        assert not [p for p in pncs if p in text]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_bad_input_exits_2_lists_every_problem_and_writes_nothing(tmp_path: Path,
                                                                  suffix: str) -> None:
    rows = [case(crn="A000001", sentence_type="Custody"),
            case(crn="A000002", sentence_type="Custody", dob="1980-02-31"),
            case(crn="A000003", rosh="Very low"),
            case(crn="A000004", start_date="2024-02-30")]
    path = tmp_path / f"list.{suffix}"
    path.write_bytes(to_csv(rows) if suffix == "csv" else to_xlsx(rows))
    out = tmp_path / "cases.csv"
    result = run(path, "--size", 2, "--out", out)
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"error: list.{suffix}, column 'sentence_type': unknown sentence type in rows 2, 3 "
        "(value 'Custody')",
        f"error: list.{suffix}, column 'sentence_type': accepted sentence types: "
        "'ORA Community Order', 'ORA Suspended Sentence Order', "
        "'CJA - Youth Rehabilitation Order', 'community', 'Adult Licence', "
        "'ORA Supervision Default Order', 'Licence', 'Post-sentence supervision', "
        "'post_custody'",
        f"error: list.{suffix}, row 4, column 'rosh': unknown RoSH level (value 'Very low')",
        f"error: list.{suffix}, column 'rosh': accepted RoSH levels: 'RLRH', 'RMRH', "
        "'RHRH', 'RVHR', 'low', 'medium', 'high', 'very_high'",
        f"error: list.{suffix}, row 5, column 'start_date': not a date (YYYY-MM-DD or "
        "DD/MM/YYYY) (value '2024-02-30')",
        f"error: list.{suffix}, row 3, column 'dob': not a date (YYYY-MM-DD or DD/MM/YYYY)",
    ]
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [path]


def test_missing_columns_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(to_csv([{k: v for k, v in case().items() if k != "gender"}]))
    result = run(path, "--size", 2)
    assert (result.exit_code, result.output) == (
        2, "error: list.csv: missing column 'gender'\n")


def test_unknown_out_format_is_refused_and_nothing_written(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(to_csv([case()]))
    result = run(path, "--size", 1, "--out", tmp_path / "cases.json")
    assert result.exit_code == 2
    assert "unsupported file type '.json'" in result.output
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize(
    "arguments",
    [("--size", "0"), ("--size", "5", "--buffer", "-5"), ("--size", "5", "--buffer", "lots"),
     ("--size", "5", "--as-of", "tomorrow"), ("--size", "5", "--max-per-officer", "0")],
)
def test_bad_options_exit_2(tmp_path: Path, arguments: tuple[str, ...]) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(to_csv([case()]))
    assert run(path, *arguments).exit_code == 2


def test_buffer_accepts_a_percent_sign(issue_list: Path) -> None:
    data = json.loads(run(issue_list, "--size", 148, "--buffer", "20%", "--seed", 1,
                          "--as-of", "2024-12-31", "--json").output)
    assert (data["buffer"], data["buffer_percent"]) == (30, 20)


@pytest.mark.parametrize("command", ["sample", "sample-size"])
def test_every_option_is_documented(command: str) -> None:
    docs = (Path(__file__).parents[1] / "docs" / "long-list.md").read_text()
    found = main.get_command(click.Context(main), command)
    assert found is not None
    options = [o for p in found.params for o in p.opts if o.startswith("--")]
    assert options
    assert [o for o in options if f"`{o}`" not in docs] == []


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "parquet"])
def test_out_reads_back_as_a_case_table(issue_list: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"cases.{suffix}"
    assert run(issue_list, "--size", 30, "--seed", 3, "--as-of", "2024-12-31",
               "--out", out).exit_code == 0
    table = read_case_table(out)
    assert (table.cases, table.questions) == (30, ())
    assert {"gender", "supervision_type", "rosh", "pdu", "cluster", "responsible_officer",
            "stratum", "weight"} <= set(table.attributes)
    assert table.frame["weight"].dtype == float
