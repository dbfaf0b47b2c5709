from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "sotay.rules"
    label = "rules"
