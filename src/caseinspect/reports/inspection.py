"""The inspection report: ratings at a glance, a chart and findings per standard with what good
looks like from the effective practice guide, publishable practice examples, the sample's
profile and the methodology."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from caseinspect.analysis import AnalysisResult
from caseinspect.analysis.disclosure import publish_analysis
from caseinspect.casetable import CaseTable
from caseinspect.frameworks import Framework, KeyQuestion, Standard, load_framework
from caseinspect.frameworks.practice import guide_for
from caseinspect.reports import cells
from caseinspect.reports.document import (
    Bar,
    BarChart,
    Block,
    BulletList,
    Cell,
    HeaderCell,
    Paragraph,
    Rating,
    Report,
    Row,
    Section,
    Table,
)
from caseinspect.reports.options import Example, ReportOptions
from caseinspect.reports.sample import methodology, profile_table

LOWEST_PROMPTS = 3
Figures = dict[str, dict[str, Any]]


def _figures(result: AnalysisResult, options: ReportOptions) -> Figures:
    """Per question code, its figures as published: through the analysis core's disclosure
    control in publish mode (a question answered by too few cases is suppressed whole).

    The report shows no question's figures by group, so the breakdowns are dropped first: with
    them, publishing the 28-case demo audited some 680 group tables by linear programming
    (about 4,700 solves, 10–40 s a download) only to throw them away."""
    data = result.to_dict()
    data["questions"] = [{**q, "by": {}} for q in data["questions"]]
    if options.publish:
        data = publish_analysis(data, options.threshold)
    return {q["code"]: q for q in data["questions"]}


def _hidden(q: dict[str, Any]) -> bool:
    return bool(q.get("suppressed"))


def _kq_label(kq: KeyQuestion) -> str:
    return f"{kq.code} {kq.short}" if kq.short else kq.code


def _areas(framework: Framework) -> list[str] | None:
    """Column headings by area (engagement, desistance, keeping other people safe) when every
    standard asks one key question per area, the same areas each time; else None."""
    names: list[str] | None = None
    for s in framework.standards:
        shorts = [kq.short or "" for kq in s.key_questions]
        if not all(shorts) or len(set(shorts)) != len(shorts):
            return None
        if names is not None and shorts != names:
            return None
        names = shorts
    return names if names and len(names) <= 4 else None


def _glance(framework: Framework, result: AnalysisResult, figures: Figures,
            number: int) -> Table:
    """Each standard's rating and its key questions' % yes: one column per area when the
    standards share their areas, else one row per key question."""
    rated = {s.code: s for s in result.standards if s.framework == framework.code}
    areas = _areas(framework)
    rows = []
    for s in (s for s in framework.standards if s.code in rated):
        rating = cells.rating(rated[s.code].rating)
        if areas:
            by_area = {kq.short: kq.code for kq in s.key_questions}
            row: list[Cell] = [rating]
            for area in areas:
                q = figures.get(by_area.get(area) or "")
                row.append(cells.pct(q["pct_yes"], _hidden(q)) if q else cells.text("–"))
            rows.append(Row((f"{s.code} {s.title}",), tuple(row)))
            continue
        shown = [kq for kq in s.key_questions if kq.code in figures]
        for k, kq in enumerate(shown):
            q = figures[kq.code]
            rows.append(Row((f"{s.code} {s.title}" if k == 0 else "", _kq_label(kq)),
                            (rating if k == 0 else cells.text(""),
                             cells.pct(q["pct_yes"], _hidden(q))), first_of_block=k == 0))
    stubs = ("Standard",) if areas else ("Standard", "Key question")
    heads = [HeaderCell("Rating"), *(HeaderCell(a) for a in areas or ["% yes"])]
    return Table(f"ratings-{framework.code}", f"Table {number}: Ratings at a glance — "
                 f"{framework.title}", f"Ratings {number}", stubs, (tuple(heads),),
                 tuple(rows), ("% yes is the percentage of cases judged sufficient.",))


def _overall(framework: Framework, result: AnalysisResult) -> Paragraph | None:
    for o in result.overall:
        if o.framework == framework.code:
            rating = f": {o.rating}" if o.rating else ""
            return Paragraph(f"Overall score {o.score} of {o.max_score}{rating}. {o.note}",
                             "note")
    return None


def _chart(standard: Standard, figures: Figures, framework: Framework) -> BarChart:
    bars = []
    described = []
    for kq in standard.key_questions:
        q = figures.get(kq.code)
        if q is None:
            continue
        hide = _hidden(q)
        bars.append(Bar(_kq_label(kq), None if hide else q["pct_yes"],
                        None if hide else q["ci95_low"], None if hide else q["ci95_high"], hide))
        described.append(f"{_kq_label(kq)} " + ("suppressed" if hide else
                                               cells.pct_text(q["pct_yes"])))
    rules = framework.rating
    bands = tuple((b.label, b.min_pct) for b in reversed(rules.bands)) if rules else ()
    lines = [f"{low:g}%" for _, low in bands if low > 0]
    at = f" and the rating thresholds at {', '.join(lines[:-1])} and {lines[-1]}" if len(
        lines) > 1 else ""
    alt = (f"Bar chart of the percentage of cases judged sufficient for each key question of "
           f"{standard.code} {standard.title}, with 95% intervals{at}: " + "; ".join(described)
           + ".")
    return BarChart(f"chart-{standard.code}", f"{standard.code} {standard.title}: % of cases "
                    "judged sufficient", alt, tuple(bars), bands)


def _kq_table(standard: Standard, figures: Figures, number: int) -> Table:
    rows = []
    for kq in standard.key_questions:
        q = figures.get(kq.code)
        if q is None:
            continue
        hide = _hidden(q)
        rows.append(Row((f"{kq.code} {kq.text}",), (
            cells.count(q["n"], hide), cells.pct(q["pct_yes"], hide),
            cells.interval(q["ci95_low"], q["ci95_high"], hide))))
    return Table(f"kq-{standard.code}", f"Table {number}: {standard.code} {standard.title} — "
                 "key questions", f"{standard.code} key questions", ("Key question",),
                 ((HeaderCell("n"), HeaderCell("% yes"), HeaderCell("95% interval")),),
                 tuple(rows))


def _lowest(standard: Standard, figures: Figures) -> list[dict[str, Any]]:
    """The prompts with the lowest % (the key questions when the standard has no prompts)."""
    prompts = [p.code for kq in standard.key_questions for p in kq.prompts] or [
        kq.code for kq in standard.key_questions]
    found = [figures[c] for c in prompts
             if c in figures and not _hidden(figures[c]) and figures[c]["pct_yes"] is not None]
    return sorted(found, key=lambda q: (q["pct_yes"], q["code"]))[:LOWEST_PROMPTS]


def _good_practice(lowest: Sequence[dict[str, Any]]) -> list[Section]:
    """What good looks like, from the guide's main lens for each key question concerned."""
    out: list[Section] = []
    main = {q["code"]: entries[0] for q in lowest if (entries := guide_for(q["code"]))}
    seen: list[str] = []
    for entry in main.values():
        if entry.key_question in seen:
            continue
        seen.append(entry.key_question)
        points = [p for code, e in main.items() if e.key_question == entry.key_question
                  and (p := entry.point_for(code))]
        blocks: list[Block] = [Paragraph(entry.expectation, "lead")]
        if points:
            blocks.append(BulletList(tuple(points), "Practitioners should"))
        blocks.append(Paragraph(f"Case summary — {entry.case_summary.label} (a fictional "
                                f"name): {entry.case_summary.synopsis}", "quote"))
        if entry.take_away_questions:
            blocks.append(BulletList(tuple(entry.take_away_questions),
                                     "Take away — questions to reflect on"))
        out.append(Section(f"What good looks like: {entry.heading}",
                           f"guide-{entry.area}-{entry.key_question}", tuple(blocks)))
    return out


