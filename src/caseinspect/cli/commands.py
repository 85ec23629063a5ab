"""Where each top-level command lives, so that a run imports only its own module.

Each area keeps its commands in ``cmd_<area>.py`` beside this module, exposing a
``COMMANDS`` list; :data:`WHERE` maps every command name to its module (a test checks it
against :func:`discover`, which imports them all).
"""

from __future__ import annotations

import importlib
import pkgutil

import click

#: Command name → the ``cmd_`` module that defines it.
WHERE: dict[str, str] = {
    "analyse": "cmd_analyse",
    "demo": "cmd_analyse",
    "demo-data": "cmd_analyse",
    "compare": "cmd_compare",
    "diagnose": "cmd_diagnose",
    "frameworks": "cmd_frameworks",
    "guide": "cmd_guide",
    "model": "cmd_model",
    "report": "cmd_report",
    "sample": "cmd_sampling",
    "sample-size": "cmd_sampling",
    "serve": "cmd_web",
    "users": "cmd_web",
}


def load(name: str) -> click.Command | None:
    """The command called ``name`` (importing its module), or None if there is none."""
    module = WHERE.get(name)
    if module is None:
        return None
    found = importlib.import_module(f"{__package__}.{module}")
    for command in found.COMMANDS:
        if command.name == name:
            return command  # type: ignore[no-any-return]
    raise LookupError(f"{module} does not define the command {name!r} (see WHERE)")


def discover() -> list[click.Command]:
    """Every command of every ``cmd_`` module (imports them all)."""
    found: list[click.Command] = []
    package = importlib.import_module(__package__ or "caseinspect.cli")
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("cmd_"):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            found.extend(module.COMMANDS)
    return found
