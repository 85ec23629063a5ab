"""Case tables from memory: from_records and from_frame validate as a file would."""

import math

import numpy as np
import pandas as pd
import pytest

from caseinspect.casetable import BLANK, NA, NO, YES, from_frame, from_records
from caseinspect.errors import InputError
from factories import case_frame, make_case_table


def test_from_records_with_missing_keys_and_none() -> None:
    t = from_records([{"case_id": "A1", "pp1": "yes", "age": 30},
                      {"case_id": "A2", "pp1": None},
                      {"case_id": "A3", "rosh": "low", "pp1": "NA"}])
    assert list(t.frame.columns) == ["case_id", "age", "rosh", "pp1"]
    assert t.frame["pp1"].tolist() == [YES, BLANK, NA]
    assert t.frame["age"].tolist()[0] == 30.0 and math.isnan(t.frame["age"][1])
    assert t.frame["rosh"].isna().tolist() == [True, True, False]
    assert t.source == "<records>"


def test_from_records_numbers_rows_like_the_written_file() -> None:
    with pytest.raises(InputError) as exc:
        from_records([{"case_id": "A1", "pp1": "yes"}, {"case_id": "A2", "pp1": "perhaps"}],
                     source="inspection X")
    assert str(exc.value) == ("inspection X, row 3, column 'pp1': unknown answer; use yes, no "
                              "or na (or leave blank) (value 'perhaps')")


def test_from_records_empty() -> None:
    with pytest.raises(InputError) as exc:
        from_records([], source="s")
    assert str(exc.value) == "s: no cases given"


def test_from_frame_of_strings_equals_records() -> None:
    frame = case_frame(pp1=["yes", "no", None], gender=["male", None, "female"])
    t = from_frame(frame)
    assert t.equals(make_case_table(pp1=["yes", "no", ""], gender=["male", "", "female"]))
    assert t.source == "<frame>"


def test_from_frame_with_typed_columns() -> None:
    frame = pd.DataFrame({
        "case_id": ["A1", "A2", "A3"],
        "age": [30, 41, np.nan],
        "pp1": [True, False, None],
        "pp2": pd.Categorical(["y", "n", None]),
        "weight": [1.0, 2.0, 3.0],
    })
    t = from_frame(frame, framework="hmip-public-protection-2018")
    assert t.frame["pp1"].tolist() == [YES, NO, BLANK]
    assert t.frame["pp2"].tolist() == [YES, NO, BLANK]
    assert t.frame["age"].tolist()[:2] == [30.0, 41.0]
    assert t.frame["weight"].tolist() == [1.0, 2.0, 3.0]


def test_from_frame_reports_duplicate_columns() -> None:
    frame = pd.DataFrame([["A1", "yes", "no"]], columns=["case_id", "pp1", "pp1"])
    with pytest.raises(InputError) as exc:
        from_frame(frame, source="f")
    assert str(exc.value) == "f, row 1, column 'pp1': column name appears twice"
