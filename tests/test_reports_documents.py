"""Both documents in every format from the synthetic data, read back: pdftotext finds every
rating and key-question %, openpyxl reads the numbers, the HTML is well-formed XML; the PDF's
pages become PNGs (pdftoppm) for a person to look at."""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from caseinspect.analysis import AnalysisResult, analyse
from caseinspect.casetable import CaseTable, synthetic_case_table
from caseinspect.reports.build import build_report, render
from caseinspect.reports.document import Report
from caseinspect.reports.options import Example, ReportOptions

CREATED = date(2026, 1, 1)
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils is not installed")
EXAMPLES = (
    Example("2.1.3", "good", "PUBLISHABLE-EXAMPLE the officer checked with the police.", True),
    Example("2.1.3.a", "poor", "PRIVATE-EXAMPLE names a victim.", False),
)


@pytest.fixture(scope="module")
def table() -> CaseTable:
    return synthetic_case_table(1200, seed=5)


@pytest.fixture(scope="module")
def result(table: CaseTable) -> AnalysisResult:
    return analyse(table)


_cache: dict[tuple[str, str, bool], tuple[Report, bytes]] = {}


def rendered(table: CaseTable, kind: str, fmt: str, publish: bool = False
             ) -> tuple[Report, bytes]:
    key = (kind, fmt, publish)
    if key not in _cache:
        options = ReportOptions(kind="inspection" if kind == "inspection" else "bulletin",
                                created=CREATED, publish=publish, name="Anyshire")
        report = build_report(table, options, EXAMPLES)
        _cache[key] = (report, render(report, fmt))
    return _cache[key]


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@needs_poppler
def test_the_inspection_pdf_has_every_rating_and_key_question_percentage(table, result,
                                                                          tmp_path):
    _, pdf = rendered(table, "inspection", "pdf")
    text = pdf_text(pdf, tmp_path)
    assert result.standards
    for s in result.standards:
        assert s.rating is not None
        assert re.search(rf"{re.escape(s.code)} {re.escape(s.title)}\s+{s.rating}", text), s
        for code, pct in s.key_questions.items():
            assert pct is not None
            assert f"{pct:.1f}%" in text, (code, pct)
    for o in result.overall:
        assert f"Overall score {o.score} of {o.max_score}" in text
    assert "PUBLISHABLE-EXAMPLE" in text and "PRIVATE-EXAMPLE" not in text
    assert "What good looks like" in text and "Take away" in text
    assert "Methodology" in text and "The sample's profile" in text


@needs_poppler
def test_the_bulletin_pdf_has_every_question_by_programme(table, result, tmp_path):
    _, pdf = rendered(table, "bulletin", "pdf")
    text = pdf_text(pdf, tmp_path)
    key_questions = [q for q in result.questions if q.kind == "key_question"]
    for q in key_questions:
        assert q.pct_yes is not None
        assert f"{q.pct_yes:.1f}%" in text, q.code
        for g in q.by["programme"]:
            assert g.pct_yes is not None
            assert f"{g.pct_yes:.1f}%" in text, (q.code, g.group)
    assert "Figure 1: Change in quality of work from OMI2 to Q&I; CRC vs NPS" in text
    assert "OMI2 cases" in text and "Q&I cases" in text


def _frame_counts(table: CaseTable, code: str, programme: str, column: str, group: str
                  ) -> tuple[int, float]:
    """n and % yes counted straight from the frame, independently of the analysis."""
    f = table.frame
    rows = f[(f["programme"] == programme) & (f[column] == group)]
    answers = rows[code].to_numpy()
    yes, no = int((answers == 1).sum()), int((answers == 0).sum())
    return yes + no, 100.0 * yes / (yes + no)


def test_excel_holds_one_sheet_per_table_with_numbers_and_frozen_headers(table, result):
    report, data = rendered(table, "bulletin", "xlsx")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames[0] == "About"
    assert len(wb.sheetnames) == 1 + len(report.tables())
    ws = wb["pp1"]
    assert ws.freeze_panes == "C5"
    assert ws["A5"].value == "All cases"
    q = result.question("pp1")
    assert ws["C5"].value == q.n and isinstance(ws["C5"].value, int)
    assert ws["D5"].value == pytest.approx(q.pct_yes)
    assert ws["D5"].number_format == '0.0"%"'
    # Gender / male / OMI2 cell, against a count made straight from the frame.
    rows = {(r[0].value, r[1].value): r for r in ws.iter_rows(min_row=5)}
    male = rows[("Gender", "Male")]
    n, pct = _frame_counts(table, "pp1", "OMI2", "gender", "male")
    assert male[4].value == n and male[5].value == pytest.approx(pct)
    for g in q.by["programme"]:
        assert g.group in ("OMI2", "QI")


