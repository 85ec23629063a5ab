"""Every URL × every role: allowed or refused, checked on the server.

The URL list is built from the URLconf, so a new URL fails
``test_every_url_is_in_the_matrix`` until its row is added here.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from caseinspect.frameworks import load_framework
from factories_dynamic import dynamic_world
from factories_web import FRAMEWORK, PERSONAS

EVERYONE = frozenset({*PERSONAS, "anonymous"})
SIGNED_IN = frozenset(PERSONAS)
MANAGERS = frozenset({"ada", "lena"})
MEMBERS = frozenset({"ada", "lena", "ian", "bob", "quinn"})
RESULTS = MEMBERS | {"ann", "vic"}
# Readers of Ian's assessment: Ian himself, the lead and QA of his inspection, the admin.
READERS = frozenset({"ada", "lena", "ian", "quinn"})
# A dynamic inspection's evidence, findings and plan: its lead and inspectors, and the admin.
EDITORS = frozenset({"ada", "lena", "ian", "bob"})

# name: (method, personas allowed). Everyone else is refused (403 / 404, or sent to sign in).
MATRIX: dict[str, tuple[str, frozenset[str]]] = {
    "healthz": ("get", EVERYONE),
    "home": ("get", SIGNED_IN),
    "accounts:login": ("get", EVERYONE),
    "accounts:logout": ("post", EVERYONE),
    "accounts:users": ("get", frozenset({"ada"})),
    "inspections:create": ("get", MANAGERS),
    "inspections:detail": ("get", MEMBERS),
    "inspections:members": ("get", MANAGERS),
    "inspections:status": ("get", MANAGERS),
    "inspections:assign": ("get", MANAGERS),
    "inspections:import": ("get", MANAGERS),
    "inspections:sample": ("get", MANAGERS),
    "inspections:sample_check": ("get", MANAGERS),
    "inspections:sample_confirm": ("post", MANAGERS),
    "inspections:sample_record": ("get", MANAGERS),
    "inspections:export": ("get", MANAGERS | {"ann"}),
    "inspections:results": ("get", RESULTS),
    "inspections:results_json": ("get", RESULTS),
    "inspections:report": ("get", RESULTS),
    "inspections:assessment": ("get", READERS),
    "inspections:standard": ("get", READERS),
    "inspections:facts": ("get", READERS),
    "inspections:check": ("get", READERS),
    "inspections:examples": ("get", READERS),
    "inspections:submit": ("post", frozenset({"ian"})),
    "inspections:quality_assure": ("post", frozenset({"quinn"})),
    "inspections:finalise": ("post", MANAGERS),
    "inspections:api_answers": ("post", frozenset({"ian"})),
    "inspections:api_me": ("get", SIGNED_IN),
    "audit:case_history": ("get", MANAGERS),
    "dynamic:questions": ("get", MEMBERS),
    "dynamic:question": ("get", MEMBERS),
    "dynamic:evidence_add": ("get", EDITORS),
    "dynamic:finding": ("get", EDITORS),
    "dynamic:evidence_file": ("get", MEMBERS),
    "dynamic:evidence_remove": ("post", EDITORS),
    "dynamic:plan": ("get", MEMBERS),
    "dynamic:action_add": ("get", EDITORS),
    "dynamic:action_edit": ("get", EDITORS),
    "dynamic:diagnosis": ("get", RESULTS),
    "dynamic:diagnosis_download": ("get", RESULTS),
}
PUBLIC = {"healthz", "accounts:login", "accounts:logout"}


def _names(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def url_patterns():
    return dict(_names(get_resolver().url_patterns))


def test_every_url_is_in_the_matrix():
    assert set(url_patterns()) == set(MATRIX)


def _url(name, world):
    pattern = url_patterns()[name]
    values = {
        "inspection_id": world.inspection.pk,
        "case_id": world.case.pk,
        "assessment_id": world.assessment.pk,
        "standard_code": load_framework(FRAMEWORK).standards[0].code,
        "fmt": "csv",
    }
    if name.startswith("dynamic:"):
        values.update(dynamic_world(world))
    return reverse(name, kwargs={k: values[k] for k in pattern.pattern.converters})


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(name, persona, world, client):
    method, allowed = MATRIX[name]
    if persona != "anonymous":
        client.force_login(world.persona(persona))
    response = getattr(client, method)(_url(name, world))
    refused_to_sign_in = response.status_code == 302 and response["Location"].startswith(
        "/sign-in?next="
    )
    if persona in allowed:
        assert response.status_code not in (403, 404, 405) and not refused_to_sign_in, (
            f"{persona} should reach {name}: {response.status_code}"
        )
    elif persona == "anonymous" and name not in PUBLIC:
        assert refused_to_sign_in, f"anonymous should be sent to sign in for {name}"
    else:
        assert response.status_code in (403, 404), (
            f"{persona} should be refused {name}: {response.status_code}"
        )


def test_inspectors_see_only_their_own_cases_on_the_inspection_page(world, as_user):
    html = as_user(world.ian).get(f"/inspections/{world.inspection.pk}/").content.decode()
    assert "A123456" in html and "B234567" not in html
    html = as_user(world.quinn).get(f"/inspections/{world.inspection.pk}/").content.decode()
    assert "A123456" in html and "B234567" in html


def test_analysts_and_viewers_see_no_case_pages_of_any_inspection(world, as_user):
    for persona in ("ann", "vic"):
        client = as_user(world.persona(persona))
        assert client.get(f"/assessments/{world.other_assessment.pk}/check").status_code == 403
        assert client.get(f"/inspections/{world.inspection.pk}/").status_code == 403
