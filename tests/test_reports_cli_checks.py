"""``caseinspect report`` refuses contradictory or unknown options with exit 2, before anything
is written: an unknown --split or --between column or group, an --out suffix that contradicts
--format, a folder that does not exist, a date that is not one, a bulletin option given for
the inspection report."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from caseinspect.casetable import synthetic_case_table, write_case_table
from caseinspect.cli import main


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("checks") / "cases.csv"
    write_case_table(synthetic_case_table(120, seed=7,
                                          frameworks=("hmip-public-protection-2018",)), path)
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def bulletin(cases: Path, out: Path, *extra: str) -> tuple[int, str]:
    return run("report", str(cases), "--kind", "bulletin", "--format", "html", "--out",
               str(out), "--created", "2026-01-01", *extra)


def test_an_unknown_split_column_is_refused_as_compare_refuses_it(cases, tmp_path):
    out = tmp_path / "b.html"
    code, output = bulletin(cases, out, "--split", "nosuch")
    assert code == 2, output
    assert "no attribute column 'nosuch' to split by" in output
    assert not out.exists()
    compared = run("compare", str(cases), "--between", "programme", "OMI2", "QI",
                   "--split", "nosuch")
    assert compared[0] == 2 and "no attribute column 'nosuch' to split by" in compared[1]


def test_an_unknown_between_column_or_group_is_refused(cases, tmp_path):
    out = tmp_path / "b.html"
    code, output = bulletin(cases, out, "--between", "nosuch", "a", "b")
    assert code == 2 and "no attribute column 'nosuch' to compare" in output
    code, output = bulletin(cases, out, "--between", "programme", "OMI2", "XX")
    assert code == 2 and "programme has no group 'XX' (groups: OMI2, QI)" in output
    code, output = bulletin(cases, out, "--between", "provider", "CRC", "XX", "--split", "no")
    assert code == 2 and "provider has no group 'XX'" in output
    assert "no attribute column 'no' to split by" in output
    assert not out.exists()


def test_a_known_split_still_gives_the_comparison(cases, tmp_path):
    out = tmp_path / "b.html"
    assert bulletin(cases, out, "--split", "gender")[0] == 0
    assert "Change in quality of public protection work from OMI2 to Q&amp;I; Male vs Female" in (
        out.read_text())


@pytest.mark.parametrize("fmt, name", [("html", "x.pdf"), ("pdf", "x.html"),
                                       ("xlsx", "x.csv"), ("html", "x")])
def test_an_out_suffix_that_contradicts_the_format_is_refused(cases, tmp_path, fmt, name):
    out = tmp_path / name
    code, output = run("report", str(cases), "--kind", "inspection", "--format", fmt,
                       "--out", str(out))
    assert code == 2, output
    assert f"--out must end in .{fmt} for --format {fmt}" in output
    assert not out.exists()


@pytest.mark.parametrize("name, magic", [("x.html", b"<!DOCTYPE html>"), ("x.HTM", b"<!DOCTYPE"),
                                         ("x.xlsx", b"PK\x03\x04")])
def test_without_format_the_out_suffix_gives_it(cases, tmp_path, name, magic):
    out = tmp_path / name
    code, output = run("report", str(cases), "--kind", "inspection", "--out", str(out))
    assert code == 0, output
    assert out.read_bytes().startswith(magic)


def test_without_format_an_unknown_suffix_is_refused(cases, tmp_path):
    code, output = run("report", str(cases), "--kind", "inspection", "--out",
                       str(tmp_path / "x.txt"))
    assert code == 2
    assert "give --format html, pdf or xlsx, or an --out ending in .html, .pdf or .xlsx" in output


def test_a_folder_that_does_not_exist_is_refused(cases, tmp_path):
    out = tmp_path / "nonexistent" / "x.html"
    code, output = run("report", str(cases), "--kind", "inspection", "--format", "html",
                       "--out", str(out))
    assert code == 2
    assert f"error: {out}: the folder to write into does not exist" in output
    assert not out.parent.exists()


def test_an_impossible_date_names_the_option_and_the_form(cases, tmp_path):
    out = tmp_path / "x.html"
    code, output = run("report", str(cases), "--kind", "inspection", "--format", "html",
                       "--out", str(out), "--created", "2026-02-30")
    assert code == 2
    assert "Invalid value for '--created': '2026-02-30' is not a date of the form " \
           "YYYY-MM-DD (e.g. 2026-01-01)" in output
    assert not out.exists()


@pytest.mark.parametrize(("extra", "named"), [
    (("--split", "provider"), "--split applies"),
    (("--models", "--between", "programme", "OMI2", "QI"), "--models, --between apply"),
    (("--no-compare",), "--no-compare applies"),
])
def test_bulletin_options_are_refused_for_the_inspection_report(cases, tmp_path, extra, named):
    out = tmp_path / "r.html"
    code, output = run("report", str(cases), "--kind", "inspection", "--out", str(out), *extra)
    assert code == 2, output
    assert named in output and "--kind bulletin only" in output
    assert not out.exists()
