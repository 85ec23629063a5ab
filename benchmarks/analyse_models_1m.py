"""Benchmark: everything ``analyse --models`` does on 1,000,000 cases — read, tables and
breakdowns, and a forward stepwise model for each of pp1–pp7 with the bulletin's candidate
variables — against the target of 5 s and 4 GB on a 2-core machine (issue 3).

The straightforward comparison for the models is ``benchmarks/stepwise_100k.py`` (row-level
statsmodels); for the tables it is ``benchmarks/analyse_1m.py`` (pandas groupby).

    .venv/bin/python benchmarks/analyse_models_1m.py [--cases 1000000] [--runs 5]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from caseinspect.casetable import synthetic_case_table, write_case_table

OUT = Path(__file__).parent / "out"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5,
                        help="Runs of the command (a shared machine's timings vary by a second)")
    args = parser.parse_args()
    path = OUT / f"cases-{args.cases}.parquet"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        write_case_table(synthetic_case_table(args.cases, seed=1), path)
    command = [sys.executable, "-m", "caseinspect", "analyse", str(path), "--framework",
               "hmip-public-protection-2018", "--models", "--json"]
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"cases: {args.cases:,}; `analyse --models --json` on pp1–pp7, {args.runs} runs: "
          f"{', '.join(f'{t:.2f}' for t in times)} s; median {statistics.median(times):.2f} s, "
          f"best {min(times):.2f} s; peak memory {peak:,.0f} MB "
          "(target < 5 s, < 4,096 MB)")

if __name__ == "__main__":
    main()
