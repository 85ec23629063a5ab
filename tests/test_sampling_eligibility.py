"""Rules 1–3: exclusions with reasons, duplicates (earliest case kept), strata."""

from __future__ import annotations

from datetime import date

import pytest

from caseinspect.sampling.eligibility import eligible_cases
from factories_sampling import case, long_list

AS_OF = date(2024, 6, 30)


def outcome(rows: list[dict[str, str]], as_of: date = AS_OF) -> tuple[list[str], list[tuple]]:
    result = eligible_cases(long_list(rows), as_of)
    return (result.eligible["crn"].tolist(),
            [(e.crn, e.reason, e.row) for e in result.excluded])


def person(i: int, **overrides: str) -> dict[str, str]:
    """Case ``i`` of a distinct person, unless overrides make it someone else's."""
    values = {"crn": f"C{i:06d}", "pnc": f"2010/{i:07d}P", "first_name": f"Name{i}",
              "family_name": "Abernathy", "dob": f"19{50 + i}-01-01"}
    values.update(overrides)
    return case(**values)


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [({"first_name": "*****"}, "sensitive"), ({"family_name": "Sm*th"}, "sensitive"),
     ({"start_date": "2024-07-01"}, "not_started"), ({"gender": ""}, "gender_missing"),
     ({"gender": "other"}, "gender_other"), ({"gender": "Unknown"}, "gender_other")],
)
def test_each_exclusion_has_its_reason(overrides: dict[str, str], reason: str) -> None:
    assert outcome([person(1), person(2, **overrides)]) == (
        ["C000001"], [("C000002", reason, 3)])


def test_a_case_starting_on_the_as_of_date_has_started() -> None:
    assert outcome([person(1, start_date="2024-06-30")]) == (["C000001"], [])


def test_the_first_applicable_reason_is_given() -> None:
    rows = [person(1, first_name="**", start_date="2025-01-01", gender=""),
            person(2, start_date="2025-01-01", gender="")]
    assert outcome(rows)[1] == [("C000001", "sensitive", 2), ("C000002", "not_started", 3)]


@pytest.mark.parametrize(
    "shared",
    [{"pnc": "2010/0000001P"}, {"crn": "C000001"},
     {"first_name": "Name1", "dob": "1951-01-01"},
     {"first_name": " name1 ", "family_name": "ABERNATHY", "dob": "01/01/1951"}],
)
def test_same_pnc_crn_or_name_and_dob_is_the_same_person(shared: dict[str, str]) -> None:
    rows = [person(1, start_date="2024-03-01"), person(2, start_date="2024-02-01", **shared)]
    result = eligible_cases(long_list(rows), AS_OF)
    assert result.eligible["row"].tolist() == [3]
    assert [(e.crn, e.reason, e.row) for e in result.excluded] == [("C000001", "duplicate", 2)]


def test_the_earliest_case_of_a_person_is_kept() -> None:
    rows = [person(1, start_date="2024-03-01"),
            person(2, pnc="2010/0000001P", start_date="2024-01-10"),
            person(3, pnc="2010/0000001P", start_date="2024-05-01")]
    assert outcome(rows) == (["C000002"], [("C000001", "duplicate", 2),
                                           ("C000003", "duplicate", 4)])


def test_links_chain_into_one_person() -> None:
    # 1 and 2 share a PNC; 2 and 3 share name and date of birth; 3 and 4 share a CRN.
    rows = [person(1, start_date="2024-04-01"),
            person(2, pnc="2010/0000001P", start_date="2024-03-01"),
            person(3, first_name="Name2", dob="1952-01-01", start_date="2024-02-01"),
            person(4, crn="C000003", start_date="2024-01-01")]
    eligible, excluded = outcome(rows)
    assert eligible == ["C000003"]
    assert [(crn, row) for crn, _, row in excluded] == [
        ("C000001", 2), ("C000002", 3), ("C000003", 4)]


def test_same_name_with_another_date_of_birth_is_someone_else() -> None:
    rows = [person(1, first_name="Sam"), person(2, first_name="Sam")]
    assert outcome(rows) == (["C000001", "C000002"], [])


def test_blank_pnc_and_date_of_birth_link_nobody() -> None:
    rows = [person(1, pnc="", dob=""), person(2, pnc="", dob="", first_name="Name1")]
    assert outcome(rows) == (["C000001", "C000002"], [])


def test_equal_start_dates_keep_the_alphabetically_first_crn() -> None:
    rows = [person(9, pnc="2010/0000001P"), person(1), person(5, pnc="2010/0000001P")]
    assert outcome(rows) == (["C000001"], [("C000009", "duplicate", 2),
                                           ("C000005", "duplicate", 4)])


def test_exclusions_come_before_de_duplication() -> None:
    # The earlier case has no gender, so the person's later case is the one sampled.
    rows = [person(1, gender="", start_date="2024-01-01"),
            person(2, pnc="2010/0000001P", start_date="2024-02-01")]
    assert outcome(rows) == (["C000002"], [("C000001", "gender_missing", 2)])


def test_redacted_names_do_not_link_people() -> None:
    rows = [person(1, first_name="***", family_name="***", dob="1970-01-01"),
            person(2, first_name="***", family_name="***", dob="1970-01-01")]
    assert [reason for _, reason, _ in outcome(rows)[1]] == ["sensitive", "sensitive"]


@pytest.mark.parametrize(
    ("gender", "sentence", "rosh", "stratum"),
    [("F", "Adult Licence", "RVHR", "female"), ("F", "community", "low", "female"),
     ("M", "ORA Community Order", "RLRH", "male_community_low"),
     ("M", "ORA Suspended Sentence Order", "RMRH", "male_community_non_low"),
     ("M", "CJA - Youth Rehabilitation Order", "RHRH", "male_community_non_low"),
     ("M", "community", "RVHR", "male_community_non_low"),
     ("M", "Adult Licence", "low", "male_post_custody_low"),
     ("M", "ORA Supervision Default Order", "medium", "male_post_custody_non_low"),
     ("M", "post_custody", "high", "male_post_custody_non_low"),
     ("M", "Licence", "very_high", "male_post_custody_non_low")],
)
def test_strata(gender: str, sentence: str, rosh: str, stratum: str) -> None:
    rows = [case(gender=gender, sentence_type=sentence, rosh=rosh)]
    assert eligible_cases(long_list(rows), AS_OF).eligible["stratum"].tolist() == [stratum]
