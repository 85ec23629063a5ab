"""Cells and labels as an Inspectorate publication writes them: 88.6%, 2,796, 'Ethnic group'."""

from __future__ import annotations

from caseinspect.reports.document import SUPPRESSED, Cell

#: Breakdown names as seed 003's tables head them.
BREAKDOWN_LABELS: dict[str, str] = {
    "programme": "Programme",
    "gender": "Gender",
    "age_group": "Age group",
    "ethnicity": "Ethnic group",
    "supervision_type": "Supervision type",
    "rosh": "RoSH level",
    "rosh_band": "RoSH level",
    "mappa_eligible": "MAPPA eligible",
    "mappa_category": "MAPPA category",
    "provider": "Provider",
    "region": "Region",
    "pdu": "Delivery unit",
}

_GROUP_LABELS: dict[str, str] = {
    "high_or_very_high": "High/Very high",
    "very_high": "Very high",
    "missing": "Not recorded",
    "QI": "Q&I",
}


def breakdown_label(name: str) -> str:
    return BREAKDOWN_LABELS.get(name, name.replace("_", " ").capitalize())


def group_label(value: str) -> str:
    """``male`` → ``Male``; ``post_custody`` → ``Post custody``; ``high_or_very_high`` →
    ``High/Very high``; codes and names (``QI`` aside, ``Manchester``) stay as they are."""
    if value in _GROUP_LABELS:
        return _GROUP_LABELS[value]
    if value[:1].islower():
        value = value.replace("_", " ")
        return value[0].upper() + value[1:]
    return value


def pct_text(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}%"


def count_text(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def suppressed() -> Cell:
    return Cell(SUPPRESSED, None, "text", suppressed=True)


def pct(value: float | None, hidden: bool = False) -> Cell:
    if hidden:
        return suppressed()
    return Cell(pct_text(value), value, "pct")


def count(value: int | None, hidden: bool = False) -> Cell:
    if hidden:
        return suppressed()
    return Cell(count_text(value), value, "count")


def interval(low: float | None, high: float | None, hidden: bool = False) -> Cell:
    if hidden:
        return suppressed()
    if low is None or high is None:
        return Cell("–", None, "interval")
    return Cell(f"{low:.1f}–{high:.1f}%", None, "interval")


def signed_interval(low: float | None, high: float | None) -> Cell:
    if low is None or high is None:
        return Cell("–", None, "interval")
    return Cell(f"{low:+.1f} to {high:+.1f}", None, "interval")


def text(value: str) -> Cell:
    return Cell(value)


def rating(label: str | None) -> Cell:
    return Cell(label or "Not rated", None, "rating")


def pp(value: float | None) -> Cell:
    return Cell("–" if value is None else f"{value:+.1f}", value, "pp")


def ratio(value: float) -> Cell:
    return Cell(f"{value:.2f}", value, "ratio")


def p_value(value: float | None) -> Cell:
    if value is None:
        return Cell("–")
    return Cell("<0.001" if value < 0.001 else f"{value:.3f}", value, "p")
