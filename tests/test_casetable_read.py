"""Reading the case table: formats, encodings, answer values and every kind of bad input."""

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from caseinspect.casetable import (
    BLANK,
    NA,
    NO,
    YES,
    read_case_table,
    synthetic_case_table,
    write_case_table,
)
from caseinspect.cli import main
from caseinspect.errors import InputError
from factories import make_case_table, write_csv


def test_answers_case_insensitive_with_synonyms(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "pp5", "2.1.3.a"],
                     [["A1", "Yes", "n/a"], ["A2", "N", "NA"], ["A3", "y", ""],
                      ["A4", " no ", "YES"]])
    t = read_case_table(path)
    assert t.questions == ("2.1.3.a", "pp5")  # framework order
    assert t.frame["pp5"].tolist() == [YES, NO, YES, NO]
    assert t.frame["2.1.3.a"].tolist() == [NA, NA, BLANK, YES]
    assert t.frameworks == ("hmip-case-supervision-2018", "hmip-public-protection-2018")


def test_attributes_known_and_user_defined(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "rosh", "age", "team", "pp1"],
                     [["A1", "high", "34", "North", "yes"], ["A2", "", "21", "South", "no"]])
    t = read_case_table(path)
    assert t.attributes == ("age", "rosh", "team")  # known columns in contract order
    assert t.frame["age"].tolist() == [34.0, 21.0]
    assert t.frame["rosh"].isna().tolist() == [False, True]
    assert t.frame["team"].tolist() == ["North", "South"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "offence_category", "pp1"],
                     [["A1", "café – theft", "yes"]], encoding=encoding)
    t = read_case_table(path)
    assert t.frame["offence_category"].tolist() == ["café – theft"]
    assert next(iter(t.frame.columns)) == "case_id"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_round_trip(tmp_path: Path, suffix: str) -> None:
    table = synthetic_case_table(300, seed=4)
    back = read_case_table(write_case_table(table, tmp_path / f"t{suffix}"))
    assert back.questions == table.questions
    assert back.attributes == table.attributes
    for code in table.questions:
        assert np.array_equal(back.frame[code].to_numpy(), table.frame[code].to_numpy())
    for name in table.attributes:
        assert back.frame[name].astype(str).tolist() == table.frame[name].astype(str).tolist()


def test_pinned_framework_leaves_out_other_frameworks(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "pp1", "2.1.3"], [["A1", "yes", "no"]])
    t = read_case_table(path, framework="hmip-public-protection-2018")
    assert t.questions == ("pp1",)
    assert "2.1.3" not in t.attributes


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as exc:
        read_case_table(path)
    return [str(p) for p in exc.value.problems]


def test_duplicate_case_id_names_both_rows(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "pp1"],
                     [["A1", "yes"], ["A2", "no"], ["A1", "no"]])
    assert problems(path) == [
        f"{path}, row 4, column 'case_id': duplicate case_id (first on row 2) (value 'A1')"]


def test_unknown_answer_values_all_reported(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "pp1", "pp2"],
                     [["A1", "maybe", "yes"], ["A2", "no", "2"]])
    assert problems(path) == [
        f"{path}, row 2, column 'pp1': unknown answer; use yes, no or na (or leave blank) "
        "(value 'maybe')",
        f"{path}, row 3, column 'pp2': unknown answer; use yes, no or na (or leave blank) "
        "(value '2')",
    ]


def test_non_numeric_age(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "age"], [["A1", "34"], ["A2", "thirty"]])
    assert problems(path) == [f"{path}, row 3, column 'age': not a number (value 'thirty')"]


def test_unknown_question_code_names_nearest(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "2.1.9", "pp9"], [["A1", "yes", "no"]])
    found = problems(path)
    assert len(found) == 2
    assert "column '2.1.9': looks like a question code but matches no framework question; " \
        "nearest codes: 2.1.3, 2.1.2, 2.1.1" in found[0]
    assert found[1].endswith("column 'pp9': looks like a question code but matches no framework "
                             "question; nearest codes: pp7, pp6, pp5")


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "the file is empty"),
     (b"pp1,pp2\r\nyes,no\r\n", "missing the required case_id column"),
     (b"case_id,pp1\r\n", "the file has no cases (only a header row)")],
)
def test_empty_and_missing_case_id(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(content)
    assert problems(path) == [f"{path}: {message}"]


def test_unreadable_files(tmp_path: Path) -> None:
    assert problems(tmp_path / "missing.csv") == [f"{tmp_path / 'missing.csv'}: file not found"]
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    assert problems(bad)[0].startswith(f"{bad}: not a readable XLSX file")
    bad_pq = tmp_path / "bad.parquet"
    bad_pq.write_bytes(b"not parquet")
    assert problems(bad_pq)[0].startswith(f"{bad_pq}: not a readable Parquet file")
    other = tmp_path / "t.txt"
    other.write_text("x")
    assert "unsupported file type '.txt'" in problems(other)[0]


def test_problems_capped_with_count_of_rest(tmp_path: Path) -> None:
    rows = [[f"A{i}", "bad"] for i in range(80)]
    path = write_csv(tmp_path / "t.csv", ["case_id", "pp1"], rows)
    result = CliRunner().invoke(main, ["analyse", str(path)])
    assert result.exit_code == 2
    assert "... and 30 more problems" in result.output


def test_cli_exit_2_and_nothing_written(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "pp1"], [["A1", "maybe"]])
    result = CliRunner().invoke(main, ["analyse", str(path)])
    assert result.exit_code == 2
    assert "row 2, column 'pp1': unknown answer" in result.output


def test_from_records_factory() -> None:
    t = make_case_table(pp1=["yes", "no", "na"])
    assert t.frame["pp1"].tolist() == [YES, NO, NA]
