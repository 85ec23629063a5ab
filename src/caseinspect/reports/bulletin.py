"""The research bulletin: per question, seed 003's table (all cases and each breakdown group by
programme, n and % yes); model summaries; the change chart of seed 003's Figure 1."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from caseinspect.analysis import AnalysisResult, GroupResult
from caseinspect.analysis.breakdowns import grouping
from caseinspect.analysis.compare import Comparison, compare
from caseinspect.analysis.stepwise import StepwiseResult, stepwise_many
from caseinspect.casetable import CaseTable
from caseinspect.frameworks import load_framework
from caseinspect.reports import cells
from caseinspect.reports.crosstab import CrossTab, crosstabs
from caseinspect.reports.crosstab import comparison as crosstab_comparison
from caseinspect.reports.document import (
    Block,
    Cell,
    ChangeChart,
    ChangeSeries,
    HeaderCell,
    Paragraph,
    Report,
    Row,
    Section,
    Table,
)
from caseinspect.reports.models import comparison_section, hidden_cells, model_section
from caseinspect.reports.options import ReportOptions
from caseinspect.reports.sample import methodology, profile_table
from caseinspect.reports.suppression import hidden as suppressed


def _short(code: str, framework: str) -> str:
    for kq in load_framework(framework).key_questions():
        if kq.code == code:
            return kq.short or kq.text
    return code


def _standard_title(framework: str, code: str) -> str:
    for s in load_framework(framework).standards:
        if s.code == code:
            return f"{s.code} {s.title}"
    return code


def _hide_block(ns: list[list[int]], options: ReportOptions) -> list[list[bool]]:
    """Suppression of one breakdown block (groups × programmes; the all-cases column holds
    the row totals), by the analysis core's rule; without programmes, of the one column."""
    if not options.publish or not ns:
        return [[False] * (len(r) + 1) for r in ns]
    totals = [sum(r) for r in ns]
    inner = np.array(ns, dtype=np.int64)
    mask = suppressed(inner, options.threshold) if inner.shape[1] > 1 else \
        suppressed(totals, options.threshold).reshape(-1, 1)
    out = []
    for i, total in enumerate(totals):
        row_total_hidden = 0 < total < options.threshold or (
            inner.shape[1] == 1 and bool(mask[i, 0]))
        out.append([row_total_hidden, *([bool(m) for m in mask[i]] if inner.shape[1] > 1
                                        else [])])
    return out


def _pair(g: GroupResult | None, hide: bool) -> tuple[Cell, Cell]:
    if g is None:
        return cells.count(0), cells.text("–")
    return cells.count(g.n, hide), cells.pct(g.pct_yes, hide)


def question_table(ct: CrossTab, number: int, options: ReportOptions) -> Table:
    multi = len(ct.labels) > 1
    heads = [HeaderCell("All cases", 2)]
    if multi:
        heads += [HeaderCell(f"{cells.group_label(label)} cases", 2) for label in ct.labels]
    sub = [HeaderCell("n"), HeaderCell("% yes")] * len(heads)
    whole = options.publish and 0 < ct.overall.n < options.threshold
    cols = ct.columns if multi else ()
    top: list[Cell] = [cells.count(ct.overall.n, whole), cells.pct(ct.overall.pct_yes, whole)]
    col_hidden = [whole or (options.publish and 0 < c.n < options.threshold) for c in cols]
    for c, hide in zip(cols, col_hidden, strict=True):
        top += [cells.count(c.n, hide), cells.pct(c.pct_yes, hide)]
    rows = [Row(("All cases", ""), tuple(top), total=True)]
    for name in ct.breakdowns:
        groups = ct.overall.by.get(name, ())
        per = [{g.group: g for g in c.by.get(name, ())} for c in cols]
        ns = [[p[g.group].n if g.group in p else 0 for p in per] or [g.n] for g in groups]
        hidden = _hide_block(ns, options)
        for k, g in enumerate(groups):
            row: list[Cell] = [*_pair(g, whole or hidden[k][0])]
            for j, p in enumerate(per):
                row += [*_pair(p.get(g.group), whole or hidden[k][j + 1])]
            stub = (cells.breakdown_label(name) if k == 0 else "", cells.group_label(g.group))
            rows.append(Row(stub, tuple(row), first_of_block=k == 0))
    caption = (f"Table {number}: Inspector judgements, {ct.code} ({_short(ct.code, ct.framework)})"
               + (" by programme" if multi else ""))
    return Table(f"q-{ct.code}", caption, ct.code,
                 ("", ""), (tuple(heads), tuple(sub)), tuple(rows),
                 ("n is the number of cases answered yes or no; % yes of those.",))


