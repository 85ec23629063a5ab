"""``caseinspect sample`` and ``caseinspect sample-size``: thin commands over
:mod:`caseinspect.sampling` (rules and output in ``docs/long-list.md``)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

from caseinspect.casetable import write_case_table
from caseinspect.sampling import (
    REASONS,
    SampleOptions,
    SampleResult,
    draw_sample,
    read_long_list,
    sample_size,
)
from caseinspect.sampling.result import DEFAULT_MAX_PER_OFFICER

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class _Percent(click.ParamType[Decimal]):
    name = "PCT"

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> Decimal:
        if isinstance(value, Decimal):
            return value
        try:
            percent = Decimal(str(value).strip().rstrip("%"))
        except InvalidOperation:
            self.fail(f"{value!r} is not a percentage", param, ctx)
        if not percent.is_finite() or percent < 0:
            self.fail(f"{value!r} is not a percentage of 0 or more", param, ctx)
        return percent


@click.command("sample")
@click.argument("long_list", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--size", type=click.IntRange(min=1), required=True,
              help="Cases requested, before the buffer.")
@click.option("--buffer", "buffer_percent", type=_Percent(), default="0", show_default=True,
              help="Extra cases for follow-up work, in percent of the sample.")
@click.option("--seed", type=click.IntRange(min=0),
              help="Seed of the random selection (default: a random seed, reported).")
@click.option("--as-of", type=click.DateTime(DATE_FORMATS),
              help="Cases starting after this date are excluded (default: today).")
@click.option("--max-per-officer", type=click.IntRange(min=1),
              default=DEFAULT_MAX_PER_OFFICER, show_default=True,
              help="Most cases any responsible officer has in the whole sample.")
@click.option("--json", "as_json", is_flag=True, help="Print the full allocation as JSON.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the selected cases as a case table (CSV, XLSX or Parquet).")
def sample_command(long_list: Path, size: int, buffer_percent: Decimal, seed: int | None,
                   as_of: datetime | None, max_per_officer: int, as_json: bool,
                   out: Path | None) -> None:
    """Draw a stratified, reproducible case sample from LONG_LIST (CSV or XLSX)."""
    options = SampleOptions(size=size, buffer_percent=buffer_percent, seed=seed,
                            as_of=as_of.date() if as_of else None,
                            max_per_officer=max_per_officer)
    result = draw_sample(read_long_list(long_list), options)
    if out is not None:
        write_case_table(result.to_case_table(), out)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
    else:
        for line in render_text(result):
            click.echo(line)
        if out is not None:
            click.echo(f"\nWrote {len(result.selected)} cases to {out}")


def render_text(result: SampleResult) -> list[str]:
    """The allocation summary a lead inspector reads: strata, clusters and LDUs (share of the
    long list vs share of the sample), officers, exclusions, shortfall."""
    reasons = Counter(e.reason for e in result.excluded)
    excluded = ", ".join(f"{r.replace('_', ' ')} {reasons[r]}" for r in REASONS if reasons[r])
    lines = [
        f"Sample of {result.source}: {result.requested} requested + {result.buffer} buffer "
        f"({result.buffer_percent}%), seed {result.seed}, as of {result.as_of.isoformat()}",
        f"Long list {result.long_list_cases:,} cases: {result.eligible:,} eligible, "
        f"{len(result.excluded):,} excluded" + (f" ({excluded})" if excluded else ""),
        "",
        f"{'Stratum':<28}{'Eligible':>9}{'Share':>8}{'Proportional':>14}{'Sample':>8}"
        "  Adjustments",
    ]
    for node in result.allocation.strata:
        changes = ", ".join(f"{a.kind.replace('_', ' ')} {a.change:+d}" for a in node.adjustments)
        lines.append(f"{node.name:<28}{node.population:>9,}"
                     f"{_share(node.population, result.eligible):>8.1%}"
                     f"{node.proportional:>14}{node.sample:>8}  {changes}")
    lines.append(f"{'Total':<28}{result.eligible:>9,}{'':>8}{'':>14}{len(result.selected):>8}")
    lines += ["", f"{'Cluster / LDU':<40}{'Eligible':>9}{'% list':>8}{'Sample':>8}{'% sample':>9}"]
    places: dict[tuple[str, ...], list[int]] = {}
    for row in result.summary_rows():
        if row.level in ("cluster", "ldu") and row.cluster is not None:
            key: tuple[str, ...] = (row.cluster,) if row.ldu is None else (row.cluster, row.ldu)
            figures = places.setdefault(key, [0, 0])
            figures[0] += row.population
            figures[1] += row.sample
    sampled = len(result.selected)
    for key, (population, sample) in sorted(places.items()):
        name = "  " * len(key) + key[-1]
        lines.append(f"{name:<40}{population:>9,}{_share(population, result.eligible):>8.1%}"
                     f"{sample:>8}{_share(sample, sampled):>9.1%}")
    per_officer = Counter(case.responsible_officer for case in result.selected)
    at_cap = sum(1 for n in per_officer.values() if n == result.max_per_officer)
    moved = sum(a.change for s in result.allocation.strata for path in s.walk()
                for a in path[-1].adjustments
                if a.kind == "officer_cap_reallocation")
    lines += [
        "",
        f"Officers: {len(per_officer)} with cases in the sample, at most "
        f"{result.max_per_officer} each ({at_cap} at the cap; {moved} cases moved to "
        "colleagues in the same LDU)",
        f"Shortfall: {result.shortfall}" + (
            " cases (not enough eligible cases or officer capacity)" if result.shortfall
            else ""),
    ]
    return lines


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@click.command("sample-size")
@click.option("--population", type=click.IntRange(min=1), required=True,
              help="N, the number of eligible cases.")
@click.option("--confidence", type=click.FloatRange(0, 1, min_open=True, max_open=True),
              default=0.8, show_default=True, help="Two-sided confidence level.")
@click.option("--margin", type=click.FloatRange(0, 1, min_open=True, max_open=True),
              default=0.05, show_default=True, help="Margin of error, as a proportion.")
@click.option("--proportion", type=click.FloatRange(0, 1, min_open=True, max_open=True),
              default=0.5, show_default=True, help="Expected proportion.")
def sample_size_command(population: int, confidence: float, margin: float,
                        proportion: float) -> None:
    """How many cases to inspect to estimate a proportion (finite-population corrected)."""
    size = sample_size(population, confidence, margin, proportion)
    for line in size.formula():
        click.echo(line)
    click.echo(f"\nSample size: {size.sample} of {population:,} cases "
               f"(± {margin:.1%} at {confidence:.0%} confidence, p = {proportion:g})")


COMMANDS: list[click.Command] = [sample_command, sample_size_command]
