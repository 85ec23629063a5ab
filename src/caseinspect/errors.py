"""Errors that carry every problem found in an input, for the shells to report.

The core raises :class:`InputError`; the CLI prints its problems and exits with status 2,
the web shell shows them on the page with a 4xx. Nothing is written when one is raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_REPORTED = 50


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where it is."""

    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        prefix = ", ".join(where)
        text = f"{prefix}: {self.message}" if prefix else self.message
        if self.value is not None:
            text += f" (value {self.value!r})"
        return text


@dataclass
class InputError(Exception):
    """Bad input: one or more problems, reported together."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.summary())

    @classmethod
    def single(cls, message: str, **where: object) -> InputError:
        return cls([Problem(message, **where)])  # type: ignore[arg-type]

    def lines(self, limit: int = MAX_REPORTED) -> list[str]:
        shown = [str(p) for p in self.problems[:limit]]
        rest = len(self.problems) - limit
        if rest > 0:
            shown.append(f"... and {rest} more problem{'s' if rest != 1 else ''}")
        return shown

    def summary(self) -> str:
        return "\n".join(self.lines())
