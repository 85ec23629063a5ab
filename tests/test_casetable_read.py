"""Reading the case table: formats, encodings, answer values, attributes, question columns
and row numbers. Bad input is in test_casetable_errors.py."""

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from caseinspect.casetable import BLANK, NA, NO, YES, read_case_table, read_case_table_bytes
from caseinspect.errors import InputError
from factories import case_frame, write_csv, write_raw

CS = "hmip-case-supervision-2018"
PP = "hmip-public-protection-2018"
DPP = "hmip-dynamic-public-protection-2025"
FORMATS = [".csv", ".xlsx", ".parquet"]


def test_answers_case_insensitive_with_synonyms(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "pp5", "2.1.3.a"],
                     [["A1", "Yes", "n/a"], ["A2", "N", "NA"], ["A3", "y", ""],
                      ["A4", " no ", "YES"], ["A5", "Not applicable", "N/A"]])
    t = read_case_table(path)
    assert t.questions == ("2.1.3.a", "pp5")  # framework order, not column order
    assert t.frame["pp5"].tolist() == [YES, NO, YES, NO, NA]
    assert t.frame["2.1.3.a"].tolist() == [NA, NA, BLANK, YES, NA]
    assert t.frame["pp5"].dtype == np.int8
    assert t.frameworks == (CS, PP)
    assert t.cases == 5


@pytest.mark.parametrize("suffix", FORMATS)
def test_each_format_reads_the_same_table(tmp_path: Path, suffix: str) -> None:
    frame = case_frame(pp1=["yes", "No", None], rosh=["high", None, "low"],
                       age=["34", "21", None], team=["North", "South", "North"])
    t = read_case_table(write_raw(tmp_path / f"t{suffix}", frame))
    assert t.frame["case_id"].tolist() == ["C000001", "C000002", "C000003"]
    assert t.frame["pp1"].tolist() == [YES, NO, BLANK]
    assert t.frame["rosh"].astype(object).where(t.frame["rosh"].notna(), None).tolist() == [
        "high", None, "low"]
    assert t.frame["age"].tolist()[:2] == [34.0, 21.0] and np.isnan(t.frame["age"].iloc[2])
    assert t.attributes == ("age", "rosh", "team")  # known columns in contract order first
    assert t.questions == ("pp1",) and t.frameworks == (PP,)
    assert t.source == str(tmp_path / f"t{suffix}")


def test_text_attributes_are_categoricals_with_blanks_missing(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "gender", "team"],
                     [["A1", " female ", "North"], ["A2", "", "North"], ["A3", "male", " "]])
    t = read_case_table(path)
    gender = t.frame["gender"]
    assert isinstance(gender.dtype, pd.CategoricalDtype)
    assert list(gender.cat.categories) == ["female", "male"]  # stripped, first seen first
    assert gender.isna().tolist() == [False, True, False]
    assert t.frame["team"].isna().tolist() == [False, False, True]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "offence_category", "pp1"],
                     [["A1", "café – theft", "yes"]], encoding=encoding)
    t = read_case_table(path)
    assert t.frame["offence_category"].tolist() == ["café – theft"]
    assert next(iter(t.frame.columns)) == "case_id"  # no BOM left on the first name


def test_header_whitespace_and_trailing_empty_columns(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b" case_id , pp1 ,rosh,,\r\nA1,yes,low,,\r\nA2,no,high,,\r\n")
    t = read_case_table(path)
    assert list(t.frame.columns) == ["case_id", "rosh", "pp1"]
    assert t.frame["pp1"].tolist() == [YES, NO]


def test_known_column_names_in_any_case_or_spacing(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["Case ID", "RoSH", "Supervision Type", "MAPPA-level",
                                          "Team Name"],
                     [["A1", "high", "licence", "2", "Blue"]])
    t = read_case_table(path)
    assert list(t.frame.columns) == ["case_id", "supervision_type", "rosh", "mappa_level",
                                     "Team Name"]  # user-defined names kept as written


