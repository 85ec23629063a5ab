from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "caseinspect.web.audit"
    label = "audit"
    verbose_name = "Audit log"
