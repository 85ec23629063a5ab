"""Seeded random selection within each officer's bucket (rule 7 of issue 6).

The eligible cases are put in CRN order (CRNs are unique once duplicates are removed) and
each is given a uniform random key from ``numpy.random.Generator(PCG64(seed))``, in that
order. Within each (stratum, cluster, ldu, officer) bucket the cases with the smallest keys
are taken, as many as the bucket's quota — a simple random sample without replacement in
every bucket. The same eligible cases, quotas and seed therefore give the same sample,
whatever the order of the rows in the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

import numpy as np
import pandas as pd

from caseinspect.sampling.allocate import LEVELS, Bucket


def bucket_populations(eligible: pd.DataFrame) -> dict[Bucket, int]:
    """The number of eligible cases in each (stratum, cluster, ldu, officer) bucket."""
    sizes = eligible.groupby(list(LEVELS), sort=True).size()
    return {_bucket(key): int(n) for key, n in sizes.items()}


def select_cases(eligible: pd.DataFrame, quotas: Mapping[Bucket, int], seed: int) -> np.ndarray:
    """Positions (into ``eligible``) of the cases drawn, in CRN order.

    Parameters
    ----------
    eligible
        The eligible cases with ``crn`` and the four bucket columns (``LEVELS``).
    quotas
        Cases to draw per bucket; a bucket's quota never exceeds its size.
    seed
        Seed of the PCG64 generator.
    """
    n = len(eligible)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    by_crn = np.argsort(eligible["crn"].to_numpy(dtype=str), kind="stable")
    key = np.empty(n)
    key[by_crn] = np.random.Generator(np.random.PCG64(seed)).random(n)
    grouped = eligible.groupby(list(LEVELS), sort=True)
    bucket = grouped.ngroup().to_numpy()
    quota = np.array([quotas.get(_bucket(key), 0) for key in grouped.size().index],
                     dtype=np.int64)
    order = np.lexsort((key, bucket))
    rank = pd.Series(bucket[order]).groupby(bucket[order]).cumcount().to_numpy()
    chosen = order[rank < quota[bucket[order]]]
    return chosen[np.argsort(eligible["crn"].to_numpy(dtype=str)[chosen], kind="stable")]


def _bucket(key: object) -> Bucket:
    """A groupby key over the four ``LEVELS`` as a :data:`Bucket`."""
    stratum, cluster, ldu, officer = cast(tuple[object, object, object, object], key)
    return (str(stratum), str(cluster), str(ldu), str(officer))
