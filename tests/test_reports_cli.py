"""``caseinspect report`` in-process: every kind and format written, bad input exits 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from caseinspect.casetable import synthetic_case_table, write_case_table
from caseinspect.cli import main


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "cases.csv"
    write_case_table(synthetic_case_table(300, seed=4,
                                          frameworks=("hmip-public-protection-2018",)), path)
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("kind", ["inspection", "bulletin"])
@pytest.mark.parametrize("fmt", ["html", "pdf", "xlsx"])
def test_report_writes_each_kind_in_each_format(cases, tmp_path, kind, fmt):
    out = tmp_path / f"doc.{fmt}"
    code, output = run("report", str(cases), "--kind", kind, "--format", fmt, "--out",
                       str(out), "--created", "2026-01-01", "--title", "Anyshire report")
    assert code == 0, output
    assert output.startswith(f"wrote the {kind} as {fmt} to {out}")
    data = out.read_bytes()
    magic = {"html": b"<!DOCTYPE html>", "pdf": b"%PDF-", "xlsx": b"PK\x03\x04"}[fmt]
    assert data.startswith(magic)
    if fmt == "html":
        assert "<title>Anyshire report</title>" in data.decode()


def test_the_creation_date_fixes_the_bytes(cases, tmp_path):
    paths = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    for p in paths:
        assert run("report", str(cases), "--kind", "bulletin", "--format", "xlsx", "--out",
                   str(p), "--created", "2026-01-01", "--publish")[0] == 0
    assert paths[0].read_bytes() == paths[1].read_bytes()
    wb = load_workbook(paths[0])
    assert wb.properties.created.isoformat().startswith("2026-01-01")
    assert wb["About"]["C1"].value is None and wb["About"]["A3"].value == "OFFICIAL"


def test_a_bad_date_is_refused(cases, tmp_path):
    code, output = run("report", str(cases), "--kind", "inspection", "--format", "html",
                       "--out", str(tmp_path / "x.html"), "--created", "1 Jan 2026")
    assert code == 2 and "Invalid value for '--created': '1 Jan 2026' is not a date" in output
    assert not (tmp_path / "x.html").exists()


def test_bad_examples_are_reported_with_their_rows(cases, tmp_path):
    examples = tmp_path / "examples.csv"
    examples.write_text("question_code,kind,text,publishable\npp1,good,fine,yes\n"
                        "pp2,great,odd,maybe\n", encoding="utf-8")
    code, output = run("report", str(cases), "--kind", "inspection", "--format", "html",
                       "--out", str(tmp_path / "x.html"), "--examples", str(examples))
    assert code == 2
    assert "row 3, column 'kind': kind must be good or poor, not 'great'" in output
    assert "row 3, column 'publishable': publishable must be yes or no" in output
    assert not (tmp_path / "x.html").exists()


def test_publishable_examples_from_a_file_appear(cases, tmp_path):
    examples = tmp_path / "examples.csv"
    examples.write_text("question_code,kind,text,publishable\n"
                        "pp3,good,SHOWN the officer checked with the police,yes\n"
                        "pp3,poor,HIDDEN names a victim,no\n", encoding="utf-8")
    out = tmp_path / "r.html"
    code, output = run("report", str(cases), "--kind", "inspection", "--format", "html",
                       "--out", str(out), "--examples", str(examples), "--publish")
    assert code == 0, output
    html = out.read_text(encoding="utf-8")
    assert "Good practice example (pp3): SHOWN" in html and "HIDDEN" not in html


def test_the_bulletin_with_models_shows_each_models_odds_ratios(cases, tmp_path):
    from caseinspect.analysis.stepwise import stepwise
    from caseinspect.casetable import read_case_table

    out = tmp_path / "b.html"
    code, output = run("report", str(cases), "--kind", "bulletin", "--format", "html", "--out",
                       str(out), "--models", "--created", "2026-01-01")
    assert code == 0, output
    html = out.read_text(encoding="utf-8")
    model = stepwise(read_case_table(cases), "pp1")
    assert "Model of pp1: RoSH level correctly identified" in html
    assert f"Forward stepwise logistic regression on {model.n:,} answered cases" in html
    for term in model.terms:
        assert f"<td>{term.odds_ratio:.2f}</td>" in html
    for sentence in model.sentences:
        assert f"{sentence}." in html.replace("&#x27;", "'")
