"""Covariate patterns: the distinct combinations of categorical levels among cases.

A logistic regression on categorical variables has the same likelihood on the cases as on
their covariate patterns — each distinct combination of levels with its numbers of yes and of
answered cases — so the models are fitted on patterns. Levels are integer codes; a combination
of factors is one integer key (``key * size + code``) renumbered to ``0 … cells − 1`` and
counted with ``np.bincount``. Nothing loops over cases.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from caseinspect.casetable import BLANK, NO, YES

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: A key space up to this many times the number of keys (plus a constant) is counted with a
#: dense ``np.bincount``; a sparser one is sorted with ``np.unique``.
DENSE_FACTOR = 4
DENSE_EXTRA = 1024


def _dense(bound: int, items: int) -> bool:
    return bound <= DENSE_FACTOR * items + DENSE_EXTRA


def compact(key: IntArray, bound: int) -> tuple[IntArray, IntArray]:
    """Renumber integer keys in ``[0, bound)`` to ``0 … k − 1`` in increasing key order.

    Returns
    -------
    codes : ndarray
        The new number of each key.
    occupied : ndarray
        The distinct keys, in increasing order (``occupied[codes] == key``).
    """
    if _dense(bound, len(key)):
        occupied = np.flatnonzero(np.bincount(key, minlength=bound)).astype(np.int64)
        lookup = np.empty(bound, dtype=np.int64)
        lookup[occupied] = np.arange(len(occupied), dtype=np.int64)
        return lookup[key], occupied
    occupied, inverse = np.unique(key, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64), occupied.astype(np.int64)


@dataclass(frozen=True)
class Cells:
    """Items (cases or patterns) grouped by the levels of some factors.

    Attributes
    ----------
    of : ndarray, shape (items,)
        The cell of each item, ``0 … cells − 1``.
    levels : ndarray, shape (cells, factors)
        The level code of each factor in each cell.
    """

    of: IntArray
    levels: IntArray

    @classmethod
    def single(cls, items: int) -> Cells:
        """Every item in one cell, crossed with no factor yet."""
        return cls(np.zeros(items, dtype=np.int64), np.zeros((1, 0), dtype=np.int64))

    def cross(self, factors: Sequence[tuple[IntArray, int]]) -> Cells:
        """Cross these cells with more factors, each given as (codes per item, levels).

        Several factors are combined into one key while its range stays small enough to count
        densely, then renumbered; the levels of each new cell are decoded from its key.
        """
        of, levels = self.of, self.levels
        i = 0
        while i < len(factors):
            key = of.copy()
            bound = len(levels)
            sizes: list[int] = []
            while i < len(factors) and (not sizes or _dense(bound * factors[i][1], len(key))):
                codes, size = factors[i]
                key *= size
                key += codes
                bound *= size
                sizes.append(size)
                i += 1
            of, occupied = compact(key, bound)
            decoded: list[IntArray] = []
            rest = occupied
            for size in reversed(sizes):
                decoded.append(rest % size)
                rest = rest // size
            levels = np.column_stack([levels[rest], *reversed(decoded)]).astype(np.int64)
        return Cells(of, levels)

    def count(self, codes: IntArray | None, size: int, outcomes: Outcomes,
              laned: IntArray | None = None) -> tuple[IntArray, FloatArray, FloatArray]:
        """Yes and trials per occupied cell of these cells crossed with one factor (or none).

        ``laned``, if given, is ``codes × LANES + lane`` (see :func:`laned`): with few cells
        the sums are then spread over :data:`LANES` partial sums per cell, so consecutive
        items seldom add to the same one (an add waits for the one before it into the same
        total: a weighted count into a few dozen cells ran at a third of the speed).

        Returns
        -------
        levels : ndarray, shape (occupied cells, factors [+ 1])
        yes, trials : ndarray, shape (occupied cells,)
        """
        bound = len(self.levels) * (1 if codes is None else size)
        if laned is not None and bound <= LANED_CELLS:
            y, t = outcomes.sums(self.of * (size * LANES) + laned, bound * LANES)
            y, t = y.reshape(bound, LANES).sum(axis=1), t.reshape(bound, LANES).sum(axis=1)
            occupied = np.flatnonzero(t)
            y, t = y[occupied], t[occupied]
            return self._levels(occupied, codes is not None, size), y, t
        key = self.of if codes is None else self.of * size + codes
        if _dense(bound, len(key)):
            y, t = outcomes.sums(key, bound)
            occupied = np.flatnonzero(t)
            y, t = y[occupied], t[occupied]
        else:
            codes_, keys = compact(key, bound)
            y, t = outcomes.sums(codes_, len(keys))
            occupied = keys[t > 0]
            y, t = y[t > 0], t[t > 0]
        return self._levels(occupied, codes is not None, size), y, t

    def _levels(self, occupied: IntArray, crossed: bool, size: int) -> IntArray:
        if not crossed:
            return self.levels[occupied]
        levels = np.column_stack([self.levels[occupied // size], occupied % size])
        return levels.astype(np.int64)


#: Partial sums per cell in a laned count (a power of two), and the most cells it is used for.
LANES = 8
LANED_CELLS = 4096


def laned(codes: IntArray) -> IntArray:
    """``codes × LANES + lane``, each item's lane being its position mod :data:`LANES`."""
    return codes * LANES + (np.arange(len(codes), dtype=np.int64) & (LANES - 1))


