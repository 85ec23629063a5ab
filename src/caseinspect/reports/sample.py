"""The parts both documents share: the sample's profile and the methodology note."""

from __future__ import annotations

import numpy as np

from caseinspect.analysis import AnalysisResult
from caseinspect.analysis.breakdowns import MISSING, grouping
from caseinspect.casetable import CaseTable
from caseinspect.frameworks import load_framework
from caseinspect.reports import cells
from caseinspect.reports.document import HeaderCell, Paragraph, Row, Section, Table
from caseinspect.reports.options import ReportOptions
from caseinspect.reports.suppression import hidden as suppressed

#: The profile's breakdowns, in the order the issue and seed 003 list them.
PROFILE = ("gender", "age_group", "ethnicity", "supervision_type", "rosh", "mappa_eligible")


def profile_table(table: CaseTable, options: ReportOptions, number: str) -> Table | None:
    """Cases by gender, age group, ethnicity, supervision type, RoSH and MAPPA eligibility;
    in publish mode each block is suppressed as the analysis core's disclosure rule says."""
    rows: list[Row] = [Row(("All cases", ""), (cells.count(table.cases), cells.pct(100.0)),
                           total=True)]
    for name in PROFILE:
        g = grouping(table, name)
        if g is None:
            continue
        counts = np.bincount(g.codes, minlength=len(g.labels) + 1)
        labels = [*g.labels, MISSING]
        shown = [(labels[i], int(counts[i])) for i in range(len(labels)) if counts[i] > 0]
        hidden = (suppressed([n for _, n in shown], options.threshold).tolist()
                  if options.publish else [False] * len(shown))
        for k, ((label, n), hide) in enumerate(zip(shown, hidden, strict=True)):
            stub = (cells.breakdown_label(name) if k == 0 else "", cells.group_label(label))
            rows.append(Row(stub, (cells.count(n, hide),
                                   cells.pct(100.0 * n / table.cases, hide)),
                            first_of_block=k == 0))
    if len(rows) == 1:
        return None
    notes = ("Percentages are of all cases in the sample.",)
    return Table("profile", f"Table {number}: The sample's profile", "Sample profile",
                 ("", ""), ((HeaderCell("Cases"), HeaderCell("% of cases")),), tuple(rows),
                 notes)


def methodology(result: AnalysisResult, options: ReportOptions) -> Section:
    """How many cases, the period, how ratings are derived, the interval method."""
    titles = [load_framework(code).title for code in result.frameworks]
    period = options.period or "not stated in the case table"
    blocks = [
        Paragraph(f"This document is based on {result.cases:,} inspected cases. "
                  f"Period of the inspection: {period}."),
        Paragraph("Inspectors judged each case against the questions of "
                  + "; ".join(titles) + ". Each question is answered yes, no or not applicable; "
                  "percentages are of the cases answered yes or no (not applicable and "
                  "unanswered cases are left out), and n is that number of cases."),
        Paragraph("Intervals are Wilson score 95% confidence intervals. A difference between "
                  "two groups is shown in percentage points with Newcombe's hybrid score "
                  "interval."),
        Paragraph(rating_rule(result.framework)),
    ]
    if result.weighted:
        blocks.append(Paragraph("The case table carries survey weights; percentages in the "
                                "analysis are weighted, while n is the number of cases."))
    if options.publish:
        blocks.append(Paragraph(
            f"Disclosure control: cells based on fewer than {options.threshold} cases are "
            "suppressed (shown as 'c'), and further cells are suppressed where needed so that "
            "no suppressed value can be worked out from the totals. No case reference (CRN) "
            "and no free text appears, other than practice examples inspectors marked as "
            "anonymised and publishable."))
    return Section("Methodology", "methodology", tuple(blocks))


def rating_rule(framework: str) -> str:
    """The framework's rating bands in words."""
    rules = load_framework(framework).rating
    if rules is None:
        return "This framework has no ratings."
    bands = [f"{b.label} from {b.min_pct:g}%" if b.min_pct else f"{b.label} below "
             f"{rules.bands[-2].min_pct:g}%" for b in rules.bands]
    top = max(b.points for b in rules.bands)
    return ("Ratings: a standard takes the rating of its lowest key question — "
            + ", ".join(bands) + " of cases judged sufficient; the unrounded percentage "
            f"decides. The overall score is the sum of the standards' points ({top} for "
            f"{rules.bands[0].label} down to 0 for {rules.bands[-1].label}).")
