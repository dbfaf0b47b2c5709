from django.apps import AppConfig


class AdmissionsConfig(AppConfig):
    name = "sotay.admissions"
    label = "admissions"
    verbose_name = "Kết nạp đảng viên"
