"""`sotay search QUERY [--json] [--kind K] [--issuer I] [--year Y] [--status S] [--topic T] [--user USERNAME]`:
ranked hits from the documents and the guides, through the same search as the library page.

Without --user the command sees the whole library (it runs with the server's own rights); with --user it sees
what that user would see.
"""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sotay.documents import search
from sotay.documents.querysets import SYSTEM


class Command(BaseCommand):
    help = "Tìm văn bản và hướng dẫn nghiệp vụ (không phân biệt dấu, hoa thường); in kết quả theo thứ hạng."

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="+", help="Từ khóa hoặc số hiệu, ví dụ: quy dinh 144")
        parser.add_argument("--json", action="store_true", help="Mỗi kết quả một dòng JSON")
        parser.add_argument("--kind", default="", help="Loại văn bản, ví dụ REGULATION")
        parser.add_argument("--issuer", default="", help="Ký hiệu cơ quan ban hành, ví dụ TW, BTCTU")
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument("--status", default="", help="IN_FORCE, AMENDED, REPLACED, EXPIRED")
        parser.add_argument("--topic", default="", help="Mã chủ đề, ví dụ dang-phi")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--user", default="", help="Tìm với quyền của người dùng này")

    def handle(self, *args, **options):
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("Không có người dùng %(u)s.") % {"u": options["user"]})
        else:
            user = SYSTEM
        filters = search.Filters(
            kind=options["kind"],
            issuer=options["issuer"],
            year=options["year"],
            status=options["status"],
            topic=options["topic"],
        )
        results = search.search(user, " ".join(options["query"]), filters, limit=options["limit"])
        for rank, hit in enumerate(results.hits, 1):
            if options["json"]:
                row = {
                    "rank": rank,
                    "source": hit.source,
                    "id": hit.object_id,
                    "reference": hit.reference or None,
                    "title": hit.title,
                    "url": hit.url,
                    "exact": hit.exact,
                    "snippet": _plain(str(hit.snippet)),
                }
                self.stdout.write(json.dumps(row, ensure_ascii=False))
            else:
                ref = f"{hit.reference} " if hit.reference else ""
                self.stdout.write(f"{rank:>2}. {ref}{hit.title}  [{hit.url}]")
        if not results.hits and not options["json"]:
            self.stdout.write(_("Không tìm thấy."))


def _plain(html_text: str) -> str:
    import html
    import re

    return html.unescape(re.sub(r"</?mark>", "", html_text))
