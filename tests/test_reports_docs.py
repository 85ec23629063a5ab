"""docs/reports.md describes every option of ``caseinspect report``."""

from __future__ import annotations

from pathlib import Path

from caseinspect.cli.cmd_report import report_command

DOC = Path(__file__).parent.parent / "docs" / "reports.md"


def test_every_option_of_the_command_is_in_the_docs():
    text = DOC.read_text(encoding="utf-8")
    options = [opt for p in report_command.params for opt in p.opts if opt.startswith("--")]
    assert options
    missing = [opt for opt in options if f"`{opt}" not in text]
    assert missing == []
