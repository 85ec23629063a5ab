"""HTML → PDF with WeasyPrint: tagged A4 PDF with the document's language and title, and
reproducible bytes when the creation date is fixed.

``html_to_pdf`` is the one function every PDF in caseinspect goes through — the inspection
report and the research bulletin here, and the regional diagnosis (``reports.diagnosis``) reuses
it too. Give it a complete HTML document (``<html lang=…>``, inline styles, inline SVG charts
with ``role="img"`` and ``aria-label``/``<title>`` or ``<img alt=…>``) and it returns the PDF.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from caseinspect.reports.document import Report

DEFAULT_LANG = "en-GB"

# WeasyPrint logs every unsupported CSS property as a warning; our styles are our own.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def _w3c(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def html_to_pdf(html: str, *, title: str, created: datetime | None = None,
                lang: str = DEFAULT_LANG) -> bytes:
    """Render a complete HTML document to a tagged PDF (PDF/UA-1 profile) and return its bytes.

    Parameters
    ----------
    html
        The whole document. Page size and margins come from its own ``@page`` rule (our reports
        use A4); WeasyPrint fetches nothing from the network, so images must be inline.
    title
        The PDF's title (document properties, window title); it overrides ``<title>``.
    created
        The creation and modification date written into the PDF. Fix it (e.g.
        ``datetime(2026, 1, 1)``) for reproducible bytes: the file identifier is a hash of the
        HTML, title and date, so the same input gives the same PDF. ``None`` means now.
    lang
        The document language when the HTML has no ``lang`` attribute.

    Notes
    -----
    The PDF is tagged, so headings, tables and figures keep their structure and each chart's
    alternative text reaches a screen reader.
    """
    import weasyprint  # imported here: it takes ~0.5 s and most commands never need it

    when = _w3c(created if created is not None else datetime.now(UTC).replace(microsecond=0))
    document = weasyprint.HTML(string=html, base_url=None).render()
    document.metadata.title = title
    document.metadata.created = when
    document.metadata.modified = when
    if not document.metadata.lang:
        document.metadata.lang = lang
    identifier = hashlib.sha256(f"{title}\0{when}\0{html}".encode()).hexdigest()[:32]
    pdf: bytes = document.write_pdf(pdf_identifier=identifier.encode(), pdf_tags=True,
                                    pdf_variant="pdf/ua-1")
    return pdf


def render_pdf(report: Report) -> bytes:
    """The report's HTML rendering as a PDF, dated with the report's creation date."""
    from caseinspect.reports.html import render_html

    created = datetime(report.created.year, report.created.month, report.created.day,
                       tzinfo=UTC)
    return html_to_pdf(render_html(report), title=report.title, created=created,
                       lang=report.lang)