#: Integers up to this are exact in a float64.
_EXACT = 2.0**53


@dataclass(frozen=True)
class Outcomes:
    """Yes answers and answered cases (trials) per item, summed over groups of items.

    Where both are whole numbers, each item's pair is packed into one float, ``trials ×
    shift + yes`` with ``shift`` a power of two above the total of yes, so one weighted
    ``np.bincount`` sums both exactly (every partial sum is a whole number below 2⁵³) and
    the sums unpack exactly: half the passes over the items of two counts.
    """

    yes: FloatArray
    trials: FloatArray
    packed: FloatArray | None
    shift: float

    @classmethod
    def of(cls, yes: FloatArray, trials: FloatArray) -> Outcomes:
        shift = 2.0 ** int(np.ceil(np.log2(float(yes.sum()) + 1.0)))
        whole = bool(np.all(yes == np.floor(yes)) and np.all(trials == np.floor(trials)))
        if whole and float(trials.sum()) * shift < _EXACT and np.all(yes >= 0):
            return cls(yes, trials, trials * shift + yes, shift)
        return cls(yes, trials, None, shift)

    def sums(self, key: IntArray, bound: int) -> tuple[FloatArray, FloatArray]:
        """Yes and trials summed per key in ``[0, bound)``."""
        if self.packed is None:
            return (np.bincount(key, weights=self.yes, minlength=bound).astype(np.float64),
                    np.bincount(key, weights=self.trials, minlength=bound).astype(np.float64))
        total = np.bincount(key, weights=self.packed, minlength=bound)
        trials = np.floor(total / self.shift)
        return total - trials * self.shift, trials


@dataclass(frozen=True)
class Factor:
    """A categorical variable: its name and level labels (codes index ``labels``)."""

    name: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class PatternTable:
    """Cases grouped into covariate patterns of some factors.

    ``cells.of`` is each case's pattern and ``columns[j]`` the level of factor ``j`` in each
    pattern (contiguous, for fast key arithmetic).
    """

    factors: tuple[Factor, ...]
    cells: Cells
    columns: tuple[IntArray, ...]

    @classmethod
    def build(cls, factors: Sequence[Factor], codes: Sequence[IntArray], cases: int
              ) -> PatternTable:
        """Patterns of ``cases`` cases from each factor's level code per case."""
        cells = Cells.single(cases).cross(
            [(c, len(f.labels)) for f, c in zip(factors, codes, strict=True)])
        columns = tuple(np.ascontiguousarray(cells.levels[:, j]) for j in range(len(factors)))
        return cls(tuple(factors), cells, columns)

    @property
    def size(self) -> int:
        return len(self.cells.levels)

    def outcome(self, answers: npt.NDArray[np.int8]) -> tuple[FloatArray, FloatArray]:
        """Yes answers and answered cases (yes + no) per pattern, from one question's codes.

        One count over ``pattern × 4 + answer slot`` (blank, no, yes, na) of every case.
        """
        slot = self.cells.of * 4 + (answers.astype(np.int64) - BLANK)
        counts = np.bincount(slot, minlength=4 * self.size).reshape(-1, 4)
        yes = counts[:, YES - BLANK].astype(np.float64)
        return yes, yes + counts[:, NO - BLANK]
