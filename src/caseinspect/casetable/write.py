"""Write a case table as CSV, XLSX or Parquet; ``read_case_table`` reads the result back
to an equal table.

Answers are written as ``yes`` / ``no`` / ``na``, a blank answer as an empty cell. Files are
written to a temporary file beside the target and moved into place, so a failure never
leaves a half-written table.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from caseinspect.casetable import ANSWER_LABELS, NA, NO, YES, CaseTable
from caseinspect.casetable.columns import CASE_ID
from caseinspect.errors import InputError

FORMATS = ("csv", "xlsx", "parquet")

#: Answer labels indexed by answer code (NO=0, YES=1, NA=2); BLANK (-1) is written null.
_LABELS = pa.array([ANSWER_LABELS[code] for code in sorted((NO, YES, NA))], pa.string())


def _answers(codes: np.ndarray) -> pa.DictionaryArray:
    indices = codes.astype(np.int8, copy=False)
    return pa.DictionaryArray.from_arrays(pa.array(indices, mask=indices < 0), _LABELS)


def _attribute(column: pd.Series) -> pa.Array:
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        labels = pa.array([str(c) for c in column.cat.categories], pa.string())
        return pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), labels)
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column):
        return pa.array(column.to_numpy(dtype=np.float64), pa.float64(), from_pandas=True)
    text = [None if pd.isna(v) or str(v).strip() == "" else str(v) for v in column]
    return pa.array(text, pa.string())


def to_arrow(table: CaseTable, text: bool = False) -> pa.Table:
    """The case table as Arrow columns: ``case_id`` and attributes as they are (text
    attributes dictionary-encoded), answers as dictionary-encoded ``yes`` / ``no`` / ``na``
    with blanks null. With ``text`` every column is plain text (numbers in their shortest
    exact form)."""
    frame = table.frame
    arrays: dict[str, pa.Array] = {
        CASE_ID: pa.array(frame[CASE_ID].astype(str).to_numpy(dtype=object), pa.string())
    }
    for name in table.attributes:
        arrays[name] = _attribute(frame[name])
    for code in table.questions:
        arrays[code] = _answers(frame[code].to_numpy())
    if text:
        arrays = {name: pc.cast(array, pa.string()) for name, array in arrays.items()}
    return pa.table(arrays)


def case_table_bytes(table: CaseTable, fmt: str) -> bytes:
    """The bytes of a case table file in ``fmt`` (``csv``, ``xlsx`` or ``parquet``)."""
    buf = io.BytesIO()
    if fmt == "csv":
        pacsv.write_csv(to_arrow(table, text=True), buf,
                        pacsv.WriteOptions(quoting_style="needed"))
    elif fmt == "parquet":
        pq.write_table(to_arrow(table), buf)
    elif fmt == "xlsx":
        _write_xlsx(table, buf)
    else:
        raise InputError.single(f"unsupported format {fmt!r}; use csv, xlsx or parquet")
    return buf.getvalue()


def _write_xlsx(table: CaseTable, buf: io.BytesIO) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("cases")
    arrow = to_arrow(table)
    ws.append(arrow.column_names)
    columns = [column.to_pylist() for column in arrow.columns]
    for row in zip(*columns, strict=True):
        ws.append([None if isinstance(v, float) and v != v else v for v in row])
    wb.save(buf)


def write_case_table(table: CaseTable, path: str | Path) -> Path:
    """Write ``table`` to ``path``; the suffix (.csv, .xlsx, .parquet) decides the format.

    Raises
    ------
    InputError
        For another suffix, or a folder that does not exist; nothing is written.
    """
    p = Path(path)
    fmt = p.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError.single(
            f"unsupported file type {p.suffix or '(none)'!r}; use .csv, .xlsx or .parquet",
            file=str(p),
        )
    require_folder(p)
    write_whole(p, case_table_bytes(table, fmt))
    return p


def require_folder(path: Path) -> None:
    """Refuse to write into a folder that does not exist (a mistyped path should not make
    folders): :class:`InputError` naming the file."""
    if not path.parent.is_dir():
        raise InputError.single("the folder to write into does not exist", file=str(path))


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all: into a temporary file beside it, then
    renamed over it (the folder is checked first)."""
    require_folder(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
