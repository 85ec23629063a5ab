"""The ``caseinspect`` command: thin commands over the core and the web app.

Each area keeps its commands in its own ``cmd_<area>.py`` module (a ``COMMANDS`` list);
:data:`caseinspect.cli.commands.WHERE` names the module of each command, so a run imports
only the module of the command it runs (``caseinspect analyse`` does not pay for the web
app, and one area's broken import cannot stop another's commands). Bad input (an
:class:`~caseinspect.errors.InputError`) is printed and exits with status 2.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from caseinspect import __version__
from caseinspect.cli import commands
from caseinspect.cli.memory import keep_freed_memory
from caseinspect.errors import InputError

#: Commands that stay running: they keep the C library's memory defaults.
LONG_RUNNING = frozenset({"serve"})


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(commands.WHERE)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return commands.load(cmd_name)

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] in commands.WHERE and args[0] not in LONG_RUNNING:
            keep_freed_memory()  # before the command's module and data are loaded
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as exc:
            for line in exc.lines():
                click.echo(f"error: {line}", err=True)
            ctx.exit(2)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="caseinspect")
def main() -> None:
    """caseinspect: inspect the quality of probation case supervision."""


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
