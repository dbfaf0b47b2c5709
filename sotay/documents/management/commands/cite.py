"""`sotay cite FILE`: the citations of Party and State documents in a UTF-8 text file, one JSON object a line.

Each object: the matched text as written, the kind (a DocType value, or null when "QĐ" does not say whether it is
a regulation or a decision), the abbreviation, the number, the year in a State document's number (or null), the
issuer symbol (null when not given), the date (ISO, or null), and the library document it links to (`document`:
its id, or null; `reference`: as written). When a bare number ("Quy định 24") fits more than one library document
across kinds or issuers, it links none and `candidates` lists them ({"document", "reference"}); else it is empty.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sotay.documents.citations import find_citations
from sotay.documents.services import document_candidates, pick_document


class Command(BaseCommand):
    help = "In các trích dẫn văn bản trong tệp văn bản UTF-8, mỗi trích dẫn một dòng JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp văn bản UTF-8 ('-' là đầu vào chuẩn)")

    def handle(self, *args, **options):
        name = options["file"]
        try:
            if name == "-":
                import sys

                text = sys.stdin.read()
            else:
                text = Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(_("Không đọc được tệp %(f)s: %(e)s") % {"f": name, "e": exc}) from exc
        for citation in find_citations(text):
            candidates = document_candidates(citation)
            doc = pick_document(citation, candidates)
            row = citation.as_dict()
            row["document"] = doc.pk if doc else None
            row["reference"] = doc.reference if doc else None
            row["candidates"] = (
                [{"document": d.pk, "reference": d.reference} for d in candidates]
                if doc is None and len(candidates) > 1
                else []
            )
            self.stdout.write(json.dumps(row, ensure_ascii=False))