def test_trailing_blank_rows_are_dropped(tmp_path: Path) -> None:
    # Excel exports often end in rows of commas.
    path = tmp_path / "t.csv"
    path.write_bytes(b"case_id,pp1\r\nA1,yes\r\nA2,no\r\n,\r\n , \r\n\r\n")
    assert read_case_table(path).frame["case_id"].tolist() == ["A1", "A2"]


def test_quoted_cells_with_commas_and_newlines(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b'case_id,team,pp1\r\nA1,"North, East",yes\r\nA2,"two\nlines",no\r\n')
    t = read_case_table(path)
    assert t.frame["team"].tolist() == ["North, East", "two\nlines"]
    assert t.frame["pp1"].tolist() == [YES, NO]


def test_short_rows_are_padded_with_blanks(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"case_id,rosh,pp1\r\nA1,low,yes\r\nA2\r\n")
    t = read_case_table(path)
    assert t.frame["pp1"].tolist() == [YES, BLANK]
    assert t.frame["rosh"].isna().tolist() == [False, True]


def test_question_codes_in_any_case_are_questions(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "PP5", "2.1.3.A", "c1"],
                     [["A1", "yes", "no", "na"]])
    t = read_case_table(path)
    assert t.questions == ("2.1.3.a", "C1", "pp5")  # frameworks in code order
    assert list(t.frame.columns) == ["case_id", "2.1.3.a", "C1", "pp5"]
    assert t.frame.loc[0, "C1"] == NA
    assert t.frameworks == (CS, DPP, PP)


@pytest.mark.parametrize(
    ("columns", "frameworks", "questions"),
    [
        # F1 is a fact of both the case supervision and the dynamic framework: it goes
        # with whichever of them the table's other questions belong to.
        (["C1", "F1"], (DPP,), ("C1", "F1")),
        (["2.1.1", "F1"], (CS,), ("2.1.1", "F1")),
        (["F1"], (CS,), ("F1",)),
        (["F1", "pp7", "2.4.3"], (CS, PP), ("2.4.3", "F1", "pp7")),
    ],
)
def test_frameworks_present(tmp_path: Path, columns: list[str],
                            frameworks: tuple[str, ...], questions: tuple[str, ...]) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", *columns], [["A1"] + ["yes"] * len(columns)])
    t = read_case_table(path)
    assert (t.frameworks, t.questions) == (frameworks, questions)


def test_pinned_framework_leaves_out_other_frameworks(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "pp1", "2.1.3", "team"],
                     [["A1", "yes", "no", "x"]])
    t = read_case_table(path, framework=PP)
    assert t.questions == ("pp1",)
    assert t.attributes == ("team",)
    assert "2.1.3" not in t.frame.columns
    assert t.frameworks == (PP,)


def test_pinned_parquet_reads_the_same_table_without_other_frameworks(tmp_path: Path) -> None:
    table = pa.table({"case_id": ["A1", "A2", "A3"], "2.1.3": ["no", "bad", None],
                      "pp1": ["yes", "no", None], " Team ": ["x", " y", ""]})
    pq.write_table(table, tmp_path / "t.parquet")
    pinned = read_case_table(tmp_path / "t.parquet", framework=PP)
    assert pinned.questions == ("pp1",) and pinned.attributes == ("Team",)
    assert pinned.frame["pp1"].tolist() == [YES, NO, BLANK]
    assert pinned.frame["Team"].tolist()[:2] == ["x", "y"]
    assert pd.isna(pinned.frame["Team"].iloc[2])
    # the same as read from CSV, where every column is read
    csv = write_csv(tmp_path / "t.csv", ["case_id", "2.1.3", "pp1", " Team "],
                    [["A1", "no", "yes", "x"], ["A2", "bad", "no", " y"], ["A3", "", "", ""]])
    pd.testing.assert_frame_equal(pinned.frame, read_case_table(csv, framework=PP).frame)


