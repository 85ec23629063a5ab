"""Batch commands keep freed memory for reuse (glibc); the server keeps the defaults."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from caseinspect.cli import LONG_RUNNING, main, memory


def test_memory_is_kept_on_glibc_linux() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("glibc malloc tuning is Linux-only")
    assert memory.keep_freed_memory() is True


def test_batch_commands_tune_memory_and_serve_does_not(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr("caseinspect.cli.keep_freed_memory", lambda: calls.append("x") or True)
    runner = CliRunner()
    assert runner.invoke(main, ["sample-size", "--help"]).exit_code == 0
    assert calls == ["x"]
    assert runner.invoke(main, ["serve", "--help"]).exit_code == 0
    assert calls == ["x"]
    assert "serve" in LONG_RUNNING
