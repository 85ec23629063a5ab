"""Benchmark: the research bulletin for 1,000,000 cases, PDF included (issue 5: under 30 s).

Times caseinspect's read, analysis and layout (``build_report``: the analysis core, seed 003's
table of every key question by programme and subgroup, and the programme comparison split by
provider) and each rendering (PDF, HTML, Excel). Against it, in the same process, a
straightforward pandas implementation of the same tables — read, normalise the answers, one
``groupby`` per question, breakdown and programme, and per question and provider — with a
check that every count agrees.

    .venv/bin/python benchmarks/bulletin_1m.py [--cases 1000000]
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

import pandas as pd

from caseinspect.casetable import read_case_table, synthetic_case_table, write_case_table
from caseinspect.reports.build import build_report, render
from caseinspect.reports.crosstab import crosstabs
from caseinspect.reports.options import ReportOptions

OUT = Path(__file__).parent / "out"
ROWS = ["gender", "age_group", "ethnicity", "supervision_type", "rosh_band", "mappa_eligible"]


def dataset(cases: int) -> Path:
    path = OUT / f"cases-{cases}.parquet"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        write_case_table(synthetic_case_table(cases, seed=1), path)
    return path


Counts = dict[tuple[str, str, str, str], tuple[int, int]]
T = TypeVar("T")


class Clock:
    """Wall and CPU seconds of named stages."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def time(self, name: str, step: Callable[[], T]) -> T:
        w, c = time.perf_counter(), time.process_time()
        out = step()
        self.wall[name] = time.perf_counter() - w
        self.cpu[name] = time.process_time() - c
        return out


def straightforward(path: Path, codes: list[str]) -> Counts:
    """pandas: (question, programme, breakdown, group) → (n, yes), and per provider."""
    df = pd.read_parquet(path)
    df["rosh_band"] = df["rosh"].astype("string").replace({"high": "high_or_very_high",
                                          "very_high": "high_or_very_high"})
    out: Counts = {}
    for q in codes:
        answers = df[q].astype("string").fillna("").str.strip().str.lower()
        frame = pd.DataFrame({"programme": df["programme"], "provider": df["provider"],
                              "y": answers.isin(["yes", "y"])})
        frame["n"] = frame["y"] | answers.isin(["no", "n"])
        for b in [*ROWS, "provider"]:
            frame["g"] = df[b].astype("string").fillna("missing")
            sums = frame.groupby(["programme", "g"], observed=True)[["n", "y"]].sum()
            for (programme, group), row in sums.iterrows():
                out[(q, str(programme), b, str(group))] = (int(row["n"]), int(row["y"]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    args = parser.parse_args()
    path = dataset(args.cases)
    options = ReportOptions(kind="bulletin", created=date(2026, 1, 1))

    clock = Clock()
    table = clock.time("read", lambda: read_case_table(path))
    report = clock.time("build", lambda: build_report(table, options))
    sizes = {fmt: len(clock.time(fmt, lambda fmt=fmt: render(report, fmt)))
             for fmt in ("pdf", "html", "xlsx")}
    wall, cpu = clock.wall, clock.cpu
    ours = wall["read"] + wall["build"] + wall["pdf"]
    ours_cpu = cpu["read"] + cpu["build"] + cpu["pdf"]

    from caseinspect.analysis import analyse

    result = analyse(table)
    codes = [q.code for q in result.questions if q.kind == "key_question"]
    t0 = time.perf_counter()
    reference = straightforward(path, codes)
    theirs = time.perf_counter() - t0

    mismatches = 0
    for ct in crosstabs(table, result, codes, split="provider"):
        for k, programme in enumerate(ct.labels):
            for b in [*ROWS, "provider"]:
                for g in ct.columns[k].by[b]:
                    if g.n and reference.get((ct.code, programme, b, g.group)) != (g.n, g.yes):
                        mismatches += 1

    print(f"cases: {args.cases:,}  key questions: {len(codes)}  tables: {len(report.tables())}"
          f"  PDF: {sizes['pdf']:,} bytes    (wall s, CPU s of this process)")
    print(f"read the case table:                     {wall['read']:6.2f} ({cpu['read']:.2f})")
    print(f"analyse + lay out the bulletin:          {wall['build']:6.2f} ({cpu['build']:.2f})")
    print(f"render PDF / HTML / Excel:               {wall['pdf']:6.2f} ({cpu['pdf']:.2f}) / "
          f"{wall['html']:.2f} / {wall['xlsx']:.2f}")
    print(f"bulletin as PDF, end to end:             {ours:6.2f} ({ours_cpu:.2f}) "
          "(target < 30 s)")
    print(f"straightforward pandas groupby tables:   {theirs:6.2f} "
          "(read + the same counts, no PDF)")
    speed_up = theirs / (wall["read"] + wall["build"])
    print(f"read + analyse + lay out vs pandas tables: {speed_up:5.1f}x"
          f"   mismatching counts: {mismatches}")
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")

if __name__ == "__main__":
    main()
