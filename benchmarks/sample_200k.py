"""Benchmark: sample from a 200,000-case long list (issue 6 target: under 5 s).

Run: ``.venv/bin/python benchmarks/sample_200k.py [CASES]``

Times caseinspect from the CSV file to the selected cases, and compares its reading,
eligibility and strata stage with a straightforward implementation of the same rules
(pandas row-by-row ``apply`` for labels and dates, a Python loop with a dictionary
union-find for duplicates), checking that both give the same eligible cases and strata.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from caseinspect.sampling import SampleOptions, draw_sample, read_long_list
from caseinspect.sampling.eligibility import eligible_cases
from caseinspect.sampling.labels import ROSH, SENTENCE_TYPES, normalise_label
from factories_sampling import synthetic_frame, to_csv

AS_OF = date(2025, 1, 1)
TARGET_SECONDS = 5.0


def straightforward(path: Path, as_of: date) -> dict[str, str]:
    """Eligible CRN → stratum, the obvious way: one row at a time."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)

    def parse_date(text: str) -> datetime | None:
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(text.strip(), pattern)
            except ValueError:
                pass
        return None

    def per_row(row: pd.Series) -> tuple[object, ...]:
        first, family = row["first_name"].strip().lower(), row["family_name"].strip().lower()
        gender = {"m": "M", "male": "M", "f": "F", "female": "F"}.get(
            row["gender"].strip().lower(), "other" if row["gender"].strip() else "missing")
        start = parse_date(row["start_date"])
        dob = parse_date(row["dob"]) if row["dob"].strip() else None
        supervision = SENTENCE_TYPES[normalise_label(row["sentence_type"])]
        rosh = ROSH[normalise_label(row["rosh"])]
        if "*" in first or "*" in family:
            reason = "sensitive"
        elif start is None or start.date() > as_of:
            reason = "not_started"
        elif gender != "M" and gender != "F":
            reason = "gender_" + gender
        else:
            reason = ""
        if gender == "F":
            stratum = "female"
        else:
            stratum = (f"male_{supervision}_" + ("low" if rosh == "low" else "non_low"))
        person = (first, family, dob) if first and family and dob else None
        return (row["crn"].strip().upper(), row["pnc"].strip().upper(), person, start,
                reason, stratum, row.name)

    records = frame.apply(per_row, axis=1).tolist()
    eligible = [r for r in records if r[4] == ""]
    parent: dict[object, object] = {}

    def find(x: object) -> object:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for crn, pnc, person, *_ in eligible:
        keys = [("crn", crn)] + ([("pnc", pnc)] if pnc else []) + (
            [("person", person)] if person else [])
        for key in keys[1:]:
            parent[find(key)] = find(keys[0])
    best: dict[object, tuple[object, ...]] = {}
    for record in eligible:
        root = find(("crn", record[0]))
        rank = (record[3], record[0], record[6])
        if root not in best or rank < best[root][0]:
            best[root] = (rank, record)
    return {record[0]: record[5] for _, record in best.values()}


def main(cases: int) -> None:
    frame = synthetic_frame(cases, seed=1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long-list.csv"
        path.write_bytes(to_csv(frame))

        started = time.perf_counter()
        long_list = read_long_list(path)
        eligible = eligible_cases(long_list, AS_OF).eligible
        fast = time.perf_counter() - started

        started = time.perf_counter()
        reference = straightforward(path, AS_OF)
        slow = time.perf_counter() - started
        same = reference == dict(zip(eligible["crn"], eligible["stratum"], strict=True))

        started = time.perf_counter()
        result = draw_sample(read_long_list(path), SampleOptions(
            size=400, buffer_percent=Decimal(10), seed=1, as_of=AS_OF))
        whole = time.perf_counter() - started

    print(f"long list: {cases:,} cases (synthetic, seed 1), {len(eligible):,} eligible")
    print(f"read + eligibility + strata, caseinspect:      {fast:6.2f} s")
    print(f"read + eligibility + strata, row by row:       {slow:6.2f} s"
          f"   ratio {slow / fast:5.1f}×   same result: {'yes' if same else 'NO'}")
    print(f"whole sample (file → {len(result.selected)} selected cases):     {whole:6.2f} s"
          f"   target < {TARGET_SECONDS:g} s: {'met' if whole < TARGET_SECONDS else 'MISSED'}")
    if not same or whole >= TARGET_SECONDS:
        sys.exit(1)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