def _at_a_glance(tabs: Sequence[CrossTab], result: AnalysisResult, options: ReportOptions,
                 comparison: Comparison | None) -> Table:
    labels = tabs[0].labels if tabs and len(tabs[0].labels) > 1 else ()
    heads = [HeaderCell("All cases"), *(HeaderCell(cells.group_label(x)) for x in labels)]
    if comparison is not None:
        heads.append(HeaderCell("Change (pp)"))
    rows = []
    for ct in tabs:
        q = result.question(ct.code)
        hide = options.publish and 0 < ct.overall.n < options.threshold
        row = [cells.pct(ct.overall.pct_yes, hide)]
        row += [cells.pct(c.pct_yes, hide or (options.publish and 0 < c.n < options.threshold))
                for c in (ct.columns if labels else ())]
        if comparison is not None:
            change = comparison.changes[ct.code][0]
            small = options.publish and min(change.from_n, change.to_n) < options.threshold
            row.append(cells.suppressed() if small else cells.pp(change.difference_pp))
        rows.append(Row((f"{ct.code} {_short(ct.code, q.framework)}",), tuple(row)))
    return Table("glance", "Table 1: % of cases judged sufficient, by question",
                 "At a glance", ("Question",), (tuple(heads),), tuple(rows),
                 ("pp: percentage points.",) if comparison is not None else ())


def _comparison_plan(table: CaseTable, options: ReportOptions
                     ) -> tuple[str, str, str, str | None] | None:
    """(attribute, from, to, split) of the bulletin's comparison, if it has one: the one asked
    for, else the table's two programmes split by provider when present."""
    if options.between is not None:
        attribute, src, dst = options.between
        return attribute, src, dst, options.split
    if not options.compare:
        return None
    g = grouping(table, "programme")
    if g is None or len(g.labels) != 2:
        return None
    split = options.split or ("provider" if grouping(table, "provider") is not None else None)
    return "programme", g.labels[0], g.labels[1], split


def change_chart(c: Comparison, options: ReportOptions, number: int) -> ChangeChart:
    codes = tuple(c.changes)
    split_groups = [ch.split_group for ch in c.changes[codes[0]][1:]] if codes else []
    series = []
    hidden = hidden_cells(c, options)
    for index, label in ([(k + 1, s) for k, s in enumerate(split_groups)] if split_groups
                         else [(0, "All cases")]):
        values = []
        for code in codes:
            ch = c.changes[code][index]
            small = any(hidden[code][index]) or (options.publish and min(ch.from_n,
                                                                          ch.to_n) == 0)
            values.append(None if small else ch.difference_pp)
        series.append(ChangeSeries(cells.group_label(label or "All cases"), tuple(values)))
    src, dst = cells.group_label(c.from_value), cells.group_label(c.to_value)
    by = "" if not split_groups else f"; {' vs '.join(s.label for s in series)}" if len(
        series) <= 3 else f"; by {cells.breakdown_label(c.split or '').lower()}"
    work = "public protection work" if all(code.startswith("pp") for code in codes) else "work"
    described = "; ".join(
        f"{code}: " + ", ".join(f"{s.label} {cells.pp(v).text} pp" if v is not None else
                                f"{s.label} not shown" for s, v in
                                zip(series, (s.values[i] for s in series), strict=True))
        for i, code in enumerate(codes))
    return ChangeChart(
        "change", f"Figure {number}: Change in quality of {work} from {src} to "
        f"{dst}{by}",
        f"Bar chart of the change in percentage points from {src} to {dst} for each question"
        + (f", split by {cells.breakdown_label(c.split or '').lower()}" if c.split else "")
        + f": {described}.", codes, tuple(series))


