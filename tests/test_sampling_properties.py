"""Properties of the allocation and the draw, for any long list (hypothesis)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from caseinspect.sampling import STRATA, SampleOptions, draw_sample
from caseinspect.sampling.allocate import Allocation, allocate, fix_up, proportional
from factories_sampling import case, long_list

bucket = st.tuples(st.sampled_from(STRATA), st.sampled_from("PQR"), st.sampled_from("xyz"),
                   st.sampled_from(["o1", "o2", "o3", "o4", "o5"]))
populations = st.dictionaries(bucket, st.integers(1, 15), min_size=1, max_size=40)
requested = st.integers(1, 250)
buffer = st.fractions(min_value=0, max_value=50, max_denominator=10)
cap = st.integers(1, 12)
seed = st.integers(0, 2**32 - 1)


def officer_totals(allocation: Allocation) -> Counter[str]:
    totals: Counter[str] = Counter()
    for (_, _, _, officer), n in allocation.quotas().items():
        totals[officer] += n
    return totals


@given(populations, requested, buffer, cap, seed)
def test_allocation_invariants(pops: dict, asked: int, percent: Fraction, most: int,
                               tie_seed: int) -> None:
    allocation = allocate(pops, asked, percent, most, seed=tie_seed)
    drawn = sum(node.sample for node in allocation.strata)
    assert drawn + allocation.shortfall == allocation.target
    assert allocation.shortfall >= 0
    for stratum in allocation.strata:
        for path in stratum.walk():
            node = path[-1]
            assert 0 <= node.sample <= node.population
            assert node.sample == node.proportional + sum(a.change for a in node.adjustments)
            if node.children:
                assert node.sample == sum(child.sample for child in node.children)
    assert max(officer_totals(allocation).values()) <= most


@given(populations, requested, buffer, seed)
def test_total_is_requested_plus_buffer_whenever_capacity_allows(
        pops: dict, asked: int, percent: Fraction, tie_seed: int) -> None:
    # Capacity allows when there are enough eligible cases and the cap never binds.
    per_officer: Counter[str] = Counter()
    for (*_, officer), n in pops.items():
        per_officer[officer] += n
    allocation = allocate(pops, asked, percent, max(per_officer.values()), seed=tie_seed)
    eligible = sum(pops.values())
    assert allocation.shortfall == max(allocation.target - eligible, 0)


@given(st.lists(st.integers(0, 30), min_size=1, max_size=8), st.integers(0, 200))
def test_proportional_then_fix_up_fills_exactly_up_to_capacity(sizes: list[int],
                                                               target: int) -> None:
    capped = [min(a, s) for a, s in zip(proportional(target, sizes), sizes, strict=True)]
    fixed = fix_up(capped, sizes, target)
    assert sum(fixed) == min(target, sum(sizes))
    assert all(0 <= a <= s for a, s in zip(fixed, sizes, strict=True))


people = st.lists(
    st.tuples(st.sampled_from(["F", "M"]), st.sampled_from(["community", "post_custody"]),
              st.sampled_from(["low", "medium", "high"]), st.sampled_from(["N", "S"]),
              st.sampled_from(["N1", "N2", "S1"]), st.sampled_from(["a", "b", "c", "d"])),
    min_size=1, max_size=60)


@settings(max_examples=40, deadline=None)
@given(people, st.integers(1, 40), st.integers(0, 30), st.integers(1, 6), seed)
def test_draw_is_reproducible_and_respects_the_cap(rows: list[tuple[str, ...]], size: int,
                                                   percent: int, most: int,
                                                   draw_seed: int) -> None:
    records = [case(crn=f"H{i:06d}", pnc="", first_name=f"P{i}", gender=g, sentence_type=s,
                    rosh=r, cluster=c, ldu=d, responsible_officer=o)
               for i, (g, s, r, c, d, o) in enumerate(rows)]
    options = SampleOptions(size=size, buffer_percent=Decimal(percent), seed=draw_seed,
                            as_of=date(2025, 1, 1), max_per_officer=most)
    first = draw_sample(long_list(records), options)
    again = draw_sample(long_list(records[::-1]), options)
    assert first.selected == again.selected
    assert len({c.crn for c in first.selected}) == len(first.selected)
    assert len(first.selected) + first.shortfall == first.requested + first.buffer
    assert max(Counter(c.responsible_officer for c in first.selected).values(),
               default=0) <= most
    for stratum in first.strata:
        assert stratum.sample <= stratum.population
