"""Every URL of the service. Each view authorises its own requests (see
``inspections/access.py``); everything but sign-in and the health check needs a signed-in
user (``LoginRequiredMiddleware``)."""

from django.urls import include, path

from caseinspect.web import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("", views.home, name="home"),
    path("", include("caseinspect.web.inspections.urls")),  # first: it holds the JSON API
    path("", include("caseinspect.web.accounts.urls")),
    path("", include("caseinspect.web.dynamic.urls")),
    path("", include("caseinspect.web.audit.urls")),
]
