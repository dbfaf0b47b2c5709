"""`sotay import-members FILE [--org CODE] [--cell CODE] [--apply] [--json]`: the import, for staff who script it."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sotay.imports.models import ImportBatch, ImportRow
from sotay.imports.reader import FileRefused
from sotay.imports.services import apply_batch, run_preview, set_encodings, start_import
from sotay.lib.vntext import fold
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization


class Command(BaseCommand):
    help = "Nhập danh sách đảng viên từ tệp Excel/CSV: xem trước, và chỉ ghi khi có --apply."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx, .xls, .ods hoặc .csv")
        parser.add_argument("--org", help="Mã tổ chức nhận dữ liệu (mặc định: đảng bộ tỉnh)")
        parser.add_argument("--cell", help="Mã chi bộ cho các dòng không ghi chi bộ")
        parser.add_argument("--user", help="Tên đăng nhập của người nhập (giới hạn theo phạm vi của người đó)")
        parser.add_argument("--source", default="", help="Nguồn dữ liệu, vd: CSDL đảng viên 3.0")
        parser.add_argument(
            "--encoding",
            action="append",
            default=[],
            metavar="CỘT=CÁCH_ĐỌC",
            help="Cách đọc chữ của một cột chưa chắc chắn: tên hoặc số thứ tự cột = UNICODE, TCVN3 hoặc VNI "
            '(vd: --encoding "Họ và tên=TCVN3"); lặp lại cho nhiều cột',
        )
        parser.add_argument("--apply", action="store_true", help="Ghi vào sổ đảng viên (mặc định chỉ xem trước)")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không thấy tệp {path}.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Không có tài khoản “{options['user']}”.")
        org = self._org(options["org"])
        cell = self._org(options["cell"]) if options["cell"] else None
        actor = Actor.for_user(user) if user else Actor.system("command:import_members", scope=org)
        try:
            batch = start_import(
                source_path=path,
                file_name=path.name,
                organization=org,
                actor=actor,
                default_cell=cell,
                source=options["source"],
                actor_name=user.get_username() if user else "dòng lệnh",
            )
        except FileRefused as exc:
            self._refuse(str(exc), options)
        batch = run_preview(batch, actor=actor)
        if batch.status == ImportBatch.Status.REFUSED:
            self._refuse(batch.message, options)
        if options["encoding"]:
            try:
                set_encodings(
                    batch=batch, encodings=self._encodings(batch, options["encoding"]), remember=False, actor=actor
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            batch = run_preview(batch, actor=actor)
        report = self._report(batch)
        if options["apply"]:
            try:
                batch = apply_batch(batch=batch, actor=actor)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            report["applied"] = True
        self._print(report, options)

    def _encodings(self, batch: ImportBatch, choices: list[str]) -> dict[int, str]:
        """ "Họ và tên=TCVN3" or "2=VNI" → {column index: encoding}, for the columns the preview found uncertain."""
        readings = batch.findings.get("readings", {})
        out: dict[int, str] = {}
        for choice in choices:
            column_text, _sep, encoding = choice.rpartition("=")
            encoding = encoding.strip().upper()
            encoding = "" if encoding == "UNICODE" else encoding
            column = next(
                (
                    int(c)
                    for c, r in readings.items()
                    if fold(r["heading"]) == fold(column_text) or column_text.strip() == str(int(c) + 1)
                ),
                None,
            )
            if column is None:
                raise CommandError(f"Không có cột “{column_text}” nào chưa chắc cách đọc chữ.")
            out[column] = encoding
        return out

    def _org(self, code: str | None) -> Organization:
        if code:
            org = Organization.objects.filter(code__iexact=code, valid_to__isnull=True).first()
            if org is None:
                raise CommandError(f"Không có tổ chức mã “{code}”.")
            return org
        roots = list(Organization.objects.filter(depth=1, valid_to__isnull=True))
        if len(roots) != 1:
            raise CommandError("Hãy chỉ rõ tổ chức nhận dữ liệu bằng --org MÃ.")
        return roots[0]

    def _refuse(self, message: str, options) -> None:
        if options["json"]:
            self.stdout.write(json.dumps({"refused": True, "message": message}, ensure_ascii=False))
        raise CommandError(f"Tệp bị từ chối: {message}")

    def _report(self, batch: ImportBatch) -> dict:
        rejected = [
            {"row": row.row_number, "column": error["column"], "message": error["message"]}
            for row in ImportRow.objects.filter(batch=batch, action=ImportRow.Action.REJECTED).order_by("row_number")
            for error in row.errors
        ]
        changed = [
            {"row": row.row_number, "member_id": row.member_id, "diff": row.diff}
            for row in ImportRow.objects.filter(batch=batch, action=ImportRow.Action.CHANGED).order_by("row_number")
        ]
        title = batch.findings.get("title") or {}
        return {
            "batch": batch.pk,
            "file": batch.file_name,
            "counts": batch.counts,
            "title_cell": title.get("cell", ""),
            "title_note": title.get("note", ""),
            "footer_lines": batch.findings.get("footer_lines", 0),
            "uncertain_readings": {
                reading["heading"]: reading["choices"]
                for reading in batch.findings.get("readings", {}).values()
                if len(reading["choices"]) > 1
            },
            "rejected": rejected,
            "changed": changed,
            "applied": False,
        }

    def _print(self, report: dict, options) -> None:
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=1))
            return
        counts = report["counts"]
        self.stdout.write(
            f"Lần nhập #{report['batch']} — {report['file']}: {counts.get('NEW', 0)} mới, "
            f"{counts.get('CHANGED', 0)} thay đổi, {counts.get('UNCHANGED', 0)} không đổi, "
            f"{counts.get('REJECTED', 0)} bị loại."
        )
        if report["title_cell"]:
            self.stdout.write(f"Chi bộ theo tiêu đề của tệp: {report['title_cell']} (hãy kiểm tra trước khi ghi).")
        if report["title_note"]:
            self.stdout.write(f"  {report['title_note']}")
        if report["footer_lines"]:
            self.stdout.write(f"Đã bỏ qua {report['footer_lines']} dòng cuối bảng (tổng cộng, ngày tháng, chữ ký).")
        for heading, choices in report["uncertain_readings"].items():
            readings = ", ".join(choice or "Unicode" for choice in choices)
            self.stdout.write(f"Cột “{heading}”: chưa chắc cách đọc chữ ({readings}); đang giữ nguyên như đã gõ.")
        for item in report["rejected"]:
            self.stdout.write(f"  Dòng {item['row']}, cột “{item['column']}”: {item['message']}")
        for item in report["changed"]:
            fields = ", ".join(f"{k}: {v[0]} → {v[1]}" for k, v in item["diff"].items())
            self.stdout.write(f"  Dòng {item['row']} thay đổi: {fields}")
        if report["applied"]:
            self.stdout.write("Đã ghi vào sổ đảng viên.")
        else:
            self.stdout.write("Chưa ghi gì (thêm --apply để ghi).")
