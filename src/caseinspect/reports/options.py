"""What a report is asked for: its kind and options, and the practice examples it may quote."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from caseinspect.analysis.disclosure import DEFAULT_THRESHOLD, RULE
from caseinspect.errors import InputError, Problem

Kind = Literal["inspection", "bulletin"]
KINDS: tuple[Kind, ...] = ("inspection", "bulletin")


@dataclass(frozen=True)
class Example:
    """A practice example an inspector recorded against a question. Only those marked
    anonymised and publishable ever reach a report."""

    question_code: str
    kind: Literal["good", "poor"]
    text: str
    publishable: bool


@dataclass(frozen=True)
class ReportOptions:
    kind: Kind
    created: date
    title: str | None = None
    publish: bool = False
    threshold: int = DEFAULT_THRESHOLD
    framework: str | None = None
    period: str | None = None
    name: str | None = None
    models: bool = False
    between: tuple[str, str, str] | None = None
    split: str | None = None
    compare: bool = True
    by: tuple[str, ...] = ()
    #: Processes the bulletin's models may be fitted in (a command's choice; a server keeps 1).
    workers: int = 1

    @property
    def marking(self) -> str:
        """The protective marking: published documents are OFFICIAL, the rest sensitive."""
        return "OFFICIAL" if self.publish else "OFFICIAL-SENSITIVE — not for publication"

    @property
    def disclosure(self) -> str | None:
        if not self.publish:
            return None
        return RULE.format(t=self.threshold)


EXAMPLE_COLUMNS = ("question_code", "kind", "text", "publishable")


def read_examples(path: Path) -> tuple[Example, ...]:
    """Practice examples from a CSV with columns question_code, kind (good / poor), text and
    publishable (yes / no); every problem is reported with its row."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError.single(f"cannot read examples file: {exc.strerror}",
                                file=str(path)) from exc
    reader = csv.DictReader(io.StringIO(raw))
    missing = [c for c in EXAMPLE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError.single(f"the examples file needs the columns {', '.join(missing)}",
                                file=str(path))
    examples: list[Example] = []
    problems: list[Problem] = []
    for row_number, row in enumerate(reader, start=2):
        kind = (row["kind"] or "").strip().lower()
        flag = (row["publishable"] or "").strip().lower()
        if kind not in ("good", "poor"):
            problems.append(Problem(f"kind must be good or poor, not {row['kind']!r}",
                                    str(path), row=row_number, column="kind"))
        if flag not in ("yes", "no"):
            problems.append(Problem(f"publishable must be yes or no, not {row['publishable']!r}",
                                    str(path), row=row_number, column="publishable"))
        if kind in ("good", "poor") and flag in ("yes", "no"):
            examples.append(Example(row["question_code"].strip(),
                                    "good" if kind == "good" else "poor",
                                    (row["text"] or "").strip(), flag == "yes"))
    if problems:
        raise InputError(problems)
    return tuple(examples)
