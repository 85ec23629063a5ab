"""How many cases to draw from each stratum, cluster, LDU and officer (rules 4–6 of issue 6).

All arithmetic is exact (integers and :class:`~fractions.Fraction`); every rounding is half
up, never to even.

Strata
    Each stratum's *proportional* figure is requested × its share of the eligible cases,
    rounded half up; it is capped at the stratum's size. A buffer of ``buffer_percent`` of
    that capped figure (rounded half up) is added, capped so the stratum does not exceed its
    size. The target is requested + buffer, where buffer = requested × ``buffer_percent`` /
    100 rounded half up. Any difference is fixed one case at a time (:func:`fix_up`).
Clusters, LDUs, officers
    Within a stratum the same proportional rule (no buffer) divides the stratum's sample
    across its clusters, each cluster's across its LDUs, and each LDU's across its officers;
    at every level :func:`fix_up` reconciles the rounded figures so that the children sum
    exactly to their parent.
Officer cap
    See :func:`_apply_officer_cap`.

Ties (equal sizes in :func:`fix_up`, equal counts in the officer cap) are settled between
strata by their listed order, and between clusters, LDUs or officers by a seeded
pseudo-random order (:func:`tie_key`) — not alphabetically, which would favour the same
names in every draw. With the same seed the order, like the whole sample, is the same.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from caseinspect.sampling.labels import STRATA

LEVELS = ("stratum", "cluster", "ldu", "responsible_officer")
_CHILDREN = {"stratum": "clusters", "cluster": "ldus", "ldu": "officers"}

SIZE_CAP = "size_cap"
BUFFER = "buffer"
ROUNDING = "rounding"
OFFICER_CAP = "officer_cap"
OFFICER_CAP_REALLOCATION = "officer_cap_reallocation"

Bucket = tuple[str, str, str, str]
"""(stratum, cluster, ldu, responsible_officer)."""


def tie_key(seed: int, path: Sequence[str]) -> int:
    """The place of a cluster, LDU or officer (``path`` from its stratum down) among equals:
    the first 8 bytes of BLAKE2b over the seed and the path, as an integer."""
    text = "\x1f".join((str(seed), *path)).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")


def round_half_up(value: Fraction) -> int:
    """``value`` rounded to the nearest integer, halves away from zero for value ≥ 0."""
    return math.floor(value + Fraction(1, 2))


def proportional(target: int, sizes: Sequence[int]) -> list[int]:
    """Each part's ``target × size / total``, rounded half up (uncapped; 0 if total is 0)."""
    total = sum(sizes)
    if total == 0:
        return [0] * len(sizes)
    return [round_half_up(Fraction(target * size, total)) for size in sizes]


def fix_up(allocation: Sequence[int], sizes: Sequence[int], target: int) -> list[int]:
    """Bring ``allocation`` to sum to ``target``, one case at a time.

    Too few: add one to each part in turn from the smallest to the largest (by ``sizes``),
    skipping full parts, cycling until the target is met or every part is full. Too many:
    remove one from each part in turn from the largest to the smallest, skipping empty
    parts, cycling. Equal sizes keep the order of the input.

    Parameters
    ----------
    allocation
        The current figure of each part (each at most its size).
    sizes
        Each part's size (its population).
    target
        The required total.

    Returns
    -------
    list of int
        The new figures; they sum to ``target`` unless the parts cannot hold it.
    """
    result = list(allocation)
    total = sum(result)
    parts = range(len(result))
    if total < target:
        order = sorted(parts, key=lambda i: sizes[i])
        while total < target:
            room = [i for i in order if result[i] < sizes[i]]
            if not room:
                break
            for i in room[: target - total]:
                result[i] += 1
            total = sum(result)
    while total > target:
        order = sorted(parts, key=lambda i: -sizes[i])
        for i in [i for i in order if result[i] > 0][: total - target]:
            result[i] -= 1
        total = sum(result)
    return result


@dataclass(frozen=True)
class Adjustment:
    """A change made to a part's proportional figure, and why."""

    kind: str
    change: int

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "change": self.change}


