"""docs/diagnose.md's example reads as the command prints it, text and JSON."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from caseinspect.cli import main
from factories import case_frame, write_raw

DOC = Path(__file__).parent.parent / "docs" / "diagnose.md"
COMMAND = "caseinspect diagnose cases.csv --assurance self.csv"


def example_tables(where: Path) -> None:
    """The doc's tables: F1 in PDU A 15 yes / 5 no, in B 10 yes / 18 no / 2 na; the region's
    own assurance of the first ten cases, 9 yes and 1 no."""
    f1 = ["yes"] * 15 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 18 + ["na"] * 2
    write_raw(where / "cases.csv", case_frame(F1=f1, pdu=["A"] * 20 + ["B"] * 30))
    write_raw(where / "self.csv", case_frame(F1=["yes"] * 9 + ["no"], pdu="A", n=10))


def rounded(x: Any) -> Any:
    if isinstance(x, float):
        return round(x, 4)
    if isinstance(x, dict):
        return {k: rounded(v) for k, v in x.items()}
    if isinstance(x, list):
        return [rounded(v) for v in x]
    return x


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    example_tables(tmp_path)
    return tmp_path


def test_the_text_example(in_tmp: Path) -> None:
    doc = DOC.read_text(encoding="utf-8")
    match = re.search(r"\$ " + re.escape(COMMAND) + r"\n(.*?)```", doc, re.S)
    assert match
    result = CliRunner().invoke(main, COMMAND.split()[1:])
    assert result.exit_code == 0
    assert result.stdout == match.group(1)


def test_the_json_example(in_tmp: Path) -> None:
    doc = DOC.read_text(encoding="utf-8")
    match = re.search(r"```json\n(.*?)```", doc, re.S)
    assert match
    result = CliRunner().invoke(main, [*COMMAND.split()[1:], "--json"])
    assert result.exit_code == 0
    assert rounded(json.loads(result.stdout)) == json.loads(match.group(1))
