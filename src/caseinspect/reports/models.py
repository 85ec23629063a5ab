"""The bulletin's model summaries and its comparison between programmes, as document sections."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from caseinspect.analysis.compare import Change, Comparison
from caseinspect.analysis.stepwise import StepwiseResult
from caseinspect.reports import cells
from caseinspect.reports.document import (
    Block,
    BulletList,
    Cell,
    ChangeChart,
    HeaderCell,
    Paragraph,
    Row,
    Section,
    Table,
)
from caseinspect.reports.options import ReportOptions
from caseinspect.reports.suppression import hidden as suppressed


def hidden_cells(c: Comparison, options: ReportOptions) -> dict[str, list[tuple[bool, bool]]]:
    """Per question, per row of its changes (all cases, then each split group), whether the
    'from' and the 'to' cell are suppressed when published: the all-cases row by the
    threshold, the split groups × (from, to) block by the analysis core's rule, whose column
    totals — the all-cases row — are published."""
    out: dict[str, list[tuple[bool, bool]]] = {}
    for code, changes in c.changes.items():
        if not options.publish:
            out[code] = [(False, False)] * len(changes)
            continue
        first = changes[0]
        rows = [(0 < first.from_n < options.threshold, 0 < first.to_n < options.threshold)]
        if len(changes) > 1:
            block = np.array([[ch.from_n, ch.to_n] for ch in changes[1:]], dtype=np.int64)
            mask = suppressed(block, options.threshold)
            rows += [(bool(a) or rows[0][0], bool(b) or rows[0][1]) for a, b in mask]
        out[code] = rows
    return out


def comparison_table(c: Comparison, options: ReportOptions, number: int) -> Table:
    src, dst = cells.group_label(c.from_value), cells.group_label(c.to_value)
    rows = []
    hidden = hidden_cells(c, options)
    for code, changes in c.changes.items():
        for k, ch in enumerate(changes):
            hide_from, hide_to = hidden[code][k]
            small = hide_from or hide_to or (options.publish and min(ch.from_n, ch.to_n) == 0)
            group = "All cases" if ch.split_group is None else cells.group_label(ch.split_group)
            row: tuple[Cell, ...] = (
                cells.count(ch.from_n, hide_from), cells.pct(ch.from_pct, hide_from),
                cells.count(ch.to_n, hide_to), cells.pct(ch.to_pct, hide_to),
                cells.suppressed() if small else cells.pp(ch.difference_pp),
                cells.suppressed() if small else cells.signed_interval(ch.ci95_low,
                                                                       ch.ci95_high),
                cells.suppressed() if small else cells.p_value(ch.p))
            rows.append(Row((code if k == 0 else "", group), row, total=ch.split_group is None,
                            first_of_block=k == 0))
    heads = (HeaderCell(f"{src}", 2), HeaderCell(f"{dst}", 2), HeaderCell("Change", 3))
    sub = (HeaderCell("n"), HeaderCell("% yes"), HeaderCell("n"), HeaderCell("% yes"),
           HeaderCell("pp"), HeaderCell("95% interval"), HeaderCell("p"))
    return Table("change", f"Table {number}: Change from {src} to {dst} by question"
                 + (f" and {cells.breakdown_label(c.split).lower()}" if c.split else ""),
                 "Change", ("Question", "Cases"), (heads, sub), tuple(rows),
                 ("Change in percentage points (pp) with Newcombe's hybrid score 95% interval; "
                  "p from a two-proportion test (Fisher's exact test for small counts).",))


def _fell(ch: Change) -> bool:
    """A significant fall (two-sided p < 0.05)."""
    d, p = ch.difference_pp, ch.p
    return d is not None and p is not None and d < 0 and p < 0.05


def comparison_section(c: Comparison, chart: ChangeChart, options: ReportOptions,
                       number: int) -> Section:
    src, dst = cells.group_label(c.from_value), cells.group_label(c.to_value)
    hidden = hidden_cells(c, options)

    def fell(code: str, k: int) -> bool:  # a suppressed change is not counted either way
        return not any(hidden[code][k]) and _fell(c.changes[code][k])

    falls = [code for code in c.changes if fell(code, 0)]
    total = len(c.changes)
    where = (f"in all {total} questions." if falls and len(falls) == total else
             f"in {len(falls)} of {total} questions ({', '.join(falls)})." if falls else
             f"in none of the {total} questions.")
    lead = f"The percentage of cases judged sufficient fell significantly from {src} to {dst} " \
        + where
    blocks: list[Block] = [Paragraph(lead, "lead")]
    if c.split:
        groups = [ch.split_group for ch in next(iter(c.changes.values()))[1:]]
        counts = [sum(1 for code in c.changes if fell(code, k + 1))
                  for k in range(len(groups))]
        blocks.append(Paragraph(
            f"Split by {cells.breakdown_label(c.split).lower()}: a significant fall in "
            + ", ".join(f"{n} of {len(c.changes)} questions for {cells.group_label(g or '')} "
                        "cases" for g, n in zip(groups, counts, strict=True)) + "."))
    blocks += [chart, comparison_table(c, options, number)]
    return Section(f"Change from {src} to {dst}", "change", tuple(blocks))


def _model(m: StepwiseResult, number: int, title: str) -> Section:
    blocks: list[Block] = []
    if m.selected:
        chosen = ", ".join(cells.breakdown_label(v) for v in m.selected)
        blocks.append(Paragraph(f"Forward stepwise logistic regression on {m.n:,} answered "
                                f"cases; variables selected, in order of entry: {chosen}."))
    else:
        blocks.append(Paragraph(f"Forward stepwise logistic regression on {m.n:,} answered "
                                "cases: no variable entered, so no subgroup difference is "
                                "significant once the others are accounted for."))
    if m.terms:
        rows = tuple(Row((cells.breakdown_label(t.variable) if first else "",
                          f"{cells.group_label(t.level)} (vs {cells.group_label(t.reference)})"),
                         (cells.ratio(t.odds_ratio),
                          Cell(f"{t.ci95_low:.2f}–{t.ci95_high:.2f}", None, "interval"),
                          cells.p_value(t.p)), first_of_block=first)
                     for t, first in zip(m.terms, [k == 0 or m.terms[k - 1].variable != t.variable
                                                   for k, t in enumerate(m.terms)], strict=True))
        blocks.append(Table(f"model-{m.question}", f"Table {number}: {m.question} — odds "
                            "ratios of the final model", f"Model {m.question}",
                            ("Variable", "Level"), ((HeaderCell("Odds ratio"),
                                                     HeaderCell("95% interval"),
                                                     HeaderCell("p")),), rows))
    if m.sentences:
        blocks.append(BulletList(tuple(f"{s}." for s in m.sentences), "In plain English"))
    if m.warnings:
        blocks.append(BulletList(m.warnings, "Notes"))
    return Section(f"Model of {m.question}: {title}", f"model-{m.question}", tuple(blocks))


def model_section(models: Sequence[StepwiseResult], first_number: int,
                  titles: dict[str, str]) -> Section:
    """One subsection per model; tables numbered on from ``first_number``."""
    subs = []
    number = first_number
    for m in models:
        subs.append(_model(m, number, titles.get(m.question, m.question)))
        number += 1 if m.terms else 0
    return _models(tuple(subs))


def _models(subs: tuple[Section, ...]) -> Section:
    intro = Paragraph("Which subgroup differences stay significant once the others are "
                      "accounted for: forward stepwise logistic regression (entry p < 0.05, "
                      "removal p > 0.10), as in Bulletin 2018/02, Annex A.", "lead")
    return Section("Models", "models", (intro,), subs)
