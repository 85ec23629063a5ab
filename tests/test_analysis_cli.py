"""``caseinspect analyse`` and ``caseinspect demo`` in-process: text and JSON output."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from statsmodels.stats.proportion import proportion_confint

from caseinspect.cli import main

CSV = """case_id,programme,gender,region,weight,pp1,pp2,2.1.1,2.1.1.a
A1,OMI2,male,N,1,yes,no,yes,yes
A2,OMI2,female,S,2,no,no,yes,no
A3,QI,male,S,1,yes,na,no,na
A4,QI,,N,3,na,yes,yes,yes
"""


@pytest.fixture
def path(tmp_path: Path) -> Path:
    p = tmp_path / "cases.csv"
    p.write_text(CSV, encoding="utf-8")
    return p


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_text_table(path: Path) -> None:
    code, out = run("analyse", str(path))
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == ("Cases: 4    Frameworks: hmip-case-supervision-2018, "
                        "hmip-public-protection-2018")
    assert any(line.startswith("Weighted: w% yes") for line in lines)
    # 2.1.1: 3 of 4 yes; weighted (1+2+3)/(1+2+1+3) = 6/7; PP-A: pp1 2/3, pp2 1/3
    assert "  2.1    Assessment                     Good                   2.1.1 75.0%" in lines
    assert ("  PP-A   Assessment                     Inadequate             pp1 66.7%  "
            "pp2 33.3%") in lines
    row = next(line for line in lines if line.startswith("  2.1.1 "))
    low, high = proportion_confint(3, 4, method="wilson")
    assert row.split()[-5:] == ["4", "75.0%", f"{100 * low:.1f}–{100 * high:.1f}", "85.7%",
                                "34.3–98.6"]
    assert any(line.startswith("    2.1.1.a ") for line in lines)
    # breakdowns follow the key question's prompts; a group nobody answered shows a dash
    i = lines.index("    by gender", lines.index(row))
    assert lines[i + 1].split() == ["male", "2", "50.0%", "9.5–90.5", "50.0%", "9.5–90.5"]
    assert "by region" not in out  # not a default breakdown
    pp1 = lines.index(next(line for line in lines if line.startswith("  pp1 ")))
    assert lines[pp1 + 7].split() == ["missing", "0", "–", "–"]


def test_text_without_prompts_and_with_by(path: Path) -> None:
    code, out = run("analyse", str(path), "--no-prompts", "--by", "region")
    assert code == 0, out
    assert "2.1.1.a" not in out and "    by region" in out


def test_json(path: Path) -> None:
    code, out = run("analyse", str(path), "--json", "--by", "region")
    assert code == 0, out
    data = json.loads(out)
    assert data["framework"] == "hmip-case-supervision-2018" and data["cases"] == 4
    assert data["breakdowns"] == ["programme", "gender", "region"] and data["weighted"]
    q = {q["code"]: q for q in data["questions"]}
    assert [q["code"] for q in data["questions"]] == ["2.1.1", "2.1.1.a", "pp1", "pp2"]
    pp1 = q["pp1"]
    assert {k: pp1[k] for k in ("n", "yes", "no", "na", "blank")} == {
        "n": 3, "yes": 2, "no": 1, "na": 1, "blank": 0}
    assert pp1["pct_yes"] == pytest.approx(200 / 3)
    assert pp1["pct_yes_weighted"] == pytest.approx(50.0)  # (1+1) / (1+2+1)
    assert [(g["group"], g["n"], g["yes"]) for g in pp1["by"]["region"]] == [
        ("N", 1, 1), ("S", 2, 1)]
    missing = pp1["by"]["gender"][-1]
    assert missing == {"group": "missing", "n": 0, "yes": 0, "pct_yes": None, "ci95_low": None,
                       "ci95_high": None, "pct_yes_weighted": None, "ci95_low_weighted": None,
                       "ci95_high_weighted": None}
    assert data["standards"][0] == {
        "code": "2.1", "title": "Assessment", "framework": "hmip-case-supervision-2018",
        "key_questions": {"2.1.1": 75.0}, "lowest": 75.0, "rating": "Good", "points": 2}


def test_json_pinned_framework(path: Path) -> None:
    code, out = run("analyse", str(path), "--json", "--framework", "hmip-public-protection-2018")
    assert code == 0, out
    data = json.loads(out)
    assert data["frameworks"] == ["hmip-public-protection-2018"]
    assert [q["code"] for q in data["questions"]] == ["pp1", "pp2"]
    assert [(s["code"], s["lowest"], s["rating"]) for s in data["standards"]] == [
        ("PP-A", pytest.approx(100 / 3), "Inadequate")]


def test_unknown_breakdown_exits_2(path: Path) -> None:
    code, out = run("analyse", str(path), "--by", "team")
    assert code == 2
    assert "cannot break down by 'team'" in out


def test_demo_writes_to_caseinspect_data_by_default(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = run("demo", "--cases", "300")
    assert code == 0, out
    written = tmp_path / "caseinspect-data" / "demo-cases.csv"
    assert len(written.read_text(encoding="utf-8").splitlines()) == 301
    first = out.splitlines()[0]
    assert first.startswith("SYNTHETIC DEMO DATA") and "made-up" in first
    assert "Cases: 300" in out and "Ratings" in out