@dataclass(frozen=True)
class AllocationNode:
    """One stratum, cluster, LDU or officer: its eligible cases and its sample.

    ``sample`` = ``proportional`` + the sum of ``adjustments`` (``size_cap``, ``buffer``,
    ``rounding``, ``officer_cap``, ``officer_cap_reallocation``).
    """

    level: str
    name: str
    population: int
    proportional: int
    sample: int
    adjustments: tuple[Adjustment, ...]
    children: tuple[AllocationNode, ...] = ()

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            self.level: self.name,
            "population": self.population,
            "proportional": self.proportional,
            "sample": self.sample,
            "adjustments": [a.to_dict() for a in self.adjustments],
        }
        if self.level in _CHILDREN:
            data[_CHILDREN[self.level]] = [child.to_dict() for child in self.children]
        return data

    def walk(self) -> Iterator[tuple[AllocationNode, ...]]:
        """Every node below and including this one, as its path from this node."""
        yield (self,)
        for child in self.children:
            for path in child.walk():
                yield (self, *path)


@dataclass(frozen=True)
class Allocation:
    """The allocation tree and its totals."""

    strata: tuple[AllocationNode, ...]
    requested: int
    buffer: int
    shortfall: int

    @property
    def target(self) -> int:
        return self.requested + self.buffer

    def quotas(self) -> dict[Bucket, int]:
        """The number of cases to draw from each (stratum, cluster, ldu, officer)."""
        return {
            (s.name, c.name, d.name, o.name): o.sample
            for s in self.strata for c in s.children for d in c.children for o in d.children
        }


@dataclass
class _Node:
    level: str
    name: str
    population: int = 0
    proportional: int = 0
    sample: int = 0
    tie: int = 0
    adjustments: dict[str, int] = field(default_factory=dict)
    children: dict[str, _Node] = field(default_factory=dict)

    def adjust(self, kind: str, change: int) -> None:
        if change:
            self.adjustments[kind] = self.adjustments.get(kind, 0) + change

    def ordered(self) -> list[_Node]:
        """Children by name, as reported."""
        return [self.children[name] for name in sorted(self.children)]

    def by_tie(self) -> list[_Node]:
        """Children in their seeded tie order."""
        return sorted(self.children.values(), key=lambda child: child.tie)

    def freeze(self) -> AllocationNode:
        return AllocationNode(
            level=self.level, name=self.name, population=self.population,
            proportional=self.proportional, sample=self.sample,
            adjustments=tuple(Adjustment(k, v) for k, v in self.adjustments.items() if v),
            children=tuple(child.freeze() for child in self.ordered()),
        )


def allocate(populations: Mapping[Bucket, int], requested: int, buffer_percent: Fraction,
             max_per_officer: int, *, seed: int) -> Allocation:
    """Allocate a sample of ``requested`` cases plus a buffer across strata and below.

    Parameters
    ----------
    populations
        Eligible cases per (stratum, cluster, ldu, officer).
    requested
        The sample size asked for.
    buffer_percent
        The buffer, in percent of each stratum's proportional figure.
    max_per_officer
        No officer has more cases than this in the whole sample.
    seed
        Orders equal clusters, LDUs and officers (:func:`tie_key`).

    Returns
    -------
    Allocation
        The tree of figures with every adjustment, and the shortfall against
        requested + buffer.
    """
    strata = [_Node("stratum", name) for name in STRATA]
    by_name = {node.name: node for node in strata}
    for bucket, count in populations.items():
        node = by_name[bucket[0]]
        node.population += count
        for depth, (level, name) in enumerate(zip(LEVELS[1:], bucket[1:], strict=True), 2):
            if name not in node.children:
                node.children[name] = _Node(level, name, tie=tie_key(seed, bucket[:depth]))
            node = node.children[name]
            node.population += count

    buffer = round_half_up(requested * buffer_percent / 100)
    _allocate_strata(strata, requested, buffer_percent, requested + buffer)
    for stratum in strata:
        _divide(stratum)
    _apply_officer_cap(strata, max_per_officer)
    sampled = sum(s.sample for s in strata)
    return Allocation(strata=tuple(s.freeze() for s in strata), requested=requested,
                      buffer=buffer, shortfall=max(requested + buffer - sampled, 0))


