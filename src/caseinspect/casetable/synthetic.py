"""Synthetic case tables: plausible, clearly labelled made-up data for demos, tests and benchmarks.

Attribute mixes and answer rates loosely follow Research & Analysis Bulletin 2018/02
(seed 003): two programmes (OMI2 larger than Q&I), NPS cases being MAPPA or high / very high
RoSH, quality lower in Q&I (most of all in CRC cases) and in low-RoSH cases. No real person
is described: case ids start ``SYN`` and every row carries ``synthetic = yes``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from caseinspect.casetable import BLANK, NA, NO, YES, CaseTable
from caseinspect.casetable.columns import age_group_of, categorical
from caseinspect.frameworks import load_framework

DEFAULT_FRAMEWORKS: tuple[str, ...] = ("hmip-case-supervision-2018", "hmip-public-protection-2018")

_REGIONS = ("North East", "North West", "Yorkshire", "Midlands", "London", "South West", "Wales")
_ETHNICITY = (("White", 0.80), ("Black", 0.07), ("Asian", 0.07), ("Mixed", 0.04), ("Other", 0.02))
_SUPERVISION = (
    ("community order", 0.45),
    ("suspended sentence order", 0.20),
    ("licence", 0.30),
    ("post-sentence supervision", 0.05),
)
_OFFENCES = (
    ("violence", 0.35),
    ("sexual", 0.08),
    ("acquisitive", 0.25),
    ("drugs", 0.12),
    ("motoring", 0.08),
    ("other", 0.12),
)
_ROSH = (("low", 0.25), ("medium", 0.50), ("high", 0.22), ("very_high", 0.03))


def _choice(rng: np.random.Generator, options: Sequence[tuple[str, float]],
            n: int) -> pd.Categorical:
    labels = [o for o, _ in options]
    p = np.array([w for _, w in options])
    codes = rng.choice(len(labels), size=n, p=p / p.sum())
    return categorical(codes, labels)


def _yes_no(flags: npt.NDArray[np.bool_]) -> pd.Categorical:
    return categorical(flags.astype(np.int8), ["no", "yes"])


def synthetic_case_table(
    n: int, seed: int = 0, frameworks: Sequence[str] = DEFAULT_FRAMEWORKS
) -> CaseTable:
    """A synthetic case table of ``n`` cases, the same for the same ``seed``.

    Parameters
    ----------
    n : int
        Number of cases.
    seed : int
        Seed of NumPy's PCG64 generator.
    frameworks : sequence of str
        Frameworks whose questions (key questions, prompts, facts) get answers.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    rng = np.random.default_rng(seed)
    programme_qi = rng.random(n) < 1034 / (1034 + 1815)
    rosh = _choice(rng, _ROSH, n)
    serious = np.isin(rosh.codes, (2, 3))
    mappa = rng.random(n) < np.where(serious, 0.45, 0.06)
    nps = mappa | serious
    flip = rng.random(n) < 0.06  # the real allocation differs from the proxy rules in ~6%
    nps = np.where(flip, ~nps, nps)
    female = rng.random(n) < 0.12
    age = np.minimum(18 + np.floor(rng.gamma(2.2, 8.0, n)), 85).astype(np.float64)
    region_codes = rng.integers(0, len(_REGIONS), n)
    pdu_number = rng.integers(1, 4, n)
    pdu_labels = [f"{r} PDU {k}" for r in _REGIONS for k in (1, 2, 3)]
    officers = rng.integers(1, max(2, n // 12) + 1, n)
    inspectors = rng.integers(1, max(2, n // 60) + 1, n)
    frame: dict[str, object] = {
        "case_id": np.char.add("SYN", np.char.zfill(np.arange(1, n + 1).astype(str), 7)),
        "programme": categorical(programme_qi.astype(np.int8), ["OMI2", "QI"]),
        "region": categorical(region_codes, list(_REGIONS)),
        "pdu": categorical(region_codes * 3 + pdu_number - 1, pdu_labels),
        "provider": categorical(nps.astype(np.int8), ["CRC", "NPS"]),
        "gender": categorical(female.astype(np.int8), ["male", "female"]),
        "age": age,
        "age_group": age_group_of(age),
        "ethnicity": _choice(rng, _ETHNICITY, n),
        "supervision_type": _choice(rng, _SUPERVISION, n),
        "rosh": rosh,
        "mappa_eligible": _yes_no(mappa),
        "domestic_abuse": _yes_no(rng.random(n) < 0.35),
        "child_protection": _yes_no(rng.random(n) < 0.20),
        "iom": _yes_no(rng.random(n) < 0.10),
        "offence_category": _choice(rng, _OFFENCES, n),
        "responsible_officer": pd.Categorical(np.char.add("RO", officers.astype(str))),
        "inspector": pd.Categorical(np.char.add("INS", inspectors.astype(str))),
        "synthetic": categorical(np.ones(n, dtype=np.int8), ["no", "yes"]),
    }
    # A case's overall quality, shared by all its answers; lower in Q&I (most in CRC cases)
    # and in low-RoSH cases, higher with MAPPA and high RoSH.
    quality = (
        rng.normal(0.0, 0.9, n)
        - 0.35 * programme_qi
        - 0.45 * (programme_qi & ~nps)
        - 0.30 * (rosh.codes == 0)
        + 0.25 * serious
        + 0.20 * mappa
    )
    questions: list[str] = []
    for code in frameworks:
        for q in load_framework(code).questions():
            if q.code in frame:
                continue
            base = rng.uniform(0.4, 2.0) if q.kind != "fact" else rng.uniform(0.0, 1.5)
            na_rate = {"key_question": 0.01, "prompt": 0.06, "fact": 0.30}[q.kind]
            u = rng.random(n)
            yes = u < 1.0 / (1.0 + np.exp(-(base + quality)))
            answers = np.where(yes, YES, NO).astype(np.int8)
            answers[rng.random(n) < na_rate] = NA
            answers[rng.random(n) < 0.002] = BLANK
            frame[q.code] = answers
            questions.append(q.code)
    table = pd.DataFrame(frame)
    attributes = tuple(c for c in table.columns if c != "case_id" and c not in questions)
    return CaseTable(table, tuple(questions), attributes, tuple(frameworks), "<synthetic>")
