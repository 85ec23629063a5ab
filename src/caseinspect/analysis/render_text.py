"""A readable terminal rendering of an :class:`AnalysisResult`."""

from __future__ import annotations

from caseinspect.analysis.results import AnalysisResult, GroupResult, QuestionResult


def _pct(value: float | None) -> str:
    return "   –  " if value is None else f"{value:5.1f}%"


def _ci(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return ""
    return f"{low:4.1f}–{high:4.1f}"


def _short(text: str, width: int = 58) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _question_line(q: QuestionResult, indent: str) -> str:
    return (f"{indent}{q.code:<10} {_short(q.text):<58} {q.n:>8} {_pct(q.pct_yes)} "
            f"{_ci(q.ci95_low, q.ci95_high):>11}")


def _group_line(g: GroupResult) -> str:
    ci = _ci(g.ci95_low, g.ci95_high)
    return f"      {_short(g.group, 30):<30} {g.n:>8} {_pct(g.pct_yes)} {ci:>11}"


def render_text(result: AnalysisResult, show_prompts: bool = True,
                breakdowns_for_key_questions: bool = True) -> str:
    """The analysis as plain text: standards and ratings, questions, breakdowns."""
    lines = [
        f"Cases: {result.cases:,}    Frameworks: {', '.join(result.frameworks)}",
        "n = cases answered yes or no; % yes with a Wilson 95% interval.",
        "",
    ]
    if result.standards:
        lines.append("Ratings (a standard takes the rating of its lowest key question)")
        for s in result.standards:
            kq = "  ".join(f"{k} {_pct(v).strip()}" for k, v in s.key_questions.items())
            lines.append(f"  {s.code:<6} {s.title:<30} {s.rating or '–':<22} {kq}")
        for o in result.overall:
            rating = f" → {o.rating}" if o.rating else ""
            lines.append(f"  Overall score {o.score} of {o.max_score}{rating}  ({o.note})")
        lines.append("")
    header = f"  {'code':<10} {'question':<58} {'n':>8} {'% yes':>6} {'95% CI':>11}"
    current = None
    for q in result.questions:
        if q.framework != current:
            current = q.framework
            lines += [f"Framework {current}", header]
        if q.kind == "prompt" and not show_prompts:
            continue
        lines.append(_question_line(q, "  " if q.kind != "prompt" else "    "))
        if q.kind == "key_question" and breakdowns_for_key_questions:
            for name, groups in q.by.items():
                lines.append(f"    by {name}")
                lines.extend(_group_line(g) for g in groups)
    return "\n".join(lines) + "\n"
