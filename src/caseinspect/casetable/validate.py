"""Validate an Arrow table of raw cells into a :class:`CaseTable`.

All problems are collected and raised together as one :class:`InputError`. Row numbers are
as a spreadsheet shows them: ``first_row`` is the number of the first data row (2 for CSV
and XLSX, whose header is row 1; 1 for Parquet, which has no header row).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from caseinspect.casetable import BLANK, CaseTable
from caseinspect.casetable.columns import (
    CASE_ID,
    KNOWN_ATTRIBUTES,
    NUMERIC_ATTRIBUTES,
    answer_code,
    categorical,
    looks_like_question_code,
    nearest_codes,
)
from caseinspect.errors import MAX_REPORTED, InputError, Problem
from caseinspect.frameworks import all_frameworks, load_framework

_MAX_ROWS_PER_VALUE = 1000


def question_index(framework: str | None) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Map question code → (framework position, question position), and the frameworks.

    With ``framework`` given only that framework's questions are indexed.
    """
    frameworks = [load_framework(framework)] if framework else all_frameworks()
    index: dict[str, tuple[int, int]] = {}
    for fi, fw in enumerate(frameworks):
        for qi, q in enumerate(fw.questions()):
            index.setdefault(q.code, (fi, qi))
    return index, [fw.code for fw in frameworks]


def _dictionary(column: pa.ChunkedArray) -> tuple[npt.NDArray[np.int64], list[str]]:
    """Indices into the distinct values (-1 for null) and the distinct values as text."""
    if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
        column = pc.cast(column, pa.string())
    encoded = pc.dictionary_encode(column).combine_chunks()
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    if encoded.indices.null_count:
        indices = np.where(encoded.indices.is_valid().to_numpy(zero_copy_only=False), indices, -1)
    values = [str(v) for v in encoded.dictionary.to_pylist()]
    return indices.astype(np.int64, copy=False), values


def _rows_with(indices: npt.NDArray[np.int64], k: int, first_row: int) -> list[int]:
    return [int(i) + first_row for i in np.flatnonzero(indices == k)[:_MAX_ROWS_PER_VALUE]]


class _Collector:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []

    def add(self, message: str, row: int | None = None, column: str | None = None,
            value: str | None = None) -> None:
        self.problems.append(Problem(message, self.filename, row, column, value))

    @property
    def full(self) -> bool:
        return len(self.problems) > MAX_REPORTED * 4


def _answers(col: pa.ChunkedArray, name: str, first_row: int,
             out: _Collector) -> npt.NDArray[np.int8]:
    indices, values = _dictionary(col)
    lookup = np.empty(len(values) + 1, dtype=np.int8)
    lookup[-1] = BLANK  # index -1 (null) reads the last slot
    for k, v in enumerate(values):
        code = answer_code(v)
        if code is None:
            for row in _rows_with(indices, k, first_row):
                out.add("unknown answer; use yes, no or na (or leave blank)", row, name, v)
            code = BLANK
        lookup[k] = code
    return lookup[indices]


def _numbers(col: pa.ChunkedArray, name: str, first_row: int,
             out: _Collector) -> npt.NDArray[np.float64]:
    if pa.types.is_integer(col.type) or pa.types.is_floating(col.type):
        values = col.to_numpy().astype(np.float64)
    else:
        indices, texts = _dictionary(col)
        parsed = np.full(len(texts) + 1, np.nan)
        for k, t in enumerate(texts):
            s = t.strip()
            if s == "":
                continue
            try:
                parsed[k] = float(s)
            except ValueError:
                for row in _rows_with(indices, k, first_row):
                    out.add("not a number", row, name, t)
        values = np.asarray(parsed[indices], dtype=np.float64)
    if name == "weight":
        bad = np.flatnonzero(~np.isnan(values) & (values <= 0))
        for i in bad[:_MAX_ROWS_PER_VALUE]:
            out.add("a weight must be a positive number", int(i) + first_row, name,
                    repr(float(values[i])))
    if name == "age":
        bad = np.flatnonzero(~np.isnan(values) & ((values < 0) | (values > 120)))
        for i in bad[:_MAX_ROWS_PER_VALUE]:
            out.add("an age must be between 0 and 120", int(i) + first_row, name,
                    repr(float(values[i])))
    return np.asarray(values, dtype=np.float64)


