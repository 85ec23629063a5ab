"""Read and validate a case table from CSV, XLSX or Parquet.

Every file is first turned into an Arrow table of raw cells, then validated by
:func:`~caseinspect.casetable.validate.table_from_arrow`. Parquet text columns are read
dictionary-encoded, so a national table's answers are never materialised as strings.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from caseinspect.casetable import CaseTable
from caseinspect.casetable.columns import CASE_ID, canonical_name, clean_header
from caseinspect.casetable.questions import plan_columns
from caseinspect.casetable.validate import CheckedTable, check_table, table_from_arrow
from caseinspect.errors import InputError, Problem

SUFFIXES = (".csv", ".xlsx", ".parquet")

_BOM = b"\xef\xbb\xbf"
# A line holding nothing (or only spaces) between two others: pyarrow would skip it and
# so number the rows below it wrongly.
_EMPTY_LINE = re.compile(rb"\n[ \t]*\r?\n")
_PANDAS_INDEX = re.compile(r"^__index_level_\d+__$")
_NOT_SPACE = re.compile(rb"\S")


def _unsupported(suffix: str, filename: str) -> InputError:
    return InputError.single(
        f"unsupported file type {suffix or '(none)'!r}; use .csv, .xlsx or .parquet",
        file=filename,
    )


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
        raise _unsupported(p.suffix, name)
    if not p.exists():
        raise InputError.single("file not found", file=name)
    if not p.is_file():
        raise InputError.single("not a file", file=name)
    try:
        if suffix == ".parquet":
            if p.stat().st_size == 0:
                raise InputError.single("the file is empty", file=name)
            return table_from_arrow(_arrow_from_parquet(name, name, framework), name,
                                    framework)
        data = p.read_bytes()
    except OSError as exc:
        raise InputError.single(f"cannot read file: {exc.strerror}", file=name) from exc
    return read_case_table_bytes(data, name, framework=framework)


def read_case_table_bytes(data: bytes, filename: str,
                          framework: str | None = None) -> CaseTable:
    """Read a case table from the bytes of a file (an upload); the suffix of ``filename``
    decides the format."""
    checked = check_case_table_bytes(data, filename, framework=framework)
    if checked.problems:
        raise InputError(checked.problems)
    return checked.table


def check_case_table_bytes(data: bytes, filename: str,
                           framework: str | None = None) -> CheckedTable:
    """Read a file's bytes as far as they go: the table and every problem in it (see
    :func:`~caseinspect.casetable.validate.check_table`), for a caller that checks the rows
    further and reports all the problems together. Raises :class:`InputError` only when the
    file cannot be read as rows at all."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise _unsupported(suffix, filename)
    if _NOT_SPACE.search(data) is None:
        raise InputError.single("the file is empty", file=filename)
    if suffix == ".csv":
        table = _arrow_from_csv(data, filename)
    elif suffix == ".xlsx":
        table = _arrow_from_xlsx(data, filename)
    else:
        table = _arrow_from_parquet(data, filename, framework)
    return check_table(table, filename, framework=framework)


def decode_text(data: bytes) -> tuple[str, bytes]:
    """Decode a text export: UTF-8 (with or without BOM), else Windows-1252 (Excel).
    Returns the text and its UTF-8 bytes without a BOM."""
    data = data.removeprefix(_BOM)
    try:
        return data.decode("utf-8"), data
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        return text, text.encode("utf-8")


