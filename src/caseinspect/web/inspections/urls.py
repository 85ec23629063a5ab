from django.urls import path

from caseinspect.web.inspections.views import api, bulk, capture, results, sampling, setup, status
from caseinspect.web.inspections.views.reports import download as report_download

app_name = "inspections"
# The JSON API first: saving an answer is the busiest request, and URLs are tried in order.
urlpatterns = [
    path("api/me", api.me, name="api_me"),
    path("api/assessments/<int:assessment_id>/answers", api.save_answers, name="api_answers"),
    path("inspections/new", setup.create, name="create"),
    path("inspections/<int:inspection_id>/", setup.detail, name="detail"),
    path("inspections/<int:inspection_id>/members", setup.members, name="members"),
    path("inspections/<int:inspection_id>/status", status.status, name="status"),
    path(
        "inspections/<int:inspection_id>/cases/<int:case_id>/assign",
        setup.assign,
        name="assign",
    ),
    path("inspections/<int:inspection_id>/import", bulk.import_cases, name="import"),
    path("inspections/<int:inspection_id>/export.<str:fmt>", bulk.export, name="export"),
    path("inspections/<int:inspection_id>/sample", sampling.sample, name="sample"),
    path(
        "inspections/<int:inspection_id>/sample/check", sampling.sample_check, name="sample_check"
    ),
    path(
        "inspections/<int:inspection_id>/sample/confirm",
        sampling.sample_confirm,
        name="sample_confirm",
    ),
    path(
        "inspections/<int:inspection_id>/sample/record",
        sampling.sample_record,
        name="sample_record",
    ),
    path("inspections/<int:inspection_id>/results", results.results, name="results"),
    path(
        "inspections/<int:inspection_id>/results.json", results.results_json, name="results_json"
    ),
    path("inspections/<int:inspection_id>/report", report_download, name="report"),
    path("assessments/<int:assessment_id>/", capture.assessment_tasks, name="assessment"),
    path(
        "assessments/<int:assessment_id>/standards/<str:standard_code>",
        capture.standard_page,
        name="standard",
    ),
    path("assessments/<int:assessment_id>/facts", capture.facts_page, name="facts"),
    path("assessments/<int:assessment_id>/check", capture.check_answers, name="check"),
    path("assessments/<int:assessment_id>/submit", capture.submit, name="submit"),
    path(
        "assessments/<int:assessment_id>/quality-assure",
        capture.quality_assure,
        name="quality_assure",
    ),
    path("assessments/<int:assessment_id>/finalise", capture.finalise, name="finalise"),
    path("assessments/<int:assessment_id>/examples", capture.examples, name="examples"),
]
