"""Move an inspection's status on (or back a step, with a reason): the lead's form, also
shown on the inspection page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from caseinspect.web.accounts.models import User
from caseinspect.web.inspections import access, services
from caseinspect.web.inspections.forms import StatusForm
from caseinspect.web.inspections.models import Inspection
from caseinspect.web.inspections.status import change_status
from caseinspect.web.ui import ErrorLink, form_errors, keyed_errors


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, inspection_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    inspection = get_object_or_404(Inspection, pk=inspection_id)
    access.require(access.can_manage(user, inspection))
    form = StatusForm(inspection, request.POST or None)
    errors: list[ErrorLink] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                change_status(
                    inspection, form.cleaned_data["status"], user, form.cleaned_data["reason"]
                )
            except services.Invalid as exc:
                errors = keyed_errors(exc.errors, {"reason": form["reason"].auto_id})
                form.add_error("reason", exc.errors["reason"])
            except services.WrongState as exc:
                errors = [ErrorLink(f"#{form['status'].auto_id}", str(exc))]
            else:
                messages.success(
                    request, f"{inspection} is now {inspection.get_status_display().lower()}"
                )
                return redirect("inspections:detail", inspection.pk)
        else:
            errors = form_errors(form)
    return render(
        request,
        "inspections/status.html",
        {"inspection": inspection, "form": form, "errors": errors},
        status=400 if errors else 200,
    )
