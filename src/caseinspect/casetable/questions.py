"""Which columns of a case table are questions, of which frameworks, in what order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from caseinspect.casetable.columns import CASE_ID, looks_like_question_code, nearest_codes
from caseinspect.errors import Problem
from caseinspect.frameworks import Framework, all_frameworks, load_framework


@dataclass(frozen=True)
class _Entry:
    framework: int  # position of the framework in the list searched
    position: int  # position of the question in its framework
    fact: bool


@dataclass(frozen=True)
class ColumnPlan:
    """How a header's columns are read.

    ``questions`` are canonical question codes in framework order; ``renamed`` maps a
    column name to its code where the name differs only in case (``PP5`` → ``pp5``);
    ``ignored`` are other frameworks' questions left out when one framework is pinned.
    """

    questions: tuple[str, ...]
    attributes: tuple[str, ...]
    renamed: dict[str, str]
    ignored: tuple[str, ...]
    frameworks: tuple[str, ...]
    problems: tuple[Problem, ...]


def _index(frameworks: Sequence[Framework]) -> dict[str, list[_Entry]]:
    index: dict[str, list[_Entry]] = {}
    for fi, fw in enumerate(frameworks):
        for qi, q in enumerate(fw.questions()):
            index.setdefault(q.code, []).append(_Entry(fi, qi, q.kind == "fact"))
    return index


def plan_columns(names: Sequence[str], filename: str, framework: str | None = None,
                 header_row: int | None = 1) -> ColumnPlan:
    """Sort a header's column names into questions and attributes.

    Parameters
    ----------
    names : sequence of str
        Cleaned column names (``case_id`` among them).
    filename : str
        Named in problems.
    framework : str, optional
        Match question columns against this framework only; by default against every
        bundled framework.
    header_row : int, optional
        Row number given to problems with a column name.

    Notes
    -----
    A framework is present when a key question or prompt of it is a column. A fact code
    shared by several frameworks (``F1``) belongs to a present framework holding it, or
    else to the first framework holding it.
    """
    frameworks = [load_framework(framework)] if framework else all_frameworks()
    index = _index(frameworks)
    by_lower = {code.lower(): code for code in index}
    elsewhere: set[str] = set()
    if framework:
        elsewhere = {q.code.lower() for fw in all_frameworks() for q in fw.questions()}
    problems: list[Problem] = []
    renamed: dict[str, str] = {}
    matched: list[str] = []
    attributes: list[str] = []
    ignored: list[str] = []
    for name in names:
        if name == CASE_ID:
            continue
        code = by_lower.get(name.lower())
        if code is not None:
            if code != name:
                renamed[name] = code
            matched.append(code)
        elif name.lower() in elsewhere:
            ignored.append(name)
        elif looks_like_question_code(name):
            near = nearest_codes(name, index)
            hint = f"; nearest codes: {', '.join(near)}" if near else ""
            problems.append(Problem(
                f"looks like a question code but matches no framework question{hint}",
                filename, header_row, name))
        else:
            attributes.append(name)
    if len(set(matched)) < len(matched):
        for code in sorted({c for c in matched if matched.count(c) > 1}):
            problems.append(Problem(f"two columns are question {code} (names differ only in "
                                    "case)", filename, header_row, code))
    present = {e.framework for code in matched for e in index[code] if not e.fact}
    for code in matched:
        entries = index[code]
        if not any(e.framework in present for e in entries):
            present.add(entries[0].framework)

    def order(code: str) -> tuple[int, int]:
        e = next(e for e in index[code] if e.framework in present)
        return e.framework, e.position

    return ColumnPlan(
        questions=tuple(sorted(set(matched), key=order)),
        attributes=tuple(attributes),
        renamed=renamed,
        ignored=tuple(ignored),
        frameworks=tuple(frameworks[i].code for i in sorted(present)),
        problems=tuple(problems),
    )
