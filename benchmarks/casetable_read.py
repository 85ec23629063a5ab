"""Benchmark: reading a case table of 1,000,000 cases × 79 question columns from Parquet.

The reader is most of ``caseinspect analyse``'s 10-second budget (issue 2). Prints the time
of ``read_case_table`` on a file written by caseinspect (text columns dictionary-encoded) and
on the same table written as plain text columns (as other tools write Parquet), the time of
a straightforward pandas reader (``read_parquet`` then ``.str.strip().str.lower().map()``
per answer column, ``astype("category")`` per attribute) in the same process, their ratio,
and checks that both give the same answers. Peak memory is measured on the reader alone in a
child process.

    .venv/bin/python benchmarks/casetable_read.py [--cases 1000000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from caseinspect.casetable import read_case_table, synthetic_case_table, write_case_table
from caseinspect.casetable.columns import ANSWER_VALUES, NUMERIC_ATTRIBUTES
from caseinspect.frameworks import all_frameworks

OUT = Path(__file__).parent / "out"


def datasets(cases: int) -> tuple[Path, Path]:
    """The synthetic table as caseinspect writes it, and with every text column plain."""
    ours, plain = OUT / f"casetable-{cases}.parquet", OUT / f"casetable-{cases}-plain.parquet"
    if not ours.exists() or not plain.exists():
        OUT.mkdir(exist_ok=True)
        write_case_table(synthetic_case_table(cases, seed=1), ours)
        table = pq.read_table(ours)
        schema = pa.schema([pa.field(f.name, pa.string()) if pa.types.is_dictionary(f.type)
                            else f for f in table.schema])
        pq.write_table(table.cast(schema), plain)
    return ours, plain


def straightforward(path: Path) -> pd.DataFrame:
    """pandas, column by column over every cell: what one would write first."""
    df = pd.read_parquet(path)
    codes = {q.code for fw in all_frameworks() for q in fw.questions()}
    out = {"case_id": df["case_id"].str.strip()}
    if out["case_id"].duplicated().any():
        raise ValueError("duplicate case_id")
    for name in df.columns[1:]:
        column = df[name]
        if name in codes:
            mapped = column.fillna("").astype(str).str.strip().str.lower().map(ANSWER_VALUES)
            if mapped.isna().any():
                raise ValueError(f"unknown answer in {name}")
            out[name] = mapped.astype(np.int8)
        elif name in NUMERIC_ATTRIBUTES:
            out[name] = pd.to_numeric(column, errors="raise")
        else:
            out[name] = column.astype(str).str.strip().replace({"": None, "None": None}).astype(
                "category")
    return pd.DataFrame(out)


def timed(label: str, path: Path) -> tuple[float, pd.DataFrame, int]:
    t0 = time.perf_counter()
    table = read_case_table(path)
    seconds = time.perf_counter() - t0
    print(f"{label:<48}{seconds:7.2f} s")
    return seconds, table.frame, len(table.questions)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    args = parser.parse_args()
    ours_path, plain_path = datasets(args.cases)
    all_frameworks()  # load the framework files before timing (cached for the process)

    print(f"cases: {args.cases:,}")
    ours, frame, questions = timed("read_case_table, caseinspect's Parquet", ours_path)
    plain, plain_frame, _ = timed("read_case_table, plain-text Parquet", plain_path)
    t0 = time.perf_counter()
    reference = straightforward(plain_path)
    theirs = time.perf_counter() - t0
    print(f"{'straightforward pandas .str.lower().map()':<48}{theirs:7.2f} s")

    answer_columns = [c for c in reference.columns if reference[c].dtype == np.int8]
    same = len(answer_columns) == questions and all(
        np.array_equal(frame[c].to_numpy(), reference[c].to_numpy())
        and np.array_equal(plain_frame[c].to_numpy(), reference[c].to_numpy())
        for c in answer_columns)
    print(f"question columns: {questions}   answers identical to the reference: {same}")
    print(f"speed-up: {theirs / ours:5.1f}x (caseinspect's Parquet), "
          f"{theirs / plain:5.1f}x (plain-text Parquet)")

    # VmHWM is the peak resident memory of the child's own address space (ru_maxrss would
    # count the pages the child shared with this large parent before exec).
    code = ("from caseinspect.casetable import read_case_table\n"
            f"read_case_table({str(ours_path)!r})\n"
            "print(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')))")
    child = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                           text=True)
    peak = int(child.stdout.split()[1]) / 1024
    print(f"peak memory of the reader alone (child process): {peak:,.0f} MB")

if __name__ == "__main__":
    main()