def _arrow_from_csv(data: bytes, filename: str) -> pa.Table:
    text, utf8 = decode_text(data)
    header = next(csv.reader(_lines(text)), [])
    if not [h for h in header if h.strip()]:
        raise InputError.single("the file has no header row", file=filename, row=1)
    end = len(utf8)
    while end and utf8[end - 1] in b" \t\r\n":  # (without copying a large file)
        end -= 1
    if _EMPTY_LINE.search(utf8, 0, end) is None:
        placeholders = [f"c{i}" for i in range(len(header))]
        try:
            table = pacsv.read_csv(
                io.BytesIO(utf8),
                read_options=pacsv.ReadOptions(column_names=placeholders, skip_rows=1),
                parse_options=pacsv.ParseOptions(newlines_in_values=True),
                convert_options=pacsv.ConvertOptions(
                    column_types=dict.fromkeys(placeholders, pa.string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
            return table.rename_columns(header)
        except pa.ArrowInvalid:
            pass  # ragged rows: the row-by-row reader below names them
    return _arrow_from_csv_rows(text, filename)


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one at a time (no copy of a large file at once)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end + 1
        yield text[start:end]
        start = end


def _arrow_from_csv_rows(text: str, filename: str) -> pa.Table:
    """Read CSV record by record, so that every row keeps its number: an empty line is a
    blank row, a short row is padded with blanks, and a long one is reported."""
    records = csv.reader(_lines(text))
    header = next(records)
    width = len(header)
    columns: list[list[str]] = [[] for _ in header]
    problems: list[Problem] = []
    for row_number, record in enumerate(records, start=2):
        extra = [cell for cell in record[width:] if cell.strip()]
        if extra:
            problems.append(Problem(
                f"this row has {len(record)} cells but the header names {width} columns",
                filename, row_number, None, extra[0]))
        cells = record[:width] + [""] * max(0, width - len(record))
        for column, cell in zip(columns, cells, strict=True):
            column.append(cell)
    if problems:
        raise InputError(problems)
    return pa.table([pa.array(c, pa.string()) for c in columns], names=header)


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
    """The first worksheet, its header on row 1; empty rows keep their numbers."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError.single(f"not a readable XLSX file: {exc}", file=filename) from exc
    try:
        if not wb.worksheets:
            raise InputError.single("the workbook has no worksheet", file=filename)
        rows = wb.worksheets[0].iter_rows(min_row=1, min_col=1, values_only=True)
        header = next(rows, None)
        if header is None:
            raise InputError.single("the file is empty", file=filename)
        names = clean_header(header, filename)
        width = len(names)
        columns: list[list[str]] = [[] for _ in names]
        for row in rows:
            cells = list(row[:width]) + [None] * max(0, width - len(row))
            for column, value in zip(columns, cells, strict=True):
                column.append(_cell_text(value))
    finally:
        wb.close()
    return pa.table([pa.array(c, pa.string()) for c in columns], names=names)


def _arrow_from_parquet(source: str | bytes, filename: str,
                        framework: str | None = None) -> pa.Table:
    """The Parquet table (from a path or a file's bytes) with its text columns other than
    case_id dictionary-encoded.

    With ``framework`` pinned, other frameworks' question columns are not read: the table
    would leave them out anyway (a national table holding every framework's answers reads
    a quarter of its columns for one). Only when the last case_id is blank is every column
    read, so that a row with values only in such a column is still found and reported.
    """
    def open_source() -> str | pa.BufferReader:
        return pa.BufferReader(source) if isinstance(source, bytes) else source

    try:
        schema = pq.read_schema(open_source())
        text = [f.name for f in schema if canonical_name(f.name) != CASE_ID
                and (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))]
        wanted = _wanted_columns(schema.names, filename, framework)
        table = pq.read_table(open_source(), columns=wanted, read_dictionary=text or None)
        if wanted is not None and _last_case_id_blank(table):
            table = pq.read_table(open_source(), read_dictionary=text or None)
    except (pa.ArrowException, OSError) as exc:
        raise InputError.single(f"not a readable Parquet file: {exc}", file=filename) from exc
    # A DataFrame's index saved by pandas.to_parquet is not a column of the case table.
    return table.drop_columns([n for n in table.column_names if _PANDAS_INDEX.match(n)])


def _wanted_columns(names: list[str], filename: str, framework: str | None
                    ) -> list[str] | None:
    """The columns a table pinned to ``framework`` uses, or None for all of them (nothing
    pinned, nothing to leave out, or a header :func:`check_table` will report)."""
    if framework is None or len(set(names)) != len(names):
        return None
    try:
        plan = plan_columns(clean_header(names, filename), filename, framework)
    except InputError:
        return None
    if not plan.ignored:
        return None
    ignored = set(plan.ignored)
    return [n for n in names if canonical_name(n.strip()) not in ignored]


def _last_case_id_blank(table: pa.Table) -> bool:
    ids = [n for n in table.column_names if canonical_name(n.strip()) == CASE_ID]
    if not ids or table.num_rows == 0:
        return False
    last = table.column(ids[0])[table.num_rows - 1].as_py()
    return last is None or str(last).strip() == ""
