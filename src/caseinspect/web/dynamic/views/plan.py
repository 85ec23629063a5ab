"""The follow-up plan: its actions with their status and indicator before and after; adding
an action and changing one (its status as it is tracked)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from caseinspect.web.dynamic import access, services
from caseinspect.web.dynamic.forms import ActionForm
from caseinspect.web.dynamic.models import FollowUpAction
from caseinspect.web.dynamic.plan import later_inspections, plan_rows
from caseinspect.web.dynamic.views.common import dynamic_inspection, user_of
from caseinspect.web.inspections.access import require
from caseinspect.web.inspections.models import Inspection
from caseinspect.web.ui import ErrorLink, form_errors, keyed_errors


@require_GET
def plan(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = dynamic_inspection(request, inspection_id)
    require(access.can_read(request.user, inspection))
    return render(
        request,
        "dynamic/plan.html",
        {
            "inspection": inspection,
            "rows": plan_rows(inspection),
            "later": later_inspections(inspection),
            "can_edit": access.can_edit(request.user, inspection),
        },
    )


def _action_form_page(
    request: HttpRequest, inspection: Inspection, action: FollowUpAction | None
) -> HttpResponse:
    initial: dict[str, object] = {"question_code": request.GET.get("question", "")}
    if action is not None:
        initial = {
            "question_code": action.question_code, "what": action.what,
            "owner_role": action.owner_role, "due_date": action.due_date,
            "indicator_code": action.indicator_code, "status": action.status,
        }
    form = ActionForm(inspection, request.POST or None, initial=initial)
    errors: list[ErrorLink] = []
    if request.method == "POST":
        if form.is_valid():
            given = services.ActionInput(**form.cleaned_data)
            try:
                if action is None:
                    services.add_action(inspection, user_of(request), given)
                else:
                    services.update_action(action, user_of(request), given)
            except services.Invalid as exc:
                errors = keyed_errors(exc.errors, {k: form[k].auto_id for k in form.fields})
            else:
                messages.success(
                    request, "Action added to the plan" if action is None else "Action updated"
                )
                return redirect("dynamic:plan", inspection.pk)
        else:
            errors = form_errors(form)
    return render(
        request,
        "dynamic/action.html",
        {"inspection": inspection, "form": form, "errors": errors, "action": action},
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = dynamic_inspection(request, inspection_id)
    require(access.can_edit(request.user, inspection))
    return _action_form_page(request, inspection, None)


@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, inspection_id: int, action_id: int) -> HttpResponse:
    inspection = dynamic_inspection(request, inspection_id)
    require(access.can_edit(request.user, inspection))
    action = get_object_or_404(FollowUpAction, pk=action_id, inspection=inspection)
    return _action_form_page(request, inspection, action)
