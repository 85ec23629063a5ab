"""The document model: a report as plain, typed data — sections of paragraphs, lists, tables and
charts — built once from the analysis results and rendered as HTML, PDF or Excel.

Nothing here formats for a medium: a :class:`Cell` holds its number (for Excel) and its text
(for HTML and PDF); a chart holds its figures (the renderers draw it as SVG) and its
alternative text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

#: How a published suppressed cell is shown (the analysis core's disclosure rule says 'c').
SUPPRESSED = "c"

CellKind = Literal["text", "rating", "interval", "count", "pct", "pp", "ratio", "p"]


@dataclass(frozen=True)
class Cell:
    """One table cell: ``value`` is the number stored in Excel, ``text`` what a reader sees."""

    text: str
    value: float | int | None = None
    kind: CellKind = "text"
    suppressed: bool = False


@dataclass(frozen=True)
class HeaderCell:
    text: str
    span: int = 1


@dataclass(frozen=True)
class Row:
    """``stub`` is the row's heading cells (``("Gender", "Male")``); ``total`` marks an
    all-cases row; ``first_of_block`` starts a new block of a breakdown."""

    stub: tuple[str, ...]
    cells: tuple[Cell, ...]
    total: bool = False
    first_of_block: bool = False


@dataclass(frozen=True)
class Table:
    """A table with one or more header rows; ``sheet`` names its Excel sheet."""

    key: str
    caption: str
    sheet: str
    stub_headers: tuple[str, ...]
    header_rows: tuple[tuple[HeaderCell, ...], ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()

    @property
    def width(self) -> int:
        return len(self.stub_headers) + sum(c.span for c in self.header_rows[-1])


@dataclass(frozen=True)
class Bar:
    label: str
    pct: float | None
    low: float | None
    high: float | None
    suppressed: bool = False


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars of % yes with 95% intervals and the rating thresholds drawn in."""

    key: str
    title: str
    alt: str
    bars: tuple[Bar, ...]
    #: The rating bands from the lowest up: (label, lowest %), e.g. ("Good", 65.0).
    bands: tuple[tuple[str, float], ...] = (("Inadequate", 0.0), ("Requires improvement", 50.0),
                                            ("Good", 65.0), ("Outstanding", 80.0))

    @property
    def thresholds(self) -> tuple[float, ...]:
        return tuple(low for _, low in self.bands if low > 0)


@dataclass(frozen=True)
class ChangeSeries:
    label: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class ChangeChart:
    """Change in percentage points per question (seed 003 Figure 1), one series per group."""

    key: str
    title: str
    alt: str
    categories: tuple[str, ...]
    series: tuple[ChangeSeries, ...]


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: Literal["body", "lead", "note", "quote"] = "body"


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]
    heading: str | None = None


@dataclass(frozen=True)
class Rating:
    """A rating shown as a tag: ``label`` (e.g. 'Good') with the standard it belongs to."""

    standard: str
    label: str | None


Block = Paragraph | BulletList | Table | BarChart | ChangeChart


@dataclass(frozen=True)
class Section:
    title: str
    key: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()
    rating: Rating | None = None


@dataclass(frozen=True)
class Report:
    kind: Literal["inspection", "bulletin"]
    title: str
    subtitle: str
    created: date
    publish: bool
    marking: str
    summary: tuple[str, ...]
    sections: tuple[Section, ...]
    lang: str = "en-GB"
    synthetic: bool = False
    disclosure: str | None = None

    def tables(self) -> list[Table]:
        """Every table, in reading order (the Excel workbook's sheets)."""
        found: list[Table] = []

        def walk(section: Section) -> None:
            found.extend(b for b in section.blocks if isinstance(b, Table))
            for sub in section.subsections:
                walk(sub)

        for s in self.sections:
            walk(s)
        return found
