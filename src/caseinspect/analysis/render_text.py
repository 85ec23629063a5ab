"""A readable terminal rendering of an :class:`AnalysisResult`."""

from __future__ import annotations

from caseinspect.analysis.results import AnalysisResult, GroupResult, QuestionResult

Weighted = tuple[float | None, float | None, float | None] | None


def _pct(value: float | None) -> str:
    return "   –  " if value is None else f"{value:5.1f}%"


def _ci(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return ""
    return f"{low:4.1f}–{high:4.1f}"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _figures(n: int, pct: float | None, low: float | None, high: float | None,
             weighted: Weighted) -> str:
    out = f"{n:>8} {_pct(pct)} {_ci(low, high):>11}"
    if weighted is not None:
        out += f"  {_pct(weighted[0])} {_ci(weighted[1], weighted[2]):>11}"
    return out


def _question_line(q: QuestionResult) -> str:
    code = ("  " + q.code) if q.kind == "prompt" else q.code
    return (f"  {code:<10} {_short(q.text, 58):<58} "
            f"{_figures(q.n, q.pct_yes, q.ci95_low, q.ci95_high, q.weighted)}")


def _group_line(g: GroupResult) -> str:
    return (f"      {_short(g.group, 63):<63} "
            f"{_figures(g.n, g.pct_yes, g.ci95_low, g.ci95_high, g.weighted)}")


def _rating_lines(result: AnalysisResult, framework: str) -> list[str]:
    lines = []
    for s in result.standards:
        if s.framework == framework:
            kq = "  ".join(f"{k} {_pct(v).strip()}" for k, v in s.key_questions.items())
            lines.append(f"  {s.code:<6} {s.title:<30} {s.rating or '–':<22} {kq}")
    for o in result.overall:
        if o.framework == framework:
            rating = f" → {o.rating}" if o.rating else ""
            lines.append(f"  Overall score ({o.framework}) {o.score} of {o.max_score}{rating}")
            lines.append(f"    {o.note}")
    return lines


def render_text(result: AnalysisResult, show_prompts: bool = True,
                breakdowns_for_key_questions: bool = True) -> str:
    """The analysis as plain text: standards and ratings, questions, breakdowns.

    With a ``weight`` column two more columns give the weighted % yes and its interval
    (Kish's effective n); ``n`` stays the unweighted count.
    """
    lines = [
        f"Cases: {result.cases:,}    Frameworks: {', '.join(result.frameworks)}",
        "n = cases answered yes or no; % yes with a Wilson 95% interval.",
    ]
    if result.weighted:
        lines.append("Weighted: w% yes = Σweight(yes) ÷ Σweight(yes or no), interval on Kish's "
                     "effective n; n is unweighted.")
    lines.append("")
    if result.standards:
        lines.append("Ratings (a standard takes the rating of its lowest key question)")
        for code in result.frameworks:
            lines += _rating_lines(result, code)
        lines.append("")
    header = f"  {'code':<10} {'question':<58} {'n':>8} {'% yes':>6} {'95% CI':>11}"
    if result.weighted:
        header += f"  {'w% yes':>6} {'w 95% CI':>11}"
    current = None
    pending: list[str] = []  # a key question's breakdowns, shown after its prompts
    for q in result.questions:
        if q.kind != "prompt":
            lines += pending
            pending = []
        if q.framework != current:
            current = q.framework
            lines += [*([""] if lines[-1] else []), f"Framework {current}", header]
        if q.kind == "prompt" and not show_prompts:
            continue
        lines.append(_question_line(q))
        if q.kind == "key_question" and breakdowns_for_key_questions:
            for name, groups in q.by.items():
                pending.append(f"    by {name}")
                pending.extend(_group_line(g) for g in groups)
    lines += pending
    return "\n".join(line.rstrip() for line in lines) + "\n"
