"""Synthetic case tables: labelled, deterministic, plausible (rates near bulletin 2018/02),
and ``caseinspect demo-data``."""

import re
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from caseinspect.casetable import (
    BLANK,
    NA,
    NO,
    YES,
    CaseTable,
    read_case_table,
    synthetic_case_table,
)
from caseinspect.casetable.columns import KNOWN_ATTRIBUTES
from caseinspect.cli import main
from caseinspect.frameworks import load_framework

CS = "hmip-case-supervision-2018"
PP = "hmip-public-protection-2018"
DPP = "hmip-dynamic-public-protection-2025"

#: Bulletin 2018/02 (seed 003), "All cases" rows of Tables 2–8: % yes.
BULLETIN = {"pp1": 88.6, "pp2": 80.3, "pp3": 81.5, "pp4": 79.3, "pp5": 59.9, "pp6": 57.2,
            "pp7": 68.9}


@cache
def big() -> CaseTable:
    return synthetic_case_table(40_000, seed=11)


def pct_yes(answers: pd.Series) -> float:
    yes, no = int((answers == YES).sum()), int((answers == NO).sum())
    return 100 * yes / (yes + no)


def test_same_seed_same_table_other_seed_other_table() -> None:
    assert synthetic_case_table(200, seed=3).equals(synthetic_case_table(200, seed=3))
    assert not synthetic_case_table(200, seed=3).equals(synthetic_case_table(200, seed=4))


def test_labelled_synthetic() -> None:
    t = synthetic_case_table(12, seed=1)
    assert t.frame["case_id"].tolist()[:2] == ["SYN0000001", "SYN0000002"]
    assert t.frame["case_id"].tolist()[-1] == "SYN0000012"
    assert t.frame["synthetic"].astype(str).tolist() == ["yes"] * 12
    assert t.source == "<synthetic>"


def test_columns() -> None:
    t = synthetic_case_table(50, seed=1)
    expected = [a for a in KNOWN_ATTRIBUTES if a not in ("inspection", "weight")]
    assert list(t.attributes) == [*expected, "synthetic"]
    assert t.frameworks == (CS, PP)
    assert t.questions == tuple(q.code for fw in (CS, PP)
                                for q in load_framework(fw).questions())
    assert list(t.frame.columns) == ["case_id", *t.attributes, *t.questions]
    for code in t.questions:
        assert t.frame[code].dtype == np.int8
        assert set(t.frame[code].unique()) <= {YES, NO, NA, BLANK}


def test_attributes_are_plausible() -> None:
    f = big().frame
    assert f["age"].between(18, 80).all() and (f["age"] == f["age"].round()).all()
    bands = pd.cut(f["age"], [17, 20, 24, 29, 39, 49, 80],
                   labels=["18-20", "21-24", "25-29", "30-39", "40-49", "50+"])
    assert (bands.astype(str) == f["age_group"].astype(str)).all()
    assert set(f["rosh"].astype(str)) == {"low", "medium", "high", "very_high"}
    assert set(f["programme"].astype(str)) == {"OMI2", "QI"}
    assert 0.33 < (f["programme"] == "QI").mean() < 0.40  # bulletin: 1,034 of 2,849
    assert 0.20 < (f["mappa_eligible"] == "yes").mean() < 0.26  # bulletin: 640 of 2,786
    # NPS cases are MAPPA or high / very high RoSH, but for the proxy rule's 6% misses.
    rule = (f["mappa_eligible"] == "yes") | f["rosh"].isin(["high", "very_high"])
    assert 0.05 < (rule != (f["provider"] == "NPS")).mean() < 0.07
    not_mappa = f["mappa_eligible"] == "no"
    assert f.loc[not_mappa, "mappa_category"].isna().all()
    assert f.loc[~not_mappa, "mappa_level"].notna().all()
    assert (f.loc[f["mappa_category"] == "1", "offence_category"] == "sexual").all()
    # Pseudonymous codes, never names; each officer works in one PDU.
    assert f["responsible_officer"].astype(str).str.fullmatch(r"RO\d+").all()
    assert f["inspector"].astype(str).str.fullmatch(r"INS\d+").all()
    assert (f.groupby("responsible_officer", observed=True)["pdu"].nunique() == 1).all()
    assert (f.groupby("pdu", observed=True)["region"].nunique() == 1).all()


