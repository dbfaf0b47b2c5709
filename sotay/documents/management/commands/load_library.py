"""`sotay load_library [--org CODE]`: load the real documents cited in docs/rules/, the starter guides and the sample
article into the library of the organisation CODE (default: the province at the root), then index them.
Safe to run again: entries already there are kept."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization


class Command(BaseCommand):
    help = (
        "Nạp các văn bản thật của Đảng và Nhà nước (Điều lệ Đảng, 294-QĐ/TW, 339-QĐ/TW…), bộ hướng dẫn nghiệp vụ "
        "ban đầu và bài mẫu vào thư viện."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", default="", help="Mã tổ chức đảng quản lý thư viện (mặc định: tỉnh)")

    def handle(self, *args, **options):
        from sotay.documents import search
        from sotay.documents.starter import load_library

        if options["org"]:
            org = Organization.objects.filter(code=options["org"]).first()
        else:
            org = Organization.objects.get_root_nodes().filter(valid_to__isnull=True).order_by("path").first()
        if org is None:
            raise CommandError(_("Không tìm thấy tổ chức đảng để nạp thư viện."))
        with transaction.atomic():
            loaded = load_library(org, actor=Actor.system("command:load_library"))
            count = search.reindex()
        self.stdout.write(
            _("Đã nạp %(d)s văn bản, %(g)s hướng dẫn mới; %(n)s mục tìm kiếm.")
            % {"d": len(loaded["documents"]), "g": len(loaded["guides"]), "n": count}
        )
