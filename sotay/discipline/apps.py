from django.apps import AppConfig


class DisciplineConfig(AppConfig):
    name = "sotay.discipline"
    label = "discipline"
    verbose_name = "Kỷ luật, sàng lọc đảng viên"

    def ready(self) -> None:
        from sotay.members import badges

        from .hooks import delayed_eligibility

        if delayed_eligibility not in badges.ELIGIBILITY_DELAYS:
            badges.ELIGIBILITY_DELAYS.append(delayed_eligibility)
