from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "sotay.evaluation"
    label = "evaluation"
    verbose_name = "Đánh giá, xếp loại và thi đua"
