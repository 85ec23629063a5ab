from django.urls import path

from caseinspect.web.audit import views

app_name = "audit"
urlpatterns = [
    path("cases/<int:case_id>/history", views.case_history, name="case_history"),
]