@pytest.mark.parametrize("code", sorted(BULLETIN))
def test_public_protection_rates_near_the_bulletin(code: str) -> None:
    assert pct_yes(big().frame[code]) == pytest.approx(BULLETIN[code], abs=2.5)


def test_rates_vary_as_the_bulletin_describes() -> None:
    f = big().frame
    for code in BULLETIN:
        by = {k: pct_yes(f.loc[f[col] == k, code]) for col, ks in [
            ("programme", ["OMI2", "QI"]), ("provider", ["CRC", "NPS"]),
            ("rosh", ["low", "high"])] for k in ks}
        assert by["QI"] < by["OMI2"] and by["CRC"] < by["NPS"] and by["low"] < by["high"]
    # Q&I CRC cases fell furthest (bulletin: reviewing NPS 63%, CRC 47%).
    qi = f["programme"] == "QI"
    gap_qi = pct_yes(f.loc[qi & (f["provider"] == "NPS"), "pp5"]) - pct_yes(
        f.loc[qi & (f["provider"] == "CRC"), "pp5"])
    assert 10 < gap_qi < 25
    all_pp = [pct_yes(f[c]) for c in BULLETIN]
    assert min(all_pp) > 55 and max(all_pp) < 90


def test_na_where_questions_did_not_apply() -> None:
    f = big().frame
    assert (f["pp6"] == NA).mean() == pytest.approx(0.50, abs=0.02)
    assert (f["pp1"] == NA).mean() == pytest.approx(0.02, abs=0.01)
    assert 0 < (f["pp1"] == BLANK).mean() < 0.01


def test_a_questions_answers_do_not_depend_on_the_other_frameworks() -> None:
    alone = synthetic_case_table(500, seed=5, frameworks=(PP,))
    both = synthetic_case_table(500, seed=5, frameworks=(PP, CS))
    assert alone.questions == tuple(f"pp{i}" for i in range(1, 8))
    assert both.frameworks == (CS, PP)  # in the bundled order, as the reader gives them
    for code in alone.questions:
        assert alone.frame[code].tolist() == both.frame[code].tolist()


def test_shared_fact_codes_answered_once() -> None:
    t = synthetic_case_table(20, seed=1, frameworks=(DPP, CS))
    assert len(t.questions) == len(set(t.questions))
    assert t.frameworks == (CS, DPP)


def test_n_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        synthetic_case_table(0)


def test_demo_data_command(tmp_path: Path) -> None:
    out = tmp_path / "demo.parquet"
    result = CliRunner().invoke(main, ["demo-data", "250", "--seed", "7", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert re.search(r"250 synthetic cases", result.output)
    assert read_case_table(out).equals(synthetic_case_table(250, seed=7))


def test_demo_data_command_with_frameworks_and_csv(tmp_path: Path) -> None:
    out = tmp_path / "demo.csv"
    args = ["demo-data", "30", "--seed", "2", "--out", str(out), "--framework", DPP]
    assert CliRunner().invoke(main, args).exit_code == 0
    first = out.read_bytes()
    assert CliRunner().invoke(main, args).exit_code == 0
    assert out.read_bytes() == first  # same seed, same file
    t = read_case_table(out)
    assert t.frameworks == (DPP,) and t.questions[0] == "C1"


def test_demo_data_command_bad_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo-data", "5", "--out", str(tmp_path / "x.txt")])
    assert result.exit_code == 2
    assert "unsupported file type '.txt'" in result.output
    assert list(tmp_path.iterdir()) == []
