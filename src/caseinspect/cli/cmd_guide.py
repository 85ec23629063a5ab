"""``caseinspect guide``: what good looks like, from the effective practice guide."""

from __future__ import annotations

import json

import click

from caseinspect.errors import InputError
from caseinspect.frameworks.practice import guide_for, load_practice_guide


@click.command("guide")
@click.argument("code", required=False)
@click.option("--json", "as_json", is_flag=True)
def guide_command(code: str | None, as_json: bool) -> None:
    """What good looks like for a key question or prompt (e.g. 2.1.3 or 2.1.3.b or C1),
    from the effective practice guide; with no CODE, the guide's areas and standards."""
    guide = load_practice_guide()
    if code is None:
        if as_json:
            click.echo(json.dumps(guide.model_dump(), indent=1, ensure_ascii=False))
            return
        click.echo(f"{guide.title}\n")
        for area in guide.areas:
            click.echo(area.title)
            for e in area.entries:
                click.echo(f"  {e.key_question:<7} {e.heading} (case summary: "
                           f"{e.case_summary.name})")
        return
    found = guide_for(code)
    if not found:
        raise InputError.single(f"the effective practice guide has nothing for {code!r}; "
                                "use a domain two key question or prompt (2.1.1–2.4.3) or C1–C4")
    if as_json:
        click.echo(json.dumps([{"area": a.code, **e.model_dump()} for a, e in found], indent=1,
                              ensure_ascii=False))
        return
    for area, e in found:
        lines = [f"{area.title} — {e.heading} ({e.key_question})", "", e.expectation,
                 "Practitioners should:"]
        lines += [f"  • {p}" for p in e.practitioners_should]
        lines += ["", f"Case summary: {e.case_summary.name} (a fictional name)",
                  f"  {e.case_summary.synopsis}"]
        if e.inspector_highlights:
            lines += ["", "Inspector's comments"]
            lines += [f"  “{h}”" for h in e.inspector_highlights]
        if e.take_away_questions:
            lines += ["", "Take away – applying the learning"]
            lines += [f"  {i}. {q}" for i, q in enumerate(e.take_away_questions, start=1)]
        click.echo("\n".join(lines) + "\n")


COMMANDS = [guide_command]
