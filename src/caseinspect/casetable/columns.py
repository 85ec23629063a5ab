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
from caseinspect.errors import InputError, Problem

CASE_ID = "case_id"

#: Row number of a table's first case: the header is row 1, as a spreadsheet shows it.
FIRST_DATA_ROW = 2

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

#: Ages outside this range are reported as mistakes (a year of birth typed as an age).
AGE_RANGE: tuple[float, float] = (0.0, 120.0)

#: Shapes of question codes: ``2.1.3``, ``2.1.3.a``, ``pp5``, ``C1``, ``C1.a``, ``F1``.
#: Matched without regard to case, so ``PP5`` is taken as ``pp5`` rather than an attribute.
QUESTION_CODE = re.compile(r"^(\d+\.\d+\.\d+(\.[a-z])?|pp\d+|C\d+(\.[a-z])?|F\d+)$", re.I)

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
    """True when a column name has the shape of a question code (in any case)."""
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


def canonical_name(name: str) -> str:
    """``case_id`` or a known attribute for a name that differs from it only in case,
    spaces or hyphens (``Case ID``, ``RoSH``, ``Supervision type``); else the name."""
    key = re.sub(r"[\s-]+", "_", name.strip().lower())
    return key if key == CASE_ID or key in KNOWN_ATTRIBUTES else name.strip()


def clean_header(header: Sequence[object], filename: str) -> list[str]:
    """Column names with surrounding whitespace stripped, ``case_id`` and the known
    attributes in their canonical spelling, and trailing unnamed columns (the empty cells
    Excel leaves at the end of a header) dropped.

    Raises
    ------
    InputError
        When there is no header, a column in the middle has no name, or a name repeats.
    """
    raw = ["" if h is None else str(h).strip() for h in header]
    while raw and raw[-1] == "":
        raw.pop()
    if not raw:
        raise InputError.single("the file has no header row", file=filename)
    names = [canonical_name(n) for n in raw]
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for i, (name, original) in enumerate(zip(names, raw, strict=True), start=1):
        if name == "":
            problems.append(Problem(f"column {i} has no name", filename, 1))
        elif name in seen:
            message = "column name appears twice"
            if seen[name] != original:
                message = f"two columns are {name} ({seen[name]!r} and {original!r})"
            problems.append(Problem(message, filename, 1, name))
        seen.setdefault(name, original)
    if problems:
        raise InputError(problems)
    return names


def categorical(codes: object, labels: Sequence[str]) -> pd.Categorical:
    """A categorical from integer codes (-1 for missing) and its labels."""
    index = pd.Index(list(labels), dtype=object)
    array = np.asarray(codes)
    if not np.issubdtype(array.dtype, np.signedinteger):
        array = array.astype(np.int64)
    result = pd.Categorical.from_codes(array, categories=index)
    return cast(pd.Categorical, result)


def age_group_of(age: npt.NDArray[np.float64]) -> pd.Categorical:
    """The bulletin's age bands (18-20, 21-24, 25-29, 30-39, 40-49, 50+) of ages."""
    whole = np.floor(age)  # completed years: 20.5 is 20
    codes = np.full(age.shape, -1, dtype=np.int64)
    for i, (_, lo, hi) in enumerate(AGE_BANDS):
        codes[(whole >= lo) & (whole <= hi)] = i
    return categorical(codes, [b[0] for b in AGE_BANDS])
