from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "caseinspect.web.accounts"
    label = "accounts"
    verbose_name = "Accounts"
