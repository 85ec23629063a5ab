"""A readable rendering of a stepwise model."""

from __future__ import annotations

from caseinspect.analysis.stepwise import StepwiseResult


def render_model(result: StepwiseResult) -> str:
    lines = [f"Question {result.question}: forward stepwise logistic regression on "
             f"{result.n:,} answered cases (entry p < 0.05, removal p > 0.10)", "", "Steps"]
    if not result.steps:
        lines.append("  no variable entered: no subgroup difference is significant")
    for s in result.steps:
        lines.append(f"  {s.action:<6} {s.variable:<18} LR χ² {s.lr_chi2:9.2f}  df {s.df:<2} "
                     f"p {s.p:.3g}")
    lines += ["", f"Final model: log-likelihood {result.loglik:.4f}"]
    if result.terms:
        lines.append(f"  {'term':<40} {'odds ratio':>10} {'95% CI':>15} {'p':>9}")
    for t in result.terms:
        mark = "" if t.reliable else "  (separation: not reliable)"
        name = f"{t.variable} = {t.level} (vs {t.reference})"
        lines.append(f"  {name:<40} {t.odds_ratio:10.2f} {t.ci95_low:7.2f}–{t.ci95_high:<7.2f}"
                     f" {t.p:9.3g}{mark}")
    if result.sentences:
        lines += ["", "In plain English"]
        lines.extend(f"  {s}." for s in result.sentences)
    if result.warnings:
        lines += ["", "Warnings"]
        lines.extend(f"  ! {w}" for w in result.warnings)
    return "\n".join(lines) + "\n"
