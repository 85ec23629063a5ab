"""``caseinspect frameworks list | show CODE | validate [FILE]``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from caseinspect.frameworks import Framework, all_frameworks, load_file, load_framework


def _counts(fw: Framework) -> str:
    kqs = fw.key_questions()
    prompts = sum(len(k.prompts) for k in kqs)
    parts = [f"{len(fw.standards)} standards", f"{len(kqs)} key questions",
             f"{prompts} prompts", f"{len(fw.facts)} facts"]
    if fw.domains:
        parts.append(f"{len(fw.evidence_questions())} evidence questions")
    return ", ".join(parts)


@click.group("frameworks")
def frameworks_group() -> None:
    """The bundled inspection frameworks (standards, questions, prompts, facts)."""


@frameworks_group.command("list")
def list_command() -> None:
    """List the bundled frameworks with their counts."""
    for fw in all_frameworks():
        click.echo(f"{fw.code}\n  {fw.title}\n  {_counts(fw)}")


def render_framework(fw: Framework) -> str:
    """A framework as a readable tree."""
    lines = [f"{fw.code} — {fw.title}", f"  {_counts(fw)}", ""]
    for s in fw.standards:
        lines.append(f"{s.code}  {s.title}")
        for k in s.key_questions:
            lines.append(f"  {k.code}  {k.text}")
            lines.extend(f"      {p.code}  {p.text}" for p in k.prompts)
    if fw.facts:
        lines.append("Facts (recorded yes / no / na; not prompts)")
        lines.extend(f"  {f.code}  {f.text}" for f in fw.facts)
    for d in fw.domains:
        lines.append(f"{d.code}. {d.title}")
        for g in d.groups:
            if g.title != d.title:
                lines.append(f"  {g.title}")
            for q in g.questions:
                lines.append(f"    {q.code}  {q.text}")
                lines.append(f"          evidence: {'; '.join(q.evidence_sources)}")
    if fw.rating:
        bands = ", ".join(f"{b.label} ≥ {b.min_pct:g}%" for b in fw.rating.bands)
        lines.append(f"Rating: {bands}; a standard is rated by its lowest key question.")
    return "\n".join(lines) + "\n"


@frameworks_group.command("show")
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="Print the framework as JSON.")
def show_command(code: str, as_json: bool) -> None:
    """Show one framework's standards, key questions, prompts, facts and domains."""
    fw = load_framework(code)
    if as_json:
        click.echo(json.dumps(fw.model_dump(), indent=1, ensure_ascii=False))
    else:
        click.echo(render_framework(fw), nl=False)


@frameworks_group.command("validate")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
def validate_command(file: Path | None) -> None:
    """Validate a framework YAML file (or every bundled framework); exit 2 when invalid."""
    frameworks = [load_file(file)] if file else all_frameworks()
    for fw in frameworks:
        click.echo(f"ok  {fw.code}: {_counts(fw)}")


COMMANDS = [frameworks_group]