def _allocate_strata(strata: list[_Node], requested: int, buffer_percent: Fraction,
                     target: int) -> None:
    sizes = [s.population for s in strata]
    for stratum, figure in zip(strata, proportional(requested, sizes), strict=True):
        capped = min(figure, stratum.population)
        extra = round_half_up(capped * buffer_percent / 100)
        buffered = min(capped + extra, stratum.population)
        stratum.proportional = figure
        stratum.adjust(BUFFER, extra)
        stratum.adjust(SIZE_CAP, buffered - figure - extra)
        stratum.sample = buffered
    _reconcile(strata, target)


def _divide(parent: _Node) -> None:
    """Share the parent's sample among its children, and so on down to the officers."""
    children = parent.by_tie()
    if not children:
        return
    figures = proportional(parent.sample, [c.population for c in children])
    for child, figure in zip(children, figures, strict=True):
        child.proportional = figure
        child.sample = min(figure, child.population)
        child.adjust(SIZE_CAP, child.sample - figure)
    _reconcile(children, parent.sample)
    for child in children:
        _divide(child)


def _reconcile(parts: list[_Node], target: int) -> None:
    before = [p.sample for p in parts]
    after = fix_up(before, [p.population for p in parts], target)
    for part, old, new in zip(parts, before, after, strict=True):
        part.sample = new
        part.adjust(ROUNDING, new - old)


def _apply_officer_cap(strata: list[_Node], cap: int) -> None:
    """Keep every officer at or under ``cap`` cases in the whole sample.

    Officers over the cap are taken in name order. One case at a time, an over-cap officer
    loses a case from their bucket (a stratum, cluster and LDU) with the most cases — among
    those where some other officer can take the case, the first in stratum and tie order —
    and that case goes to the officer of the same stratum, cluster and LDU with the fewest
    cases in the whole sample (then in tie order) who has unselected cases there and is
    under the cap. When no officer can take it, it is dropped from the officer's largest
    bucket: the sample is smaller, and the parents record the loss as ``officer_cap``.
    """
    buckets: dict[str, list[tuple[_Node, _Node]]] = {}
    for stratum in strata:
        for cluster in stratum.by_tie():
            for ldu in cluster.by_tie():
                for officer in ldu.by_tie():
                    buckets.setdefault(officer.name, []).append((ldu, officer))
    totals = {name: sum(o.sample for _, o in held) for name, held in buckets.items()}
    for name in sorted(n for n, total in totals.items() if total > cap):
        while totals[name] > cap:
            held = sorted((pair for pair in buckets[name] if pair[1].sample > 0),
                          key=lambda pair: -pair[1].sample)
            giver, taker = held[0][1], None
            for ldu, officer in held:
                taker = _taker(ldu, name, totals, cap)
                if taker is not None:
                    giver = officer
                    break
            giver.sample -= 1
            giver.adjust(OFFICER_CAP, -1)
            totals[name] -= 1
            if taker is not None:
                taker.sample += 1
                taker.adjust(OFFICER_CAP_REALLOCATION, 1)
                totals[taker.name] += 1
    for stratum in strata:
        _resum(stratum)


def _taker(ldu: _Node, giver: str, totals: Mapping[str, int], cap: int) -> _Node | None:
    able = [o for o in ldu.by_tie()
            if o.name != giver and o.sample < o.population and totals[o.name] < cap]
    return min(able, key=lambda o: totals[o.name], default=None)


def _resum(node: _Node) -> None:
    if not node.children:
        return
    for child in node.children.values():
        _resum(child)
    total = sum(child.sample for child in node.children.values())
    node.adjust(OFFICER_CAP, total - node.sample)
    node.sample = total
