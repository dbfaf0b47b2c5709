from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sotay.demo"
    label = "demo"
