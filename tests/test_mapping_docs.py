"""docs/diagnose.md shows the mapping as it is: its tables are generated from the YAML, and
this test fails when they drift (regenerate with ``python tests/test_mapping_docs.py``)."""

import re
import sys
from pathlib import Path

from caseinspect.analysis.indicators import indicator_codes, indicator_text
from caseinspect.frameworks import load_framework
from caseinspect.frameworks.mapping import DYNAMIC, load_mapping

DOC = Path(__file__).parent.parent / "docs" / "diagnose.md"
BLOCK = re.compile(r"(<!-- mapping:start -->\n)(.*?)(<!-- mapping:end -->)", re.S)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def mapping_tables() -> str:
    mapping = load_mapping()
    questions = {q.code: q.text for q in load_framework(DYNAMIC).evidence_questions()}
    lines = ["| question | indicators | why (seed 004, quoted) |", "| --- | --- | --- |"]
    for link in mapping.links:
        lines.append(f"| {link.question} {_cell(questions[link.question])} | "
                     f"{', '.join(link.indicators)} | “{_cell(link.why)}” |")
    lines += ["", "| indicator | text | informs |", "| --- | --- | --- |"]
    for code in indicator_codes():
        text, kind = indicator_text(code)
        informs = ", ".join(mapping.questions_for_indicator(code))
        lines.append(f"| {code} ({kind.replace('_', ' ')}) | {_cell(text)} | {informs} |")
    return "\n".join(lines) + "\n"


def test_the_mapping_tables_in_the_docs_are_current() -> None:
    match = BLOCK.search(DOC.read_text(encoding="utf-8"))
    assert match, "docs/diagnose.md has no mapping block"
    assert match.group(2) == mapping_tables()


def test_the_docs_name_every_json_key() -> None:
    text = DOC.read_text(encoding="utf-8")
    for key in ("pct_yes", "ci95_low", "differs", "questions", "more_favourable",
                "region_higher", "overlap", "kappa", "difference_pp", "more_favourable_rule"):
        assert f"`{key}`" in text, key


if __name__ == "__main__":
    body = DOC.read_text(encoding="utf-8")
    DOC.write_text(BLOCK.sub(lambda m: m.group(1) + mapping_tables() + m.group(3), body),
                   encoding="utf-8")
    sys.exit(0)
