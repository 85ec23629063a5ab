"""The document's tables as an Excel workbook: an About sheet, then one sheet per table with
numbers stored as numbers, the header rows frozen, and suppressed cells marked 'c'.

openpyxl stamps the workbook and every zip entry with the time of saving; both are set to the
report's creation date so the same report gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from caseinspect.reports.document import SUPPRESSED, Cell, Report, Table

FORMATS = {"count": "#,##0", "pct": '0.0"%"', "pp": "+0.0;-0.0;0.0", "ratio": "0.00",
           "p": "0.000"}
BOLD = Font(bold=True)
GREY = Font(color="505A5F", italic=True)
HEAD_FILL = PatternFill("solid", fgColor="F3F2F1")
RULE = Border(bottom=Side(style="thin", color="0B0C0C"))


def _sheet_name(wanted: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", wanted).strip()[:31] or "Table"
    name, k = base, 2
    while name.lower() in taken:
        suffix = f" ({k})"
        name, k = base[: 31 - len(suffix)] + suffix, k + 1
    taken.add(name.lower())
    return name


def _write_cell(ws: Worksheet, row: int, col: int, cell: Cell) -> None:
    target = ws.cell(row=row, column=col)
    if cell.suppressed:
        target.value = SUPPRESSED
        target.font = GREY
        target.alignment = Alignment(horizontal="right")
    elif cell.value is not None and cell.kind in FORMATS:
        target.value = cell.value
        target.number_format = FORMATS[cell.kind]
    else:
        target.value = cell.text
        if cell.kind != "text" or cell.text == "–":
            target.alignment = Alignment(horizontal="right")


def _table_sheet(ws: Worksheet, t: Table, publish: bool) -> None:
    ws.cell(row=1, column=1, value=t.caption).font = Font(bold=True, size=12)
    top = 3
    stubs = len(t.stub_headers)
    for level, heads in enumerate(t.header_rows):
        r = top + level
        for k, s in enumerate(t.stub_headers):
            ws.cell(row=r, column=k + 1, value=s if level == 0 else None)
        col = stubs + 1
        for h in heads:
            c = ws.cell(row=r, column=col, value=h.text)
            c.alignment = Alignment(horizontal="center" if h.span > 1 else "right")
            if h.span > 1:
                ws.merge_cells(start_row=r, start_column=col, end_row=r,
                               end_column=col + h.span - 1)
            col += h.span
        for c in range(1, t.width + 1):
            cell = ws.cell(row=r, column=c)
            cell.font, cell.fill = BOLD, HEAD_FILL
            if level == len(t.header_rows) - 1:
                cell.border = RULE
    r = top + len(t.header_rows)
    ws.freeze_panes = ws.cell(row=r, column=stubs + 1)
    for row in t.rows:
        for k, s in enumerate(row.stub):
            c = ws.cell(row=r, column=k + 1, value=s or None)
            if row.total or (k == 0 and stubs > 1):
                c.font = BOLD
        for k, cell in enumerate(row.cells):
            _write_cell(ws, r, stubs + k + 1, cell)
            if row.total:
                ws.cell(row=r, column=stubs + k + 1).font = BOLD
        r += 1
    notes = list(t.notes)
    if publish and any(c.suppressed for row in t.rows for c in row.cells):
        notes.append(f"{SUPPRESSED}: suppressed (too few cases to publish, or it would let a "
                     "suppressed value be worked out).")
    for note in notes:
        r += 1
        ws.cell(row=r, column=1, value=note).font = GREY
    widths = [max([len(s) for row in t.rows for s in row.stub[k:k + 1]] + [10]) for k in
              range(stubs)]
    for k, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(k + 1)].width = min(60, w + 2)
    for k in range(stubs + 1, t.width + 1):
        ws.column_dimensions[get_column_letter(k)].width = 12


def _about(ws: Worksheet, report: Report, sheets: list[tuple[str, str]]) -> None:
    lines = [report.title, report.subtitle, report.marking,
             f"Created {report.created.isoformat()}"]
    if report.synthetic:
        lines.append("Synthetic data: every case is made up, for demonstration and testing.")
    if report.disclosure:
        lines.append(report.disclosure)
    for k, line in enumerate(lines, start=1):
        ws.cell(row=k, column=1, value=line).font = Font(bold=k == 1, size=14 if k == 1 else 11)
    r = len(lines) + 2
    ws.cell(row=r, column=1, value="Sheet").font = BOLD
    ws.cell(row=r, column=2, value="Table").font = BOLD
    for name, caption in sheets:
        r += 1
        ws.cell(row=r, column=1, value=name)
        ws.cell(row=r, column=2, value=caption)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100


def _fixed_zip(data: bytes, when: datetime) -> bytes:
    stamp = (when.year, when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def render_xlsx(report: Report) -> bytes:
    wb = Workbook()
    about = wb.active
    assert about is not None
    about.title = "About"
    taken = {"about"}
    sheets = []
    for t in report.tables():
        ws = wb.create_sheet(_sheet_name(t.sheet, taken))
        _table_sheet(ws, t, report.publish)
        sheets.append((ws.title, t.caption))
    _about(about, report, sheets)
    when = datetime(report.created.year, report.created.month, report.created.day)
    wb.properties.creator = "caseinspect"
    wb.properties.title = report.title
    wb.properties.language = report.lang
    wb.properties.created = when
    wb.properties.modified = when
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return _fixed_zip(buffer.getvalue(), when)
