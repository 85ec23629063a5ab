"""Rule 7 and the whole draw: seeded selection within officer buckets, weights, result."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from caseinspect.casetable import CaseTable
from caseinspect.errors import InputError
from caseinspect.sampling import SampleOptions, SelectedCase, case_table, draw_sample
from caseinspect.sampling.select import select_cases
from factories_sampling import case, cases, long_list, synthetic_frame

AS_OF = date(2025, 6, 30)


def options(**overrides: object) -> SampleOptions:
    values: dict[str, object] = {"size": 30, "seed": 11, "as_of": AS_OF}
    values.update(overrides)
    return SampleOptions(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def synthetic() -> pd.DataFrame:
    return synthetic_frame(3000, seed=5)


def crns(frame: pd.DataFrame, **overrides: object) -> list[str]:
    return [c.crn for c in draw_sample(long_list(frame), options(**overrides)).selected]


def test_same_long_list_options_and_seed_give_the_same_sample(synthetic) -> None:
    assert crns(synthetic) == crns(synthetic)
    assert crns(synthetic) != crns(synthetic, seed=12)


def test_row_order_of_the_file_does_not_matter(synthetic) -> None:
    shuffled = synthetic.sample(frac=1, random_state=3)
    assert crns(shuffled) == crns(synthetic)


def test_selection_is_the_documented_draw() -> None:
    # Keys from PCG64(seed) in CRN order; each bucket takes its smallest keys.
    eligible = pd.DataFrame({
        "crn": ["B000004", "B000002", "B000003", "B000001", "B000005"],
        "stratum": ["female"] * 5, "cluster": ["C"] * 5, "ldu": ["L"] * 5,
        "responsible_officer": ["a", "a", "a", "b", "b"],
    })
    keys = np.random.Generator(np.random.PCG64(42)).random(5)  # B000001 … B000005
    a = sorted(["B000002", "B000003", "B000004"], key=lambda c: keys[int(c[-1]) - 1])[:2]
    b = sorted(["B000001", "B000005"], key=lambda c: keys[int(c[-1]) - 1])[:1]
    chosen = select_cases(eligible, {("female", "C", "L", "a"): 2,
                                     ("female", "C", "L", "b"): 1}, 42)
    assert sorted(eligible["crn"].iloc[chosen]) == sorted(a + b)


def test_each_case_in_a_bucket_is_equally_likely() -> None:
    # 3 of 10 over 1,000 seeds: each case is drawn 300 times on average, sd √(1000·0.3·0.7)
    # ≈ 14.5; 5 sd either side.
    eligible = pd.DataFrame({"crn": [f"B{i:06d}" for i in range(10)], "stratum": "female",
                             "cluster": "C", "ldu": "L", "responsible_officer": "a"})
    counts = Counter(i for seed in range(1000)
                     for i in select_cases(eligible, {("female", "C", "L", "a"): 3}, seed))
    assert sorted(counts) == list(range(10))
    assert all(abs(n - 300) < 73 for n in counts.values())


def test_every_bucket_gets_exactly_its_quota(synthetic) -> None:
    result = draw_sample(long_list(synthetic), options(size=200, buffer_percent=Decimal(10)))
    drawn = Counter((c.stratum, c.cluster, c.ldu, c.responsible_officer)
                    for c in result.selected)
    assert drawn == Counter({k: v for k, v in result.allocation.quotas().items() if v})
    assert len(result.selected) == 220 - result.shortfall


def test_weights_are_stratum_population_over_stratum_sample() -> None:
    rows = (cases(10, gender="F", responsible_officer="a")
            + [case(crn=f"M{i:06d}", pnc="", first_name=f"M{i}", rosh="low",
                    responsible_officer=f"m{i}") for i in range(30)])
    result = draw_sample(long_list(rows), options(size=8))
    # 8 × 10/40 = 2 women (weight 10/2 = 5), 6 men (weight 30/6 = 5).
    assert Counter((c.stratum, c.weight) for c in result.selected) == {
        ("female", 5.0): 2, ("male_community_low", 5.0): 6}


def test_result_records_options_and_exclusions() -> None:
    rows = [*cases(4), case(crn="X000001", pnc="", first_name="**"),
            case(crn="X000002", pnc="", first_name="Late", start_date="2025-07-01")]
    result = draw_sample(long_list(rows), options(size=2, buffer_percent=Decimal("12.5"),
                                                  max_per_officer=3))
    data = result.to_dict()
    assert {k: data[k] for k in ("requested", "buffer", "buffer_percent", "seed", "as_of",
                                 "max_per_officer", "long_list_cases", "eligible",
                                 "shortfall")} == {
        "requested": 2, "buffer": 0, "buffer_percent": 12.5, "seed": 11,
        "as_of": "2025-06-30", "max_per_officer": 3, "long_list_cases": 6, "eligible": 4,
        "shortfall": 0}
    assert data["excluded"] == [{"crn": "X000001", "reason": "sensitive"},
                                {"crn": "X000002", "reason": "not_started"}]
    assert data["strata"][2] == {"stratum": "male_community_non_low", "population": 4,
                                 "share": 1.0, "sample": 2}
    assert set(data["selected"][0]) == {"crn", "stratum", "cluster", "ldu",
                                        "responsible_officer", "weight"}


def test_without_a_seed_one_is_chosen_and_recorded(synthetic) -> None:
    first = draw_sample(long_list(synthetic), options(seed=None))
    again = draw_sample(long_list(synthetic), options(seed=first.seed))
    assert first.selected == again.selected


def test_as_of_defaults_to_today() -> None:
    today = date.today()
    rows = [case(crn="A000001", start_date=today.isoformat()),
            case(crn="A000002", pnc="", first_name="Later",
                 start_date=(pd.Timestamp(today) + pd.Timedelta(days=1)).date().isoformat())]
    result = draw_sample(long_list(rows), options(as_of=None, size=2))
    assert result.as_of == today
    assert [(e.crn, e.reason) for e in result.excluded] == [("A000002", "not_started")]


def test_case_table_of_the_sample() -> None:
    rows = [case(crn="A000001", gender="F", sentence_type="Adult Licence", rosh="RVHR",
                 ldu="Eastbridge", cluster="East", team="T9", responsible_officer="Officer Q")]
    table = draw_sample(long_list(rows), options(size=1)).to_case_table()
    assert isinstance(table, CaseTable)
    assert (table.cases, table.questions) == (1, ())
    assert table.frame.astype(object).to_dict("records") == [{
        "case_id": "A000001", "gender": "female", "supervision_type": "post_custody",
        "rosh": "very_high", "cluster": "East", "pdu": "Eastbridge", "team": "T9",
        "responsible_officer": "Officer Q", "stratum": "female", "weight": 1.0}]
    assert table.attributes == tuple(c for c in table.frame.columns if c != "case_id")


def test_a_sample_kept_as_records_gives_back_the_same_case_table() -> None:
    # The web app keeps a drawn sample as JSON until it is confirmed, then imports it.
    result = draw_sample(long_list(cases(12, gender="F")), options(size=5))
    records = json.loads(json.dumps([c.to_record() for c in result.selected]))
    assert records[0] == {
        "crn": result.selected[0].crn, "stratum": "female", "cluster": "North",
        "ldu": "Northtown", "team": "Team 1", "responsible_officer": "Officer A",
        "gender": "F", "supervision_type": "community", "rosh": "medium", "weight": 12 / 5}
    again = case_table([SelectedCase(**r) for r in records], "sample of long-list.csv")
    pd.testing.assert_frame_equal(again.frame, result.to_case_table().frame)
    assert (again.attributes, again.source) == (result.to_case_table().attributes,
                                                "sample of long-list.csv")


def test_summary_rows_compare_list_and_sample_shares() -> None:
    rows = cases(6, cluster="N", ldu="N1", responsible_officer="a") + [
        case(crn=f"S{i:06d}", pnc="", first_name=f"S{i}", cluster="S", ldu="S1",
             responsible_officer="b") for i in range(2)]
    result = draw_sample(long_list(rows), options(size=4))
    clusters = [(r.cluster, r.population, r.population_share, r.sample, r.sample_share)
                for r in result.summary_rows() if r.level == "cluster"]
    assert clusters == [("N", 6, 0.75, 3, 0.75), ("S", 2, 0.25, 1, 0.25)]
    officer = next(r for r in result.summary_rows() if r.level == "responsible_officer")
    assert officer.to_dict() == {
        "level": "responsible_officer", "stratum": "male_community_non_low", "cluster": "N",
        "ldu": "N1", "responsible_officer": "a", "population": 6, "population_share": 0.75,
        "sample": 3, "sample_share": 0.75}


def test_no_eligible_case_gives_an_empty_sample_and_the_whole_shortfall() -> None:
    result = draw_sample(long_list([case(gender="")]), options(size=5, buffer_percent=20))
    assert (result.selected, result.shortfall, result.buffer) == ((), 6, 1)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [({"size": 0}, "column 'size': the sample size must be at least 1 (value '0')"),
     ({"buffer_percent": Decimal(-1)}, "column 'buffer': the buffer must be 0% or more"),
     ({"seed": -3}, "column 'seed': the seed must be 0 or more (value '-3')"),
     ({"max_per_officer": 0}, "column 'max_per_officer': the officer cap must be at least 1")],
)
def test_bad_options(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(InputError) as caught:
        options(**overrides)
    assert str(caught.value.problems[0]).startswith(message)
