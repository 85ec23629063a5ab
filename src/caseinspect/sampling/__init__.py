"""Case sampling: from a probation long list to a fair, reproducible inspection sample.

Pure: no Django, no network, no settings. Typical use from a shell::

    long_list = read_long_list(upload, "long-list.xlsx")
    result = draw_sample(long_list, SampleOptions(size=148, buffer_percent=Decimal(20), seed=1))
    result.to_dict()          # the allocation report (``--json``)
    result.to_case_table()    # the selected cases, ready to import into an inspection

The rules are those of issue 6, documented in ``docs/long-list.md``. Names and dates of birth
are used only inside :func:`read_long_list`, for de-duplication; nothing returned holds them.
"""

from caseinspect.sampling.allocate import Adjustment, Allocation, AllocationNode
from caseinspect.sampling.draw import draw_sample
from caseinspect.sampling.eligibility import REASONS, Exclusion
from caseinspect.sampling.labels import STRATA
from caseinspect.sampling.longlist import COLUMNS, LongList, read_long_list
from caseinspect.sampling.result import (
    SampleOptions,
    SampleResult,
    SelectedCase,
    StratumSummary,
    SummaryRow,
    case_table,
)
from caseinspect.sampling.sample_size import SampleSize, sample_size

__all__ = [
    "COLUMNS",
    "REASONS",
    "STRATA",
    "Adjustment",
    "Allocation",
    "AllocationNode",
    "Exclusion",
    "LongList",
    "SampleOptions",
    "SampleResult",
    "SampleSize",
    "SelectedCase",
    "StratumSummary",
    "SummaryRow",
    "case_table",
    "draw_sample",
    "read_long_list",
    "sample_size",
]
