"""Writing the case table: read(write(t)) equals t in every format, answers written as
yes / no / na / blank, and nothing half-written."""

import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from caseinspect.casetable import (
    CaseTable,
    case_table_bytes,
    read_case_table,
    synthetic_case_table,
    write_case_table,
)
from caseinspect.errors import InputError
from factories import make_case_table

FORMATS = [".csv", ".xlsx", ".parquet"]


def small() -> CaseTable:
    return make_case_table(
        programme=["QI", "OMI2", "QI"],
        age=["34", "", "19"],
        weight=[str(454 / 66), "1", "2.5e-7"],
        team=["North, East", "", 'say "hi"'],
        pp1=["yes", "", "na"],
        **{"2.1.3.a": ["no", "N/A", "Y"]},
    )


@pytest.mark.parametrize("suffix", FORMATS)
def test_round_trip_synthetic(tmp_path: Path, suffix: str) -> None:
    table = synthetic_case_table(300, seed=4)
    back = read_case_table(write_case_table(table, tmp_path / f"t{suffix}"))
    assert back.equals(table)
    assert back.source == str(tmp_path / f"t{suffix}")


@pytest.mark.parametrize("suffix", FORMATS)
def test_round_trip_blanks_and_exact_numbers(tmp_path: Path, suffix: str) -> None:
    table = small()
    back = read_case_table(write_case_table(table, tmp_path / f"t{suffix}"))
    assert back.equals(table)
    assert back.frame["weight"].tolist() == [454 / 66, 1.0, 2.5e-7]


def test_equals_notices_a_changed_answer() -> None:
    table = small()
    frame = table.frame.copy()
    frame.loc[1, "pp1"] = 0
    assert not table.equals(CaseTable(frame, table.questions, table.attributes,
                                      table.frameworks))
    assert table.equals(CaseTable(table.frame.copy(), table.questions, table.attributes,
                                  table.frameworks, source="elsewhere"))


def test_csv_text(tmp_path: Path) -> None:
    path = write_case_table(small(), tmp_path / "t.csv")
    assert path.read_text(encoding="utf-8").splitlines() == [
        '"case_id","programme","age","weight","team","2.1.3.a","pp1"',
        '"C000001","QI","34","6.878787878787879","North, East","no","yes"',
        '"C000002","OMI2",,"1",,"na",',
        '"C000003","QI","19","2.5e-7","say ""hi""","yes","na"',
    ]


def test_xlsx_cells(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_case_table(small(), tmp_path / "t.xlsx")
    ws = load_workbook(path).worksheets[0]
    assert [c.value for c in ws[1]] == ["case_id", "programme", "age", "weight", "team",
                                        "2.1.3.a", "pp1"]
    assert [c.value for c in ws[3]] == ["C000002", "OMI2", None, 1, None, "na", None]
    assert ws["C2"].value == 34  # numbers stay numbers


def test_parquet_columns(tmp_path: Path) -> None:
    path = write_case_table(small(), tmp_path / "t.parquet")
    table = pq.read_table(path)
    assert table.schema.field("pp1").type == pa.dictionary(pa.int8(), pa.string())
    assert table.column("pp1").to_pylist() == ["yes", None, "na"]
    assert table.column("age").type == pa.float64()
    assert table.column("team").to_pylist() == ["North, East", None, 'say "hi"']


def test_bytes_match_the_file(tmp_path: Path) -> None:
    path = write_case_table(small(), tmp_path / "t.csv")
    assert case_table_bytes(small(), "csv") == path.read_bytes()


def test_plain_text_attributes_are_written(tmp_path: Path) -> None:
    # A table built directly (as the sampler does) may hold text as objects, not categories.
    frame = pd.DataFrame({"case_id": pd.Series(["A123456"], dtype=object),
                          "team": pd.Series(["Blue"], dtype=object),
                          "weight": [2.0]})
    table = CaseTable(frame, (), ("team", "weight"), ())
    back = read_case_table(write_case_table(table, tmp_path / "t.csv"))
    assert back.frame["team"].tolist() == ["Blue"] and back.frame["weight"].tolist() == [2.0]


def test_unsupported_suffix_and_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        write_case_table(small(), tmp_path / "t.json")
    assert str(exc.value) == (f"{tmp_path / 't.json'}: unsupported file type '.json'; use "
                              ".csv, .xlsx or .parquet")
    with pytest.raises(InputError) as exc:
        write_case_table(small(), tmp_path / "nowhere" / "t.csv")
    assert str(exc.value) == f"{tmp_path / 'nowhere' / 't.csv'}: the folder to write into does " \
        "not exist"
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_old_file(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "t.csv"
    path.write_text("old")

    def fail(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_case_table(small(), path)
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]  # no temporary file left
