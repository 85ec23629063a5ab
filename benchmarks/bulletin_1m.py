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
import time
from datetime import date
from pathlib import Path

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

    t0 = time.perf_counter()
    table = read_case_table(path)
    t_read = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = build_report(table, options)
    t_build = time.perf_counter() - t0
    timings = {}
    sizes = {}
    for fmt in ("pdf", "html", "xlsx"):
        t0 = time.perf_counter()
        sizes[fmt] = len(render(report, fmt))
        timings[fmt] = time.perf_counter() - t0
    ours = t_read + t_build + timings["pdf"]

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
          f"  PDF: {sizes['pdf']:,} bytes")
    print(f"read the case table:                     {t_read:6.2f} s")
    print(f"analyse + lay out the bulletin:          {t_build:6.2f} s")
    print(f"render PDF / HTML / Excel:               {timings['pdf']:6.2f} / "
          f"{timings['html']:.2f} / {timings['xlsx']:.2f} s")
    print(f"bulletin as PDF, end to end:             {ours:6.2f} s (target < 30 s)")
    print(f"straightforward pandas groupby tables:   {theirs:6.2f} s "
          f"(read + the same counts, no PDF)")
    print(f"read + analyse + lay out vs pandas tables: {theirs / (t_read + t_build):5.1f}x"
          f"   mismatching counts: {mismatches}")


if __name__ == "__main__":
    main()
