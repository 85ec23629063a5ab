"""``caseinspect guide [CODE] [--json]``: what good looks like, from the effective practice
guide."""

from __future__ import annotations

import json
from typing import Any

import click

from caseinspect.errors import InputError
from caseinspect.frameworks.practice import (
    PracticeArea,
    PracticeEntry,
    PracticeGuide,
    guide_for,
    key_question_of,
    load_practice_guide,
    prompt_letter,
)


def render_index(guide: PracticeGuide) -> str:
    lines = [guide.title, ""]
    for area in guide.areas:
        lines.append(f"{area.title}  [{area.code}]")
        lines += [f"  {e.key_question:<7} {e.heading} (case summary: {e.case_summary.label})"
                  for e in area.entries]
    lines += ["", "caseinspect guide CODE: a key question or prompt (2.1.3, 2.1.3.b, C1.a) "
              "or an area code"]
    return "\n".join(lines)


def _section(title: str, items: list[str]) -> list[str]:
    return ["", title, *[f"  • {item}" for item in items]] if items else []


def render_area(area: PracticeArea) -> str:
    lines = [area.title, f"  quoted from seed {', '.join(area.sources)}"]
    if area.findings:
        lines += ["", area.findings]
    lines += _section("We expect to see", area.we_expect_to_see)
    lines += _section("Key strengths", area.key_strengths)
    lines += _section("Challenges", area.challenges)
    lines += _section("What people on probation told us", [f"“{q}”"
                                                            for q in area.people_on_probation_say])
    return "\n".join(lines)


def render_entry(area: PracticeArea, entry: PracticeEntry, code: str) -> str:
    point = entry.point_for(code)
    lines = [f"{area.title} — {entry.heading} ({entry.key_question})", "", entry.expectation,
             "Practitioners should:"]
    lines += [f"  {'▶' if p == point else '•'} {p}" for p in entry.practitioners_should]
    if entry.note:
        lines.append(f"  {entry.note}")
    lines += ["", f"Case summary: {entry.case_summary.label} (a fictional name)",
              f"  {entry.case_summary.synopsis}"]
    if entry.inspector_highlights:
        lines += ["", "Inspector's comments"]
        lines += [f"  “{h}”" for h in entry.inspector_highlights]
    if entry.take_away_questions:
        lines += ["", "Take away – applying the learning"]
        lines += [f"  {i}. {q}" for i, q in enumerate(entry.take_away_questions, start=1)]
    return "\n".join(lines)


def entries_json(code: str, entries: list[PracticeEntry], guide: PracticeGuide) -> dict[str, Any]:
    return {"code": code, "key_question": key_question_of(code),
            "entries": [{"area_title": guide.area(e.area).title,
                         "variant_of": guide.area(e.area).variant_of,
                         "point": e.point_for(code), **e.model_dump()} for e in entries]}


def _dumps(data: Any) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False)


@click.command("guide")
@click.argument("code", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the guide's data as JSON.")
def guide_command(code: str | None, as_json: bool) -> None:
    """What good looks like for a key question or prompt (e.g. 2.1.3, 2.1.3.b or C1.a), or an
    area's strengths and challenges (e.g. keeping_safe), from the effective practice guide; with
    no CODE, the guide's areas and standards."""
    guide = load_practice_guide()
    if code is None:
        click.echo(_dumps(guide.model_dump()) if as_json else render_index(guide))
        return
    area = next((a for a in guide.areas if a.code == code), None)
    if area is not None:
        click.echo(_dumps(area.model_dump()) if as_json else render_area(area))
        return
    entries = guide_for(code)
    if not entries:
        areas = ", ".join(a.code for a in guide.areas)
        raise InputError.single(
            "the effective practice guide has nothing for this code; use a domain two key "
            f"question or prompt (2.1.1–2.4.3, e.g. 2.1.3.b), C1–C4, or an area ({areas})",
            value=code)
    if prompt_letter(code) and entries[0].point_for(code) is None:
        last = chr(ord("a") + len(entries[0].practitioners_should) - 1)
        raise InputError.single(f"{key_question_of(code)} has no such prompt; its prompts run "
                                f"a–{last}", value=code)
    if as_json:
        click.echo(_dumps(entries_json(code, entries, guide)))
        return
    click.echo("\n\n".join(render_entry(guide.area(e.area), e, code) for e in entries) + "\n")


COMMANDS = [guide_command]
