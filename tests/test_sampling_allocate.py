"""Rules 4–6 with hand-worked examples: proportional allocation rounded half up, buffer,
fix-up, nested cluster → LDU → officer division, officer cap."""

from __future__ import annotations

from fractions import Fraction

import pytest

from caseinspect.sampling import STRATA
from caseinspect.sampling.allocate import (
    Adjustment,
    Allocation,
    AllocationNode,
    allocate,
    fix_up,
    proportional,
    round_half_up,
    tie_key,
)

ISSUE_STRATA = (454, 138, 327, 129, 169)


def one_officer_per_case(sizes: tuple[int, ...]) -> dict[tuple[str, str, str, str], int]:
    """Strata of the given sizes where the officer cap can never bind."""
    return {(stratum, "C", "L", f"{stratum}-{i:04d}"): 1
            for stratum, size in zip(STRATA, sizes, strict=True) for i in range(size)}


def samples(allocation: Allocation) -> list[int]:
    return [node.sample for node in allocation.strata]


def find(node: AllocationNode, *names: str) -> AllocationNode:
    for name in names:
        node = next(child for child in node.children if child.name == name)
    return node


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Fraction(5, 2), 3), (Fraction(7, 2), 4), (Fraction(1, 2), 1), (Fraction(49, 100), 0),
     (Fraction(0), 0), (Fraction(151, 100), 2), (Fraction(3), 3)],
)
def test_round_half_up_never_rounds_half_to_even(value: Fraction, expected: int) -> None:
    assert round_half_up(value) == expected


def test_issue_example_without_buffer() -> None:
    # 148 × 454/1217 = 55.21 → 55; 16.78 → 17; 39.77 → 40; 15.69 → 16; 20.55 → 21.
    # The total 149 is one over, so one is removed from the largest stratum.
    allocation = allocate(one_officer_per_case(ISSUE_STRATA), 148, Fraction(0), 6, seed=0)
    assert [node.proportional for node in allocation.strata] == [55, 17, 40, 16, 21]
    assert samples(allocation) == [54, 17, 40, 16, 21]
    assert allocation.strata[0].adjustments == (Adjustment("rounding", -1),)
    assert (allocation.buffer, allocation.shortfall) == (0, 0)


def test_issue_example_with_a_20_percent_buffer() -> None:
    # Buffers 20% of 55, 17, 40, 16, 21 = 11, 3.4 → 3, 8, 3.2 → 3, 4.2 → 4: totals
    # 66, 20, 48, 19, 25 = 178 = 148 + 29.6 rounded half up (30), so no fix-up is needed.
    allocation = allocate(one_officer_per_case(ISSUE_STRATA), 148, Fraction(20), 6, seed=0)
    assert samples(allocation) == [66, 20, 48, 19, 25]
    assert [node.adjustments for node in allocation.strata] == [
        (Adjustment("buffer", b),) for b in (11, 3, 8, 3, 4)]
    assert (allocation.buffer, allocation.target, allocation.shortfall) == (30, 178, 0)


def test_fractional_buffer_is_exact() -> None:
    # 12.5% of 40 = 5 exactly; 12.5% of 148 = 18.5 → 19, not 18.
    allocation = allocate(one_officer_per_case((0, 0, 100, 0, 0)), 40, Fraction(25, 2), 6,
                          seed=0)
    assert samples(allocation) == [0, 0, 45, 0, 0]
    big = allocate(one_officer_per_case((0, 0, 400, 0, 0)), 148, Fraction(25, 2), 6, seed=0)
    assert big.buffer == 19


