"""From a long list to a sample: eligibility, allocation, selection (issue 6)."""

from __future__ import annotations

import secrets
from datetime import date
from fractions import Fraction

from caseinspect.sampling.allocate import allocate
from caseinspect.sampling.eligibility import eligible_cases
from caseinspect.sampling.longlist import LongList
from caseinspect.sampling.result import SampleOptions, SampleResult, SelectedCase
from caseinspect.sampling.select import bucket_populations, select_cases

SEED_BITS = 32


def draw_sample(long_list: LongList, options: SampleOptions) -> SampleResult:
    """Draw a stratified, officer-capped, seeded sample from a long list.

    Parameters
    ----------
    long_list
        From :func:`~caseinspect.sampling.read_long_list`.
    options
        Size, buffer, seed, as-of date and officer cap. Without a seed a random one is
        chosen; it is recorded in the result so the draw can be repeated.

    Returns
    -------
    SampleResult
        The same long list, options and seed always give the same result.
    """
    as_of = options.as_of or date.today()
    seed = options.seed if options.seed is not None else secrets.randbits(SEED_BITS)
    frame = eligible_cases(long_list, as_of)
    eligible = frame.eligible
    allocation = allocate(bucket_populations(eligible), options.size,
                          Fraction(options.buffer_percent), options.max_per_officer, seed=seed)
    chosen = eligible.iloc[select_cases(eligible, allocation.quotas(), seed)]
    weight = {s.name: s.population / s.sample for s in allocation.strata if s.sample}
    columns = ("crn", "stratum", "cluster", "ldu", "team", "responsible_officer", "gender",
               "supervision_type", "rosh")
    selected = tuple(
        SelectedCase(**dict(zip(columns, map(str, values), strict=True)),
                     weight=weight[str(values[1])])
        for values in zip(*(chosen[c].to_numpy(dtype=object) for c in columns), strict=True)
    )
    return SampleResult(
        source=long_list.source, requested=options.size, buffer_percent=options.buffer_percent,
        seed=seed, as_of=as_of, max_per_officer=options.max_per_officer,
        long_list_cases=long_list.cases, eligible=len(eligible), allocation=allocation,
        selected=selected, excluded=frame.excluded,
    )
