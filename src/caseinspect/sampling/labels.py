"""The value vocabularies of a long list and of the sample (see ``docs/long-list.md``).

Labels are matched after :func:`normalise_label`: case-folded, with ``-`` and ``_`` read as
spaces and runs of spaces collapsed, so ``"CJA - Youth Rehabilitation Order"``,
``"cja youth rehabilitation order"`` and ``"post_custody"`` / ``"Post-custody"`` all match.
"""

from __future__ import annotations

import re

COMMUNITY = "community"
POST_CUSTODY = "post_custody"

_SPACES = re.compile(r"[\s\-_]+")


def normalise_label(value: str) -> str:
    """The matching form of a label: case-folded, ``-``/``_`` as spaces, spaces collapsed."""
    return _SPACES.sub(" ", value).strip().casefold()


_SENTENCE_LABELS: dict[str, tuple[str, ...]] = {
    COMMUNITY: (
        "ORA Community Order",
        "ORA Suspended Sentence Order",
        "CJA - Youth Rehabilitation Order",
        "community",
    ),
    POST_CUSTODY: (
        "Adult Licence",
        "ORA Supervision Default Order",
        "Licence",
        "Post-sentence supervision",
        "post_custody",
    ),
}
SENTENCE_TYPES: dict[str, str] = {
    normalise_label(label): kind for kind, labels in _SENTENCE_LABELS.items() for label in labels
}
"""Accepted ``sentence_type`` labels (normalised) → supervision type."""

ROSH_LEVELS = ("low", "medium", "high", "very_high")
ROSH: dict[str, str] = {
    **{normalise_label(code): level for code, level in zip(
        ("RLRH", "RMRH", "RHRH", "RVHR"), ROSH_LEVELS, strict=True)},
    **{normalise_label(level): level for level in ROSH_LEVELS},
}
"""Accepted ``rosh`` labels (normalised: nDelius codes and plain levels) → RoSH level."""

MALE = "M"
FEMALE = "F"
GENDER_OTHER = "other"
GENDER_MISSING = "missing"
GENDERS: dict[str, str] = {"m": MALE, "male": MALE, "f": FEMALE, "female": FEMALE}
"""Accepted ``gender`` labels (normalised); any other non-blank value is ``other``."""

STRATA = (
    "female",
    "male_community_low",
    "male_community_non_low",
    "male_post_custody_low",
    "male_post_custody_non_low",
)
"""The strata in their listed order (which also breaks ties between equal-sized strata)."""

STRATUM_LABELS: dict[str, str] = {
    "female": "Women",
    "male_community_low": "Men, community sentence, low RoSH",
    "male_community_non_low": "Men, community sentence, medium to very high RoSH",
    "male_post_custody_low": "Men, post-custody supervision, low RoSH",
    "male_post_custody_non_low": "Men, post-custody supervision, medium to very high RoSH",
}
"""How pages name each stratum; the codes stay the identifiers in stored and exported data."""


def sentence_labels() -> str:
    """The accepted ``sentence_type`` labels, for error messages and docs."""
    return ", ".join(repr(label) for group in _SENTENCE_LABELS.values() for label in group)


def rosh_labels() -> str:
    """The accepted ``rosh`` labels, for error messages and docs."""
    return ", ".join(repr(label) for label in ("RLRH", "RMRH", "RHRH", "RVHR", *ROSH_LEVELS))
