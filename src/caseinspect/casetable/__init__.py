"""The case table: one row per inspected case — the one data contract between capture,
import, export and analysis (see ``docs/case-table.md``).

In memory a case table is a :class:`CaseTable`: a pandas DataFrame whose question columns
hold small integer answer codes (:data:`YES`, :data:`NO`, :data:`NA`, :data:`BLANK`) so that
national-scale tables stay small and fast to count.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

YES = 1
NO = 0
NA = 2
BLANK = -1
ANSWER_LABELS: dict[int, str] = {YES: "yes", NO: "no", NA: "na", BLANK: ""}


@dataclass(frozen=True)
class CaseTable:
    """A validated case table.

    ``frame`` holds ``case_id`` (text: a table read from a file keeps it in Arrow, not as a
    million Python strings), the attribute columns (categoricals for text attributes,
    numbers for ``age`` and ``weight``) and the question columns (``int8`` answer codes).
    """

    frame: pd.DataFrame
    questions: tuple[str, ...]
    attributes: tuple[str, ...]
    frameworks: tuple[str, ...]
    source: str = "<memory>"

    @property
    def cases(self) -> int:
        return len(self.frame)

    def equals(self, other: CaseTable) -> bool:
        """True when both tables hold the same columns, in the same order, with the same
        cases and values. ``source`` is not compared, nor the order of a text attribute's
        categories (a file does not keep it)."""
        if (self.questions, self.attributes, self.frameworks) != (
            other.questions, other.attributes, other.frameworks
        ) or list(self.frame.columns) != list(other.frame.columns):
            return False
        return all(
            self.frame[name].astype(object).reset_index(drop=True).equals(
                other.frame[name].astype(object).reset_index(drop=True))
            for name in self.frame.columns
        )


from caseinspect.casetable.columns import FIRST_DATA_ROW  # noqa: E402
from caseinspect.casetable.read import read_case_table, read_case_table_bytes  # noqa: E402
from caseinspect.casetable.records import from_frame, from_records  # noqa: E402
from caseinspect.casetable.synthetic import synthetic_case_table  # noqa: E402
from caseinspect.casetable.validate import table_from_arrow  # noqa: E402
from caseinspect.casetable.write import case_table_bytes, write_case_table  # noqa: E402

__all__ = [
    "ANSWER_LABELS",
    "BLANK",
    "FIRST_DATA_ROW",
    "NA",
    "NO",
    "YES",
    "CaseTable",
    "case_table_bytes",
    "from_frame",
    "from_records",
    "read_case_table",
    "read_case_table_bytes",
    "synthetic_case_table",
    "table_from_arrow",
    "write_case_table",
]
