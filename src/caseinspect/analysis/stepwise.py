"""Forward stepwise logistic regression, as in Research & Analysis Bulletin 2018/02 (Annex A).

"The independent variables were entered using a forward stepwise approach, incorporating the
most significant variables in turn (statistical significance < .05) and then removing them at
a later stage if necessary (significance > 0.1)." Each categorical variable enters or leaves
as a whole term, tested by a likelihood-ratio test. A blank value is a level of its own
(``missing``) so every model in the sequence uses the same answered cases. The reference
category of each variable is its largest group.
"""

from __future__ import annotations

import multiprocessing as mp
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import special
from threadpoolctl import threadpool_limits

from caseinspect.analysis.logistic import LogitFit, fit_logit
from caseinspect.analysis.patterns import Cells, Outcomes, laned
from caseinspect.analysis.proportions import Z95
from caseinspect.casetable import BLANK, NO, YES, CaseTable
from caseinspect.errors import InputError, Problem

DEFAULT_VARIABLES: tuple[str, ...] = (
    "programme", "gender", "age_group", "ethnicity", "supervision_type", "rosh",
    "mappa_eligible", "domestic_abuse", "child_protection", "iom", "region", "offence_category",
)
ENTRY_P = 0.05
REMOVAL_P = 0.10
MISSING = "missing"


@dataclass(frozen=True)
class Variable:
    """A categorical candidate: level codes (per case, or per pattern), labels, its
    reference level and the levels it has among the cases modelled (all, unless given)."""

    name: str
    labels: tuple[str, ...]
    codes: npt.NDArray[np.int64]
    reference: int
    present: tuple[int, ...] = ()

    @property
    def dummies(self) -> list[int]:
        """The levels with a dummy column: those present, bar the reference."""
        return [i for i in (self.present or range(len(self.labels))) if i != self.reference]


@dataclass(frozen=True)
class Step:
    action: str
    variable: str
    lr_chi2: float
    df: int
    p: float

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "variable": self.variable, "lr_chi2": self.lr_chi2,
                "df": self.df, "p": self.p}


@dataclass(frozen=True)
class Term:
    """One dummy of the final model: a level against its variable's reference level."""

    variable: str
    level: str
    reference: str
    coef: float
    se: float
    odds_ratio: float
    ci95_low: float
    ci95_high: float
    p: float
    reliable: bool

    def to_dict(self) -> dict[str, Any]:
        return {"variable": self.variable, "level": self.level, "reference": self.reference,
                "coef": self.coef, "se": self.se, "odds_ratio": self.odds_ratio,
                "ci95_low": self.ci95_low, "ci95_high": self.ci95_high, "p": self.p,
                "reliable": self.reliable}


