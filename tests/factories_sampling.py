"""Long-list test data: one case with keyword defaults, many synthetic cases from a seed,
and the bytes of a CSV or XLSX file holding them.

Names and dates of birth are deliberately distinctive (``NAMES``, ``DOBS``) so tests can
search every output for them.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from caseinspect.sampling import LongList, read_long_list

FIRST_NAMES = ("Zebedee", "Philomena", "Thaddeus", "Ottoline", "Barnabas", "Clementine")
FAMILY_NAMES = ("Quackenbush", "Fairweather", "Pennyfeather", "Hollingsworth", "Abernathy")
NAMES = FIRST_NAMES + FAMILY_NAMES

COMMUNITY_LABELS = ("ORA Community Order", "ORA Suspended Sentence Order",
                    "CJA - Youth Rehabilitation Order")
POST_CUSTODY_LABELS = ("Adult Licence", "ORA Supervision Default Order")
ROSH_CODES = ("RLRH", "RMRH", "RHRH", "RVHR")


def case(**overrides: str) -> dict[str, str]:
    """One long-list row; every column can be overridden by keyword."""
    row = {
        "crn": "A000001",
        "pnc": "2001/0000001A",
        "first_name": "Zebedee",
        "family_name": "Quackenbush",
        "dob": "1980-04-01",
        "gender": "M",
        "sentence_type": "ORA Community Order",
        "rosh": "RMRH",
        "start_date": "2024-01-15",
        "end_date": "2025-01-14",
        "cluster": "North",
        "ldu": "Northtown",
        "team": "Team 1",
        "responsible_officer": "Officer A",
    }
    row.update(overrides)
    return row


def cases(n: int, **overrides: str) -> list[dict[str, str]]:
    """``n`` distinct people (CRN, PNC and name all differ) sharing ``overrides``."""
    return [case(crn=f"B{i:06d}", pnc=f"2002/{i:07d}B", first_name=f"Person{i}",
                 **overrides) for i in range(n)]


def synthetic_frame(n: int, seed: int = 0, *, clusters: int = 4, ldus_per_cluster: int = 4,
                    officers_per_ldu: int = 25, female_share: float = 0.15,
                    duplicate_share: float = 0.01, redacted_share: float = 0.005,
                    future_share: float = 0.01) -> pd.DataFrame:
    """A plausible long list of ``n`` cases as text columns, deterministic for a seed.

    A few cases are redacted, start in 2099, lack a gender or repeat an earlier person.
    """
    rng = np.random.default_rng(seed)
    ids = np.arange(n)
    cluster = rng.integers(0, clusters, n)
    ldu = cluster * ldus_per_cluster + rng.integers(0, ldus_per_cluster, n)
    officer = ldu * officers_per_ldu + rng.integers(0, officers_per_ldu, n)
    gender = np.where(rng.random(n) < female_share, "F", "M").astype(object)
    gender[rng.random(n) < 0.003] = ""
    labels = np.array(COMMUNITY_LABELS + POST_CUSTODY_LABELS, dtype=object)
    person = ids.copy()
    dup = rng.random(n) < duplicate_share
    person[dup] = rng.integers(0, n, int(dup.sum()))
    first = np.array(FIRST_NAMES, dtype=object)[person % len(FIRST_NAMES)]
    family = np.array(FAMILY_NAMES, dtype=object)[person % len(FAMILY_NAMES)]
    first = first + pd.Series(person).astype(str).to_numpy(object)
    first[rng.random(n) < redacted_share] = "*****"
    start = (np.datetime64("2024-01-01") + rng.integers(0, 365, n)).astype("datetime64[D]")
    start[rng.random(n) < future_share] = np.datetime64("2099-01-01")
    dob = np.datetime64("1950-01-01") + (person * 7919) % 18000
    return pd.DataFrame({
        "crn": [f"{chr(65 + i % 26)}{i:06d}" for i in ids],
        "pnc": [f"{1990 + p % 30}/{p:07d}X" for p in person],
        "first_name": first,
        "family_name": family,
        "dob": pd.Series(dob.astype("datetime64[D]")).dt.strftime("%d/%m/%Y"),
        "gender": gender,
        "sentence_type": labels[rng.integers(0, len(labels), n)],
        "rosh": np.array(ROSH_CODES, dtype=object)[rng.choice(4, n, p=[0.3, 0.5, 0.17, 0.03])],
        "start_date": pd.Series(start).dt.strftime("%Y-%m-%d"),
        "end_date": "",
        "cluster": [f"Cluster {c}" for c in cluster],
        "ldu": [f"LDU {d}" for d in ldu],
        "team": [f"Team {d}" for d in ldu],
        "responsible_officer": [f"Officer {o}" for o in officer],
    })


def to_csv(rows: Iterable[Mapping[str, str]] | pd.DataFrame) -> bytes:
    """The bytes of a CSV long list."""
    return _frame(rows).to_csv(index=False).encode()


def to_xlsx(rows: Iterable[Mapping[str, str]] | pd.DataFrame) -> bytes:
    """The bytes of an XLSX long list."""
    buffer = io.BytesIO()
    _frame(rows).to_excel(buffer, index=False)
    return buffer.getvalue()


def long_list(rows: Iterable[Mapping[str, str]] | pd.DataFrame) -> LongList:
    """Parse rows through the real reader, as a CSV upload."""
    return read_long_list(io.BytesIO(to_csv(rows)), "long-list.csv")


def _frame(rows: Iterable[Mapping[str, str]] | pd.DataFrame) -> pd.DataFrame:
    return rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