def test_a_stratum_and_its_buffer_are_capped_at_its_size() -> None:
    # 19 of 20 from strata of 2 and 18: 19 × 2/20 = 1.9 → 2, 19 × 18/20 = 17.1 → 17.
    # Buffers of 50%: 1 and 8.5 → 9, but the strata hold only 2 and 18. The target,
    # 19 + 9.5 → 29, cannot be met: 9 short.
    allocation = allocate(one_officer_per_case((2, 18, 0, 0, 0)), 19, Fraction(50), 6,
                          seed=0)
    assert samples(allocation) == [2, 18, 0, 0, 0]
    assert [node.adjustments for node in allocation.strata[:2]] == [
        (Adjustment("buffer", 1), Adjustment("size_cap", -1)),
        (Adjustment("buffer", 9), Adjustment("size_cap", -8))]
    assert (allocation.target, allocation.shortfall) == (29, 9)


def test_more_requested_than_eligible_takes_everyone() -> None:
    # 10 of 5: 10 × 2/5 = 4 capped at 2; 10 × 3/5 = 6 capped at 3.
    allocation = allocate(one_officer_per_case((2, 3, 0, 0, 0)), 10, Fraction(0), 6, seed=0)
    assert samples(allocation) == [2, 3, 0, 0, 0]
    assert [node.adjustments for node in allocation.strata[:2]] == [
        (Adjustment("size_cap", -2),), (Adjustment("size_cap", -3),)]
    assert allocation.shortfall == 5


def test_fix_up_adds_smallest_first_skipping_full_parts_and_cycling() -> None:
    assert fix_up([1, 0, 0], [1, 5, 10], 6) == [1, 3, 2]


def test_fix_up_removes_largest_first_and_cycles() -> None:
    assert fix_up([4, 3, 1], [10, 5, 1], 4) == [2, 2, 0]


def test_fix_up_ties_keep_the_given_order() -> None:
    assert fix_up([0, 0, 0], [5, 5, 5], 2) == [1, 1, 0]
    assert fix_up([2, 2, 2], [5, 5, 5], 4) == [1, 1, 2]


def test_fix_up_stops_when_every_part_is_full() -> None:
    assert fix_up([0, 0], [2, 2], 10) == [2, 2]


def test_proportional_of_nothing_is_nothing() -> None:
    assert proportional(10, [0, 0]) == [0, 0]


def test_nested_division_sums_to_each_parent() -> None:
    # One stratum of 20: clusters A (12) and B (8); A's LDUs A1 (7) and A2 (5).
    # 10 requested: A 6, B 4; A1 6 × 7/12 = 3.5 → 4, A2 2.5 → 3: one too many, removed from
    # the larger (A1) → 3 and 3. Officers of A1: x (4) and y (3): 3 × 4/7 = 1.71 → 2,
    # 1.29 → 1.
    populations = {
        ("female", "A", "A1", "x"): 4, ("female", "A", "A1", "y"): 3,
        ("female", "A", "A2", "z"): 5, ("female", "B", "B1", "w"): 8,
    }
    stratum = allocate(populations, 10, Fraction(0), 6, seed=0).strata[0]
    assert [c.sample for c in stratum.children] == [6, 4]
    a1, a2 = find(stratum, "A").children
    assert (a1.proportional, a1.sample, a1.adjustments) == (4, 3, (Adjustment("rounding", -1),))
    assert (a2.proportional, a2.sample) == (3, 3)
    assert [o.sample for o in a1.children] == [2, 1]


def test_officer_over_the_cap_gives_cases_to_the_colleague_with_fewest() -> None:
    # LDU of 20 cases, 10 to draw: a 12 cases → 6, b 4 → 2, c 4 → 2. Cap 4: a gives two
    # away; b and c both have 2, so one of them (in seeded tie order) takes the first, and
    # the other, now with fewest, the second.
    populations = {("female", "C", "L", "a"): 12, ("female", "C", "L", "b"): 4,
                   ("female", "C", "L", "c"): 4}
    allocation = allocate(populations, 10, Fraction(0), 4, seed=0)
    officers = find(allocation.strata[0], "C", "L").children
    assert [o.sample for o in officers] == [4, 3, 3]
    assert [o.adjustments for o in officers] == [
        (Adjustment("officer_cap", -2),),
        (Adjustment("officer_cap_reallocation", 1),),
        (Adjustment("officer_cap_reallocation", 1),)]
    assert allocation.shortfall == 0


