from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "sotay.members"
    label = "members"
    verbose_name = _("Đảng viên")

    def ready(self) -> None:
        from sotay.orgs.signals import subtree_moved

        subtree_moved.connect(_move_counts, dispatch_uid="members-counts-subtree-moved")


def _move_counts(sender, *, org_id: int, old_path: str, new_path: str, **kwargs) -> None:
    from .counts import subtree_moved

    subtree_moved(org_id, old_path, new_path)
