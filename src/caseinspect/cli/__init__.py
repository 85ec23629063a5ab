"""The ``caseinspect`` command: thin commands over the core and the web app.

Each area registers its commands from its own module; bad input (an
:class:`~caseinspect.errors.InputError`) is printed and exits with status 2.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from caseinspect import __version__
from caseinspect.errors import InputError


class _Group(click.Group):
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


def _register() -> None:
    from caseinspect.cli import commands

    for command in commands.discover():
        main.add_command(command)


_register()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
