"""Groups as people read them, in the reports and on the web pages alike."""

from __future__ import annotations

import pytest

from caseinspect.reports.cells import group_label


@pytest.mark.parametrize(("value", "shown"), [
    ("male", "Male"), ("post_custody", "Post custody"), ("very_high", "Very high"),
    ("high_or_very_high", "High/Very high"), ("missing", "Not recorded"), ("QI", "Q&I"),
    ("OMI2", "OMI2"), ("Manchester", "Manchester"), ("18-20", "18-20"), ("", ""),
])
def test_group_labels(value: str, shown: str) -> None:
    assert group_label(value) == shown
