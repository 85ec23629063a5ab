"""Reading and validating a long list: labels, dates, columns, formats, bad input."""

from __future__ import annotations

import io
from datetime import date, datetime

import pandas as pd
import pytest

from caseinspect.errors import InputError
from caseinspect.sampling import read_long_list
from factories_sampling import case, long_list, to_csv, to_xlsx


def errors_of(rows: list[dict[str, str]]) -> list[str]:
    with pytest.raises(InputError) as caught:
        long_list(rows)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("label", "supervision"),
    [("ORA Community Order", "community"), ("ORA Suspended Sentence Order", "community"),
     ("CJA - Youth Rehabilitation Order", "community"), ("community", "community"),
     ("cja youth rehabilitation order", "community"), ("Adult Licence", "post_custody"),
     ("ORA Supervision Default Order", "post_custody"), ("Licence", "post_custody"),
     ("Post-sentence supervision", "post_custody"), ("post sentence supervision", "post_custody"),
     ("post_custody", "post_custody"), ("Post-custody", "post_custody")],
)
def test_sentence_type_labels(label: str, supervision: str) -> None:
    assert long_list([case(sentence_type=label)]).frame["supervision_type"].tolist() == [
        supervision]


@pytest.mark.parametrize(
    ("label", "level"),
    [("RLRH", "low"), ("RMRH", "medium"), ("RHRH", "high"), ("RVHR", "very_high"),
     ("rlrh", "low"), ("low", "low"), ("Medium", "medium"), ("high", "high"),
     ("very_high", "very_high"), ("Very high", "very_high")],
)
def test_rosh_labels(label: str, level: str) -> None:
    assert long_list([case(rosh=label)]).frame["rosh"].tolist() == [level]


@pytest.mark.parametrize(
    ("label", "gender"),
    [("M", "M"), ("m", "M"), ("Male", "M"), ("F", "F"), ("female", "F"), ("", "missing"),
     ("other", "other"), ("X", "other"), ("Not specified", "other")],
)
def test_gender_labels(label: str, gender: str) -> None:
    assert long_list([case(gender=label)]).frame["gender"].tolist() == [gender]


def test_both_date_formats_give_the_same_date() -> None:
    frame = long_list([case(start_date="2024-03-05"), case(start_date="05/03/2024")]).frame
    assert frame["start_date"].tolist() == [pd.Timestamp("2024-03-05")] * 2


def test_blank_end_date_is_not_a_date() -> None:
    frame = long_list([case(end_date="")]).frame
    assert frame["end_date"].isna().tolist() == [True]


def test_rows_are_numbered_as_in_a_spreadsheet() -> None:
    assert long_list([case(), case(crn="A000002")]).frame["row"].tolist() == [2, 3]


def test_no_name_date_of_birth_or_pnc_is_kept() -> None:
    frame = long_list([case()]).frame
    assert not {"first_name", "family_name", "dob", "pnc"} & set(frame.columns)
    assert "Zebedee" not in frame.to_csv() and "1980-04-01" not in frame.to_csv()


def test_headers_are_normalised_and_pdu_stands_for_ldu() -> None:
    row = case()
    renamed = {("PDU" if k == "ldu" else k.replace("_", " ").title()): v for k, v in row.items()}
    frame = long_list([renamed]).frame
    assert frame["ldu"].tolist() == ["Northtown"]
    assert frame["start_date"].tolist() == [pd.Timestamp("2024-01-15")]


def test_values_are_trimmed_and_crn_upper_cased() -> None:
    frame = long_list([case(crn=" a123456 ", cluster=" North ")]).frame
    assert frame[["crn", "cluster"]].to_numpy().tolist() == [["A123456", "North"]]


def test_xlsx_with_date_cells() -> None:
    rows = pd.DataFrame([case(), case(crn="A000002")])
    rows["start_date"] = [datetime(2024, 2, 1), datetime(2024, 2, 2)]
    rows["dob"] = [date(1980, 4, 1), date(1981, 4, 1)]
    frame = read_long_list(io.BytesIO(to_xlsx(rows)), "list.xlsx").frame
    assert frame["start_date"].tolist() == [pd.Timestamp("2024-02-01"),
                                            pd.Timestamp("2024-02-02")]
    assert frame["crn"].tolist() == ["A000001", "A000002"]


def test_read_from_a_path(tmp_path) -> None:
    path = tmp_path / "long list.csv"
    path.write_bytes(to_csv([case()]))
    result = read_long_list(path)
    assert (result.source, result.cases) == ("long list.csv", 1)


def test_windows_1252_export_is_read() -> None:
    data = to_csv([case(first_name="Zoë", cluster="Bénodet")]).decode().encode("cp1252")
    assert read_long_list(io.BytesIO(data), "x.csv").frame["cluster"].tolist() == ["Bénodet"]


def test_every_missing_column_is_named() -> None:
    rows = [{k: v for k, v in case().items() if k not in ("rosh", "ldu", "start_date")}]
    assert errors_of(rows) == [
        "long-list.csv: missing column 'rosh'",
        "long-list.csv: missing column 'start_date'",
        "long-list.csv: missing column 'ldu'",
    ]


