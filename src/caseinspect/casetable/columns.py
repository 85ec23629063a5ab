"""What the case table's columns are: known attributes, question codes, answer values."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from caseinspect.casetable import BLANK, NA, NO, YES

CASE_ID = "case_id"

#: Known attribute columns, all optional, in the order the contract lists them.
KNOWN_ATTRIBUTES: tuple[str, ...] = (
    "programme",
    "inspection",
    "region",
    "pdu",
    "provider",
    "gender",
    "age",
    "age_group",
    "ethnicity",
    "supervision_type",
    "rosh",
    "mappa_eligible",
    "mappa_category",
    "mappa_level",
    "domestic_abuse",
    "child_protection",
    "iom",
    "offence_category",
    "responsible_officer",
    "inspector",
    "weight",
)

#: Attribute columns holding numbers rather than categories.
NUMERIC_ATTRIBUTES: frozenset[str] = frozenset({"age", "weight"})

#: Shapes of question codes: ``2.1.3``, ``2.1.3.a``, ``pp5``, ``C1``, ``C1.a``, ``F1``.
QUESTION_CODE = re.compile(r"^(\d+\.\d+\.\d+(\.[a-z])?|pp\d+|C\d+(\.[a-z])?|F\d+)$")

#: The bulletin's age bands (seed 003).
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("18-20", 18, 20),
    ("21-24", 21, 24),
    ("25-29", 25, 29),
    ("30-39", 30, 39),
    ("40-49", 40, 49),
    ("50+", 50, 200),
)

#: Accepted spellings of answers (after stripping and lower-casing).
ANSWER_VALUES: dict[str, int] = {
    "yes": YES,
    "y": YES,
    "no": NO,
    "n": NO,
    "na": NA,
    "n/a": NA,
    "not applicable": NA,
    "": BLANK,
}


def looks_like_question_code(column: str) -> bool:
    """True when a column name has the shape of a question code."""
    return QUESTION_CODE.match(column) is not None


def nearest_codes(column: str, codes: Iterable[str], n: int = 3) -> list[str]:
    """The known question codes closest to a column name, best first."""
    return difflib.get_close_matches(column, list(codes), n=n, cutoff=0.5)


def answer_code(value: object) -> int | None:
    """The answer code for one cell value, or None when the value is not an answer."""
    if value is None:
        return BLANK
    if isinstance(value, float) and value != value:  # NaN from a reader
        return BLANK
    return ANSWER_VALUES.get(str(value).strip().lower())


def categorical(codes: object, labels: Sequence[str]) -> pd.Categorical:
    """A categorical from integer codes (-1 for missing) and its labels."""
    index = pd.Index(list(labels), dtype=object)
    result = pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64), categories=index)
    return cast(pd.Categorical, result)


def age_group_of(age: npt.NDArray[np.float64]) -> pd.Categorical:
    """The bulletin's age bands (18-20, 21-24, 25-29, 30-39, 40-49, 50+) of ages."""
    codes = np.full(age.shape, -1, dtype=np.int64)
    for i, (_, lo, hi) in enumerate(AGE_BANDS):
        codes[(age >= lo) & (age <= hi)] = i
    return categorical(codes, [b[0] for b in AGE_BANDS])
