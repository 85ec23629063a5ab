"""Lead inspector pages: set up an inspection, its members and the assignment of cases."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from caseinspect.web.accounts.models import User
from caseinspect.web.audit.log import record
from caseinspect.web.inspections import access, services
from caseinspect.web.inspections.access import require
from caseinspect.web.inspections.forms import AssignForm, InspectionForm, MemberForm, StatusForm
from caseinspect.web.inspections.models import Assessment, Case, Inspection, Region
from caseinspect.web.ui import form_errors, keyed_errors


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(access.can_create_inspection(user))
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            region, created = Region.objects.get_or_create(name=data["region"].strip())
            if created:
                record(user, "create", region, after=region)
            inspection = services.create_inspection(
                user,
                name=data["name"],
                framework_code=data["framework_code"],
                region=region,
                kind=data["kind"],
                start_date=data["start_date"],
                end_date=data["end_date"],
            )
        messages.success(request, f"{inspection} is set up. Add its members, then its cases.")
        return redirect("inspections:detail", inspection.pk)
    errors = form_errors(form)
    return render(
        request,
        "inspections/create.html",
        {"form": form, "errors": errors},
        status=400 if errors else 200,
    )


@require_GET
def detail(request: HttpRequest, inspection_id: int) -> HttpResponse:
    user = _user(request)
    inspection = get_object_or_404(Inspection.objects.select_related("region"), pk=inspection_id)
    require(access.can_view_inspection(user, inspection))
    visible = access.visible_assessments(user, inspection).select_related("inspector")
    cases = (
        Case.objects.filter(inspection=inspection)
        .select_related("delivery_unit", "inspector")
        .prefetch_related(Prefetch("assessments", queryset=visible, to_attr="visible"))
    )
    if not access.can_manage(user, inspection) and user.role != "quality_assurer":
        cases = cases.filter(assessments__in=visible).distinct()
    return render(
        request,
        "inspections/detail.html",
        {
            "inspection": inspection,
            "cases": cases,
            "can_manage": access.can_manage(user, inspection),
            "can_export": access.can_export(user, inspection),
            "status_form": StatusForm(inspection) if access.can_manage(user, inspection) else None,
            "members": inspection.members.order_by("email"),
        },
    )


@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, inspection_id: int) -> HttpResponse:
    user = _user(request)
    inspection = get_object_or_404(Inspection, pk=inspection_id)
    require(access.can_manage(user, inspection))
    form = MemberForm(inspection, request.POST if "add" in request.POST else None)
    if request.method == "POST":
        if "remove" in request.POST:
            member = get_object_or_404(User, pk=request.POST["remove"])
            services.remove_member(inspection, member, user)
            messages.success(request, f"{member} is no longer a member")
            return redirect("inspections:members", inspection.pk)
        if form.is_valid():
            member = form.cleaned_data["user"]
            services.add_member(inspection, member, user)
            messages.success(request, f"{member} is now a member")
            return redirect("inspections:members", inspection.pk)
    errors = form_errors(form) if form.is_bound else []
    return render(
        request,
        "inspections/members.html",
        {
            "inspection": inspection,
            "form": form,
            "errors": errors,
            "members": inspection.members.order_by("email"),
        },
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, inspection_id: int, case_id: int) -> HttpResponse:
    user = _user(request)
    case = get_object_or_404(Case.objects.select_related("inspection"), pk=case_id)
    require(case.inspection_id == inspection_id and access.can_manage(user, case.inspection))
    form = AssignForm(case.inspection, request.POST or None, initial={"inspector": case.inspector})
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_case(
                case, form.cleaned_data["inspector"], user, reason=form.cleaned_data["reason"]
            )
        except services.Invalid as exc:
            errors = keyed_errors(exc.errors, {"inspector": form["inspector"].auto_id})
        else:
            messages.success(request, f"Case {case.crn} is assigned to {case.inspector}")
            return redirect("inspections:detail", case.inspection_id)
    errors = errors or form_errors(form)
    return render(
        request,
        "inspections/assign.html",
        {
            "case": case,
            "form": form,
            "errors": errors,
            "assessments": Assessment.objects.filter(case=case).select_related("inspector"),
        },
        status=400 if errors else 200,
    )
