"""What every dynamic inspection page starts with: the signed-in user and the inspection,
refused (404) unless it is a dynamic inspection of public protection."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from caseinspect.frameworks import EvidenceQuestion
from caseinspect.web.accounts.models import User
from caseinspect.web.dynamic import access
from caseinspect.web.dynamic.services import question_of
from caseinspect.web.inspections.access import require
from caseinspect.web.inspections.models import Inspection


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def dynamic_inspection(request: HttpRequest, inspection_id: int) -> Inspection:
    """The inspection, once the user may at least see its diagnosis (403 otherwise)."""
    inspection = get_object_or_404(Inspection.objects.select_related("region"), pk=inspection_id)
    require(access.can_view_diagnosis(request.user, inspection))
    if not access.is_dynamic(inspection):
        raise Http404("not a dynamic inspection")
    return inspection


def question(inspection: Inspection, code: str) -> EvidenceQuestion:
    found = question_of(inspection, code)
    if found is None:
        raise Http404("no such question")
    return found
