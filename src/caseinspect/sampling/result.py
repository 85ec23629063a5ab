"""The options and the result of drawing a sample.

:meth:`SampleResult.to_dict` is the ``--json`` shape documented in ``docs/long-list.md``;
:meth:`SampleResult.to_case_table` gives the selected cases as a case table to import into an
inspection. Neither holds a name, a date of birth or a PNC.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

import pandas as pd

from caseinspect.casetable import CaseTable
from caseinspect.errors import InputError, Problem
from caseinspect.sampling.allocate import LEVELS, Allocation
from caseinspect.sampling.eligibility import Exclusion

DEFAULT_MAX_PER_OFFICER = 6

CASE_TABLE_ATTRIBUTES = (
    "gender", "supervision_type", "rosh", "cluster", "pdu", "team", "responsible_officer",
    "stratum", "weight",
)
"""The attribute columns of the case table written from a sample."""
_GENDER_WORDS = {"M": "male", "F": "female"}


@dataclass(frozen=True)
class SampleOptions:
    """What to draw: ``size`` cases plus ``buffer_percent`` percent, at most
    ``max_per_officer`` per officer, from cases started on or before ``as_of`` (default:
    today), with ``seed`` (default: a random seed, recorded in the result)."""

    size: int
    buffer_percent: Decimal = Decimal(0)
    seed: int | None = None
    as_of: date | None = None
    max_per_officer: int = DEFAULT_MAX_PER_OFFICER

    def __post_init__(self) -> None:
        problems: list[tuple[str, object, str]] = []
        if self.size < 1:
            problems.append(("size", self.size, "the sample size must be at least 1"))
        if self.buffer_percent < 0:
            problems.append(("buffer", self.buffer_percent, "the buffer must be 0% or more"))
        if self.seed is not None and self.seed < 0:
            problems.append(("seed", self.seed, "the seed must be 0 or more"))
        if self.max_per_officer < 1:
            problems.append(("max_per_officer", self.max_per_officer,
                             "the officer cap must be at least 1"))
        if problems:
            raise InputError([Problem(message, column=option, value=str(value))
                              for option, value, message in problems])


@dataclass(frozen=True)
class StratumSummary:
    """A stratum's eligible cases, their share of all eligible cases, and its sample."""

    stratum: str
    population: int
    share: float
    sample: int

    def to_dict(self) -> dict[str, object]:
        return {"stratum": self.stratum, "population": self.population, "share": self.share,
                "sample": self.sample}


@dataclass(frozen=True)
class SelectedCase:
    """A case in the sample, with its design weight (stratum population ÷ stratum sample)."""

    crn: str
    stratum: str
    cluster: str
    ldu: str
    team: str
    responsible_officer: str
    gender: str
    supervision_type: str
    rosh: str
    weight: float

    def to_dict(self) -> dict[str, object]:
        """The case as in ``--json``'s ``selected``."""
        return {"crn": self.crn, "stratum": self.stratum, "cluster": self.cluster,
                "ldu": self.ldu, "responsible_officer": self.responsible_officer,
                "weight": self.weight}

    def to_record(self) -> dict[str, str | float]:
        """Every field, JSON-ready: ``SelectedCase(**record)`` gives the case back (the web
        app keeps a drawn sample this way until the lead inspector confirms it)."""
        return asdict(self)


@dataclass(frozen=True)
class SummaryRow:
    """One line of the allocation summary: a stratum, cluster, LDU or officer with its share
    of the eligible cases and of the sample (both as fractions of the whole)."""

    level: str
    stratum: str
    cluster: str | None
    ldu: str | None
    responsible_officer: str | None
    population: int
    population_share: float
    sample: int
    sample_share: float

    def to_dict(self) -> dict[str, str | int | float | None]:
        return asdict(self)


@dataclass(frozen=True)
class SampleResult:
    """A drawn sample: options as used, the allocation, the cases selected and excluded."""

    source: str
    requested: int
    buffer_percent: Decimal
    seed: int
    as_of: date
    max_per_officer: int
    long_list_cases: int
    eligible: int
    allocation: Allocation
    selected: tuple[SelectedCase, ...]
    excluded: tuple[Exclusion, ...]

    @property
    def buffer(self) -> int:
        """Buffer cases asked for: requested × buffer % rounded half up."""
        return self.allocation.buffer

    @property
    def shortfall(self) -> int:
        """Cases short of requested + buffer (0 when none)."""
        return self.allocation.shortfall

    @property
    def strata(self) -> tuple[StratumSummary, ...]:
        return tuple(
            StratumSummary(stratum=node.name, population=node.population,
                           share=node.population / self.eligible if self.eligible else 0.0,
                           sample=node.sample)
            for node in self.allocation.strata
        )

    def summary_rows(self) -> list[SummaryRow]:
        """Every stratum, cluster, LDU and officer, in order, with its shares."""
        sampled = len(self.selected)
        rows = []
        for stratum in self.allocation.strata:
            for path in stratum.walk():
                names = [node.name for node in path] + [None] * (len(LEVELS) - len(path))
                node = path[-1]
                rows.append(SummaryRow(
                    level=node.level, stratum=stratum.name, cluster=names[1], ldu=names[2],
                    responsible_officer=names[3], population=node.population,
                    population_share=node.population / self.eligible if self.eligible else 0.0,
                    sample=node.sample, sample_share=node.sample / sampled if sampled else 0.0,
                ))
        return rows

    def to_dict(self) -> dict[str, object]:
        """The ``--json`` document."""
        percent = self.buffer_percent
        return {
            "source": self.source,
            "requested": self.requested,
            "buffer": self.buffer,
            "buffer_percent": int(percent) if percent == percent.to_integral() else float(percent),
            "seed": self.seed,
            "as_of": self.as_of.isoformat(),
            "max_per_officer": self.max_per_officer,
            "long_list_cases": self.long_list_cases,
            "eligible": self.eligible,
            "strata": [s.to_dict() for s in self.strata],
            "allocation": [node.to_dict() for node in self.allocation.strata],
            "selected": [case.to_dict() for case in self.selected],
            "excluded": [exclusion.to_dict() for exclusion in self.excluded],
            "shortfall": self.shortfall,
        }

    def to_case_table(self) -> CaseTable:
        """The selected cases as a case table (:func:`case_table`)."""
        return case_table(self.selected, f"sample of {self.source}")


def case_table(cases: Sequence[SelectedCase], source: str) -> CaseTable:
    """Cases of a sample as a case table: ``case_id`` = CRN and the attributes in
    :data:`CASE_TABLE_ATTRIBUTES` (``pdu`` is the long list's LDU), no questions yet."""
    text = {
        "gender": [_GENDER_WORDS[c.gender] for c in cases],
        "supervision_type": [c.supervision_type for c in cases],
        "rosh": [c.rosh for c in cases],
        "cluster": [c.cluster for c in cases],
        "pdu": [c.ldu for c in cases],
        "team": [c.team for c in cases],
        "responsible_officer": [c.responsible_officer for c in cases],
        "stratum": [c.stratum for c in cases],
    }
    frame = pd.DataFrame({
        "case_id": pd.Series([c.crn for c in cases], dtype=object),
        **{name: pd.Series(values, dtype="category") for name, values in text.items()},
        "weight": pd.Series([c.weight for c in cases], dtype=float),
    })
    return CaseTable(frame=frame, questions=(), attributes=CASE_TABLE_ATTRIBUTES,
                     frameworks=(), source=source)
