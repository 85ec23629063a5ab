"""Signing in and out, and the administrator's list of users."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from caseinspect.errors import InputError
from caseinspect.web.accounts import services
from caseinspect.web.accounts.forms import NewUserForm, SignInForm
from caseinspect.web.accounts.models import Role, User
from caseinspect.web.inspections.access import require
from caseinspect.web.ui import form_errors, plain_errors


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        assert form.user is not None
        login(request, form.user)
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("home")
        return HttpResponseRedirect(target)
    status = 200 if request.method == "GET" else 400
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "errors": form_errors(form), "next": request.GET.get("next", "")},
        status=status,
    )


@login_not_required
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
def users(request: HttpRequest) -> HttpResponse:
    admin = request.user
    require(isinstance(admin, User) and admin.has_role(Role.ADMIN))
    assert isinstance(admin, User)
    form = NewUserForm(request.POST or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(
                form.cleaned_data["email"],
                form.cleaned_data["role"],
                form.cleaned_data["password"],
                by=admin,
                name=form.cleaned_data["name"],
            )
        except InputError as exc:
            errors = plain_errors(exc.lines())
        else:
            messages.success(request, f"{user.email} can now sign in as {user.get_role_display()}")
            return redirect("accounts:users")
    errors = errors or form_errors(form)
    return render(
        request,
        "accounts/users.html",
        {"form": form, "errors": errors, "users": User.objects.all()},
        status=400 if errors else 200,
    )
