"""Small-cell suppression of the aggregate tables viewers get (the Results page, the dynamic
inspection's diagnosis and indicator panels).

Hiding only the groups under the threshold is not enough: with the total shown, one hidden
group is the total less the others. So the analysis core's disclosure control
(:func:`caseinspect.analysis.disclosure.suppress` — primary suppression, a second cell in any
line hiding only one, and a linear-programming audit) decides which groups to hide, as for
``analyse --publish``; only the threshold differs (five cases on the web pages).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from caseinspect.analysis.disclosure import suppress
from caseinspect.reports.cells import group_label

SMALL_CELL = 5

RULE = (f"Groups of fewer than {SMALL_CELL} cases are not shown, and further groups are hidden "
        "where needed so that no hidden figure can be worked out from the totals.")


def hidden(counts: Sequence[int]) -> list[str | None]:
    """For each group of one breakdown of one question (its number of cases), why it is
    hidden: ``"small"`` (fewer than :data:`SMALL_CELL` cases), ``"secondary"`` (hidden so that
    a small group cannot be worked out from the total), or None when it is shown."""
    if not counts:
        return []
    result = suppress(list(counts), SMALL_CELL)
    return [("small" if bool(p) else "secondary") if bool(m) else None
            for m, p in zip(result.mask, result.primary, strict=True)]


def protect(cells: Sequence[dict[str, Any]], suppress: bool) -> list[dict[str, Any]]:
    """One breakdown's groups (dicts with ``group`` and ``n``) as a page may show them: each
    gets ``suppressed`` (False, ``"small"`` or ``"secondary"``); a hidden group keeps only its
    label. Without ``suppress`` every group is shown."""
    why = hidden([int(c["n"]) for c in cells]) if suppress else [None] * len(cells)
    return [{**c, "suppressed": False} if reason is None
            else {"group": c["group"], "suppressed": reason}
            for c, reason in zip(cells, why, strict=True)]


def group_rows(questions: Sequence[dict[str, Any]], breakdown: str,
               suppress: bool) -> list[dict[str, Any]]:
    """One row per group of ``breakdown`` (its ``group``, the ``label`` shown, and its cell
    for each question, None where it has none) from the questions' ``by`` figures; with
    ``suppress``, groups are hidden per question as :func:`protect` hides them."""
    groups: dict[str, list[dict[str, Any] | None]] = {}
    for i, question in enumerate(questions):
        for cell in protect(question.get("by", {}).get(breakdown, []), suppress):
            row = groups.setdefault(str(cell["group"]), [None] * len(questions))
            row[i] = cell
    return [{"group": g, "label": group_label(g), "cells": cells} for g, cells in groups.items()]
