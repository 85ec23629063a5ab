"""Properties of the indicators on random small tables: groups add up to the region, two
groups get the same p (each is the other's rest), and a group's test is group_vs_rest's."""

from hypothesis import given, settings
from hypothesis import strategies as st

from caseinspect.analysis.differences import group_vs_rest
from caseinspect.analysis.indicators import compute_indicators
from factories import make_case_table

ANSWERS = st.sampled_from(["yes", "no", "na", ""])
PDUS = st.sampled_from(["A", "B", "C", ""])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(ANSWERS, PDUS), min_size=1, max_size=40))
def test_groups_add_up_and_match_group_vs_rest(cases: list[tuple[str, str]]) -> None:
    table = make_case_table(F1=[a for a, _ in cases], pdu=[p for _, p in cases])
    (f1,) = compute_indicators(table, ["F1"])
    groups = f1.by["pdu"]
    assert sum(g.n for g in groups) == f1.n == sum(a in ("yes", "no") for a, _ in cases)
    assert sum(g.yes for g in groups) == f1.yes == sum(a == "yes" for a, _ in cases)
    for g in groups:
        test = group_vs_rest(g.yes, g.n, f1.yes, f1.n)
        assert (g.p, g.differs, g.method) == (test.p, test.differs, test.method)
        assert g.differs == (g.p is not None and g.p < 0.05)
        if g.pct_yes is not None:
            assert g.ci95_low is not None and g.ci95_high is not None
            # (rounding: proportions.wilson gives a lower bound of ~5.6e-15 at 0 of 3)
            tol = 1e-9
            assert 0 <= g.ci95_low <= g.pct_yes + tol
            assert g.pct_yes <= g.ci95_high + tol and g.ci95_high <= 100


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["yes", "no"]), st.sampled_from(["A", "B"])),
                min_size=2, max_size=60))
def test_two_groups_share_one_p(cases: list[tuple[str, str]]) -> None:
    table = make_case_table(F1=[a for a, _ in cases], pdu=[p for _, p in cases])
    (f1,) = compute_indicators(table, ["F1"])
    if len(f1.by["pdu"]) == 2:
        a, b = f1.by["pdu"]
        assert a.p == b.p or (a.p is not None and b.p is not None
                              and abs(a.p - b.p) < 1e-12)
