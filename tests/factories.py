"""Factories for case tables in tests: one way to make test data.

- :func:`case_rows` / :func:`make_case_table`: a validated :class:`CaseTable` from a few
  columns given as keywords (``make_case_table(pp1=["yes", "no"], rosh="high")``) or rows.
- :func:`case_frame`: the same columns as a DataFrame of raw strings, as a file would hold.
- :func:`write_raw` / :func:`write_csv`: such a frame or rows written as CSV, XLSX or
  Parquet exactly as given, so tests control every cell (and every byte of a CSV).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from caseinspect.casetable import CaseTable, from_records


def case_rows(n: int = 4, **columns: list[str] | str) -> list[dict[str, str]]:
    """``n`` rows with case ids C000001…; each keyword is a column (a list, or one value).
    Column names that are not identifiers (``"2.1.3"``) go in via ``**{"2.1.3": [...]}``."""
    rows: list[dict[str, str]] = []
    for i in range(n):
        row = {"case_id": f"C{i + 1:06d}"}
        for name, value in columns.items():
            row[name] = value[i] if isinstance(value, list) else value
        rows.append(row)
    return rows


def _length(columns: Mapping[str, list[str] | str], default: int = 4) -> int:
    return max((len(v) for v in columns.values() if isinstance(v, list)), default=default)


def make_case_table(rows: list[Mapping[str, object]] | None = None,
                    framework: str | None = None, **columns: list[str] | str) -> CaseTable:
    """A validated case table from rows, or from columns given as keywords."""
    if rows is None:
        rows = list(case_rows(_length(columns), **columns))
    return from_records(list(rows), framework=framework)


def case_frame(n: int | None = None, **columns: list[str] | str) -> pd.DataFrame:
    """A DataFrame of strings (object dtype) with ``case_id`` C000001… and the columns
    given as keywords, as a reader would see a file's cells."""
    rows = case_rows(n if n is not None else _length(columns), **columns)
    return pd.DataFrame(rows, dtype=object)


def write_raw(path: Path, frame: pd.DataFrame) -> Path:
    """Write a frame's cells as they are: CSV (comma-joined, no quoting), XLSX (strings in
    the first sheet, header on row 1, None as an empty cell) or Parquet (string columns,
    None as null), by the suffix of ``path``."""
    header = [str(c) for c in frame.columns]
    rows = [[None if v is None else str(v) for v in row]
            for row in frame.itertuples(index=False, name=None)]
    if path.suffix == ".csv":
        return write_csv(path, header, [["" if v is None else v for v in r] for r in rows])
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.append(header)
        for r in rows:
            ws.append(r)
        wb.save(path)
        return path
    columns = [pa.array([r[i] for r in rows], pa.string()) for i in range(len(header))]
    pq.write_table(pa.table(columns, names=header), path)
    return path


def write_csv(path: Path, header: list[str], rows: list[list[str]],
              encoding: str = "utf-8") -> Path:
    """A CSV file written by hand (so tests control every byte)."""
    lines = [",".join(header)] + [",".join(r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path
