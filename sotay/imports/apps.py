from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "sotay.imports"
    label = "imports"
