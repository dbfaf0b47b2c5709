from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "sotay.inspection"
    label = "inspection"
    verbose_name = "Kiểm tra, giám sát"
