"""`sotay stats-verify [--org CODE] [--fix]`: the kept statistics counts (sotay/members/counts.py) against a count
from scratch over the members and their periods. Reports each difference in Vietnamese and exits with status 1 when
there is any; with --fix, rebuilds the counts of the organisation's subtree (all with no --org) and audits it."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.members import counts, snapshots
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization

SHOWN = 50


def _labels() -> dict[str, str]:
    return {
        "s": _("trạng thái"),
        "a": _("tổng số đang sinh hoạt"),
        "g": _("giới tính"),
        "b": _("ngày sinh"),
        "p": _("ngày bắt đầu tính tuổi đảng"),
        "B": _("tháng sinh"),
        "P": _("tháng bắt đầu tính tuổi đảng"),
        "e": _("dân tộc"),
        "r": _("tôn giáo"),
        "d": _("chuyên môn nghiệp vụ"),
        "t": _("lý luận chính trị"),
    }


class Command(BaseCommand):
    help = "Đối chiếu số liệu thống kê lưu sẵn với số đếm lại từ đầu; --fix để dựng lại."

    def add_arguments(self, parser):
        parser.add_argument("--org", default="", help="Mã tổ chức: chỉ đối chiếu cây của tổ chức này")
        parser.add_argument("--fix", action="store_true", help="Dựng lại số liệu lưu sẵn từ đầu")

    def handle(self, *args, org: str = "", fix: bool = False, **options):
        root = None
        if org:
            root = Organization.objects.filter(code=org).first()
            if root is None:
                raise CommandError(_("Không có tổ chức mã “%(c)s”.") % {"c": org})
        expected, kept = counts.recompute(root), counts.stored(root)
        wrong = sorted(k for k in expected.keys() | kept.keys() if expected.get(k, 0) != kept.get(k, 0))
        names = dict(Organization.objects.filter(pk__in={k[0] for k in wrong}).values_list("pk", "name"))
        labels, kinds = _labels(), {"c": _("hiện tại"), "h": _("theo thời kỳ")}
        for pk, kind, dim, value in wrong[:SHOWN]:
            self.stdout.write(
                _("%(o)s — %(k)s, %(d)s “%(v)s”: đang lưu %(kept)s, đếm lại %(exp)s")
                % {
                    "o": names.get(pk, pk),
                    "k": kinds[kind],
                    "d": labels.get(dim, dim),
                    "v": value,
                    "kept": kept.get((pk, kind, dim, value), 0),
                    "exp": expected.get((pk, kind, dim, value), 0),
                }
            )
        if len(wrong) > SHOWN:
            self.stdout.write(_("… và %(n)s chỗ lệch khác.") % {"n": len(wrong) - SHOWN})
        wrong += self._check_snapshots(root, labels)
        if not wrong:
            self.stdout.write(_("Số liệu thống kê lưu sẵn khớp với số đếm lại từ đầu."))
        if fix:
            actor = Actor.system("command:stats-verify")
            with transaction.atomic():
                counts.rebuild(root)
                snapshots.rebuild(root)
                log(
                    AuditAction.UPDATE,
                    root,
                    by=actor,
                    object_repr=_("Số liệu thống kê lưu sẵn"),
                    data={"stats_rebuilt": root.code if root else "", "differences": len(wrong)},
                )
            self.stdout.write(_("Đã dựng lại số liệu thống kê (%(n)s chỗ lệch).") % {"n": len(wrong)})
        elif wrong:
            self.stdout.write(_("Có %(n)s chỗ lệch; chạy “sotay stats-verify --fix” để dựng lại.") % {"n": len(wrong)})
            raise SystemExit(1)

    def _check_snapshots(self, root: Organization | None, labels: dict[str, str]) -> list[tuple]:
        """The snapshots of past days (sotay/members/snapshots.py) against a count from scratch; the differences."""
        expected, kept = snapshots.compared(root)
        wrong = sorted(k for k in expected.keys() | kept.keys() if expected.get(k, 0) != kept.get(k, 0))
        names = dict(Organization.objects.filter(pk__in={k[0] for k in wrong}).values_list("pk", "name"))
        for pk, day, dim, value in wrong[:SHOWN]:
            self.stdout.write(
                _("%(o)s — ảnh chụp ngày %(day)s, %(d)s “%(v)s”: đang lưu %(kept)s, đếm lại %(exp)s")
                % {
                    "o": names.get(pk, pk),
                    "day": dt.date.fromisoformat(day).strftime("%d/%m/%Y"),
                    "d": labels.get(dim, dim) if dim not in "bp" else _("nhóm %(d)s") % {"d": labels[dim]},
                    "v": value,
                    "kept": kept.get((pk, day, dim, value), 0),
                    "exp": expected.get((pk, day, dim, value), 0),
                }
            )
        if len(wrong) > SHOWN:
            self.stdout.write(_("… và %(n)s chỗ lệch khác.") % {"n": len(wrong) - SHOWN})
        return wrong
