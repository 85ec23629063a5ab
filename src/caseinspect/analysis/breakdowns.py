"""Breakdowns: the groupings results are split by, including derived ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from caseinspect.casetable import CaseTable
from caseinspect.casetable.columns import AGE_BANDS, age_group_of, categorical

#: Seed 003's table breakdowns, used when present (programme is always added first).
DEFAULT_BREAKDOWNS: tuple[str, ...] = (
    "gender",
    "age_group",
    "ethnicity",
    "supervision_type",
    "rosh",
    "rosh_band",
    "mappa_eligible",
)

MISSING = "missing"

#: Natural orders for groups whose labels are known; other groups keep data order.
KNOWN_ORDERS: dict[str, tuple[str, ...]] = {
    "rosh": ("low", "medium", "high", "very_high"),
    "rosh_band": ("low", "medium", "high_or_very_high"),
    "age_group": tuple(b[0] for b in AGE_BANDS),
    "mappa_eligible": ("yes", "no"),
}


@dataclass(frozen=True)
class Grouping:
    """Integer group codes for every case (``len(labels)`` for a blank value)."""

    name: str
    labels: tuple[str, ...]
    codes: npt.NDArray[np.int64]


def rosh_band_of(rosh: pd.Categorical) -> pd.Categorical:
    """RoSH with high and very high combined (``high_or_very_high``)."""
    mapping = {"high": "high_or_very_high", "very_high": "high_or_very_high",
               "very high": "high_or_very_high"}
    labels = [mapping.get(str(c).strip().lower(), str(c)) for c in rosh.categories]
    merged = list(dict.fromkeys(labels))
    remap = np.array([merged.index(label) for label in labels] + [-1], dtype=np.int64)
    codes = remap[np.asarray(rosh.codes, dtype=np.int64)]
    return categorical(codes, merged)


def _column(table: CaseTable, name: str) -> pd.Series | None:
    frame = table.frame
    if name in frame.columns and name in table.attributes:
        return frame[name]
    if name == "age_group" and "age" in table.attributes:
        return pd.Series(age_group_of(frame["age"].to_numpy(dtype=float)))
    if name == "rosh_band" and "rosh" in table.attributes:
        return pd.Series(rosh_band_of(pd.Categorical(frame["rosh"])))
    return None


def grouping(table: CaseTable, name: str) -> Grouping | None:
    """The grouping of cases by an attribute or derived breakdown; None when absent."""
    col = _column(table, name)
    if col is None:
        return None
    cat = pd.Categorical(col) if not isinstance(col.dtype, pd.CategoricalDtype) else col.array
    labels = [str(c) for c in cat.categories]
    rank = np.arange(len(labels), dtype=np.int64)
    order = KNOWN_ORDERS.get(name)
    if order and set(labels) <= set(order):
        ranked = sorted(range(len(labels)), key=lambda i: order.index(labels[i]))
        rank[ranked] = np.arange(len(labels))
        labels = [labels[i] for i in ranked]
    # One lookup per case: a blank's code -1 picks the last slot, the blank group.
    lookup = np.append(rank, len(labels))
    codes = lookup[np.asarray(cat.codes)]
    return Grouping(name, tuple(labels), codes)


def choose_breakdowns(table: CaseTable, requested: Sequence[str] | None) -> list[str]:
    """``programme`` (when present), the defaults present, then any requested extras."""
    names = ["programme", *DEFAULT_BREAKDOWNS, *(requested or [])]
    chosen: list[str] = []
    for name in names:
        if name not in chosen and _column(table, name) is not None:
            chosen.append(name)
    return chosen