def test_pinned_parquet_still_reports_a_last_row_with_values_only_elsewhere(
        tmp_path: Path) -> None:
    # The last row's case_id is blank, and only an other framework's column has a value:
    # the row is a case without an id (as from CSV), not a trailing blank row to drop.
    table = pa.table({"case_id": ["A1", None], "pp1": ["yes", None], "2.1.3": ["no", "yes"]})
    pq.write_table(table, tmp_path / "t.parquet")
    with pytest.raises(InputError) as err:
        read_case_table(tmp_path / "t.parquet", framework=PP)
    assert [(p.row, p.column) for p in err.value.problems] == [(3, "case_id")]
    assert "blank" in err.value.problems[0].message


def test_attributes_keep_user_columns_and_numbers(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "weight", "age", "my_flag", "pdu"],
                     [["A1", "2.5", "34", "x", "Kent"], ["A2", "1", " 40.5 ", "", "Kent"]])
    t = read_case_table(path)
    assert t.attributes == ("pdu", "age", "weight", "my_flag")
    assert t.frame["weight"].tolist() == [2.5, 1.0]
    assert t.frame["age"].tolist() == [34.0, 40.5]
    assert t.frame["age"].dtype == np.float64
    assert t.questions == () and t.frameworks == ()


def test_parquet_typed_columns(tmp_path: Path) -> None:
    # Parquet from other tools: numbers as numbers, booleans as answers, dictionary text.
    table = pa.table({
        "case_id": pa.array([101, 102, 103], pa.int64()),
        "age": pa.array([30, None, 52], pa.int32()),
        "weight": pa.array([1.5, 2.0, 0.5]),
        "pp1": pa.array([True, False, None]),
        "pp2": pa.array(["YES", "n", None]).dictionary_encode(),
        "rosh": pa.array(["low", None, "high"]).dictionary_encode(),
    })
    pq.write_table(table, tmp_path / "t.parquet")
    t = read_case_table(tmp_path / "t.parquet")
    assert t.frame["case_id"].tolist() == ["101", "102", "103"]
    assert t.frame["age"].tolist()[0::2] == [30.0, 52.0] and np.isnan(t.frame["age"][1])
    assert t.frame["pp1"].tolist() == [YES, NO, BLANK]
    assert t.frame["pp2"].tolist() == [YES, NO, BLANK]
    assert t.frame["rosh"].isna().tolist() == [False, True, False]


def test_parquet_from_pandas_with_its_index(tmp_path: Path) -> None:
    frame = pd.DataFrame({"case_id": ["A1", "A2"], "pp1": ["yes", None]}, index=[10, 20])
    frame.to_parquet(tmp_path / "t.parquet")
    t = read_case_table(tmp_path / "t.parquet")
    assert list(t.frame.columns) == ["case_id", "pp1"]
    assert t.frame["pp1"].tolist() == [YES, BLANK]


def test_parquet_in_several_row_groups(tmp_path: Path) -> None:
    answers = ["yes", "no", "na", None] * 250
    table = pa.table({"case_id": [f"A{i}" for i in range(1000)], "pp1": answers})
    pq.write_table(table, tmp_path / "t.parquet", row_group_size=64)
    t = read_case_table(tmp_path / "t.parquet")
    assert t.frame["pp1"].tolist() == [YES, NO, NA, BLANK] * 250


def test_xlsx_cells_of_other_types(tmp_path: Path) -> None:
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["case_id", "age", "pp1", "start"])
    ws.append(["A1", 34, True, dt.datetime(2024, 3, 1)])
    ws.append(["A2", 40.5, "no", None])
    wb.save(tmp_path / "t.xlsx")
    t = read_case_table(tmp_path / "t.xlsx")
    assert t.frame["age"].tolist() == [34.0, 40.5]
    assert t.frame["pp1"].tolist() == [YES, NO]
    assert t.frame["start"].astype(object).tolist()[0] == "2024-03-01"


def test_bytes_reader_matches_file_reader(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["case_id", "pp1"], [["A1", "yes"], ["A2", "no"]])
    from_bytes = read_case_table_bytes(path.read_bytes(), "upload.csv")
    assert from_bytes.equals(read_case_table(path))
    assert from_bytes.source == "upload.csv"
