"""Factories for case tables in tests: one way to make test data."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from caseinspect.casetable import CaseTable, from_records


def case_rows(n: int = 4, **columns: list[str] | str) -> list[dict[str, str]]:
    """``n`` rows with case ids C000001…; each keyword is a column (a list, or one value)."""
    rows: list[dict[str, str]] = []
    for i in range(n):
        row = {"case_id": f"C{i + 1:06d}"}
        for name, value in columns.items():
            row[name] = value[i] if isinstance(value, list) else value
        rows.append(row)
    return rows


def make_case_table(rows: list[Mapping[str, object]] | None = None,
                    framework: str | None = None, **columns: list[str] | str) -> CaseTable:
    """A validated case table from rows, or from columns given as keywords."""
    if rows is None:
        n = max((len(v) for v in columns.values() if isinstance(v, list)), default=4)
        rows = case_rows(n, **columns)
    return from_records(list(rows), framework=framework)


def write_csv(path: Path, header: list[str], rows: list[list[str]],
              encoding: str = "utf-8") -> Path:
    """A CSV file written by hand (so tests control every byte)."""
    lines = [",".join(header)] + [",".join(r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path
