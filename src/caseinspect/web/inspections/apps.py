from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "caseinspect.web.inspections"
    label = "inspections"
    verbose_name = "Inspections"

    def ready(self) -> None:
        from caseinspect.web import checks  # noqa: F401  (registers the start-up checks)
