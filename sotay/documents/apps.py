from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "sotay.documents"
    label = "documents"
    verbose_name = "Văn bản và cẩm nang"

    def ready(self) -> None:
        from . import sources

        sources.register()
