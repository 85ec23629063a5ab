from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "caseinspect.web.inspections"
    label = "inspections"
    verbose_name = "Inspections"
