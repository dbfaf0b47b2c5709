"""The statistics page of a subtree: current figures or as of a day, and the increase–decrease of a period."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from sotay.core.forms import DateInput, VNDateField
from sotay.members.changes import EVENTS, Interval, membership_changes
from sotay.members.stats import subtree_statistics
from sotay.orgs import policy
from sotay.orgs.access import get_org_for_user

EVENT_LABELS = {
    "admitted": gettext_lazy("Kết nạp mới"),
    "transferred_in": gettext_lazy("Chuyển đến"),
    "transferred_out": gettext_lazy("Chuyển đi"),
    "left": gettext_lazy("Ra khỏi Đảng"),
    "deceased": gettext_lazy("Từ trần"),
}


class StatisticsForm(forms.Form):
    on = VNDateField(label=gettext_lazy("Số liệu tại ngày (để trống: hôm nay)"), required=False, widget=DateInput())
    start = VNDateField(label=gettext_lazy("Tăng giảm từ ngày"), required=False, widget=DateInput())
    end = VNDateField(label=gettext_lazy("đến ngày"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước ngày kết thúc."))
        return data


def bars(rows: list[tuple[str, int]]) -> dict:
    """A horizontal bar chart drawn on the server as SVG: bar lengths in percent of the largest, 10 units a row."""
    top = max((n for _label, n in rows), default=0) or 1
    return {
        "rows": [
            {"label": label, "count": n, "width": round(n * 100 / top, 1), "y": i * 10}
            for i, (label, n) in enumerate(rows)
        ],
        "height": max(len(rows), 1) * 10,
        "pixels": max(len(rows), 1) * 16,
    }


def read_query(request: HttpRequest) -> tuple[StatisticsForm, dt.date | None, Interval]:
    """The page's form, the day of past figures (None: today's) and the period of the increase–decrease.

    Invalid parameters fall back to the defaults: today's figures, and the year so far.
    """
    today = timezone.localdate()
    form = StatisticsForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    on = data.get("on")
    interval = Interval(data.get("start") or dt.date(today.year, 1, 1), data.get("end") or today)
    return form, (on if on and on != today else None), interval


def increase_decrease(org, interval: Interval) -> tuple[list[tuple[str, str, int]], int, int]:
    """(event, label, count) for each event of the period, the total increase and the total decrease."""
    changes = membership_changes(org, interval)
    rows = [(event, str(EVENT_LABELS[event]), changes[event]) for event in EVENTS]
    increase = changes["admitted"] + changes["transferred_in"]
    decrease = changes["transferred_out"] + changes["left"] + changes["deceased"]
    return rows, increase, decrease


@require_GET
def statistics(request: HttpRequest, org_id: int) -> HttpResponse:
    user = request.user
    org = get_org_for_user(user, org_id, perm=policy.VIEW_MEMBERS)
    form, on, interval = read_query(request)
    context = {
        "org": org,
        "form": form,
        "on": on,
        "interval": interval,
        "can_view_members": policy.user_has_permission_for_org(user, policy.VIEW_MEMBERS, org),
        "can_export": policy.user_has_permission_for_org(user, policy.EXPORT_MEMBERS, org),
        "query": request.GET.urlencode(),
    }
    stats = subtree_statistics(org, as_of=on) if on else subtree_statistics(org)
    context["stats"] = stats
    context["past"] = bool(on)  # past figures do not link to today's member list
    # Issue 14 point 6: figures as of a day before the organisation existed say so.
    context["not_yet"] = org.valid_from if on and org.valid_from and on < org.valid_from else None
    context["charts"] = [
        (_("Độ tuổi"), bars([(r.label, r.count) for r in stats["age"]])),
        (_("Tuổi đảng"), bars([(r.label, r.count) for r in stats["party_age"]])),
        (_("Lý luận chính trị"), bars([(r.label, r.count) for r in stats["political_theory"]])),
    ]
    context["changes"], context["increase"], context["decrease"] = increase_decrease(org, interval)
    return render(request, "reports/statistics.html", context)