@dataclass(frozen=True)
class StepwiseResult:
    """A forward stepwise model of one question."""

    question: str
    n: int
    steps: tuple[Step, ...]
    selected: tuple[str, ...]
    loglik: float
    terms: tuple[Term, ...]
    sentences: tuple[str, ...]
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The seven fields of ``analyse --models`` (warnings are reported separately)."""
        return {"question": self.question, "n": self.n,
                "steps": [s.to_dict() for s in self.steps], "selected": list(self.selected),
                "loglik": self.loglik, "terms": [t.to_dict() for t in self.terms],
                "sentences": list(self.sentences)}


@dataclass(frozen=True)
class Prepared:
    """Every candidate's level codes over all cases, and the cases' covariate patterns.

    Built once per table, then shared by the models of every question (and read, not
    copied, by forked workers): a question's models use all the patterns, those without
    an answer to it weighing nothing.
    """

    variables: tuple[Variable, ...]
    slot: npt.NDArray[np.int64]  # 4 × the pattern of each case − BLANK (see _question_patterns)
    columns: tuple[npt.NDArray[np.int64], ...]  # per variable, its level in each pattern
    laned: tuple[npt.NDArray[np.int64], ...]  # the columns laned for counting (patterns.laned)
    patterns: int


@dataclass(frozen=True)
class _Patterns:
    columns: tuple[npt.NDArray[np.int64], ...]  # per usable variable, its level per pattern
    laned: tuple[npt.NDArray[np.int64], ...]
    yes: npt.NDArray[np.float64]
    trials: npt.NDArray[np.float64]


def variable_of(table: CaseTable, name: str) -> Variable:
    """A candidate from an attribute (or ``age_group`` / ``rosh_band``); blank = ``missing``."""
    from caseinspect.analysis.breakdowns import grouping

    g = grouping(table, name)
    if g is None:
        raise InputError([Problem(f"no attribute column {name!r} to model", table.source,
                                  column=name)])
    counts = np.bincount(g.codes, minlength=len(g.labels) + 1)
    return Variable(name, (*g.labels, MISSING), g.codes, int(np.argmax(counts)))


def prepare(table: CaseTable, variables: Sequence[str] | None = None) -> Prepared:
    """Candidates (default :data:`DEFAULT_VARIABLES` present) and the table's patterns."""
    names = list(variables) if variables else [
        v for v in DEFAULT_VARIABLES if v in table.attributes or
        (v == "age_group" and "age" in table.attributes)]
    cands = tuple(variable_of(table, name) for name in names)
    cells = Cells.single(table.cases).cross([(v.codes, len(v.labels)) for v in cands])
    # Each variable's levels as one contiguous column: the fits read them column by column.
    columns = tuple(np.ascontiguousarray(c) for c in cells.levels.T)
    slot = cells.of * 4
    slot -= BLANK
    return Prepared(cands, slot, columns, tuple(laned(c) for c in columns), len(cells.levels))


def _question_patterns(prep: Prepared, answers: npt.NDArray[np.int8], question: str
                       ) -> tuple[int, list[Variable], _Patterns, list[str]]:
    """Yes and answered cases per pattern, and the variables with two or more levels
    among the answered cases (only the levels present get a dummy)."""
    # One count of every case by pattern and answer slot (blank, no, yes, na).
    size = prep.patterns
    key = answers.astype(np.int64)
    key += prep.slot
    slots = np.bincount(key, minlength=4 * size).reshape(size, 4)
    del key
    yes = slots[:, YES - BLANK].astype(np.float64)
    trials = yes + slots[:, NO - BLANK]
    usable: list[Variable] = []
    columns: list[npt.NDArray[np.int64]] = []
    lanes: list[npt.NDArray[np.int64]] = []
    warnings: list[str] = []
    for j, v in enumerate(prep.variables):
        counts = np.bincount(prep.columns[j], weights=trials, minlength=len(v.labels))
        present = np.flatnonzero(counts)
        if len(present) < 2:
            warnings.append(f"{question}: {v.name} has a single level among answered cases; "
                            "left out")
            continue
        usable.append(Variable(v.name, v.labels, prep.columns[j],
                               int(present[np.argmax(counts[present])]),
                               tuple(int(i) for i in present)))
        columns.append(prep.columns[j])
        lanes.append(prep.laned[j])
    return (int(trials.sum()), usable, _Patterns(tuple(columns), tuple(lanes), yes, trials),
            warnings)


_Model = tuple[LogitFit, list[tuple[int, int]]]
_Test = tuple[int, _Model, float, int]  # variable, model, LR chi-square, degrees of freedom


