"""Bad case tables: every problem named by file, row, column and value; the CLI exits 2."""

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from caseinspect.casetable import read_case_table
from caseinspect.cli import main
from caseinspect.errors import InputError
from factories import case_frame, write_csv, write_raw

UNKNOWN = "unknown answer; use yes, no or na (or leave blank)"


def problems(path: Path, framework: str | None = None) -> list[str]:
    with pytest.raises(InputError) as exc:
        read_case_table(path, framework=framework)
    return [str(p) for p in exc.value.problems]


def test_duplicate_case_id_names_both_rows(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "pp1"],
                     [["A1", "yes"], ["A2", "no"], ["A1", "no"], [" A2 ", "yes"]])
    assert problems(path) == [
        f"{path}, row 4, column 'case_id': duplicate case_id (first on row 2) (value 'A1')",
        f"{path}, row 5, column 'case_id': duplicate case_id (first on row 3) (value 'A2')",
    ]


def test_unknown_answer_values_all_reported(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "pp1", "pp2"],
                     [["A1", "maybe", "yes"], ["A2", "no", "2"], ["A3", "maybe", "yes"]])
    assert problems(path) == [
        f"{path}, row 2, column 'pp1': {UNKNOWN} (value 'maybe')",
        f"{path}, row 4, column 'pp1': {UNKNOWN} (value 'maybe')",
        f"{path}, row 3, column 'pp2': {UNKNOWN} (value '2')",
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_row_numbers_are_the_same_in_every_format(tmp_path: Path, suffix: str) -> None:
    # The header is row 1, so the third case is row 4 — in Parquet as in a spreadsheet.
    path = write_raw(tmp_path / f"t{suffix}", case_frame(pp1=["yes", "no", "sometimes"]))
    assert problems(path) == [f"{path}, row 4, column 'pp1': {UNKNOWN} (value 'sometimes')"]


def test_rows_keep_their_numbers_past_an_empty_line(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"case_id,pp1\r\nA1,yes\r\n\r\nA2,maybe\r\n")
    assert problems(path) == [
        f"{path}, row 3, column 'case_id': case_id is blank",
        f"{path}, row 4, column 'pp1': {UNKNOWN} (value 'maybe')",
    ]


def test_row_longer_than_header(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"case_id,pp1\r\nA1,yes\r\nA2,no,oops\r\n")
    assert problems(path) == [
        f"{path}, row 3: this row has 3 cells but the header names 2 columns (value 'oops')"]


def test_non_numeric_age(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "age"],
                     [["A1", "34"], ["A2", "thirty"], ["A3", "inf"], ["A4", "1985"]])
    assert problems(path) == [
        f"{path}, row 3, column 'age': not a number (value 'thirty')",
        f"{path}, row 4, column 'age': not a number (value 'inf')",
        f"{path}, row 5, column 'age': an age must be between 0 and 120 (value '1985')",
    ]


def test_weights_must_be_positive_numbers(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "weight"],
                     [["A1", "1.5"], ["A2", "0"], ["A3", "-2"], ["A4", ""], ["A5", "heavy"]])
    message = "a weight must be a positive number (every case needs one)"
    assert problems(path) == [
        f"{path}, row 6, column 'weight': not a number (value 'heavy')",
        f"{path}, row 3, column 'weight': {message} (value '0')",
        f"{path}, row 4, column 'weight': {message} (value '-2')",
        f"{path}, row 5, column 'weight': {message} (value '')",
        f"{path}, row 6, column 'weight': {message} (value '')",
    ]


def test_unknown_question_code_names_nearest(tmp_path: Path) -> None:
    # difflib's similarity: "C1.z" shares 3 of 4 characters with C1.a, C1.b and C1.c
    # (ratio 0.75); ties are listed in descending code order.
    path = write_csv(tmp_path / "t.csv", ["case_id", "2.1.9", "pp9", "C1.z"],
                     [["A1", "yes", "no", "na"]])
    message = "looks like a question code but matches no framework question; nearest codes:"
    assert problems(path) == [
        f"{path}, row 1, column '2.1.9': {message} 2.1.3, 2.1.2, 2.1.1",
        f"{path}, row 1, column 'pp9': {message} pp7, pp6, pp5",
        f"{path}, row 1, column 'C1.z': {message} C1.c, C1.b, C1.a",
    ]


def test_pinned_framework_names_nearest_of_its_own_codes(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "2.1.1.z"], [["A1", "yes"]])
    assert problems(path, framework="hmip-public-protection-2018") == [
        f"{path}, row 1, column '2.1.1.z': looks like a question code but matches no "
        "framework question"]


