"""``caseinspect analyse``, ``demo`` and ``demo-data``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from caseinspect.analysis import analyse
from caseinspect.analysis.disclosure import DEFAULT_THRESHOLD, publish_analysis
from caseinspect.analysis.render_models import render_model
from caseinspect.analysis.render_text import render_text
from caseinspect.analysis.stepwise import stepwise_many
from caseinspect.casetable import read_case_table, synthetic_case_table, write_case_table
from caseinspect.casetable.synthetic import DEFAULT_FRAMEWORKS
from caseinspect.cli.common import agreement_lines, cpu_workers, derive_option, load_table
from caseinspect.frameworks import list_frameworks


def _framework_choice() -> click.Choice[str]:
    return click.Choice(list_frameworks())


@click.command("analyse")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--framework", type=_framework_choice(), help="Pin the questions to one framework.")
@click.option("--by", "by", multiple=True, help="An extra breakdown column (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (docs/analysis-json.md).")
@click.option("--prompts/--no-prompts", default=True, help="Show prompts in the text table.")
@click.option("--models", is_flag=True,
              help="Add a forward stepwise logistic regression for each key question.")
@click.option("--vars", "variables", multiple=True,
              help="Candidate variables for --models (repeatable).")
@derive_option
@click.option("--publish", is_flag=True,
              help="Suppress small cells (and cells that would reveal them) for publication.")
@click.option("--threshold", type=click.IntRange(min=1), default=DEFAULT_THRESHOLD,
              show_default=True, help="Smallest number of cases a published cell may show.")
def analyse_command(file: Path, framework: str | None, by: tuple[str, ...], as_json: bool,
                    prompts: bool, models: bool, variables: tuple[str, ...],
                    derive_rules: Path | None, publish: bool, threshold: int) -> None:
    """Analyse a case table: % yes per question with Wilson 95% intervals, breakdowns by
    programme and subgroup, each standard's rating and, with --models, which subgroup
    differences stay significant in a stepwise logistic regression."""
    table, agreements = load_table(file, framework, derive_rules)
    result = analyse(table, framework=framework, by=list(by))
    fitted = []
    if models:
        keys = [q.code for q in result.questions if q.kind == "key_question"]
        fitted = stepwise_many(table, keys, list(variables) or None, workers=cpu_workers())
    if publish:
        data = publish_analysis(result.to_dict(), threshold)
        if models:
            data["models"] = [m.to_dict() for m in fitted]
        click.echo(json.dumps(data, indent=1) if as_json else render_published(data), nl=False)
        return
    if as_json:
        data = result.to_dict()
        data["derived"] = [a.to_dict() for a in agreements]
        if models:
            data["models"] = [m.to_dict() for m in fitted]
            data["model_warnings"] = [w for m in fitted for w in m.warnings]
        click.echo(json.dumps(data, indent=1))
    else:
        for line in agreement_lines(agreements):
            click.echo(line)
        click.echo(render_text(result, show_prompts=prompts), nl=False)
        for m in fitted:
            click.echo("\n" + render_model(m), nl=False)


def render_published(data: dict[str, Any]) -> str:
    """The published (suppressed) figures as text: 'c' marks a suppressed cell."""
    lines = [data["disclosure"]["rule"], ""]
    for q in data["questions"]:
        pct = "c" if q["suppressed"] else (
            "–" if q["pct_yes"] is None else f"{q['pct_yes']:.1f}%")
        lines.append(f"{q['code']:<10} n {q['n'] if q['n'] is not None else 'c':>7}  {pct}")
        for name, groups in q["by"].items():
            cells = ", ".join(
                f"{g['group']} c" if g["suppressed"] else
                f"{g['group']} {g['pct_yes']:.1f}% (n {g['n']})" if g["pct_yes"] is not None
                else f"{g['group']} – (n {g['n']})" for g in groups)
            lines.append(f"    {name}: {cells}")
    return "\n".join(lines) + "\n"


@click.command("demo-data")
@click.argument("n", type=click.IntRange(min=1))
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the table (.csv, .xlsx or .parquet).")
@click.option("--framework", "frameworks", multiple=True, type=_framework_choice(),
              help="Frameworks to answer (repeatable; default case supervision and the "
                   "bulletin's public protection questions).")
def demo_data_command(n: int, seed: int, out: Path, frameworks: tuple[str, ...]) -> None:
    """Write a synthetic (made-up) case table of N cases for demos, tests and benchmarks."""
    table = synthetic_case_table(n, seed=seed, frameworks=frameworks or DEFAULT_FRAMEWORKS)
    write_case_table(table, out)
    click.echo(f"wrote {n:,} synthetic cases to {out} (seed {seed}; every row is made up)")


@click.command("demo")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("caseinspect-data"), show_default=True,
              help="Where to write the synthetic case table.")
@click.option("--cases", type=click.IntRange(min=10), default=2849, show_default=True,
              help="How many synthetic cases (the bulletin had 2,849).")
@click.option("--seed", type=int, default=2018, show_default=True)
def demo_command(data_dir: Path, cases: int, seed: int) -> None:
    """Make synthetic demo data in a local data directory and show its analysis."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "demo-cases.csv"
    table = synthetic_case_table(cases, seed=seed)
    write_case_table(table, path)
    click.echo(f"SYNTHETIC DEMO DATA — {cases:,} made-up cases written to {path}\n")
    result = analyse(read_case_table(path))
    click.echo(render_text(result, show_prompts=False), nl=False)
    click.echo(f"\nTry: caseinspect analyse {path} --by region --json")


COMMANDS = [analyse_command, demo_data_command, demo_command]
