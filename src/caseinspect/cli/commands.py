"""Collect the top-level commands: each area keeps its commands in ``cmd_<area>.py``
beside this module, exposing a ``COMMANDS`` list."""

from __future__ import annotations

import importlib
import pkgutil

import click

import caseinspect.cli as _package


def discover() -> list[click.Command]:
    found: list[click.Command] = []
    for info in sorted(pkgutil.iter_modules(_package.__path__), key=lambda i: i.name):
        if info.name.startswith("cmd_"):
            module = importlib.import_module(f"{_package.__name__}.{info.name}")
            found.extend(module.COMMANDS)
    return found
