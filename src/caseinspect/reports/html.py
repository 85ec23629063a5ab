"""The document as one self-contained HTML file: styles inline, charts as inline SVG; it reads
on screen, prints on A4, and is what WeasyPrint turns into the PDF."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from caseinspect.reports.charts import bar_chart_svg, change_chart_svg
from caseinspect.reports.document import (
    BarChart,
    Block,
    BulletList,
    ChangeChart,
    Paragraph,
    Report,
    Section,
    Table,
)

TEMPLATES = Path(__file__).parent / "templates"


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              keep_trailing_newline=True)


def _paragraph(p: Paragraph) -> str:
    return f'<p class="{p.style}">{escape(p.text)}</p>'


def _list(b: BulletList) -> str:
    head = f'<p class="list-heading">{escape(b.heading)}</p>' if b.heading else ""
    return head + "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in b.items) + "</ul>"


def _colgroup(t: Table, text_columns: list[bool]) -> str:
    """Column widths for a fixed table layout (faster to lay out, the same on every page):
    stub and text columns wide, intervals wider than plain numbers."""
    stubs = len(t.stub_headers)
    weights = [4.0 if stubs == 1 else 2.2] * stubs
    heads = [h.text if h.span == 1 else "" for h in t.header_rows[-1] for _ in range(h.span)]
    for k, text in enumerate(text_columns):
        interval = any(k < len(r.cells) and r.cells[k].kind == "interval" for r in t.rows)
        wide = min(2.4, len(heads[k]) / 7) if k < len(heads) else 0.0
        weights.append(max(2.6 if text else 1.8 if interval else 1.0, wide))
    total = sum(weights)
    return "<colgroup>" + "".join(f'<col style="width: {100 * w / total:.2f}%" />'
                                  for w in weights) + "</colgroup>"


def _table(t: Table) -> str:
    depth = len(t.header_rows)
    long = len(t.rows) > 30
    text_columns = [bool(t.rows) and all(r.cells[k].kind in ("text", "rating")
                                         and r.cells[k].text != "–" for r in t.rows
                                         if k < len(r.cells))
                    for k in range(t.width - len(t.stub_headers))]
    out = [f'<div class="table-block{" long" if long else ""}">'
           f'<table id="{escape(t.key)}">', f"<caption>{escape(t.caption)}</caption>",
           _colgroup(t, text_columns), "<thead>"]
    for level, heads in enumerate(t.header_rows):
        out.append("<tr>")
        if level == 0:
            out.extend(f'<th scope="col" class="stub" rowspan="{depth}">{escape(s)}</th>'
                       for s in t.stub_headers)
        col = 0
        for h in heads:
            left = text_columns[col] if col < len(text_columns) else False
            span = f' colspan="{h.span}" scope="colgroup" class="span"' if h.span > 1 else \
                ' scope="col" class="stub"' if left else ' scope="col"'
            out.append(f"<th{span}>{escape(h.text)}</th>")
            col += h.span
        out.append("</tr>")
    out.append("</thead><tbody>")
    for row in t.rows:
        classes = " ".join(c for c, on in (("total", row.total),
                                           ("block-start", row.first_of_block)) if on)
        out.append(f'<tr class="{classes}">' if classes else "<tr>")
        for k, stub in enumerate(row.stub):
            block = ' class="block"' if k == 0 and len(row.stub) > 1 and stub else ""
            out.append(f'<th scope="row"{block}>{escape(stub)}</th>')
        for c in row.cells:
            if c.suppressed:
                out.append('<td class="suppressed" title="suppressed: too few cases">'
                           f"{escape(c.text)}</td>")
            elif c.kind == "rating":
                out.append(f'<td class="text">{_rating_tag(c.text)}</td>')
            else:
                out.append(f'<td class="text">{escape(c.text)}</td>' if c.kind == "text"
                           and c.text != "–" else f"<td>{escape(c.text)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    if t.notes:
        out.append('<p class="table-notes">' + " ".join(escape(n) for n in t.notes) + "</p>")
    out.append("</div>")
    return "".join(out)


def _figure(title: str, svg: str) -> str:
    return f"<figure><figcaption>{escape(title)}</figcaption>{svg}</figure>"


def _bar_chart(c: BarChart) -> str:
    return _figure(c.title, bar_chart_svg(c))


def _change_chart(c: ChangeChart) -> str:
    return _figure(c.title, change_chart_svg(c))


#: One renderer per block type (registered, not branched on).
BLOCKS: dict[type, Callable[[Any], str]] = {
    Paragraph: _paragraph,
    BulletList: _list,
    Table: _table,
    BarChart: _bar_chart,
    ChangeChart: _change_chart,
}


def _block(b: Block) -> str:
    return BLOCKS[type(b)](b)


def _rating_tag(label: str | None) -> str:
    slug = (label or "none").lower().replace(" ", "-")
    return f'<span class="rating rating-{slug}">{escape(label or "Not rated")}</span>'


def _section(s: Section, level: int) -> str:
    major = ' class="major"' if level == 2 and s.key.startswith(("standard-", "questions",
                                                                 "change", "models")) else ""
    tag = f"h{min(level, 6)}"
    rating = f" {_rating_tag(s.rating.label)}" if s.rating is not None else ""
    parts = [f'<section id="{escape(s.key)}"{major}>',
             f"<{tag}>{escape(s.title)}{rating}</{tag}>"]
    parts += [_block(b) for b in s.blocks]
    parts += [_section(sub, level + 1) for sub in s.subsections]
    parts.append("</section>")
    return "".join(parts)


def long_date(report: Report) -> str:
    return f"{report.created.day} {report.created:%B %Y}"


def render_html(report: Report) -> str:
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    template = _environment().get_template("report.html")
    return template.render(report=report, css=Markup(css), created=long_date(report),
                           section=lambda s, level: Markup(_section(s, level)))
