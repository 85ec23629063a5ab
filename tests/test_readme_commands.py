"""The README's command table lists every command of the CLI, and only real ones."""

from __future__ import annotations

import re
from pathlib import Path

import click

from caseinspect.cli import commands
from caseinspect.cli import main as cli

README = Path(__file__).resolve().parents[1] / "README.md"


def _documented() -> set[str]:
    rows = [line for line in README.read_text(encoding="utf-8").splitlines()
            if line.startswith("| `caseinspect ")]
    return {m for row in rows for m in re.findall(r"`caseinspect ([a-z][a-z-]*)", row)}


def test_every_command_is_in_the_readme_table() -> None:
    commands = set(cli.list_commands(click.Context(cli)))
    assert commands, "the CLI has no commands"
    assert commands - _documented() == set()


def test_the_readme_table_names_only_real_commands() -> None:
    assert _documented() - set(cli.list_commands(click.Context(cli))) == set()


def test_each_command_is_found_where_the_registry_says() -> None:
    defined = {c.name: c for c in commands.discover()}
    assert set(defined) == set(commands.WHERE)
    for name, command in defined.items():
        assert commands.load(name) is command
    assert commands.load("no-such-command") is None
