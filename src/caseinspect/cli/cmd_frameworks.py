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


def render_framework(fw: Framework, guidance: bool = False) -> str:
    """A framework as a readable tree; ``guidance`` adds the non-case questions' guidance."""
    lines = [f"{fw.code} — {fw.title}", f"  {_counts(fw)}", ""]
    for s in fw.standards:
        lines.append(f"{s.code}  {s.title}")
        for k in s.key_questions:
            source = f"  [seed {k.source}]" if k.source else ""
            lines.append(f"  {k.code}  {k.text}{source}")
            lines.extend(f"      {p.code}  {p.text}" for p in k.prompts)
    if fw.facts:
        lines.append("Facts (recorded yes / no / na; not prompts)")
        for f in fw.facts:
            lines.append(f"  {f.code}  {f.text}")
            if f.source:
                lines.append(f"        source {f.source}")
    for d in fw.domains:
        lines.append(f"{d.code}. {d.title}")
        for g in d.groups:
            if g.title != d.title:
                lines.append(f"  {g.title}")
            for q in g.questions:
                lines.append(f"    {q.code}  {q.text}")
                if guidance and q.guidance:
                    lines.extend(f"          {para}" for para in q.guidance.split("\n\n"))
                lines.append("          evidence:")
                lines.extend(f"            - {e}" for e in q.evidence_sources)
    if fw.rating:
        bands = ", ".join(f"{b.label} ≥ {b.min_pct:g}%" for b in fw.rating.bands[:-1])
        lines.append(f"Rating: {bands}, else {fw.rating.bands[-1].label} (unrounded %); "
                     "a standard is rated by its lowest key question.")
        if fw.rating.overall_bands:
            overall = ", ".join(f"{b.min_score}–{b.max_score} {b.label}"
                                for b in fw.rating.overall_bands)
            lines.append(f"Overall score over {fw.rating.overall_standards} standards: {overall}.")
    return "\n".join(lines) + "\n"


@frameworks_group.command("show")
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="Print the framework as JSON.")
@click.option("--guidance", is_flag=True, help="Include the non-case questions' guidance text.")
def show_command(code: str, as_json: bool, guidance: bool) -> None:
    """Show one framework's standards, key questions, prompts, facts and domains."""
    fw = load_framework(code)
    if as_json:
        click.echo(json.dumps(fw.model_dump(), indent=1, ensure_ascii=False))
    else:
        click.echo(render_framework(fw, guidance), nl=False)


@frameworks_group.command("validate")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
def validate_command(file: Path | None) -> None:
    """Validate a framework YAML file (or every bundled framework); exit 2 when invalid."""
    frameworks = [load_file(file)] if file else all_frameworks()
    for fw in frameworks:
        click.echo(f"ok  {fw.code}: {_counts(fw)}")


COMMANDS = [frameworks_group]
