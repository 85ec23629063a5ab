"""``caseinspect diagnose``: the case-indicator part of a dynamic inspection's diagnosis.

The same core functions as the web pages (:mod:`caseinspect.analysis.indicators` and
:mod:`caseinspect.analysis.assurance`); see ``docs/diagnose.md``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from caseinspect.analysis.assurance import FAVOURABLE_RULE, AssuranceComparison, compare_assurance
from caseinspect.analysis.indicators import Indicator, compute_indicators, is_dynamic_table
from caseinspect.casetable import CaseTable, read_case_table
from caseinspect.errors import InputError, Problem
from caseinspect.frameworks.mapping import DYNAMIC

TEST_NOTE = ("* marks a group that differs from the rest of the table at 5% (two-sided pooled "
             "z-test of two proportions; Fisher's exact test when an expected count is below 5)")


def _pct(v: float | None) -> str:
    return "    –" if v is None else f"{v:5.1f}%"


def _ci(low: float | None, high: float | None) -> str:
    return "" if low is None or high is None else f"{low:5.1f}–{high:5.1f}"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _p(p: float | None) -> str:
    return "" if p is None else f"p {p:.3g}"


def render_indicators(table: CaseTable, indicators: tuple[Indicator, ...]) -> list[str]:
    lines = [f"Case indicators of the regional questions ({DYNAMIC}): {table.cases:,} cases "
             f"in {table.source}",
             "% yes of cases answered yes or no, with Wilson 95% interval", TEST_NOTE, ""]
    for ind in indicators:
        informs = ", ".join(ind.questions) or "–"
        lines.append(f"{ind.code:<6} {_short(ind.text, 70)}")
        lines.append(f"       informs {informs}")
        lines.append(f"       {'all':<24} n {ind.n:>6}  {_pct(ind.pct_yes)} "
                     f"{_ci(ind.ci95_low, ind.ci95_high):>13}")
        for name, groups in ind.by.items():
            lines.append(f"       by {name}:")
            for g in groups:
                mark = "*" if g.differs else " "
                lines.append(f"     {mark}   {_short(g.group, 22):<22} n {g.n:>6}  "
                             f"{_pct(g.pct_yes)} {_ci(g.ci95_low, g.ci95_high):>13}  {_p(g.p)}")
        lines.append("")
    return lines


def render_assurance(c: AssuranceComparison, source: str) -> list[str]:
    lines = [f"Self-assessment ({source}, {c.assurance_cases:,} cases) against the inspection "
             f"({c.inspected_cases:,} cases); {c.overlap_cases:,} cases in both",
             "region % − inspectors' % in percentage points, Newcombe 95% interval; Cohen's "
             "kappa on the cases both judged",
             f"! marks where the region judges itself more favourably: {FAVOURABLE_RULE}", ""]
    for r in c.rows:
        mark = "!" if r.more_favourable else " "
        diff = "–" if r.difference_pp is None or r.ci95_low is None or r.ci95_high is None \
            else f"{r.difference_pp:+.1f} pp ({r.ci95_low:+.1f} to {r.ci95_high:+.1f})"
        kappa = "kappa –" if r.kappa.kappa is None else f"kappa {r.kappa.kappa:.2f}"
        lines.append(f"{mark} {r.code:<6} region {_pct(r.region_pct)} (n {r.region_n:>5})  "
                     f"inspectors {_pct(r.inspected_pct)} (n {r.inspected_n:>5})  {diff}  "
                     f"{kappa} (n {r.overlap})")
    return lines


def _read(path: Path, role: str) -> CaseTable:
    table = read_case_table(path)
    if not is_dynamic_table(table):
        found = ", ".join(table.frameworks) or "none"
        raise InputError([Problem(f"the {role} table is not of framework {DYNAMIC} (its "
                                  f"questions are of: {found})", str(path))])
    return table


@click.command("diagnose")
@click.argument("cases", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--assurance", "assurance_file", type=click.Path(dir_okay=False, path_type=Path),
              help="The region's own case assurance (self-assessment) table to compare.")
@click.option("--by", "by", multiple=True,
              help="Break down by this attribute column (repeatable; default pdu, when "
                   "present).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (docs/diagnose.md).")
def diagnose_command(cases: Path, assurance_file: Path | None, by: tuple[str, ...],
                     as_json: bool) -> None:
    """The case indicators of a dynamic inspection of public protection: the region's and
    each PDU's % for the case questions and facts each regional question draws on, PDUs that
    differ significantly from the rest, and, with --assurance, where the region's own case
    assurance judges itself more favourably than the inspectors do."""
    table = _read(cases, "inspected")
    breakdowns = by or (("pdu",) if "pdu" in table.attributes else ())
    indicators = compute_indicators(table, by=breakdowns)
    comparison = None
    if assurance_file is not None:
        comparison = compare_assurance(table, _read(assurance_file, "assurance"))
    if as_json:
        data: dict[str, Any] = {
            "framework": DYNAMIC,
            "cases": table.cases,
            "indicators": [{**i.to_dict(), "questions": list(i.questions)}
                           for i in indicators],
        }
        if comparison is not None:
            data["assurance"] = comparison.to_dict()
        click.echo(json.dumps(data, indent=1, ensure_ascii=False))
        return
    lines = render_indicators(table, indicators)
    if comparison is not None:
        lines += render_assurance(comparison, str(assurance_file))
    click.echo("\n".join(lines).rstrip("\n") + "\n", nl=False)


COMMANDS = [diagnose_command]