def programme_comparison(tabs: Sequence[CrossTab], table: CaseTable, src: str, dst: str,
                         split: str | None) -> Comparison:
    """The change between two programmes, from the tables' own counts; a programme or a split
    column the table does not have is reported as the analysis core reports it (``compare``
    raises the same InputError as ``caseinspect compare``)."""
    labels = tabs[0].labels if tabs else ()
    unknown_split = split is not None and grouping(table, split) is None
    if src not in labels or dst not in labels or unknown_split:
        return compare(table, "programme", src, dst, split, [ct.code for ct in tabs])
    return crosstab_comparison(tabs, table, "programme", src, dst, split)


def build_bulletin(table: CaseTable, result: AnalysisResult, options: ReportOptions,
                   models: Sequence[StepwiseResult] | None = None) -> Report:
    codes = [q.code for q in result.questions if q.kind == "key_question"]
    plan = _comparison_plan(table, options)
    by_programme = plan is not None and plan[0] == "programme"
    tabs = crosstabs(table, result, codes, split=plan[3] if plan and by_programme else None)
    comparison: Comparison | None = None
    if plan is not None:
        attribute, src, dst, split = plan
        comparison = (programme_comparison(tabs, table, src, dst, split) if by_programme
                      else compare(table, attribute, src, dst, split, codes))
    if models is None and options.models:
        models = stepwise_many(table, codes, None, workers=options.workers)
    sections: list[Section] = []
    programmes = [cells.group_label(x) for x in tabs[0].labels] if tabs else []
    comparing = (f", comparing {', '.join(programmes[:-1])} and {programmes[-1]} cases"
                 if len(programmes) > 1 else "")
    glance: list[Block] = [
        Paragraph(f"This bulletin sets out inspectors' judgements on {len(codes)} questions "
                  f"across {result.cases:,} cases{comparing}.", "lead"),
        _at_a_glance(tabs, result, options, comparison)]
    sections.append(Section("Summary", "summary", tuple(glance)))
    number = 1
    by_standard: dict[tuple[str, str], list[Section]] = {}
    for ct in tabs:
        number += 1
        standard = load_framework(ct.framework).question(ct.code).standard or ""
        by_standard.setdefault((ct.framework, standard), []).append(
            Section(f"{ct.code} {ct.text}", f"question-{ct.code}",
                    (question_table(ct, number, options),)))
    sections.append(Section("Findings by question", "questions", (), tuple(
        Section(_standard_title(framework, code), f"standard-{code}", (), tuple(questions))
        for (framework, code), questions in by_standard.items())))
    figure = 0
    if comparison is not None:
        figure += 1
        number += 1
        sections.append(comparison_section(comparison, change_chart(comparison, options, figure),
                                           options, number))
    if models:
        titles = {ct.code: _short(ct.code, ct.framework) for ct in tabs}
        sections.append(model_section(models, number + 1, titles))
        number += sum(1 for m in models if m.terms)
    profile = profile_table(table, options, str(number + 1))
    if profile is not None:
        sections.append(Section("The sample", "sample", (profile,)))
    sections.append(methodology(result, options))
    title = options.title or "Research & Analysis Bulletin: the quality of public protection work"
    subtitle = options.name or f"Inspectors' judgements in {result.cases:,} cases"
    summary = [f"{result.cases:,} cases; {len(codes)} questions."]
    if comparison is not None:
        summary.append(f"Change from {cells.group_label(comparison.from_value)} to "
                       f"{cells.group_label(comparison.to_value)} by question.")
    return Report("bulletin", title, subtitle, options.created, options.publish,
                  options.marking, tuple(summary), tuple(sections),
                  synthetic="synthetic" in table.attributes, disclosure=options.disclosure)

