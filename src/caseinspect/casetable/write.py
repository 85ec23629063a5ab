"""Write a case table as CSV, XLSX or Parquet; ``read_case_table`` reads the result unchanged.

Files are written to a temporary file beside the target and moved into place, so a
failure never leaves a half-written table.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from caseinspect.casetable import CaseTable
from caseinspect.casetable.columns import CASE_ID
from caseinspect.errors import InputError

#: Answer labels indexed by answer code + 1 (BLANK=-1, NO=0, YES=1, NA=2).
_LABELS = pa.array(["", "no", "yes", "na"], pa.string())


def _number_text(values: np.ndarray) -> pa.Array:
    text = ["" if v != v else (str(int(v)) if float(v).is_integer() else repr(float(v)))
            for v in values]
    return pa.array(text, pa.string())


def to_arrow(table: CaseTable, numbers_as_text: bool = False) -> pa.Table:
    """The case table as Arrow columns of text (answers as yes / no / na / blank)."""
    frame = table.frame
    arrays: dict[str, pa.Array] = {
        CASE_ID: pa.array(frame[CASE_ID].astype(str).to_numpy(), pa.string())
    }
    for name in table.attributes:
        col = frame[name]
        if isinstance(col.dtype, pd.CategoricalDtype):
            cats = pa.array([str(c) for c in col.cat.categories] + [""], pa.string())
            codes = col.cat.codes.to_numpy().astype(np.int32)
            codes = np.where(codes < 0, len(cats) - 1, codes)
            arrays[name] = pa.DictionaryArray.from_arrays(pa.array(codes), cats).cast(pa.string())
        elif numbers_as_text:
            arrays[name] = _number_text(col.to_numpy(dtype=float))
        else:
            arrays[name] = pa.array(col.to_numpy(dtype=float), pa.float64(),
                                    from_pandas=True)
    for code in table.questions:
        idx = frame[code].to_numpy().astype(np.int32) + 1
        arrays[code] = pa.DictionaryArray.from_arrays(pa.array(idx), _LABELS).cast(pa.string())
    return pa.table(arrays)


def case_table_bytes(table: CaseTable, fmt: str) -> bytes:
    """The bytes of a case table file in ``fmt`` (``csv``, ``xlsx`` or ``parquet``)."""
    buf = io.BytesIO()
    if fmt == "csv":
        pacsv.write_csv(to_arrow(table, numbers_as_text=True), buf,
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
    names = arrow.column_names
    ws.append(names)
    columns = [arrow.column(n).to_pylist() for n in names]
    for row in zip(*columns, strict=True):
        ws.append([None if (v == "" or (isinstance(v, float) and v != v)) else v for v in row])
    wb.save(buf)


def write_case_table(table: CaseTable, path: str | Path) -> Path:
    """Write ``table`` to ``path``; the suffix (.csv, .xlsx, .parquet) decides the format."""
    p = Path(path)
    fmt = p.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx", "parquet"):
        raise InputError.single(
            f"unsupported file type {p.suffix or '(none)'!r}; use .csv, .xlsx or .parquet",
            file=str(p),
        )
    data = case_table_bytes(table, fmt)
    directory = p.parent if str(p.parent) else Path(".")
    if not directory.is_dir():
        raise InputError.single("the folder to write into does not exist", file=str(p))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{p.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p
