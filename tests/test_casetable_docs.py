"""docs/case-table.md documents the whole contract: every known column, every answer
spelling, every demo-data option, and its example reads as it says."""

import re
from pathlib import Path

import click

from caseinspect.casetable import FIRST_DATA_ROW, read_case_table
from caseinspect.casetable.columns import ANSWER_VALUES, KNOWN_ATTRIBUTES
from caseinspect.cli import main

DOC = Path(__file__).parent.parent / "docs" / "case-table.md"


def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def test_every_known_attribute_column_is_documented() -> None:
    rows = re.findall(r"^\| `([a-z_]+)` \| (?:text|number) \|", doc(), flags=re.M)
    assert rows == list(KNOWN_ATTRIBUTES)


def test_every_answer_spelling_is_documented() -> None:
    text = doc()
    for spelling in ANSWER_VALUES:
        if spelling:
            assert f"`{spelling}`" in text, spelling


def test_row_numbering_is_documented() -> None:
    assert FIRST_DATA_ROW == 2
    assert "the header is row 1, so the first\ncase is row 2" in doc()


def test_every_demo_data_option_is_documented() -> None:
    command = main.get_command(click.Context(main), "demo-data")
    assert isinstance(command, click.Command)
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.opts[0] in doc(), param.opts[0]


def test_the_example_reads_as_documented(tmp_path: Path) -> None:
    text = doc()
    csv = re.search(r"```csv\n(.*?)```", text, flags=re.S)
    assert csv is not None
    path = tmp_path / "cases.csv"
    path.write_text(csv.group(1), encoding="utf-8")
    table = read_case_table(path)
    assert f"table.questions    # {table.questions}" in text
    assert f"table.frameworks   # {table.frameworks}" in text
    assert f"table.attributes   # {table.attributes}" in text
    assert f'table.frame["2.1.3"].tolist()   # {table.frame["2.1.3"].tolist()}' in text
    assert f'table.frame["pp5"].tolist()     # {table.frame["pp5"].tolist()}' in text
