"""Benchmark: ``caseinspect analyse`` on 1,000,000 cases × ~80 question columns (Parquet).

Target (issue 2): under 10 s on a 2-core machine with peak memory under 4 GB. Prints the
time of caseinspect's reader + analysis, the time of a straightforward pandas groupby
implementation of the same counts run in the same process, their ratio, and checks that the
two agree. Peak memory is measured on the real command in a child process.

    .venv/bin/python benchmarks/analyse_1m.py [--cases 1000000]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from caseinspect.analysis import analyse
from caseinspect.casetable import read_case_table, synthetic_case_table, write_case_table

OUT = Path(__file__).parent / "out"
BREAKDOWNS = ["programme", "gender", "age_group", "ethnicity", "supervision_type", "rosh",
              "mappa_eligible"]


def dataset(cases: int) -> Path:
    path = OUT / f"cases-{cases}.parquet"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        write_case_table(synthetic_case_table(cases, seed=1), path)
    return path


def straightforward(path: Path) -> dict[tuple[str, str, str], tuple[int, int]]:
    """pandas: read, normalise every answer cell, group by each breakdown and count."""
    df = pd.read_parquet(path)
    questions = [c for c in df.columns if c[0].isdigit() or c[:2] == "pp" or c[0] == "F"]
    out: dict[tuple[str, str, str], tuple[int, int]] = {}
    for q in questions:
        answers = df[q].fillna("").str.strip().str.lower()
        yes = answers.isin(["yes", "y"])
        answered = yes | answers.isin(["no", "n"])
        out[(q, "", "")] = (int(answered.sum()), int(yes.sum()))
        for b in BREAKDOWNS:
            g = pd.DataFrame({"g": df[b].fillna("missing"), "n": answered, "y": yes})
            sums = g.groupby("g", observed=True)[["n", "y"]].sum()
            for group, row in sums.iterrows():
                out[(q, b, str(group))] = (int(row["n"]), int(row["y"]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    args = parser.parse_args()
    path = dataset(args.cases)

    t0 = time.perf_counter()
    result = analyse(read_case_table(path))
    ours = time.perf_counter() - t0

    t0 = time.perf_counter()
    reference = straightforward(path)
    theirs = time.perf_counter() - t0

    mismatches = 0
    for q in result.questions:
        if reference[(q.code, "", "")] != (q.n, q.yes):
            mismatches += 1
        for b in BREAKDOWNS:
            for g in q.by[b]:
                if g.n and reference.get((q.code, b, g.group)) != (g.n, g.yes):
                    mismatches += 1

    start = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "caseinspect", "analyse", str(path), "--json"],
                   check=True, stdout=subprocess.DEVNULL)
    command = time.perf_counter() - t0
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, start) / 1024

    print(f"cases: {args.cases:,}  question columns: {len(result.questions)}")
    print(f"caseinspect read + analyse (in process): {ours:6.2f} s")
    print(f"straightforward pandas groupby:          {theirs:6.2f} s")
    print(f"speed-up: {theirs / ours:5.1f}x   mismatching counts: {mismatches}")
    print(f"`caseinspect analyse --json` as a command: {command:6.2f} s, "
          f"peak memory {peak:,.0f} MB (target < 10 s, < 4,096 MB)")


if __name__ == "__main__":
    main()
