from django.apps import AppConfig


class CongressesConfig(AppConfig):
    name = "sotay.congresses"
    label = "congresses"
    verbose_name = "Đại hội và bầu cử"
