"""docs/analysis-json.md documents exactly the fields ``AnalysisResult.to_dict`` produces."""

import re
from pathlib import Path

from caseinspect.analysis import analyse
from factories import make_case_table

DOC = Path(__file__).resolve().parents[1] / "docs" / "analysis-json.md"


def documented(section: str) -> set[str]:
    text = DOC.read_text(encoding="utf-8")
    body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z0-9_]+)` \|", body, flags=re.M))


def test_every_field_is_documented_and_every_documented_field_exists() -> None:
    t = make_case_table(programme=["OMI2", "QI"], pp1=["yes", "no"], weight=["1", "2"])
    data = analyse(t).to_dict()
    assert documented("Top level") == set(data)
    q = data["questions"][0]
    assert documented("question") == set(q)
    assert documented("group") == set(q["by"]["programme"][0])
    assert documented("standard") == set(data["standards"][0])
    assert documented("overall") == set(data["overall"][0])
