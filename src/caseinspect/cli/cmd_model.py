"""``caseinspect model``: one question's stepwise logistic regression."""

from __future__ import annotations

import json
from pathlib import Path

import click

from caseinspect.analysis.render_models import render_model
from caseinspect.analysis.stepwise import stepwise
from caseinspect.cli.common import derive_option, load_table


@click.command("model")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--question", required=True, help="Question code, e.g. pp5.")
@click.option("--vars", "variables", multiple=True,
              help="Candidate variables (repeatable; default: the bulletin's, those present).")
@click.option("--json", "as_json", is_flag=True, help="Print the model as JSON.")
@derive_option
def model_command(file: Path, question: str, variables: tuple[str, ...], as_json: bool,
                  derive_rules: Path | None) -> None:
    """Which subgroup differences in one question stay significant once the others are
    accounted for: forward stepwise logistic regression (Bulletin 2018/02, Annex A)."""
    table, _ = load_table(file, None, derive_rules)
    result = stepwise(table, question, list(variables) or None)
    if as_json:
        data = result.to_dict()
        data["warnings"] = list(result.warnings)
        click.echo(json.dumps(data, indent=1))
    else:
        click.echo(render_model(result), nl=False)


COMMANDS = [model_command]