class _Models:
    """The fits of one question's stepwise search, on its patterns.

    The cells of a set of variables are built by crossing the cells of its first variables
    with the last (cached), so each fit collapses the patterns with one pass; each fit starts
    from the estimates of the model it was derived from.
    """

    def __init__(self, pat: _Patterns, variables: Sequence[Variable]) -> None:
        self.pat = pat
        self.outcomes = Outcomes.of(pat.yes, pat.trials)
        self.variables = variables
        self.columns = pat.columns
        self.laned = pat.laned
        self._cells: dict[tuple[int, ...], Cells] = {(): Cells.single(len(pat.yes))}
        self._fits: dict[tuple[int, ...], _Model] = {}
        # Per variable: its dummy columns (reference level left out) indexed by level.
        self._dummies = [np.eye(len(v.labels))[:, v.dummies] for v in variables]

    def cells(self, chosen: tuple[int, ...]) -> Cells:
        found = self._cells.get(chosen)
        if found is None:
            last = chosen[-1]
            found = self.cells(chosen[:-1]).cross(
                [(self.columns[last], len(self.variables[last].labels))])
            self._cells[chosen] = found
        return found

    def _design(self, key: tuple[int, ...]) -> tuple[npt.NDArray[np.float64],
                                                       npt.NDArray[np.float64],
                                                       npt.NDArray[np.float64],
                                                       list[tuple[int, int]]]:
        """The design (intercept and each variable's dummies), yes and trials per cell of
        ``key``, and the (variable, level) of each dummy column."""
        if key:
            last = key[-1]
            levels, yes, trials = self.cells(key[:-1]).count(
                self.columns[last], len(self.variables[last].labels), self.outcomes,
                self.laned[last])
        else:
            levels, yes, trials = self.cells(()).count(None, 1, self.outcomes)
        index = [(vi, level) for vi in key for level in self.variables[vi].dummies]
        x = np.hstack([np.ones((len(yes), 1)),
                       *(self._dummies[vi][levels[:, j]] for j, vi in enumerate(key))])
        return x, yes, trials, index

    def fit(self, chosen: Sequence[int], near: _Model | None
            = None) -> _Model:
        """The model of ``chosen`` (in order), starting from the estimates of ``near``; a
        model fitted before (e.g. the one before the last entry, when its removal is tested)
        is not fitted again. Only estimates and log-likelihood: see :meth:`summarised`."""
        key = tuple(chosen)
        if key in self._fits:
            return self._fits[key]
        x, yes, trials, index = self._design(key)
        start = None
        if near is not None:
            old, old_index = near
            known = {c: old.params[i] for i, c in enumerate(old_index, start=1)}
            start = np.array([old.params[0], *(known.get(c, 0.0) for c in index)])
        self._fits[key] = (fit_logit(x, yes, trials, start, summary=False), index)
        return self._fits[key]

    def summarised(self, chosen: Sequence[int]) -> _Model:
        """The fitted model of ``chosen`` with standard errors and separation checks
        (refitted from its estimates, which it keeps to within the tolerance)."""
        model = self.fit(chosen)
        x, yes, trials, index = self._design(tuple(chosen))
        return fit_logit(x, yes, trials, model[0].params), index


def _phrase(name: str, level: str) -> str:
    shown = level.replace("_", " ")
    if name in ("rosh", "rosh_band"):
        return f"assessed as {shown} RoSH"
    if name == "programme":
        return f"inspected in {shown}"
    if name in ("mappa_eligible", "domestic_abuse", "child_protection", "iom"):
        label = {"mappa_eligible": "MAPPA eligibility", "domestic_abuse": "domestic abuse",
                 "child_protection": "child protection concerns", "iom": "IOM"}[name]
        return f"with {label} recorded as {shown}"
    return f"with {name.replace('_', ' ')} {shown}"


def sentence(term: Term) -> str:
    """A plain-English sentence for one term of the final model."""
    direction = "more" if term.odds_ratio > 1 else "less"
    return (f"Cases {_phrase(term.variable, term.level)} were {direction} likely to be judged "
            f"sufficient than cases {_phrase(term.variable, term.reference)} (odds ratio "
            f"{term.odds_ratio:.2f}, 95% CI {term.ci95_low:.2f}–{term.ci95_high:.2f})")


def stepwise(table: CaseTable, question: str,
             variables: Sequence[str] | None = None) -> StepwiseResult:
    """Forward stepwise logistic regression of one question on case attributes.

    Parameters
    ----------
    table : CaseTable
    question : str
        The question code; yes = 1, no = 0, na and blank left out.
    variables : sequence of str, optional
        Candidates; default :data:`DEFAULT_VARIABLES` present in the table.

    Notes
    -----
    Entry: the candidate whose likelihood-ratio test against the current model has the
    smallest p (compared on log p, so that p-values too small for a float still rank) enters
    if p < 0.05; its degrees of freedom are the columns it adds beyond those aliased with the
    model's variables (a PDU within a selected region adds one fewer than its levels). After
    each entry any selected variable whose removal test gives p > 0.10 is removed (the
    largest p first). Stops when nothing enters, or when
    a variable would re-enter straight after its removal (a cycle).
    """
    return stepwise_many(table, [question], variables)[0]