def test_header_and_cell_problems_are_reported_together(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "pp9", "pp1"], [["A1", "yes", "maybe"]])
    assert problems(path) == [
        f"{path}, row 1, column 'pp9': looks like a question code but matches no framework "
        "question; nearest codes: pp7, pp6, pp5",
        f"{path}, row 2, column 'pp1': {UNKNOWN} (value 'maybe')",
    ]


def test_same_question_twice_in_different_case(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "pp1", "PP1"], [["A1", "yes", "no"]])
    assert problems(path) == [
        f"{path}, row 1, column 'pp1': two columns are question pp1 (names differ only in case)"]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", ": the file is empty"),
     (b"\r\n\r\n", ": the file is empty"),
     (b",,\r\nA1,yes\r\n", ", row 1: the file has no header row"),
     (b"pp1,pp2\r\nyes,no\r\n", ": missing the required case_id column"),
     (b"CaseRef,pp1\r\nA1,yes\r\n", ": missing the required case_id column"),
     (b"case_id,pp1\r\n", ": the file has no cases (only a header row)"),
     (b"case_id,pp1\r\n,\r\n", ": the file has no cases (only a header row)")],
)
def test_empty_and_missing_case_id(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(content)
    assert problems(path) == [f"{path}{message}"]


def test_header_problems(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"case_id,,team,team,rosh,RoSH\r\nA1,x,y,z,low,low\r\n")
    assert problems(path) == [
        f"{path}, row 1: column 2 has no name",
        f"{path}, row 1, column 'team': column name appears twice",
        f"{path}, row 1, column 'rosh': two columns are rosh ('rosh' and 'RoSH')",
    ]


def test_blank_case_id_among_cases(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "pp1"], [["A1", "yes"], ["", "no"]])
    assert problems(path) == [f"{path}, row 3, column 'case_id': case_id is blank"]


def test_unreadable_files(tmp_path: Path) -> None:
    assert problems(tmp_path / "missing.csv") == [f"{tmp_path / 'missing.csv'}: file not found"]
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert problems(folder) == [f"{folder}: not a file"]
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    assert problems(bad)[0].startswith(f"{bad}: not a readable XLSX file")
    bad_pq = tmp_path / "bad.parquet"
    bad_pq.write_bytes(b"not parquet at all")
    assert problems(bad_pq)[0].startswith(f"{bad_pq}: not a readable Parquet file")
    empty_pq = tmp_path / "empty.parquet"
    empty_pq.write_bytes(b"")
    assert problems(empty_pq) == [f"{empty_pq}: the file is empty"]
    other = tmp_path / "t.txt"
    other.write_text("x")
    assert problems(other) == [
        f"{other}: unsupported file type '.txt'; use .csv, .xlsx or .parquet"]


def test_parquet_column_that_is_not_text(tmp_path: Path) -> None:
    table = pa.table({"case_id": ["A1"], "pp1": pa.array([[1, 2]], pa.list_(pa.int64()))})
    pq.write_table(table, tmp_path / "t.parquet")
    [found] = problems(tmp_path / "t.parquet")
    assert found.startswith(f"{tmp_path / 't.parquet'}, column 'pp1': cannot read this "
                            "column's values as text")


def test_a_million_wrong_cells_cost_a_thousand_problems(tmp_path: Path) -> None:
    table = pa.table({"case_id": [f"A{i}" for i in range(1500)], "pp1": ["maybe"] * 1500})
    pq.write_table(table, tmp_path / "t.parquet")
    found = problems(tmp_path / "t.parquet")
    assert len(found) == 1001
    assert found[999].startswith(f"{tmp_path / 't.parquet'}, row 1001, column 'pp1'")
    assert found[1000] == (f"{tmp_path / 't.parquet'}, column 'pp1': {UNKNOWN}: the same on "
                           "500 more rows (value 'maybe')")


def test_problems_capped_with_count_of_rest(tmp_path: Path) -> None:
    rows = [[f"A{i}", "bad"] for i in range(80)]
    path = write_csv(tmp_path / "t.csv", ["case_id", "pp1"], rows)
    result = CliRunner().invoke(main, ["analyse", str(path)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) == 51
    assert lines[-1] == "error: ... and 30 more problems"


def test_cli_exit_2(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "pp1"], [["A1", "maybe"]])
    result = CliRunner().invoke(main, ["analyse", str(path)])
    assert result.exit_code == 2
    assert result.output == f"error: {path}, row 2, column 'pp1': {UNKNOWN} (value 'maybe')\n"
