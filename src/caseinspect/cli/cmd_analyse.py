"""``caseinspect analyse``, ``demo`` and ``demo-data``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from caseinspect.analysis import analyse
from caseinspect.analysis.render_models import render_model
from caseinspect.analysis.render_text import render_text
from caseinspect.analysis.stepwise import stepwise
from caseinspect.casetable import read_case_table, synthetic_case_table, write_case_table
from caseinspect.casetable.synthetic import DEFAULT_FRAMEWORKS
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
def analyse_command(file: Path, framework: str | None, by: tuple[str, ...], as_json: bool,
                    prompts: bool, models: bool, variables: tuple[str, ...]) -> None:
    """Analyse a case table: % yes per question with Wilson 95% intervals, breakdowns by
    programme and subgroup, each standard's rating and, with --models, which subgroup
    differences stay significant in a stepwise logistic regression."""
    table = read_case_table(file, framework=framework)
    result = analyse(table, framework=framework, by=list(by))
    fitted = []
    if models:
        keys = [q.code for q in result.questions if q.kind == "key_question"]
        fitted = [stepwise(table, code, list(variables) or None) for code in keys]
    if as_json:
        data = result.to_dict()
        if models:
            data["models"] = [m.to_dict() for m in fitted]
            data["model_warnings"] = [w for m in fitted for w in m.warnings]
        click.echo(json.dumps(data, indent=1))
    else:
        click.echo(render_text(result, show_prompts=prompts), nl=False)
        for m in fitted:
            click.echo("\n" + render_model(m), nl=False)


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
