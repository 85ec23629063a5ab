"""The analysis core's disclosure control (:func:`caseinspect.analysis.disclosure.suppress`)
for the reports, remembered per table of counts.

Each hidden cell is audited by two linear programmes, a few milliseconds apiece, and a bulletin
asks for the same small tables many times over: every comparison block three times (its chart,
its table and the significant falls), and the same groups × programmes counts for questions
answered by the same cases — 126 audits of 44 distinct tables for the 28-case web demo.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt

from caseinspect.analysis.disclosure import suppress


def hidden(counts: npt.ArrayLike, threshold: int) -> npt.NDArray[np.bool_]:
    """Which cells of ``counts`` (1-D or 2-D) to hide before publication: ``suppress``'s mask,
    a fresh array the caller may change."""
    n = np.asarray(counts, dtype=np.int64)
    return _mask(n.shape, tuple(n.ravel().tolist()), threshold).reshape(n.shape).copy()


@lru_cache(maxsize=4096)
def _mask(shape: tuple[int, ...], flat: tuple[int, ...], threshold: int
          ) -> npt.NDArray[np.bool_]:
    mask = suppress(np.array(flat, dtype=np.int64).reshape(shape), threshold).mask
    mask.flags.writeable = False
    return mask
