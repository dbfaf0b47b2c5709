from django.apps import AppConfig


class HandbookConfig(AppConfig):
    name = "sotay.handbook"
    label = "handbook"
    verbose_name = "Thông báo, học tập nghị quyết và hộp thư"

    def ready(self) -> None:
        from . import search_source

        search_source.register()
