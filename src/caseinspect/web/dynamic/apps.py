from django.apps import AppConfig


class DynamicConfig(AppConfig):
    name = "caseinspect.web.dynamic"
    label = "dynamic"
    verbose_name = "Dynamic inspection of public protection"
