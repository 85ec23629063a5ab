"""Locate the seed documents and normalise their text for quotation checks."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def normalise(text: str) -> str:
    """Whitespace, markdown emphasis, bullets and curly quotes normalised; lower case."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("*", "").replace("•", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


@cache
def seed_text() -> str:
    if not SEEDS.is_dir():
        if os.environ.get("CI") == "true":
            raise AssertionError(f"seed documents missing at {SEEDS}")
        pytest.skip("seed documents not available")
    return normalise(" ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))))


def quoted(text: str) -> bool:
    """True when ``text`` (minus a trailing full stop) appears in the seeds."""
    return normalise(text).rstrip(".") in seed_text()