def test_excel_inspection_ratings_sheet_reads_back(table, result):
    _, data = rendered(table, "inspection", "xlsx")
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Ratings 1"]
    assert ws.freeze_panes == "B4"
    first = result.standards[0]
    assert ws["A4"].value == f"{first.code} {first.title}"
    assert ws["B4"].value == first.rating
    assert ws["C4"].value == pytest.approx(first.key_questions["2.1.1"])


@pytest.mark.parametrize("kind", ["inspection", "bulletin"])
def test_the_html_is_one_well_formed_self_contained_file(table, kind):
    report, data = rendered(table, kind, "html")
    root = ET.fromstring(data)
    assert root.tag == "html" and root.get("lang") == "en-GB"
    assert root.find("head/title") is not None
    assert root.find("head/title").text == report.title  # type: ignore[union-attr]
    text = data.decode()
    assert "<script" not in text and "<link" not in text and "src=\"http" not in text
    svgs = root.findall(".//{http://www.w3.org/2000/svg}svg")
    charts = re.findall(r'<figure><figcaption>', text)
    assert svgs and len(svgs) == len(charts)
    assert all(s.get("aria-label") and s.get("role") == "img" for s in svgs)
    levels = [int(e.tag[1]) for e in root.iter() if re.fullmatch(r"h[1-6]", str(e.tag))]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels


@pytest.mark.parametrize("fmt", ["html", "pdf", "xlsx"])
def test_the_same_input_and_options_give_the_same_bytes(table, fmt):
    options = ReportOptions(kind="inspection", created=CREATED, name="Anyshire")
    first = render(build_report(table, options, EXAMPLES), fmt)
    _, second = rendered(table, "inspection", fmt)
    assert first == second


def test_published_documents_suppress_small_cells_and_carry_no_case_ids(table):
    small = synthetic_case_table(150, seed=2)
    options = ReportOptions(kind="bulletin", created=CREATED, publish=True)
    report = build_report(small, options)
    html = render(report, "html").decode()
    assert "OFFICIAL" in html and "not for publication" not in html
    assert 'class="suppressed"' in html
    assert "SYN0" not in html
    wb = load_workbook(io.BytesIO(render(report, "xlsx")))
    marked = [c for ws in wb.worksheets[1:] for row in ws.iter_rows() for c in row
              if c.value == "c"]
    assert marked
    notes = [c.value for ws in wb.worksheets[1:] for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("c: suppressed")]
    assert notes
    # Every shown count in a published table is zero or at least the threshold.
    for t in report.tables():
        for row in t.rows:
            for c in row.cells:
                if c.kind == "count" and not c.suppressed:
                    assert c.value == 0 or c.value >= 10, (t.key, row.stub, c)


def test_published_inspection_keeps_only_publishable_examples(table):
    options = ReportOptions(kind="inspection", created=CREATED, publish=True)
    html = render(build_report(table, options, EXAMPLES), "html").decode()
    assert "PUBLISHABLE-EXAMPLE" in html and "PRIVATE-EXAMPLE" not in html
    assert "SYN0" not in html


@needs_poppler
@pytest.mark.parametrize("kind", ["inspection", "bulletin"])
def test_pdf_pages_become_a4_pngs_for_a_person_to_look_at(table, kind, tmp_path):
    _, pdf = rendered(table, kind, "pdf")
    out = Path(os.environ.get("CASEINSPECT_REPORT_PNG_DIR", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{kind}.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert "A4" in info and "Tagged:          yes" in info
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(out / kind)], check=True)
    pngs = sorted(out.glob(f"{kind}-*.png"))
    assert len(pngs) == pages > 3
    for png in pngs:
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert height / width == pytest.approx(297 / 210, rel=0.01)
