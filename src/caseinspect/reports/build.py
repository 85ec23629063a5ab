"""From a case table to a document, and from a document to bytes in a registered format."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from caseinspect.analysis import analyse
from caseinspect.casetable import CaseTable
from caseinspect.reports.bulletin import build_bulletin
from caseinspect.reports.document import Report
from caseinspect.reports.inspection import build_inspection
from caseinspect.reports.options import Example, ReportOptions


def build_report(table: CaseTable, options: ReportOptions,
                 examples: Sequence[Example] = ()) -> Report:
    """Analyse the table (the analysis core, as ``caseinspect analyse`` does) and lay out the
    document of ``options.kind``. Only publishable examples are ever used."""
    result = analyse(table, framework=options.framework, by=list(options.by) or None)
    publishable = [e for e in examples if e.publishable]
    if options.kind == "inspection":
        return build_inspection(table, result, options, publishable)
    return build_bulletin(table, result, options)


def _html(report: Report) -> bytes:
    from caseinspect.reports.html import render_html

    return render_html(report).encode("utf-8")


def _pdf(report: Report) -> bytes:
    from caseinspect.reports.pdf import render_pdf

    return render_pdf(report)


def _xlsx(report: Report) -> bytes:
    from caseinspect.reports.xlsx import render_xlsx

    return render_xlsx(report)


#: The formats a report renders to: name (also the file suffix) → (renderer, media type).
FORMATS: dict[str, tuple[Callable[[Report], bytes], str]] = {
    "html": (_html, "text/html; charset=utf-8"),
    "pdf": (_pdf, "application/pdf"),
    "xlsx": (_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def render(report: Report, fmt: str) -> bytes:
    return FORMATS[fmt][0](report)
