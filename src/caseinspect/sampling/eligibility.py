"""Which cases of a long list can be sampled, and their strata (rules 1–3 of issue 6).

Exclusions come first, each case with one reason, checked in this order: ``sensitive`` (an
asterisk in either name), ``not_started`` (start date after the as-of date),
``gender_missing``, ``gender_other``. Duplicates are then found among the remaining cases:
two cases belong to the same person when they share a CRN, a PNC, or the first name, family
name and date of birth — and, through chains of such links, so do all cases joined to them.
Each person keeps one case, the earliest by start date; equal start dates are settled by CRN
(alphabetical), then by row in the file. The other cases are excluded as ``duplicate``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from caseinspect.sampling.labels import (
    COMMUNITY,
    FEMALE,
    GENDER_MISSING,
    GENDER_OTHER,
    STRATA,
)
from caseinspect.sampling.longlist import LongList

SENSITIVE = "sensitive"
NOT_STARTED = "not_started"
GENDER_MISSING_REASON = "gender_missing"
GENDER_OTHER_REASON = "gender_other"
DUPLICATE = "duplicate"
REASONS = (SENSITIVE, NOT_STARTED, GENDER_MISSING_REASON, GENDER_OTHER_REASON, DUPLICATE)
"""Exclusion reasons, in the order they are checked."""


@dataclass(frozen=True)
class Exclusion:
    """A case left out of the sampling frame, and why."""

    crn: str
    reason: str
    row: int

    def to_dict(self) -> dict[str, str]:
        return {"crn": self.crn, "reason": self.reason}


@dataclass(frozen=True)
class Eligibility:
    """The sampling frame: the eligible cases (the long list's columns plus ``stratum``)
    and every exclusion, in file order."""

    eligible: pd.DataFrame
    excluded: tuple[Exclusion, ...]


def eligible_cases(long_list: LongList, as_of: date) -> Eligibility:
    """Apply the exclusions and de-duplication, and give each eligible case its stratum."""
    frame = long_list.frame
    reason = np.full(len(frame), "", dtype=object)
    rules = (
        (SENSITIVE, frame["redacted"].to_numpy(bool)),
        (NOT_STARTED, (frame["start_date"] > pd.Timestamp(as_of)).to_numpy(bool)),
        (GENDER_MISSING_REASON, (frame["gender"] == GENDER_MISSING).to_numpy(bool)),
        (GENDER_OTHER_REASON, (frame["gender"] == GENDER_OTHER).to_numpy(bool)),
    )
    for name, hit in rules:
        reason[(reason == "") & hit] = name
    remaining = np.flatnonzero(reason == "")
    reason[remaining[~_earliest_per_person(frame.iloc[remaining])]] = DUPLICATE

    excluded = np.flatnonzero(reason != "")
    exclusions = tuple(
        Exclusion(crn=crn, reason=why, row=int(row))
        for crn, why, row in zip(frame["crn"].to_numpy()[excluded], reason[excluded],
                                 frame["row"].to_numpy()[excluded], strict=True)
    )
    eligible = frame.iloc[np.flatnonzero(reason == "")].reset_index(drop=True)
    eligible["stratum"] = stratum_of(eligible)
    return Eligibility(eligible=eligible, excluded=exclusions)


def stratum_of(frame: pd.DataFrame) -> np.ndarray:
    """Each case's stratum: ``female``, or ``male_<supervision>_<low|non_low>``."""
    low = (frame["rosh"] == "low").to_numpy(bool)
    community = (frame["supervision_type"] == COMMUNITY).to_numpy(bool)
    female = (frame["gender"] == FEMALE).to_numpy(bool)
    male_index = 1 + 2 * (~community).astype(int) + (~low).astype(int)
    return np.array(STRATA, dtype=object)[np.where(female, 0, male_index)]


def _earliest_per_person(frame: pd.DataFrame) -> np.ndarray:
    """A mask of the cases kept: one per connected group of shared CRN / PNC / name+DOB."""
    n = len(frame)
    if n == 0:
        return np.zeros(0, dtype=bool)
    position = np.arange(n)
    crn_code, _ = pd.factorize(frame["crn"], sort=True)
    sources, targets = [], []
    for key in (crn_code, frame["pnc_key"].to_numpy(), frame["person_key"].to_numpy()):
        known = key >= 0
        first = pd.Series(position[known]).groupby(key[known]).transform("first")
        sources.append(position[known])
        targets.append(first.to_numpy())
    src, dst = np.concatenate(sources), np.concatenate(targets)
    graph = coo_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n))
    _, person = connected_components(graph, directed=False)
    start = frame["start_date"].to_numpy("datetime64[ns]").astype(np.int64)
    order = np.lexsort((frame["row"].to_numpy(), crn_code, start, person))
    first_of_person = np.ones(n, dtype=bool)
    first_of_person[1:] = person[order][1:] != person[order][:-1]
    keep = np.zeros(n, dtype=bool)
    keep[order[first_of_person]] = True
    return keep