def _examples(standard: Standard, examples: Sequence[Example]) -> Section | None:
    codes = {kq.code for kq in standard.key_questions}
    chosen = [e for e in examples if e.publishable and (
        e.question_code in codes or e.question_code.rsplit(".", 1)[0] in codes)]
    if not chosen:
        return None
    blocks = tuple(Paragraph(f"{'Good' if e.kind == 'good' else 'Poor'} practice example "
                             f"({e.question_code}): {e.text}", "quote") for e in chosen)
    return Section("Practice examples", f"examples-{standard.code}", blocks)


def _standard_section(standard: Standard, framework: Framework, result: AnalysisResult,
                      figures: Figures, examples: Sequence[Example], number: int) -> Section:
    rated = result.standard(standard.code)
    blocks: list[Block] = []
    if rated.lowest is not None and rated.rating:
        low = next(kq for kq in standard.key_questions
                   if rated.key_questions.get(kq.code) == rated.lowest)
        shown = ("too few cases to publish" if _hidden(figures[low.code])
                 else cells.pct_text(rated.lowest))
        blocks.append(Paragraph(f"Rating: {rated.rating}. The lowest key question was "
                                f"{_kq_label(low)} ({shown})."))
    blocks += [_chart(standard, figures, framework), _kq_table(standard, figures, number)]
    lowest = _lowest(standard, figures)
    findings: list[Block] = []
    if lowest:
        what = "prompts" if lowest[0]["kind"] == "prompt" else "key questions"
        findings.append(BulletList(tuple(
            f"{q['code']} {q['text']} — {cells.pct_text(q['pct_yes'])} of {q['n']:,} cases"
            for q in lowest), f"The {what} with the lowest percentage of cases judged "
                              "sufficient"))
    subsections = [Section("Findings", f"findings-{standard.code}", tuple(findings),
                           tuple(_good_practice(lowest)))]
    if (ex := _examples(standard, examples)) is not None:
        subsections.append(ex)
    return Section(f"{standard.code} {standard.title}", f"standard-{standard.code}",
                   tuple(blocks), tuple(subsections), Rating(standard.code, rated.rating))


