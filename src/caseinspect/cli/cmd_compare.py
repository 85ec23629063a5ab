"""``caseinspect compare``: change between two programmes (or any two groups), and group tests."""

from __future__ import annotations

import json
from pathlib import Path

import click

from caseinspect.analysis.compare import Comparison, compare
from caseinspect.cli.common import agreement_lines, derive_option, load_table


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v:.1f}%"


def render_comparison(c: Comparison) -> str:
    lines = [f"Change from {c.from_value} to {c.to_value} ({c.attribute}), percentage points "
             "with Newcombe 95% interval", ""]
    for code, changes in c.changes.items():
        for ch in changes:
            label = code if ch.split_group is None else f"  {c.split}={ch.split_group}"
            diff = "–" if ch.difference_pp is None else (
                f"{ch.difference_pp:+.1f} pp ({ch.ci95_low:+.1f} to {ch.ci95_high:+.1f})")
            p = "" if ch.p is None else f"p {ch.p:.3g} ({ch.method})"
            lines.append(f"{label:<22} {_pct(ch.from_pct):>7} (n {ch.from_n:>6}) → "
                         f"{_pct(ch.to_pct):>7} (n {ch.to_n:>6})  {diff}  {p}")
    lines += ["", "Do the groups differ? (chi-square; exact when expected counts are small)"]
    for t in c.tests:
        if t.p is not None:
            lines.append(f"  {t.question:<10} by {t.breakdown:<18} p {t.p:.3g} ({t.method})")
    return "\n".join(lines) + "\n"


@click.command("compare")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--between", nargs=3, required=True, metavar="ATTRIBUTE FROM TO",
              help="e.g. --between programme OMI2 QI")
@click.option("--split", help="Also show the change within each group of this attribute.")
@click.option("--json", "as_json", is_flag=True)
@derive_option
def compare_command(file: Path, between: tuple[str, str, str], split: str | None,
                    as_json: bool, derive_rules: Path | None) -> None:
    """How quality changed between two groups (e.g. programmes), per question."""
    table, agreements = load_table(file, None, derive_rules)
    result = compare(table, between[0], between[1], between[2], split=split)
    if as_json:
        data = result.to_dict()
        data["derived"] = [a.to_dict() for a in agreements]
        click.echo(json.dumps(data, indent=1))
    else:
        for line in agreement_lines(agreements):
            click.echo(line)
        click.echo(render_comparison(result), nl=False)


COMMANDS = [compare_command]
