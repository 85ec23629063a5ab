"""Validate an Arrow table of raw cells into a :class:`CaseTable`.

Every column is looked at through its distinct values: a column is dictionary-encoded (or
read dictionary-encoded from Parquet), its few distinct values are checked and converted,
and the conversion reaches every row through one vectorised lookup. Rows are located only
when a distinct value is wrong. All problems are collected and raised together as one
:class:`InputError`.

Row numbers are as a spreadsheet shows them: the header is row 1, so the first case is
row 2 (``first_row``), whatever the file format.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from caseinspect.casetable import BLANK, CaseTable
from caseinspect.casetable.columns import (
    AGE_RANGE,
    CASE_ID,
    FIRST_DATA_ROW,
    KNOWN_ATTRIBUTES,
    NUMERIC_ATTRIBUTES,
    answer_code,
    categorical,
    clean_header,
)
from caseinspect.casetable.questions import ColumnPlan, plan_columns
from caseinspect.errors import InputError, Problem

Indices = npt.NDArray[np.signedinteger[Any]]


def distinct(column: pa.ChunkedArray) -> tuple[Indices, list[str]]:
    """Each cell as an index into the column's distinct values (-1 for a null cell), and
    those values as text. Booleans read as ``yes`` / ``no``.

    The indices keep the dictionary's integer type (often int8): a lookup table of the
    values with one extra last slot, indexed by them, gives a null cell that last slot."""
    if pa.types.is_boolean(column.type):
        column = pc.if_else(column, "yes", "no")
    if not pa.types.is_dictionary(column.type):
        if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
            column = pc.cast(column, pa.string())
        # One chunk, one dictionary: a CSV arrives in a hundred small chunks per column.
        column = pa.chunked_array([pc.dictionary_encode(column.combine_chunks())])
    column = column.unify_dictionaries()
    if column.num_chunks == 0:
        return np.empty(0, dtype=np.int64), []
    parts = [pc.fill_null(chunk.indices, -1).to_numpy(zero_copy_only=False)
             for chunk in column.chunks]
    indices = parts[0] if len(parts) == 1 else np.concatenate(parts)
    dictionary = column.chunk(0).dictionary.to_pylist()
    return indices, ["" if v is None else str(v) for v in dictionary]


#: Rows named one by one per wrong value; beyond them one problem counts the rest, so a
#: million-row column of one wrong value costs a thousand problems, not a million.
ROWS_PER_VALUE = 1000


class _Problems:
    """Problems found so far."""

    def __init__(self, filename: str, first_row: int) -> None:
        self.filename = filename
        self.first_row = first_row
        self.found: list[Problem] = []

    def add(self, message: str, position: int | None = None, column: str | None = None,
            value: str | None = None) -> None:
        row = None if position is None else position + self.first_row
        self.found.append(Problem(message, self.filename, row, column, value))

    def at(self, positions: npt.NDArray[np.intp], message: str, column: str,
           value: str | Sequence[str] | None = None) -> None:
        """One problem per row (``value`` one for all, or one per row), naming the first
        :data:`ROWS_PER_VALUE` rows and counting the rest."""
        for i, p in enumerate(positions[:ROWS_PER_VALUE]):
            self.add(message, int(p), column,
                     value if value is None or isinstance(value, str) else value[i])
        rest = len(positions) - ROWS_PER_VALUE
        if rest > 0:
            self.add(f"{message}: the same on {rest:,} more row{'s' if rest != 1 else ''}",
                     None, column, value if value is None or isinstance(value, str) else None)


def _answers(column: pa.ChunkedArray, name: str, out: _Problems) -> npt.NDArray[np.int8]:
    indices, values = distinct(column)
    lookup = np.full(len(values) + 1, BLANK, dtype=np.int8)  # index -1 (null) → last slot
    for k, value in enumerate(values):
        code = answer_code(value)
        if code is None:
            out.at(np.flatnonzero(indices == k),
                   "unknown answer; use yes, no or na (or leave blank)", name, value)
        else:
            lookup[k] = code
    return lookup[indices]


def _numbers(column: pa.ChunkedArray, name: str, out: _Problems) -> npt.NDArray[np.float64]:
    if pa.types.is_integer(column.type) or pa.types.is_floating(column.type):
        values = pc.cast(column, pa.float64()).to_numpy().astype(np.float64, copy=False)
        bad = ~np.isnan(values) & ~np.isfinite(values)
        out.at(np.flatnonzero(bad), "not a number", name)
    else:
        indices, texts = distinct(column)
        parsed = np.full(len(texts) + 1, np.nan)
        for k, text in enumerate(texts):
            if text.strip() == "":
                continue
            try:
                number = float(text)
            except ValueError:
                number = math.nan
            if math.isfinite(number):
                parsed[k] = number
            else:
                out.at(np.flatnonzero(indices == k), "not a number", name, text)
        values = parsed[indices]
    if name == "age":
        lo, hi = AGE_RANGE
        wrong = np.flatnonzero((values < lo) | (values > hi))
        out.at(wrong, f"an age must be between {lo:g} and {hi:g}", name,
               [f"{v:g}" for v in values[wrong[:ROWS_PER_VALUE]]])
    if name == "weight":
        wrong = np.flatnonzero(~(values > 0))  # blank (NaN) as well as zero or negative
        out.at(wrong, "a weight must be a positive number (every case needs one)", name,
               ["" if np.isnan(v) else f"{v:g}" for v in values[wrong[:ROWS_PER_VALUE]]])
    return np.asarray(values, dtype=np.float64)


def _category(column: pa.ChunkedArray) -> pd.Categorical:
    """Text with surrounding whitespace stripped; blank cells are missing."""
    indices, values = distinct(column)
    if all(v and v == v.strip() for v in values):  # the usual case: the values as they are
        return categorical(indices, values)
    categories: dict[str, int] = {}
    remap = np.full(len(values) + 1, -1, dtype=np.int64)
    for k, value in enumerate(values):
        text = value.strip()
        if text:
            remap[k] = categories.setdefault(text, len(categories))
    return categorical(remap[indices], list(categories))


def _trimmed_ids(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        column = pc.cast(column, pa.string())
    return pc.utf8_trim_whitespace(pc.fill_null(column, ""))


def _distinct_count(ids: pa.ChunkedArray) -> int:
    return len(pc.unique(ids))


def _case_ids(ids: pa.ChunkedArray, distinct: int, out: _Problems) -> pd.Series:
    """The case ids as text; blank and repeated ones reported. ``distinct`` is the number of
    distinct ids (blank among them, if any)."""
    blank = pc.equal(ids, "").to_numpy(zero_copy_only=False)
    out.at(np.flatnonzero(blank), "case_id is blank", CASE_ID)
    series: pd.Series = ids.to_pandas().rename(CASE_ID)  # text kept in Arrow (pandas "str")
    if distinct + max(int(blank.sum()) - 1, 0) < len(series):
        first: dict[str, int] = {}
        repeated = series.duplicated(keep=False).to_numpy() & ~blank
        for p in np.flatnonzero(repeated):
            cid = str(series.iat[int(p)])
            if cid in first:
                out.add(f"duplicate case_id (first on row {first[cid] + out.first_row})",
                        int(p), CASE_ID, cid)
            else:
                first[cid] = int(p)
    return series


def _blank(column: pa.ChunkedArray) -> npt.NDArray[np.bool_]:
    if pa.types.is_dictionary(column.type):
        column = pc.cast(column, column.type.value_type)
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        return np.asarray(column.is_null().to_numpy(zero_copy_only=False), dtype=np.bool_)
    text = pc.utf8_trim_whitespace(pc.fill_null(column, ""))
    return np.asarray(pc.equal(text, "").to_numpy(zero_copy_only=False), dtype=np.bool_)


def _without_trailing_blank_rows(table: pa.Table) -> pa.Table:
    """Drop the wholly blank rows at the end (Excel exports often end in rows of commas).
    Rows above keep their numbers; a blank row among cases is reported by its case_id."""
    blank_id = _blank(table.column(CASE_ID))
    keep = len(blank_id)
    while keep and blank_id[keep - 1]:
        keep -= 1
    if keep == len(blank_id):
        return table
    tail = table.slice(keep)
    blank = np.ones(tail.num_rows, dtype=np.bool_)
    for column in tail.columns:
        blank &= _blank(column)
    filled = np.flatnonzero(~blank)
    end = keep + (int(filled[-1]) + 1 if len(filled) else 0)
    return table.slice(0, end)


@dataclass(frozen=True)
class CheckedTable:
    """A table read as far as it goes, and every problem found in it. Where a cell has a
    problem the table holds a blank (an answer) or a missing value (a number) instead, so a
    caller can go on checking the rows — but must not use the table while there are problems.
    """

    table: CaseTable
    problems: list[Problem]


def _attribute_order(plan: ColumnPlan) -> list[str]:
    known = [a for a in KNOWN_ATTRIBUTES if a in plan.attributes]
    return known + [a for a in plan.attributes if a not in KNOWN_ATTRIBUTES]


def _attribute_and_answer_columns(table: pa.Table, names: list[str], plan: ColumnPlan,
                                  out: _Problems) -> dict[str, object]:
    columns: dict[str, object] = {}
    code_of = {plan.renamed.get(n, n): n for n in names}
    for name in [*_attribute_order(plan), *plan.questions]:
        column = table.column(code_of[name])
        try:
            if name in plan.questions:
                columns[name] = _answers(column, name, out)
            elif name in NUMERIC_ATTRIBUTES:
                columns[name] = _numbers(column, name, out)
            else:
                columns[name] = _category(column)
        except pa.ArrowException:
            out.add(f"cannot read this column's values as text ({column.type})", None, name)
    return columns


def check_table(table: pa.Table, filename: str, framework: str | None = None,
                first_row: int = FIRST_DATA_ROW) -> CheckedTable:
    """Validate raw cells as :func:`table_from_arrow` does, but return the problems with the
    table rather than raise them. Only a header that cannot be read as columns (no name, no
    ``case_id``) or a table with no cases raises :class:`InputError`: there are no rows to
    check then."""
    names = clean_header(table.column_names, filename)
    table = table.select(list(range(len(names)))).rename_columns(names)
    if CASE_ID not in names:
        raise InputError.single("missing the required case_id column", file=filename)
    table = _without_trailing_blank_rows(table)
    if table.num_rows == 0:
        raise InputError.single("the file has no cases (only a header row)", file=filename)
    plan = plan_columns(names, filename, framework)
    out = _Problems(filename, first_row)
    out.found.extend(plan.problems)
    # The case ids are hashed to find repeats (half the checking of a million-case table)
    # in a second thread, while this one converts the other columns: Arrow's kernels release
    # the GIL. The case ids' problems still come first.
    ids = _trimmed_ids(table.column(CASE_ID))
    id_problems = _Problems(filename, first_row)
    with ThreadPoolExecutor(max_workers=1) as pool:
        distinct = pool.submit(_distinct_count, ids)
        columns: dict[str, object] = {CASE_ID: None}
        columns.update(_attribute_and_answer_columns(table, names, plan, out))
        columns[CASE_ID] = _case_ids(ids, distinct.result(), id_problems)
    out.found[len(plan.problems):len(plan.problems)] = id_problems.found
    attributes = _attribute_order(plan)
    return CheckedTable(
        table=CaseTable(
            frame=pd.DataFrame(columns, copy=False),
            questions=tuple(q for q in plan.questions if q in columns),
            attributes=tuple(a for a in attributes if a in columns),
            frameworks=plan.frameworks,
            source=filename,
        ),
        problems=out.found,
    )


def table_from_arrow(table: pa.Table, filename: str, framework: str | None = None,
                     first_row: int = FIRST_DATA_ROW) -> CaseTable:
    """Validate raw cells into a :class:`CaseTable`.

    Parameters
    ----------
    table : pyarrow.Table
        One column per header name; cells as text (numbers, booleans and dictionary-encoded
        text are accepted too).
    filename : str
        Named in every problem, and kept as the table's ``source``.
    framework : str, optional
        Match question columns against this framework only (other frameworks' question
        columns are left out); by default against every bundled framework.
    first_row : int
        Row number of the first case.

    Raises
    ------
    InputError
        Naming file, row, column and value for every problem found: the header's and the
        cells' together.
    """
    checked = check_table(table, filename, framework, first_row)
    if checked.problems:
        raise InputError(checked.problems)
    return checked.table
