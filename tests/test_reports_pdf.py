"""``reports.pdf.html_to_pdf``: the one HTML → PDF step (reports and the diagnosis share it)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from datetime import datetime
from pathlib import Path

import pytest

from caseinspect.reports.pdf import html_to_pdf

HTML = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Draft</title>
<style>@page { size: A4; }</style></head><body><h1>Public protection</h1>
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="A bar at 72%" width="100"
 height="20"><title>A bar at 72%</title><rect width="72" height="20"/></svg>
<p>72% of cases</p></body></html>"""
CREATED = datetime(2026, 1, 1)

needs_poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None,
                                   reason="poppler-utils is not installed")


def test_the_same_html_and_date_give_the_same_bytes():
    assert html_to_pdf(HTML, title="T", created=CREATED) == html_to_pdf(
        HTML, title="T", created=CREATED)
    assert html_to_pdf(HTML, title="T", created=CREATED) != html_to_pdf(
        HTML, title="T", created=datetime(2026, 1, 2))


@needs_poppler
def test_the_pdf_is_a4_tagged_with_its_title_date_and_text(tmp_path: Path):
    path = tmp_path / "t.pdf"
    path.write_bytes(html_to_pdf(HTML, title="Inspection of Anyshire", created=CREATED))
    info = subprocess.run(["pdfinfo", "-isodates", str(path)], capture_output=True, text=True,
                          check=True).stdout
    assert "Title:           Inspection of Anyshire" in info
    assert "Tagged:          yes" in info
    assert "A4" in info
    assert "2026-01-01T00:00:00" in info
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Public protection" in text and "72% of cases" in text


def test_the_language_and_the_charts_alternative_text_are_in_the_structure():
    pdf = html_to_pdf(HTML.replace('lang="en-GB"', ""), title="T", created=CREATED)
    # Without a lang attribute the default applies; the figure keeps its alternative text.
    streams = [zlib.decompress(m) for m in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S)
               if m[:1] == b"x"]
    raw = pdf + b"".join(streams)
    assert b"/Lang (en-GB)" in raw
    assert b"A bar at 72%" in raw