def test_colleagues_without_unselected_cases_cannot_take_any() -> None:
    # 8 of 12: a 8 × 10/12 = 6.67 → 7, b 1.33 → 1; the total is right. Cap 5: a must
    # lose 2. b takes one (its second case) and then has no unselected case left, so a's
    # second excess case is dropped.
    populations = {("female", "C", "L", "a"): 10, ("female", "C", "L", "b"): 2}
    allocation = allocate(populations, 8, Fraction(0), 5, seed=0)
    ldu = find(allocation.strata[0], "C", "L")
    assert [o.sample for o in ldu.children] == [5, 2]
    assert ldu.adjustments == (Adjustment("officer_cap", -1),)
    assert allocation.strata[0].adjustments == (Adjustment("officer_cap", -1),)
    assert allocation.shortfall == 1


def test_the_cap_counts_an_officers_cases_across_strata() -> None:
    # a has 5 women and 5 men (community, low); b has 5 men. 12 requested of 15: female 4,
    # male 8 → a 4, b 4. a has 8 > 5: one of a's male cases goes to b (b then full at 5),
    # the next two are dropped from a's larger bucket, female first on a tie.
    populations = {("female", "C", "L", "a"): 5, ("male_community_low", "C", "L", "a"): 5,
                   ("male_community_low", "C", "L", "b"): 5}
    allocation = allocate(populations, 12, Fraction(0), 5, seed=0)
    quotas = allocation.quotas()
    assert quotas == {("female", "C", "L", "a"): 2, ("male_community_low", "C", "L", "a"): 3,
                      ("male_community_low", "C", "L", "b"): 5}
    assert (samples(allocation)[:2], allocation.shortfall) == ([2, 8], 2)


def test_every_node_shows_how_its_sample_was_reached() -> None:
    populations = {("female", "C", "L", "a"): 12, ("female", "C", "L", "b"): 1,
                   ("male_post_custody_low", "C", "L", "b"): 30}
    allocation = allocate(populations, 20, Fraction(15), 4, seed=0)
    for stratum in allocation.strata:
        for path in stratum.walk():
            node = path[-1]
            assert node.sample == node.proportional + sum(a.change for a in node.adjustments)
            if node.children:
                assert node.sample == sum(child.sample for child in node.children)


def test_to_dict_nests_levels() -> None:
    populations = {("female", "C", "L", "a"): 3}
    data = allocate(populations, 2, Fraction(0), 6, seed=0).strata[0].to_dict()
    assert data == {
        "stratum": "female", "population": 3, "proportional": 2, "sample": 2,
        "adjustments": [],
        "clusters": [{"cluster": "C", "population": 3, "proportional": 2, "sample": 2,
                      "adjustments": [],
                      "ldus": [{"ldu": "L", "population": 3, "proportional": 2, "sample": 2,
                                "adjustments": [],
                                "officers": [{"responsible_officer": "a", "population": 3,
                                              "proportional": 2, "sample": 2,
                                              "adjustments": []}]}]}],
    }


def test_ties_between_officers_follow_the_seed_not_the_alphabet() -> None:
    # One case to draw among ten officers with one case each: all tie on size.
    populations = {("female", "C", "L", f"officer {i}"): 1 for i in range(10)}
    chosen = {seed: next(o for o, n in allocate(populations, 1, Fraction(0), 6, seed=seed)
                         .quotas().items() if n)
              for seed in range(40)}
    assert len(set(chosen.values())) > 5
    assert chosen[7] == next(o for o, n in allocate(populations, 1, Fraction(0), 6, seed=7)
                             .quotas().items() if n)
    order = sorted(range(10), key=lambda i: tie_key(7, ("female", "C", "L", f"officer {i}")))
    assert chosen[7] == ("female", "C", "L", f"officer {order[0]}")