def _category(col: pa.ChunkedArray) -> pd.Categorical:
    indices, values = _dictionary(col)
    stripped = [v.strip() for v in values]
    categories: list[str] = []
    position: dict[str, int] = {}
    remap = np.full(len(values) + 1, -1, dtype=np.int64)
    for k, v in enumerate(stripped):
        if v == "":
            continue
        if v not in position:
            position[v] = len(categories)
            categories.append(v)
        remap[k] = position[v]
    return categorical(remap[indices], categories)


def _case_ids(col: pa.ChunkedArray, first_row: int, out: _Collector) -> npt.NDArray[np.object_]:
    if not pa.types.is_string(col.type):
        col = pc.cast(col, pa.string())
    ids = pc.utf8_trim_whitespace(col.fill_null("")).to_numpy(zero_copy_only=False)
    blank = np.flatnonzero(ids == "")
    for i in blank[:_MAX_ROWS_PER_VALUE]:
        out.add("case_id is blank", int(i) + first_row, CASE_ID)
    series = pd.Series(ids)
    dup = series.duplicated(keep=False) & (series != "")
    if dup.any():
        first_seen: dict[str, int] = {}
        for i in np.flatnonzero(dup.to_numpy()):
            cid = str(ids[i])
            if cid in first_seen:
                out.add(f"duplicate case_id (first on row {first_seen[cid]})",
                        int(i) + first_row, CASE_ID, cid)
            else:
                first_seen[cid] = int(i) + first_row
            if out.full:
                break
    return np.asarray(ids, dtype=object)


def table_from_arrow(table: pa.Table, filename: str, framework: str | None = None,
                     first_row: int = 2) -> CaseTable:
    """Validate raw cells into a :class:`CaseTable`; raise :class:`InputError` on problems."""
    out = _Collector(filename)
    names = [str(n).strip() for n in table.column_names]
    if CASE_ID not in names:
        raise InputError([Problem("missing the required case_id column", filename)])
    if table.num_rows == 0:
        raise InputError([Problem("the file has no cases (only a header row)", filename)])
    index, fw_codes = question_index(framework)
    other_codes: set[str] = set()
    if framework:
        other_codes = {q.code for fw in all_frameworks() for q in fw.questions()}
    questions: list[str] = []
    attributes: list[str] = []
    for name in names:
        if name == CASE_ID:
            continue
        if name in index:
            questions.append(name)
        elif name in other_codes:
            continue  # a question of another framework, left out when one is pinned
        elif looks_like_question_code(name):
            near = nearest_codes(name, index)
            hint = f"; nearest codes: {', '.join(near)}" if near else ""
            out.add(f"looks like a question code but matches no framework question{hint}",
                    1 if first_row == 2 else None, name)
        else:
            attributes.append(name)
    if out.problems:
        raise InputError(out.problems)
    columns: dict[str, object] = {CASE_ID: _case_ids(table.column(CASE_ID), first_row, out)}
    known = [a for a in KNOWN_ATTRIBUTES if a in attributes]
    user = [a for a in attributes if a not in KNOWN_ATTRIBUTES]
    for name in known + user:
        col = table.column(name)
        if name in NUMERIC_ATTRIBUTES:
            columns[name] = _numbers(col, name, first_row, out)
        else:
            columns[name] = _category(col)
    questions.sort(key=lambda c: index[c])
    for name in questions:
        columns[name] = _answers(table.column(name), name, first_row, out)
        if out.full:
            break
    if out.problems:
        raise InputError(out.problems)
    frame = pd.DataFrame(columns)
    used = sorted({index[q][0] for q in questions})
    return CaseTable(
        frame=frame,
        questions=tuple(questions),
        attributes=tuple(known + user),
        frameworks=tuple(fw_codes[i] for i in used),
        source=filename,
    )


def from_records(records: list[Mapping[str, object]], source: str = "<records>",
                       framework: str | None = None) -> CaseTable:
    """Validate a list of dicts (one per case, values as text) into a :class:`CaseTable`."""
    if not records:
        raise InputError([Problem("no cases given", source)])
    names: list[str] = []
    for r in records:
        for k in r:
            if k not in names:
                names.append(k)
    data = {
        n: pa.array(["" if r.get(n) is None else str(r.get(n)) for r in records], pa.string())
        for n in names
    }
    return table_from_arrow(pa.table(data), source, framework=framework, first_row=1)
