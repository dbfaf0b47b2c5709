from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "sotay.verification"
    label = "verification"
    verbose_name = "Thẩm định, xác minh tiêu chuẩn chính trị"

    def ready(self) -> None:
        # The admission case cannot go to the chi bộ's vote before a "meets" conclusion (sotay/admissions/steps.py).
        from sotay.admissions import steps

        from .gate import require_meets_before_vote

        if require_meets_before_vote not in steps.VOTE_GUARDS:
            steps.VOTE_GUARDS.append(require_meets_before_vote)
