"""The server's memo of analysis results (``tables.RESULTS``): the same pseudonymised records
are analysed once; any change to them — an answer, a submission — is a new result; every
request gets dicts of its own; the memo is bounded and holds no CRN."""

from __future__ import annotations

from caseinspect.web.inspections import services, tables
from factories_web import all_answers, make_assessment, make_case


def _results(client, inspection):
    response = client.get(f"/inspections/{inspection.pk}/results.json")
    assert response.status_code == 200
    return response.json()


def _pct(data, code="2.1.1"):
    return next(q for q in data["questions"] if q["code"] == code)["pct_yes"]


def test_the_same_records_are_analysed_once_and_give_the_same_figures(world, as_user):
    client = as_user(world.lena)
    first = _results(client, world.inspection)
    page = client.get(f"/inspections/{world.inspection.pk}/results")
    assert page.status_code == 200 and "100.0%" in page.content.decode()
    assert _results(client, world.inspection) == first
    assert (tables.RESULTS.computed, tables.RESULTS.reused) == (1, 2)


def test_an_answer_changed_in_a_submitted_assessment_is_in_the_next_result(world, as_user):
    client = as_user(world.lena)
    assert _pct(_results(client, world.inspection)) == 100.0
    bob, assessment = world.bob, world.other_assessment
    services.save_answers(assessment, {"2.1.1": services.AnswerInput("no", "No plan seen")},
                          bob, assessment.version, reason="Second look at the file")
    assert _pct(_results(client, world.inspection)) == 0.0
    assert tables.RESULTS.computed == 2


def test_a_newly_submitted_case_is_in_the_next_result(world, as_user):
    client = as_user(world.lena)
    assert _results(client, world.inspection)["cases"] == 1
    make_assessment(make_case(world.inspection, crn="C345678", inspector=world.bob), world.bob,
                    status="submitted", answers=all_answers(value="yes"))
    assert _results(client, world.inspection)["cases"] == 2


def test_every_request_gets_dicts_of_its_own(world):
    first = tables.analyse(world.inspection)
    first["questions"][0]["pct_yes"] = -1.0
    first["questions"].clear()
    again = tables.analyse(world.inspection)
    assert again["questions"] and again["questions"][0]["pct_yes"] != -1.0
    assert tables.RESULTS.reused == 1


def test_the_memo_keeps_only_the_latest_tables(world):
    memo = tables.ResultMemo(size=2)
    records = tables.case_records(world.inspection, pseudonymise=True, assessed_only=True)
    variants = [[{**records[0], "2.1.1": value}] for value in ("yes", "no", "na")]
    for variant in variants:
        memo.analysed(variant, world.inspection, None)
    assert memo.computed == 3
    memo.analysed(variants[2], world.inspection, None)  # still held
    assert (memo.computed, memo.reused) == (3, 1)
    memo.analysed(variants[0], world.inspection, None)  # the oldest: gone
    assert memo.computed == 4
    assert memo.analysed(variants[1], world.inspection, None).question("2.1.1").no == 1


def test_keys_tell_apart_what_json_would_write_alike():
    key = tables.ResultMemo.key
    assert key([{"a": 1}], "fw", "x", None) != key([{"a": "1"}], "fw", "x", None)
    assert key([{"a": 1}], "fw", "x", None) != key([{"a": 1}], "fw", "x", ["pdu"])
    assert key([{"a": 1}], "fw", "x", None) == key([{"a": 1}], "fw", "x", None)
    assert len(key([], "fw", "x", None)) == 32  # a SHA-256 digest: nothing readable


def test_the_memo_holds_no_crn(world, as_user):
    _results(as_user(world.lena), world.inspection)
    held = repr(list(tables.RESULTS._results.items()))
    assert world.case.crn not in held and world.other_case.crn not in held
