"""Read and validate a case table from CSV, XLSX or Parquet.

Every file is first turned into an Arrow table, then validated column by column with
vectorised operations: each answer column is dictionary-encoded so that only its few
distinct values are looked at, and rows are located only when something is wrong.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from caseinspect.casetable import CaseTable
from caseinspect.casetable.validate import table_from_arrow
from caseinspect.errors import InputError

SUFFIXES = (".csv", ".xlsx", ".parquet")


def read_case_table(path: str | Path, framework: str | None = None) -> CaseTable:
    """Read a case table file and validate it against the bundled frameworks.

    Parameters
    ----------
    path : str or Path
        A ``.csv``, ``.xlsx`` or ``.parquet`` file.
    framework : str, optional
        Pin the question columns to one framework's codes.

    Raises
    ------
    InputError
        Naming file, row, column and value for every problem found.
    """
    p = Path(path)
    name = str(p)
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError.single(
            f"unsupported file type {p.suffix or '(none)'!r}; use .csv, .xlsx or .parquet",
            file=name,
        )
    if not p.exists():
        raise InputError.single("file not found", file=name)
    if not p.is_file():
        raise InputError.single("not a file", file=name)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError.single(f"cannot read file: {exc.strerror}", file=name) from exc
    return read_case_table_bytes(data, name, framework=framework)


def read_case_table_bytes(
    data: bytes, filename: str, framework: str | None = None
) -> CaseTable:
    """Read a case table from the bytes of an uploaded file; the suffix of ``filename``
    decides the format."""
    suffix = Path(filename).suffix.lower()
    if not data:
        raise InputError.single("the file is empty", file=filename)
    if suffix == ".csv":
        table, first_row = _arrow_from_csv(data, filename), 2
    elif suffix == ".xlsx":
        table, first_row = _arrow_from_xlsx(data, filename), 2
    elif suffix == ".parquet":
        table, first_row = _arrow_from_parquet(data, filename), 1
    else:
        raise InputError.single(
            f"unsupported file type {suffix or '(none)'!r}; use .csv, .xlsx or .parquet",
            file=filename,
        )
    return table_from_arrow(table, filename, framework=framework, first_row=first_row)


def decode_text(data: bytes) -> str:
    """Decode a text export: UTF-8 (with or without BOM), else Windows-1252 (Excel)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _arrow_from_csv(data: bytes, filename: str) -> pa.Table:
    text = decode_text(data)
    if not text.strip():
        raise InputError.single("the file is empty", file=filename)
    first_line = text.splitlines()[0]
    header = next(csv.reader([first_line]))
    names = _clean_header(header, filename)
    try:
        return pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        raise InputError.single(f"not a readable CSV file: {exc}", file=filename) from exc


def _clean_header(header: Sequence[object], filename: str) -> list[str]:
    names = ["" if h is None else str(h).strip() for h in header]
    while names and names[-1] == "":
        names.pop()
    if not names:
        raise InputError.single("the file has no header row", file=filename)
    seen: set[str] = set()
    for i, n in enumerate(names, start=1):
        if n == "":
            raise InputError.single(f"column {i} has no name", file=filename, row=1)
        if n in seen:
            raise InputError.single("column name appears twice", file=filename, row=1, column=n)
        seen.add(n)
    return names


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value)


def _arrow_from_xlsx(data: bytes, filename: str) -> pa.Table:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError.single(f"not a readable XLSX file: {exc}", file=filename) from exc
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise InputError.single("the file is empty", file=filename)
        names = _clean_header(header, filename)
        width = len(names)
        columns: list[list[str]] = [[] for _ in names]
        for row in rows:
            cells = list(row[:width]) + [None] * max(0, width - len(row))
            for col, value in zip(columns, cells, strict=True):
                col.append(_cell_text(value))
    finally:
        wb.close()
    return pa.table({n: pa.array(c, type=pa.string()) for n, c in zip(names, columns, strict=True)})


def _arrow_from_parquet(data: bytes, filename: str) -> pa.Table:
    try:
        table = pq.read_table(pa.BufferReader(data))
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError.single(f"not a readable Parquet file: {exc}", file=filename) from exc
    names = _clean_header(table.column_names, filename)
    return table.rename_columns(names)

