"""`sotay search-reindex [--check] [--source S]`: the gaps between the search index and its sources — items
without an entry, entries that differ from their item, entries whose item is gone — and, without --check, their
repair. With --check the exit status is 1 when there is any gap (for monitoring)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sotay.documents import search
from sotay.documents.indexing import find_gaps, repair


class Command(BaseCommand):
    help = "Kiểm tra chỉ mục tìm kiếm so với dữ liệu gốc (thiếu, lệch, thừa) và sửa lại."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Chỉ kiểm tra; trả mã lỗi 1 nếu chỉ mục có chỗ hổng")
        parser.add_argument("--source", default="", help="Chỉ một nguồn: document, guide, announcement")

    def handle(self, *args, check: bool = False, source: str = "", **options):
        if source and source not in search.SOURCES:
            raise CommandError(
                _("Không có nguồn “%(s)s”; các nguồn: %(all)s.") % {"s": source, "all": ", ".join(search.SOURCES)}
            )
        gaps = find_gaps(source or None)
        for name in gaps.missing:
            self.stdout.write(
                _("%(label)s: thiếu %(m)s, lệch %(s)s, thừa %(o)s")
                % {
                    "label": search.SOURCES[name].label,
                    "m": len(gaps.missing[name]),
                    "s": len(gaps.stale[name]),
                    "o": len(gaps.orphaned[name]),
                }
            )
        total = gaps.count()
        if not total:
            self.stdout.write(_("Chỉ mục tìm kiếm đầy đủ, khớp với dữ liệu gốc."))
            return
        if check:
            raise CommandError(
                _("Chỉ mục tìm kiếm có %(n)s chỗ hổng; chạy “sotay search-reindex” để sửa.") % {"n": total}
            )
        fixed = repair(gaps)
        self.stdout.write(_("Đã sửa %(n)s mục trong chỉ mục tìm kiếm.") % {"n": fixed})
