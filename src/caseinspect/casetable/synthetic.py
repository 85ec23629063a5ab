"""Synthetic case tables: plausible, clearly labelled made-up data for demos, tests and
benchmarks.

The mix of cases and the answer rates loosely follow Research & Analysis Bulletin 2018/02
(seed 003): 1,815 OMI2 and 1,034 Q&I cases in twelve matched areas; about a fifth high or
very high RoSH and a fifth MAPPA-eligible; cases allocated to the NPS when MAPPA or high /
very high RoSH, with the 6% of exceptions the bulletin's proxy rule missed; and the seven
public-protection questions near the bulletin's rates (pp1 89%, pp2–pp4 about 80%, pp5 60%,
pp6 57%, pp7 69%), lower in Q&I (most of all in CRC cases), in low-RoSH cases and for
18–20 year olds, higher with MAPPA, high RoSH and post-custody supervision.

No real person is described: case ids are ``SYN0000001``…, officers and inspectors are
codes, and every row carries ``synthetic = yes``.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from caseinspect.casetable import BLANK, NA, NO, YES, CaseTable
from caseinspect.casetable.columns import AGE_BANDS, age_group_of, categorical
from caseinspect.frameworks import QuestionRef, list_frameworks, load_framework

DEFAULT_FRAMEWORKS: tuple[str, ...] = ("hmip-case-supervision-2018", "hmip-public-protection-2018")

Flags = npt.NDArray[np.bool_]

#: The bulletin's areas (Table 1) as PDUs, in their NPS divisions (Table A1), with their
#: case counts as weights; Gwent and Suffolk were inspected in Q&I but not matched.
_AREAS: tuple[tuple[str, str, int], ...] = (
    ("Durham", "North East", 201),
    ("North Yorkshire", "North East", 137),
    ("South Yorkshire", "North East", 234),
    ("Cumbria", "North West", 135),
    ("Greater Manchester", "North West", 292),
    ("Derbyshire", "Midlands", 186),
    ("Staffordshire", "Midlands", 251),
    ("West Mercia", "Midlands", 186),
    ("Gwent", "Wales", 60),
    ("Gloucestershire", "South West & South Central", 138),
    ("Kent", "South East & Eastern", 236),
    ("Northamptonshire", "South East & Eastern", 149),
    ("Suffolk", "South East & Eastern", 60),
    ("London", "London", 704),
)
_ROSH = (("low", 0.30), ("medium", 0.51), ("high", 0.17), ("very_high", 0.02))
_AGE_SHARES = (0.073, 0.167, 0.212, 0.282, 0.171, 0.095)  # bulletin Table 2, bands 18-20…50+
_ETHNICITY = (("White", 0.776), ("Black", 0.09), ("Asian", 0.08), ("Mixed", 0.04),
              ("Other", 0.014))
_SUPERVISION = (("community order", 0.40), ("suspended sentence order", 0.175),
                ("licence", 0.375), ("post-sentence supervision", 0.05))
_OFFENCES = (("violence", 0.38), ("sexual", 0.04), ("acquisitive", 0.26), ("drugs", 0.12),
             ("motoring", 0.08), ("other", 0.12))
_DYNAMIC = "hmip-dynamic-public-protection-2025"
#: Shares of PO, PQiP and PSO officers for high / very high RoSH cases and for the others.
_GRADE_SERIOUS = (0.85, 0.09, 0.06)
_GRADE_OTHER = (0.35, 0.10, 0.55)
_CASES_PER_OFFICER = 8
_CASES_PER_INSPECTOR = 60

#: Per question: % yes in the bulletin (all cases) and the share answered "na" (the
#: bulletin's n falls short of its 2,849 cases where a question did not apply).
_BULLETIN: dict[str, tuple[float, float]] = {
    "pp1": (88.6, 0.02), "pp2": (80.3, 0.14), "pp3": (81.5, 0.14), "pp4": (79.3, 0.14),
    "pp5": (59.9, 0.22), "pp6": (57.2, 0.50), "pp7": (68.9, 0.03),
}
#: The case supervision standards' "keeping other people safe" key questions, near the
#: bulletin question each resembles.
_LIKE: dict[str, str] = {"2.1.3": "pp2", "2.2.3": "pp7", "2.3.3": "pp7", "2.4.3": "pp5"}
_NA_RATE = {"key_question": 0.01, "prompt": 0.06, "fact": 0.40}
_BLANK_RATE = 0.002


def _pick(rng: np.random.Generator, shares: Sequence[float], n: int) -> npt.NDArray[np.int64]:
    p = np.asarray(shares, dtype=np.float64)
    return np.searchsorted(np.cumsum(p / p.sum()), rng.random(n), side="right").clip(
        0, len(p) - 1).astype(np.int64)


def _choice(rng: np.random.Generator, options: Sequence[tuple[str, float]],
            n: int) -> pd.Categorical:
    return categorical(_pick(rng, [w for _, w in options], n), [o for o, _ in options])


def _yes_no(flags: Flags) -> pd.Categorical:
    return categorical(flags.astype(np.int8), ["no", "yes"])


def _coded(prefix: str, codes: npt.NDArray[np.int64], count: int) -> pd.Categorical:
    width = len(str(count))
    return categorical(codes, [f"{prefix}{i + 1:0{width}d}" for i in range(count)])


def _case_ids(n: int) -> npt.NDArray[np.object_]:
    width = max(7, len(str(n)))
    numbers = np.char.zfill(np.arange(1, n + 1).astype(str), width)
    return np.char.add("SYN", numbers).astype(object)


def _question_rng(seed: int, code: str) -> np.random.Generator:
    """A generator of its own per question: a question's answers stay the same whichever
    other frameworks are drawn with it."""
    return np.random.default_rng([seed, zlib.crc32(code.encode("utf-8"))])


def _answers(q: QuestionRef, seed: int, eta: npt.NDArray[np.float32],
             spread: float) -> npt.NDArray[np.int8]:
    """Answers with P(yes) = logistic(base + eta), ``base`` chosen so that about the target
    share of cases say yes (logistic-normal approximation), then na and blanks."""
    rng = _question_rng(seed, q.code)
    like = _BULLETIN.get(_LIKE.get(q.code, q.code))
    if like is not None:
        target, na_rate = like[0] / 100, like[1]
    else:
        low, high = (0.45, 0.75) if q.kind == "fact" else (0.55, 0.88)
        target, na_rate = float(rng.uniform(low, high)), _NA_RATE[q.kind]
    base = np.log(target / (1 - target)) * np.sqrt(1 + np.pi * spread**2 / 8)
    n = len(eta)
    p_no = 1 / (1 + np.exp(np.float32(base) + eta))
    answers = np.where(rng.random(n, dtype=np.float32) >= p_no, YES, NO).astype(np.int8)
    other = rng.random(n, dtype=np.float32)
    answers[other < na_rate] = NA
    answers[other > 1 - _BLANK_RATE] = BLANK
    return answers


def _officer_grade(seed: int, serious: Flags) -> pd.Categorical:
    """The responsible officer's grade (PO, PQiP trainee, PSO), from a generator of its own so
    that adding the column changes no other: high / very high RoSH cases mostly with a
    qualified probation officer, as seed 004 (2.6) expects, but not all."""
    rng = _question_rng(seed, "officer_grade")
    n = len(serious)
    grade = np.where(serious, _pick(rng, _GRADE_SERIOUS, n), _pick(rng, _GRADE_OTHER, n))
    return categorical(grade, ["PO", "PQiP", "PSO"])


def synthetic_case_table(
    n: int, seed: int = 0, frameworks: Sequence[str] = DEFAULT_FRAMEWORKS
) -> CaseTable:
    """A synthetic case table of ``n`` cases, the same for the same ``seed``.

    Parameters
    ----------
    n : int
        Number of cases.
    seed : int
        Seed of NumPy's PCG64 generators.
    frameworks : sequence of str
        Frameworks whose questions (key questions, prompts, facts) get answers, in the
        bundled frameworks' order; a code shared by two frameworks (``F1``) is answered once.

    Notes
    -----
    Attributes follow the bulletin's sample (see the module docstring); with the dynamic
    public protection framework, ``officer_grade`` (``PO``, ``PQiP``, ``PSO``) too, for its
    derived indicator D1 (docs/diagnose.md). Each answer is yes
    with probability ``logistic(base + eta)``, where ``eta`` adds the case's attribute
    effects, a case effect shared by all its answers and a per-standard effect shared by
    a standard's questions, so answers within a case hang together as real ones do.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    chosen = [load_framework(code).code for code in frameworks]  # unknown codes fail here
    ordered = [code for code in list_frameworks() if code in chosen]  # as the reader orders
    rng = np.random.default_rng(seed)
    qi = rng.random(n) < 1034 / (1034 + 1815)
    area = _pick(rng, [a[2] for a in _AREAS], n)
    regions = list(dict.fromkeys(a[1] for a in _AREAS))
    region = np.array([regions.index(a[1]) for a in _AREAS])[area]
    rosh = _pick(rng, [s for _, s in _ROSH], n)
    low, serious = rosh == 0, rosh >= 2
    mappa = rng.random(n) < np.where(serious, 0.55, 0.15)
    nps = (mappa | serious) ^ (rng.random(n) < 0.06)  # the proxy rule is right in 94%
    mappa_category = np.where(mappa, _pick(rng, (0.45, 0.50, 0.05), n), -1)
    mappa_level = np.where(mappa, _pick(rng, (0.95, 0.04, 0.01), n), -1)
    band = _pick(rng, _AGE_SHARES, n)
    first = np.array([b[1] for b in AGE_BANDS])[band]
    last = np.minimum(np.array([b[2] for b in AGE_BANDS])[band], 80)
    age = (first + np.floor(rng.random(n) * (last - first + 1))).astype(np.float64)
    ethnicity = _choice(rng, _ETHNICITY, n)
    supervision = _choice(rng, _SUPERVISION, n)
    offence = _pick(rng, [s for _, s in _OFFENCES], n)
    offence = np.where(mappa_category == 0, 1, offence)  # MAPPA category 1: sexual offences
    domestic_abuse = rng.random(n) < 0.35
    officers = max(1, n // (_CASES_PER_OFFICER * len(_AREAS)))
    inspectors = max(1, n // (_CASES_PER_INSPECTOR * len(regions)))
    frame: dict[str, object] = {
        "case_id": _case_ids(n),
        "programme": categorical(qi.astype(np.int8), ["OMI2", "QI"]),
        "region": categorical(region, regions),
        "pdu": categorical(area, [a[0] for a in _AREAS]),
        "provider": categorical(nps.astype(np.int8), ["CRC", "NPS"]),
        "gender": categorical((rng.random(n) < 0.137).astype(np.int8), ["male", "female"]),
        "age": age,
        "age_group": age_group_of(age),
        "ethnicity": ethnicity,
        "supervision_type": supervision,
        "rosh": categorical(rosh, [r for r, _ in _ROSH]),
        "mappa_eligible": _yes_no(mappa),
        "mappa_category": categorical(mappa_category, ["1", "2", "3"]),
        "mappa_level": categorical(mappa_level, ["1", "2", "3"]),
        "domestic_abuse": _yes_no(domestic_abuse),
        "child_protection": _yes_no(rng.random(n) < 0.20),
        "iom": _yes_no(rng.random(n) < 0.10),
        "offence_category": categorical(offence, [o for o, _ in _OFFENCES]),
        "responsible_officer": _coded("RO", area * officers + rng.integers(0, officers, n),
                                      officers * len(_AREAS)),
        **({"officer_grade": _officer_grade(seed, serious)} if _DYNAMIC in ordered else {}),
        "inspector": _coded("INS", region * inspectors + rng.integers(0, inspectors, n),
                            inspectors * len(regions)),
        "synthetic": categorical(np.ones(n, dtype=np.int8), ["no", "yes"]),
    }
    post_custody = np.isin(np.asarray(supervision.codes), (2, 3))
    effects = (
        -0.25 * qi - 0.35 * (qi & ~nps) - 0.20 * ~nps
        - 0.35 * low + 0.40 * serious + 0.30 * mappa
        - 0.25 * (band == 0) + 0.20 * (band == 5)
        - 0.15 * (np.asarray(ethnicity.codes) > 0) + 0.12 * post_custody
        + 0.10 * domestic_abuse
    )
    case_effect = effects - effects.mean() + rng.normal(0.0, 0.6, n)
    standard_sd = 0.4
    spread = float(np.sqrt(case_effect.var() + standard_sd**2))
    standard_effects: dict[str | None, npt.NDArray[np.float32]] = {}
    questions: list[str] = []
    for code in ordered:
        for q in load_framework(code).questions():
            if q.code in frame:
                continue
            if q.standard not in standard_effects:
                shared = case_effect + _question_rng(seed, f"standard {q.standard}").normal(
                    0.0, standard_sd, n)
                standard_effects[q.standard] = shared.astype(np.float32)
            frame[q.code] = _answers(q, seed, standard_effects[q.standard], spread)
            questions.append(q.code)
    table = pd.DataFrame(frame, copy=False)
    attributes = tuple(c for c in table.columns if c != "case_id" and c not in questions)
    return CaseTable(table, tuple(questions), attributes, tuple(ordered), "<synthetic>")
