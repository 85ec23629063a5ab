"""Benchmark: ``caseinspect analyse --json`` on 1,000,000 synthetic cases (Parquet).

Target (issue 2): under 10 s on a 2-core machine with peak memory under 4 GB.

Prints, from one run:
- the time of the whole ``caseinspect analyse FILE --json`` command run in process
  (reading, analysis and JSON), with click's test runner;
- the time of a straightforward pandas implementation of the same counts (read the
  Parquet file, normalise each answer cell, ``groupby`` per question and breakdown), and
  the ratio of the two; every count of the JSON is checked against it;
- the same command as a child process: wall-clock time including start-up, and its peak
  resident memory (``getrusage(RUSAGE_CHILDREN).ru_maxrss``).

The table comes from the synthetic generator and is cached under ``benchmarks/out/``,
keyed on the generator's and the frameworks' source so a stale table is never reused.

    .venv/bin/python benchmarks/analyse_1m.py [--cases 1000000]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
from click.testing import CliRunner

import caseinspect.casetable.synthetic as synthetic
import caseinspect.frameworks as frameworks
from caseinspect.casetable import synthetic_case_table, write_case_table
from caseinspect.cli import main as cli

OUT = Path(__file__).parent / "out"
BREAKDOWNS = ["programme", "gender", "age_group", "ethnicity", "supervision_type", "rosh",
              "rosh_band", "mappa_eligible"]
Counts = dict[tuple[str, str, str], tuple[int, int]]


def dataset(cases: int) -> Path:
    """The synthetic table of ``cases`` cases, written once per version of the generator."""
    sources = [Path(synthetic.__file__), *sorted(Path(frameworks.__file__).parent.glob("*.yaml"))]
    key = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()[:12]
    path = OUT / f"analyse-{cases}-{key}.parquet"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        write_case_table(synthetic_case_table(cases, seed=1), path)
    return path


def straightforward(path: Path, codes: list[str]) -> Counts:
    """pandas: read, normalise every answer cell, group by each breakdown and count."""
    df = pd.read_parquet(path)
    rosh = df["rosh"].astype(object).str.strip().str.lower()
    df["rosh_band"] = rosh.replace({"high": "high_or_very_high",
                                    "very_high": "high_or_very_high"})
    out: Counts = {}
    for q in codes:
        answers = df[q].astype(object).fillna("").str.strip().str.lower()
        yes = answers.isin(["yes", "y"])
        answered = yes | answers.isin(["no", "n"])
        out[(q, "", "")] = (int(answered.sum()), int(yes.sum()))
        for b in BREAKDOWNS:
            g = pd.DataFrame({"g": df[b].astype(object).fillna("missing"), "n": answered,
                              "y": yes})
            sums = g.groupby("g")[["n", "y"]].sum()
            for group, row in sums.iterrows():
                out[(q, b, str(group))] = (int(row["n"]), int(row["y"]))
    return out


def ours_counts(data: dict[str, Any]) -> Counts:
    out: Counts = {}
    for q in data["questions"]:
        out[(q["code"], "", "")] = (q["n"], q["yes"])
        for b in BREAKDOWNS:
            for g in q["by"][b]:
                out[(q["code"], b, g["group"])] = (g["n"], g["yes"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    args = parser.parse_args()
    path = dataset(args.cases)

    t0 = time.perf_counter()
    run = CliRunner().invoke(cli, ["analyse", str(path), "--json"])
    ours = time.perf_counter() - t0
    if run.exit_code != 0:
        raise SystemExit(run.output)
    data = json.loads(run.output)
    mine = ours_counts(data)

    t0 = time.perf_counter()
    reference = straightforward(path, [q["code"] for q in data["questions"]])
    theirs = time.perf_counter() - t0

    # Groups with no case at all are left out of the JSON; pandas leaves them out too.
    mismatches = sorted(k for k in mine.keys() | reference.keys()
                        if mine.get(k) != reference.get(k))

    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "caseinspect", "analyse", str(path), "--json"],
                   check=True, stdout=subprocess.DEVNULL)
    command = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    print(f"cases: {data['cases']:,}  question columns: {len(data['questions'])}  "
          f"breakdowns: {len(data['breakdowns'])}  counts compared: {len(mine):,}")
    print(f"`caseinspect analyse --json` in process (read + analyse + JSON): {ours:6.2f} s")
    print(f"straightforward pandas groupby (read + count):                  {theirs:6.2f} s")
    print(f"speed-up: {theirs / ours:5.1f}x   mismatching counts: {len(mismatches)}"
          + (f" (first: {mismatches[0]})" if mismatches else ""))
    print(f"`caseinspect analyse --json` as a command: {command:6.2f} s, "
          f"peak memory {peak:,.0f} MB (target < 10 s, < 4,096 MB)")


if __name__ == "__main__":
    main()