def stepwise_many(table: CaseTable, questions: Sequence[str],
                  variables: Sequence[str] | None = None,
                  workers: int = 1) -> list[StepwiseResult]:
    """:func:`stepwise` for several questions, sharing the table's patterns.

    ``workers`` > 1 fits the questions in that many forked processes (on systems that fork;
    a command-line run's choice — a server keeps the default of 1), each inheriting the
    table and its patterns rather than being sent them; the results are the same.
    """
    missing = [q for q in questions if q not in table.questions]
    if missing:
        raise InputError([Problem(f"the table has no question {q!r}", table.source)
                          for q in missing])
    prep = prepare(table, variables)
    if workers > 1 and len(questions) > 1 and "fork" in mp.get_all_start_methods():
        global _SHARED
        with _FORKING:
            _SHARED = (table, prep, tuple(questions))
            try:
                with mp.get_context("fork").Pool(min(workers, len(questions))) as pool:
                    return pool.map(_model_of, range(len(questions)), chunksize=1)
            finally:
                _SHARED = None
    return [_model(table, prep, q) for q in questions]


#: The table, its patterns and the questions of a running :func:`stepwise_many` with
#: workers, which its forked workers inherit (one such run at a time).
_SHARED: tuple[CaseTable, Prepared, tuple[str, ...]] | None = None
_FORKING = threading.Lock()


def _model(table: CaseTable, prep: Prepared, question: str) -> StepwiseResult:
    # The fits' matrices have a few dozen columns: BLAS threads only wait on each other (on
    # 2 cores, one thread takes half the CPU time and less wall time, more so under load).
    with threadpool_limits(limits=1, user_api="blas"):
        return _run(question, *_question_patterns(prep, table.frame[question].to_numpy(),
                                                  question))


def _model_of(i: int) -> StepwiseResult:
    """In a forked worker: the model of the ``i``-th question of :data:`_SHARED`."""
    assert _SHARED is not None
    table, prep, questions = _SHARED
    return _model(table, prep, questions[i])


#: Below this a p-value is computed from its logarithm's asymptotic series.
_TINY_P = 1e-250


