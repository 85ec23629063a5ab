"""``caseinspect diagnose``, in process: text, JSON, --assurance, and bad input (exit 2).

The figures are those of tests/test_indicators.py and tests/test_assurance.py, whose
references (statsmodels, SciPy) are noted there; here the JSON must carry them unchanged.
"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from caseinspect.casetable import synthetic_case_table, write_case_table
from caseinspect.cli import main
from factories import case_frame, write_raw

DYN = "hmip-dynamic-public-protection-2025"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["diagnose", *args])
    return result.exit_code, result.stdout, result.stderr


def inspected(tmp_path: Path) -> Path:
    """PDU A: F1 15 yes, 5 no; PDU B: 10 yes, 18 no, 2 na. C1 yes in every case."""
    f1 = ["yes"] * 15 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 18 + ["na"] * 2
    frame = case_frame(F1=f1, C1="yes", pdu=["A"] * 20 + ["B"] * 30,
                       rosh=["high"] * 10 + ["low"] * 40,
                       officer_grade=["PO"] * 6 + ["PSO"] * 44)
    return write_raw(tmp_path / "cases.csv", frame)


def assurance(tmp_path: Path) -> Path:
    """The first 10 inspected cases again, judged by the region: F1 all yes, C1 all yes."""
    frame = case_frame(F1="yes", C1="yes", pdu="A", n=10)
    return write_raw(tmp_path / "self.csv", frame)


def test_json_shape_and_values(tmp_path: Path) -> None:
    code, out, _ = run(str(inspected(tmp_path)), "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["framework", "cases", "indicators"]
    assert (data["framework"], data["cases"]) == (DYN, 50)
    assert [i["code"] for i in data["indicators"]] == ["C1", "F1", "D1"]
    f1 = data["indicators"][1]
    assert list(f1) == ["code", "text", "n", "yes", "pct_yes", "ci95_low", "ci95_high", "by",
                        "questions"]
    assert (f1["n"], f1["yes"], f1["questions"]) == (48, 25, ["1.9"])
    low, high = proportion_confint(25, 48, method="wilson")
    assert (f1["ci95_low"], f1["ci95_high"]) == pytest.approx((100 * low, 100 * high))
    a, b = f1["by"]["pdu"]
    assert (a["group"], a["n"], a["yes"], a["differs"]) == ("A", 20, 15, True)
    assert (b["group"], b["n"], b["yes"], b["differs"]) == ("B", 28, 10, True)
    assert a["p"] == pytest.approx(proportions_ztest([15, 10], [20, 28])[1])
    d1 = data["indicators"][2]
    # ten high RoSH cases, six of them held by a PO
    assert (d1["n"], d1["yes"], d1["questions"]) == (10, 6, ["2.6"])
    c1 = data["indicators"][0]
    assert c1["pct_yes"] == 100.0 and c1["by"]["pdu"][0]["p"] is None  # nothing varies


def test_text_output(tmp_path: Path) -> None:
    code, out, _ = run(str(inspected(tmp_path)))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"Case indicators of the regional questions ({DYN}): 50 cases")
    at = lines.index("F1     Were domestic abuse enquiries made with the police where needed?")
    assert lines[at + 1] == "       informs 1.9"
    assert lines[at + 2].split() == ["all", "n", "48", "52.1%", "38.3–", "65.5"]
    assert lines[at + 4].split() == ["*", "A", "n", "20", "75.0%", "53.1–", "88.8", "p",
                                     "0.00723"]


def test_by_another_attribute_and_none(tmp_path: Path) -> None:
    path = inspected(tmp_path)
    data = json.loads(run(str(path), "--by", "rosh", "--by", "pdu", "--json")[1])
    assert list(data["indicators"][1]["by"]) == ["rosh", "pdu"]
    frame = case_frame(F1=["yes", "no"])
    data = json.loads(run(str(write_raw(tmp_path / "nopdu.csv", frame)), "--json")[1])
    assert data["indicators"][0]["by"] == {}  # no pdu column: no default breakdown


def test_assurance(tmp_path: Path) -> None:
    code, out, _ = run(str(inspected(tmp_path)), "--assurance", str(assurance(tmp_path)),
                       "--json")
    assert code == 0
    data = json.loads(out)["assurance"]
    assert (data["inspected_cases"], data["assurance_cases"], data["overlap_cases"]) == (
        50, 10, 10)
    assert [r["code"] for r in data["indicators"]] == ["C1", "F1"]
    f1 = data["indicators"][1]
    assert f1["region"] == {"n": 10, "yes": 10, "pct_yes": 100.0}
    assert f1["inspected"]["n"] == 48
    # region 100% against 52.1%: higher, and Newcombe's interval lies above 0
    assert f1["region_higher"] and f1["more_favourable"] and f1["ci95_low"] > 0
    # the ten shared cases: region yes in all; inspectors yes in C000001..C000010 -> all yes
    assert f1["overlap"] == 10 and f1["kappa"]["table"] == [[10, 0], [0, 0]]
    code, out, _ = run(str(inspected(tmp_path)), "--assurance", str(assurance(tmp_path)))
    assert "! F1     region 100.0% (n    10)  inspectors  52.1% (n    48)" in out


def test_synthetic_demo_runs(tmp_path: Path) -> None:
    path = tmp_path / "demo.parquet"
    write_case_table(synthetic_case_table(300, seed=5, frameworks=[DYN]), path)
    code, out, _ = run(str(path), "--json")
    assert code == 0
    codes = [i["code"] for i in json.loads(out)["indicators"]]
    assert codes[0] == "C1" and codes[-1] == "D1" and "F6" in codes


def test_unreadable_file(tmp_path: Path) -> None:
    code, out, err = run(str(tmp_path / "missing.csv"))
    assert (code, out) == (2, "")
    assert err == f"error: {tmp_path / 'missing.csv'}: file not found\n"


def test_unknown_by_column(tmp_path: Path) -> None:
    code, _, err = run(str(inspected(tmp_path)), "--by", "team")
    assert code == 2
    assert "column 'team': no attribute column 'team' to break down by" in err


def test_assurance_of_another_framework(tmp_path: Path) -> None:
    other = write_raw(tmp_path / "cs.csv", case_frame(**{"2.1.1": ["yes", "no"]}))
    code, _, err = run(str(inspected(tmp_path)), "--assurance", str(other))
    assert code == 2
    assert err == (f"error: {other}: the assurance table is not of framework {DYN} (its "
                   "questions are of: hmip-case-supervision-2018)\n")


def test_no_indicator_columns(tmp_path: Path) -> None:
    path = write_raw(tmp_path / "none.csv", case_frame(**{"C1.a": ["yes", "no"]}))
    code, _, err = run(str(path))
    assert code == 2
    assert err.startswith(f"error: {path}: no indicator columns")
