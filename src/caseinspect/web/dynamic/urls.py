from django.urls import path

from caseinspect.web.dynamic.views import diagnosis, evidence, plan

app_name = "dynamic"
BASE = "inspections/<int:inspection_id>/dynamic"
urlpatterns = [
    path(f"{BASE}/", evidence.questions, name="questions"),
    path(f"{BASE}/questions/<str:question_code>", evidence.question_page, name="question"),
    path(
        f"{BASE}/questions/<str:question_code>/evidence/new",
        evidence.evidence_add,
        name="evidence_add",
    ),
    path(f"{BASE}/questions/<str:question_code>/finding", evidence.finding, name="finding"),
    path(
        f"{BASE}/evidence/<int:evidence_id>/file", evidence.evidence_file, name="evidence_file"
    ),
    path(
        f"{BASE}/evidence/<int:evidence_id>/remove",
        evidence.evidence_remove,
        name="evidence_remove",
    ),
    path(f"{BASE}/plan", plan.plan, name="plan"),
    path(f"{BASE}/plan/new", plan.action_add, name="action_add"),
    path(f"{BASE}/plan/<int:action_id>", plan.action_edit, name="action_edit"),
    path(f"{BASE}/diagnosis", diagnosis.diagnosis, name="diagnosis"),
    path(
        f"{BASE}/diagnosis.<str:fmt>", diagnosis.diagnosis_download, name="diagnosis_download"
    ),
]