def chi2_logsf(x: npt.ArrayLike, df: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Natural log of the chi-square survival function, finite far past float underflow.

    Parameters
    ----------
    x, df : array_like
        Statistic (≥ 0) and degrees of freedom (≥ 1).

    Notes
    -----
    ``log P(χ²_k > x) = log Q(a, z)`` with ``a = k/2``, ``z = x/2``. Where ``Q`` is above
    1e-250 it is SciPy's ``chdtrc``; below, where ``z`` is large (above about 570) against
    ``a``, the asymptotic series ``log Q(a, z) = (a − 1) log z − z − log Γ(a) +
    log Σ_j (a − 1)(a − 2)…(a − j) / z^j`` (Abramowitz & Stegun 6.5.32), summed while its
    terms shrink. SciPy's own ``chi2.logsf`` is ``-inf`` past x ≈ 1420 (k = 3), where a
    national table's likelihood-ratio statistics often are, so tests could not be ranked.
    """
    x_arr = np.atleast_1d(np.asarray(x, dtype=np.float64))
    df_arr = np.broadcast_to(np.asarray(df, dtype=np.float64), x_arr.shape)
    sf = special.chdtrc(df_arr, x_arr)
    out = np.empty_like(x_arr)
    big = sf < _TINY_P
    with np.errstate(divide="ignore"):
        out[~big] = np.log(sf[~big])
    a, z = df_arr[big] / 2, x_arr[big] / 2
    total, term = np.ones_like(z), np.ones_like(z)
    for j in range(1, 30):
        term = term * (a - j) / z
        total += term
    out[big] = (a - 1) * np.log(z) - z - special.gammaln(a) + np.log(total)
    return out


def _ranked(tests: list[_Test], lowest: bool) -> tuple[float, _Test] | None:
    """The test with the lowest (or highest) log p, LR chi-squares below 0 taken as 0."""
    if not tests:
        return None
    lr = np.maximum(0.0, np.array([t[2] for t in tests]))
    logp = chi2_logsf(lr, np.array([t[3] for t in tests]))
    i = int(np.argmin(logp) if lowest else np.argmax(logp))
    variable, model, _, df = tests[i]
    return float(logp[i]), (variable, model, float(lr[i]), df)


def _run(question: str, n: int, usable: list[Variable], pat: _Patterns,
         warnings: list[str]) -> StepwiseResult:
    models = _Models(pat, usable)
    selected: list[int] = []
    steps: list[Step] = []
    current_model = models.fit(selected)
    last_removed: int | None = None
    for _ in range(4 * len(usable) + 4):
        entries = []
        for vi in range(len(usable)):
            if vi in selected or vi == last_removed:
                continue
            model = models.fit([*selected, vi], current_model)
            df = model[0].rank - current_model[0].rank
            if df >= 1:  # else every dummy is aliased with the model's variables
                entries.append((vi, model, 2 * (model[0].loglik - current_model[0].loglik), df))
        # ranked on log p: with many cases several p underflow to 0, and log p still tells
        # the most significant apart
        best = _ranked(entries, lowest=True)
        if best is None or best[0] >= np.log(ENTRY_P):
            break
        logp, (vi, current_model, lr, df) = best
        selected.append(vi)
        last_removed = None
        steps.append(Step("enter", usable[vi].name, lr, df, float(np.exp(logp))))
        while len(selected) > 1:
            removals = []
            for si in selected:
                model = models.fit([s for s in selected if s != si], current_model)
                removals.append((si, model, 2 * (current_model[0].loglik - model[0].loglik),
                                 max(1, current_model[0].rank - model[0].rank)))
            worst = _ranked(removals, lowest=False)
            if worst is None or worst[0] <= np.log(REMOVAL_P):
                break
            logp, (si, current_model, lr, df) = worst
            selected.remove(si)
            last_removed = si
            steps.append(Step("remove", usable[si].name, lr, df, float(np.exp(logp))))
    final, index = models.summarised(selected)
    terms: list[Term] = []
    for j, (vi, level) in enumerate(index, start=1):
        v = usable[vi]
        b, se = float(final.params[j]), float(final.bse[j])
        reliable = j not in final.separated and j not in final.aliased
        if j in final.aliased:
            warnings.append(f"{question}: {v.name} = {v.labels[level]} is fully determined by "
                            "the model's other variables (aliased); no odds ratio is estimated")
        elif not reliable:
            warnings.append(f"{question}: {v.name} = {v.labels[level]}: cases all judged alike "
                            "or too few (separation); its odds ratio is not reliable")
        p = float(2 * special.ndtr(-abs(b / se))) if se > 0 and np.isfinite(se) else 1.0
        with np.errstate(over="ignore"):  # a separated level's bound is infinite
            odds, low, high = np.exp([b, b - Z95 * se, b + Z95 * se])
        terms.append(Term(v.name, v.labels[level], v.labels[v.reference], b, se,
                          float(odds), float(low), float(high), p, reliable))
    if final.separation != "none" and selected:
        warnings.append(f"{question}: {final.separation} separation - {final.perfect} of {n} "
                        "cases are predicted perfectly by the final model; its odds ratios for "
                        "those cases' levels are bounds, not estimates")
    sentences = []
    for vi in selected:
        own = [t for t in terms if t.variable == usable[vi].name and t.reliable]
        if own:
            sentences.append(sentence(min(own, key=lambda t: t.p)))
    return StepwiseResult(question, n, tuple(steps),
                          tuple(usable[vi].name for vi in selected), final.loglik,
                          tuple(terms), tuple(sentences), tuple(warnings))

