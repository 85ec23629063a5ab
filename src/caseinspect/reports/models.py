"""The bulletin's model summaries and its comparison between programmes, as document sections."""

from __future__ import annotations

from collections.abc import Sequence

from caseinspect.analysis.compare import Comparison
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


def comparison_table(c: Comparison, options: ReportOptions, number: int) -> Table:
    src, dst = cells.group_label(c.from_value), cells.group_label(c.to_value)
    rows = []
    for code, changes in c.changes.items():
        for k, ch in enumerate(changes):
            small = options.publish and min(ch.from_n, ch.to_n) < options.threshold
            hide_from = options.publish and 0 < ch.from_n < options.threshold
            hide_to = options.publish and 0 < ch.to_n < options.threshold
            group = "All cases" if ch.split_group is None else cells.group_label(ch.split_group)
            row: tuple[Cell, ...] = (
                cells.count(ch.from_n, hide_from), cells.pct(ch.from_pct, hide_from),
                cells.count(ch.to_n, hide_to), cells.pct(ch.to_pct, hide_to),
                cells.suppressed() if small else cells.pp(ch.difference_pp),
                cells.suppressed() if small else cells.interval(ch.ci95_low, ch.ci95_high)
                if ch.ci95_low is None else cells.text(f"{ch.ci95_low:+.1f} to "
                                                       f"{ch.ci95_high:+.1f}"),
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


def comparison_section(c: Comparison, chart: ChangeChart, options: ReportOptions,
                       number: int) -> Section:
    src, dst = cells.group_label(c.from_value), cells.group_label(c.to_value)
    falls = [code for code, ch in c.changes.items()
             if ch[0].difference_pp is not None and ch[0].difference_pp < 0
             and ch[0].p is not None and ch[0].p < 0.05]
    lead = (f"The percentage of cases judged sufficient fell significantly from {src} to {dst} "
            f"in {len(falls)} of {len(c.changes)} questions"
            + (f" ({', '.join(falls)})." if falls else "."))
    return Section(f"Change from {src} to {dst}", "change",
                   (Paragraph(lead, "lead"), chart, comparison_table(c, options, number)))


def _model(m: StepwiseResult, number: int) -> Section:
    blocks: list[Block] = []
    if m.selected:
        blocks.append(Paragraph(f"Forward stepwise logistic regression on {m.n:,} answered "
                                f"cases; variables selected: {', '.join(m.selected)}."))
    else:
        blocks.append(Paragraph(f"Forward stepwise logistic regression on {m.n:,} answered "
                                "cases: no variable entered, so no subgroup difference is "
                                "significant once the others are accounted for."))
    if m.terms:
        rows = tuple(Row((cells.breakdown_label(t.variable), f"{cells.group_label(t.level)} "
                          f"(vs {cells.group_label(t.reference)})"),
                         (cells.ratio(t.odds_ratio),
                          cells.text(f"{t.ci95_low:.2f}–{t.ci95_high:.2f}"),
                          cells.p_value(t.p)))
                     for t in m.terms)
        blocks.append(Table(f"model-{m.question}", f"Table {number}: {m.question} — odds "
                            "ratios of the final model", f"Model {m.question}",
                            ("Variable", "Level"), ((HeaderCell("Odds ratio"),
                                                     HeaderCell("95% interval"),
                                                     HeaderCell("p")),), rows))
    if m.sentences:
        blocks.append(BulletList(tuple(f"{s}." for s in m.sentences), "In plain English"))
    if m.warnings:
        blocks.append(BulletList(m.warnings, "Notes"))
    return Section(f"Model of {m.question}", f"model-{m.question}", tuple(blocks))


def model_section(models: Sequence[StepwiseResult], first_number: int) -> Section:
    subs = tuple(_model(m, first_number + k) for k, m in enumerate(models))
    intro = Paragraph("Which subgroup differences stay significant once the others are "
                      "accounted for: forward stepwise logistic regression (entry p < 0.05, "
                      "removal p > 0.10), as in Bulletin 2018/02, Annex A.", "lead")
    return Section("Models", "models", (intro,), subs)
