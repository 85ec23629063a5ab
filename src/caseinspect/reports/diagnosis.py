"""The regional diagnosis of a dynamic inspection as a self-contained HTML document (styles
inline, the chart as inline SVG) and as a tagged PDF through :func:`reports.pdf.html_to_pdf`.

It renders the plain dict the web app builds (``web.dynamic.diagnosis.diagnosis_data``): one
result, two renderings. No Django here; free text is in the dict only when its reader may see
it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from caseinspect.reports.pdf import html_to_pdf

TEMPLATES = Path(__file__).parent / "templates"
LANG = "en-GB"
#: Indicator columns per "% yes by …" table: a group column and five "100% (n 12)" cells fit
#: A4 portrait; the demo's 15 case questions and facts made one table twice the page's width.
BREAKDOWN_COLUMNS = 5


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["pct"] = _pct
    return env


def _pct(value: float | None, places: int = 1) -> str:
    return "–" if value is None else f"{value:.{places}f}%"


def render_html(data: Mapping[str, Any], created: datetime) -> str:
    """The diagnosis as one HTML document dated ``created``."""
    template = _environment().get_template("diagnosis.html")
    css = (TEMPLATES / "diagnosis.css").read_text(encoding="utf-8")
    return template.render(d=data, css=css, lang=LANG, created=f"{created:%-d %B %Y}",
                           per_table=BREAKDOWN_COLUMNS)


def render_pdf(data: Mapping[str, Any], created: datetime) -> bytes:
    """The diagnosis as a tagged A4 PDF with its title and language set."""
    return html_to_pdf(render_html(data, created), title=str(data["title"]), created=created,
                       lang=LANG)
