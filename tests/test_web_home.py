"""The home page lists, for each role, the inspections it may see and links to the pages of
them it may open: an inspection's own page for its members (and admins), its results, and a
dynamic inspection's regional diagnosis — which is how analysts and viewers reach it. Each
link is what the page's own access check allows, and every link opens."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories_dynamic import make_dynamic_inspection
from factories_web import PERSONAS, make_inspection, make_user

LINK = re.compile(r'href="(/inspections/\d+/[^"]*)"')


@pytest.fixture
def places(world: Any) -> dict[str, int]:
    """The world's core inspection, a dynamic inspection with the same members, and a
    self-assessment of the dynamic framework of which only Lena is a member."""
    from factories_dynamic import dynamic_world

    dynamic = dynamic_world(world)["inspection_id"]
    own = make_dynamic_inspection(name="Self-assessment of North West",
                                  kind="self_assessment", members=(world.lena,))
    return {"core": world.inspection.pk, "dynamic": dynamic, "self": own.pk}


def _links(page: str) -> set[str]:
    return set(LINK.findall(page))


def _expected(persona: str, ids: dict[str, int]) -> set[str]:
    core, dynamic, own = ids["core"], ids["dynamic"], ids["self"]
    results = {f"/inspections/{i}/results" for i in (core, dynamic, own)}
    diagnosis = {f"/inspections/{dynamic}/dynamic/diagnosis"}
    detail = {f"/inspections/{i}/" for i in (core, dynamic, own)}
    if persona == "ada":
        return detail | results | diagnosis
    if persona == "lena":  # a member of all three
        return detail | results | diagnosis
    if persona in ("ian", "bob", "quinn"):  # members of the core and dynamic inspections
        return {f"/inspections/{core}/", f"/inspections/{dynamic}/",
                f"/inspections/{core}/results", f"/inspections/{dynamic}/results"} | diagnosis
    if persona in ("ann", "vic"):  # every inspection's results, never an inspection's page
        return results | diagnosis
    return set()  # charlie and olive are members of nothing


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_sees_links_to_exactly_the_pages_it_may_open(
        persona, world, places, as_user):
    page = as_user(world.persona(persona)).get("/").content.decode()
    assert _links(page) == _expected(persona, places)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_link_on_the_home_page_opens(persona, world, places, as_user):
    client = as_user(world.persona(persona))
    links = _links(client.get("/").content.decode())
    assert {path: client.get(path).status_code for path in links} == dict.fromkeys(links, 200)


def test_an_analyst_reaches_the_diagnosis_by_name_and_the_list_says_what_they_see(
        world, places, as_user):
    page = as_user(world.ann).get("/").content.decode()
    diagnosis = f"/inspections/{places['dynamic']}/dynamic/diagnosis"
    assert (f'<a class="govuk-link" href="{diagnosis}">Regional diagnosis'
            '<span class="govuk-visually-hidden"> of Dynamic inspection of North West</span>'
            in page)
    assert "<td class=\"govuk-table__cell\">Dynamic inspection of North West</td>" in page
    assert "its regional diagnosis without free text" in page
    assert "Groups of fewer than 5 cases are hidden" not in page
    viewer = as_user(world.vic).get("/").content.decode()
    assert "Groups of fewer than 5 cases are hidden" in viewer


def test_a_core_inspection_and_a_self_assessment_have_no_diagnosis_link(
        world, places, as_user):
    links = _links(as_user(world.ada).get("/").content.decode())
    assert f"/inspections/{places['core']}/dynamic/diagnosis" not in links
    assert f"/inspections/{places['self']}/dynamic/diagnosis" not in links
    for inspection in ("core", "self"):
        path = f"/inspections/{places[inspection]}/dynamic/diagnosis"
        assert as_user(world.ada).get(path).status_code == 404


def test_a_member_of_nothing_is_told_so(world, as_user):
    page = as_user(world.charlie).get("/").content.decode()
    assert "You are not a member of any inspection yet." in page
    assert _links(page) == set()


def test_an_analyst_is_told_when_there_are_no_inspections_at_all(db, client):
    client.force_login(make_user("ann@example.org", "analyst"))
    page = client.get("/").content.decode()
    assert "There are no inspections yet." in page and "You are not a member" not in page


def _home_queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["ann", "lena"])
def test_the_number_of_queries_does_not_grow_with_the_number_of_inspections(
        persona, world, places, as_user):
    client = as_user(world.persona(persona))
    before = _home_queries(client)
    for i in range(4):
        make_dynamic_inspection(name=f"Dynamic inspection {i}", members=(world.lena,))
        make_inspection(name=f"Core inspection {i}", members=(world.lena,))
    assert len(_links(client.get("/").content.decode())) > 10
    assert _home_queries(client) == before


def test_a_new_analyst_sees_every_inspection_without_being_a_member(world, places, client):
    analyst = make_user("newcomer@example.org", "analyst")
    client.force_login(analyst)
    assert _links(client.get("/").content.decode()) == _expected("ann", places)


def test_the_inspections_come_before_an_assessors_long_list_of_cases(world, places, as_user):
    page = as_user(world.ian).get("/").content.decode()
    assert page.index(">Inspections</h2>") < page.index(">Your cases</h2>")
    assert page.index(f"/inspections/{places['dynamic']}/dynamic/diagnosis") < page.index(
        "Case A123456")