def test_every_unknown_label_is_listed_at_once_with_its_rows() -> None:
    rows = [case(crn=f"A00000{i}") for i in range(1, 7)]
    rows[0]["sentence_type"] = "Custody"
    rows[2]["sentence_type"] = "Custody"
    rows[3]["sentence_type"] = "Fine"
    rows[4]["rosh"] = "RXRH"
    rows[5]["rosh"] = ""
    assert errors_of(rows) == [
        "long-list.csv, column 'sentence_type': unknown sentence type in rows 2, 4 "
        "(value 'Custody')",
        "long-list.csv, row 5, column 'sentence_type': unknown sentence type (value 'Fine')",
        "long-list.csv, column 'sentence_type': accepted sentence types: "
        "'ORA Community Order', 'ORA Suspended Sentence Order', "
        "'CJA - Youth Rehabilitation Order', 'community', 'Adult Licence', "
        "'ORA Supervision Default Order', 'Licence', 'Post-sentence supervision', "
        "'post_custody'",
        "long-list.csv, row 6, column 'rosh': unknown RoSH level (value 'RXRH')",
        "long-list.csv, row 7, column 'rosh': unknown RoSH level (value '')",
        "long-list.csv, column 'rosh': accepted RoSH levels: 'RLRH', 'RMRH', 'RHRH', "
        "'RVHR', 'low', 'medium', 'high', 'very_high'",
    ]


def test_long_runs_of_rows_are_shortened() -> None:
    rows = [case(crn=f"A{i:06d}", rosh="none") for i in range(25)]
    (problem, _) = errors_of(rows)
    assert problem.endswith("unknown RoSH level in rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, "
                            "13, 14, 15, 16, 17, 18, 19, 20, 21 and 5 more (value 'none')")


def test_bad_dates_crns_and_missing_values() -> None:
    rows = [
        case(crn="A000001", start_date="31/02/2024"),
        case(crn="A000002", start_date="2024-13-01", end_date="soon"),
        case(crn="A000003", start_date=""),
        case(crn="12345", responsible_officer=""),
        case(crn="", cluster=""),
    ]
    assert errors_of(rows) == [
        "long-list.csv, row 6, column 'crn': missing CRN",
        "long-list.csv, row 5, column 'crn': not a CRN (a capital letter and six digits) "
        "(value '12345')",
        "long-list.csv, row 4, column 'start_date': missing start date",
        "long-list.csv, row 2, column 'start_date': not a date (YYYY-MM-DD or DD/MM/YYYY) "
        "(value '31/02/2024')",
        "long-list.csv, row 3, column 'start_date': not a date (YYYY-MM-DD or DD/MM/YYYY) "
        "(value '2024-13-01')",
        "long-list.csv, row 3, column 'end_date': not a date (YYYY-MM-DD or DD/MM/YYYY) "
        "(value 'soon')",
        "long-list.csv, row 6, column 'cluster': missing cluster",
        "long-list.csv, row 5, column 'responsible_officer': missing responsible officer",
    ]


def test_a_bad_date_of_birth_is_reported_without_its_value() -> None:
    rows = [case(crn="A000001", dob="1980-02-30"), case(crn="A000002", dob="32/01/1979")]
    assert errors_of(rows) == [
        "long-list.csv, column 'dob': not a date (YYYY-MM-DD or DD/MM/YYYY) in rows 2, 3"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [(b"", "x.csv", "x.csv: the file is empty"),
     (to_csv([case()]).splitlines()[0] + b"\n", "x.csv", "x.csv: the long list has no cases"),
     (b"PK\x03\x04 not really", "x.xlsx", "x.xlsx: cannot read the file as xlsx"),
     (b"a,b", "x.json", "x.json: not a CSV or XLSX file (.json)")],
)
def test_unreadable_files(data: bytes, name: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_long_list(io.BytesIO(data), name)
    assert [str(p) for p in caught.value.problems] == [message]


def test_a_missing_path_is_an_input_error(tmp_path) -> None:
    with pytest.raises(InputError, match="cannot read the file"):
        read_long_list(tmp_path / "absent.csv")


def test_blank_lines_are_skipped_without_renumbering_rows() -> None:
    data = to_csv([case(crn="A000001"), case(crn="A000002", rosh="?")])
    header, first, second = data.decode().splitlines()
    text = "\n".join([header, first, "", ",,,,,,,,,,,,,", second, ",,,,,,,,,,,,,"]) + "\n"
    with pytest.raises(InputError) as caught:
        read_long_list(io.BytesIO(text.encode()), "x.csv")
    assert str(caught.value.problems[0]) == (
        "x.csv, row 5, column 'rosh': unknown RoSH level (value '?')")


def test_xlsx_blank_rows_are_skipped() -> None:
    rows = pd.DataFrame([case(crn="A000001"), {}, case(crn="A000003")])
    frame = read_long_list(io.BytesIO(to_xlsx(rows)), "x.xlsx").frame
    assert frame[["row", "crn"]].to_numpy().tolist() == [[2, "A000001"], [4, "A000003"]]