def build_inspection(table: CaseTable, result: AnalysisResult, options: ReportOptions,
                     examples: Sequence[Example] = ()) -> Report:
    figures = _figures(result, options)
    frameworks = [load_framework(c) for c in result.frameworks]
    rated = [fw for fw in frameworks if any(s.framework == fw.code for s in result.standards)]
    glance: list[Block] = []
    number = 0
    for fw in rated:
        number += 1
        glance.append(_glance(fw, result, figures, number))
        if (total := _overall(fw, result)) is not None:
            glance.append(total)
    sections = [Section("Ratings at a glance", "ratings", tuple(glance))]
    in_result = {s.code for s in result.standards}
    for fw in rated:
        for s in fw.standards:
            if s.code in in_result:
                number += 1
                sections.append(_standard_section(s, fw, result, figures, examples, number))
    number += 1
    profile = profile_table(table, options, str(number))
    if profile is not None:
        sections.append(Section("The sample", "sample", (profile,)))
    sections.append(methodology(result, options))
    primary = load_framework(result.framework)
    name = options.name or Path(table.source).stem
    work = "public protection" if "public-protection" in primary.code else "probation case " \
        "supervision"
    title = options.title or f"An inspection of {work}: {name}"
    summary = [f"{result.cases:,} cases inspected against {primary.title}."]
    summary += [f"{s.code} {s.title}: {s.rating}" for s in result.standards if s.rating]
    return Report("inspection", title, primary.title, options.created, options.publish,
                  options.marking, tuple(summary), tuple(sections),
                  synthetic="synthetic" in table.attributes, disclosure=options.disclosure)

