"""Case tables from data already in memory: a list of dicts, or a DataFrame of raw cells.

Both go through the same validation as a file; rows are numbered as in the file they
would be written to (the first case is row 2).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import pyarrow as pa

from caseinspect.casetable import CaseTable
from caseinspect.casetable.validate import table_from_arrow
from caseinspect.errors import InputError


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def from_records(records: Sequence[Mapping[str, object]], source: str = "<records>",
                 framework: str | None = None) -> CaseTable:
    """Validate a list of dicts (one per case; values as text, numbers or None) into a
    :class:`CaseTable`. Columns are the keys in order of first appearance; a key missing
    from a record is a blank cell."""
    if not records:
        raise InputError.single("no cases given", file=source)
    names: dict[str, None] = {}
    for record in records:
        names.update(dict.fromkeys(record))
    data = {name: pa.array([_text(r.get(name)) for r in records], pa.string())
            for name in names}
    return table_from_arrow(pa.table(data), source, framework=framework)


def from_frame(frame: pd.DataFrame, source: str = "<frame>",
               framework: str | None = None) -> CaseTable:
    """Validate a DataFrame of raw cells (text, numbers, booleans; NaN or None blank) into a
    :class:`CaseTable`, exactly as if it had been read from a file."""
    if len(frame.columns) == 0:
        raise InputError.single("the table has no columns", file=source)
    arrays: list[pa.Array] = []
    for i in range(len(frame.columns)):
        column = frame.iloc[:, i]
        if column.dtype == object or isinstance(column.dtype, pd.CategoricalDtype):
            arrays.append(pa.array([_text(v) for v in column.astype(object)], pa.string()))
        else:
            arrays.append(pa.Array.from_pandas(column))
    names = [str(name) for name in frame.columns]
    return table_from_arrow(pa.table(arrays, names=names), source, framework=framework)
