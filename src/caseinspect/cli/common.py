"""Options shared by the analysis commands: reading a table with derived attributes."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from caseinspect.analysis.derive import Agreement, derive, load_rules
from caseinspect.casetable import CaseTable, read_case_table


def derive_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--derive", "derive_rules", type=click.Path(dir_okay=False, path_type=Path),
        help="A YAML of rules deriving attributes (e.g. a provider proxy) before analysis.",
    )(f)


def load_table(file: Path, framework: str | None = None, derive_rules: Path | None = None
               ) -> tuple[CaseTable, list[Agreement]]:
    """Read a case table and apply derivation rules, if any."""
    table = read_case_table(file, framework=framework)
    if derive_rules is None:
        return table, []
    return derive(table, load_rules(derive_rules), source=str(derive_rules))


def agreement_lines(agreements: list[Agreement]) -> list[str]:
    return [f"{a.derived} agrees with {a.real} in {a.agree:,} of {a.n:,} cases "
            f"({a.pct_agree:.0f}%; {a.differ:,} differ)" if a.pct_agree is not None else
            f"{a.derived}: no case has both it and {a.real}" for a in agreements]


def cpu_workers() -> int:
    """Processes a command may fit models in: the CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
