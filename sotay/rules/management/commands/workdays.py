"""`sotay workdays DATE N [--explain]`: the date N working days (*ngày làm việc*) after DATE, dd/mm/yyyy in and out.

DATE itself is not counted; N = 0 prints DATE when it is a working day, otherwise the next working day. With
`--explain` the days skipped (weekend, holiday, announced day off) and the working Saturdays counted are listed
before the result, which is always the last line.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sotay.lib.dates import format_date, parse_date
from sotay.lib.workdays import ONE_DAY, CalendarRangeError, weekday_name
from sotay.rules.calendar import working_calendar

_COUNT = re.compile(r"[+]?\d+")


class Command(BaseCommand):
    help = "In ngày sau ngày DATE đúng N ngày làm việc (không tính ngày DATE); ngày dạng dd/mm/yyyy."

    def add_arguments(self, parser):
        parser.add_argument("date", help="Ngày bắt đầu, dạng dd/mm/yyyy")
        parser.add_argument("n", help="Số ngày làm việc: số nguyên ≥ 0")
        parser.add_argument("--explain", action="store_true", help="Liệt kê các ngày nghỉ được bỏ qua")

    def handle(self, *args, **options) -> None:
        start = self._date(options["date"])
        n = self._count(options["n"])
        calendar = working_calendar()
        try:
            result = calendar.add_working_days(start, n)
            if options["explain"]:
                self._explain(start, n, result)
        except CalendarRangeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(format_date(result))

    def _date(self, text: str) -> dt.date:
        try:
            return parse_date(text)
        except ValueError as exc:
            raise CommandError(_("Ngày không hợp lệ: “%(text)s” (cần dạng dd/mm/yyyy).") % {"text": text}) from exc

    def _count(self, text: str) -> int:
        if not _COUNT.fullmatch(text.strip()):
            message = _("Số ngày làm việc phải là số nguyên không âm, không phải “%(text)s”.")
            raise CommandError(message % {"text": text})
        return int(text)

    def _explain(self, start: dt.date, n: int, result: dt.date) -> None:
        calendar = working_calendar()
        self.stdout.write(
            _("Từ %(start)s (%(weekday)s), cộng %(n)s ngày làm việc, không tính ngày bắt đầu:")
            % {"start": format_date(start), "weekday": weekday_name(start), "n": n}
        )
        first = start if n == 0 else start + ONE_DAY
        day = first
        while day <= result:
            off = calendar.day_off(day)
            override = calendar.working_day_override(day)
            if off is not None:
                source = f" [{off.source}]" if off.source else ""
                self.stdout.write(
                    _("  bỏ qua %(day)s (%(weekday)s): %(reason)s")
                    % {"day": format_date(day), "weekday": weekday_name(day), "reason": off.name}
                    + source
                )
            elif override is not None:
                self.stdout.write(
                    _("  tính %(day)s (%(weekday)s): %(reason)s")
                    % {"day": format_date(day), "weekday": weekday_name(day), "reason": override.name}
                    + f" [{override.source_document}]"
                )
            day += ONE_DAY
