"""The member list behind the filters, shared by the list page and the exports."""

from __future__ import annotations

from sotay.orgs import policy
from sotay.orgs.access import get_org_for_user

from .access import members_visible_to
from .changes import Interval, event_member_ids
from .choices import ACTIVE_STATUSES, AGE_BANDS, PARTY_AGE_BANDS
from .forms import MemberFilterForm
from .models import Member


def filtered_members(user, params):
    """The member list behind the filters (shared by the page and exports)."""
    form = MemberFilterForm(params or None)
    members = members_visible_to(user).select_related("organization")
    org = None
    if form.is_valid():
        data = form.cleaned_data
        if data.get("org"):
            org = get_org_for_user(user, data["org"], perm=policy.VIEW_MEMBERS)
            members = members.in_subtree(org)
            if data.get("event") and data.get("start") and data.get("end"):
                # The people behind an increase–decrease figure of an organisation the user may view, including
                # those who have since moved out of it (the register keeps them too).
                interval = Interval(data["start"], data["end"])
                members = Member.objects.select_related("organization").filter(
                    pk__in=event_member_ids(org, interval, data["event"])
                )
        status = data.get("status")
        if status == "all":
            pass
        elif status:
            members = members.filter(status=status)
        else:
            members = members.filter(status__in=ACTIVE_STATUSES)
        for field in (
            "gender",
            "ethnicity",
            "professional_education",
            "political_theory",
            "general_education",
            "religion",
        ):
            if data.get(field):
                members = members.filter(**{field: data[field]})
        if data.get("age") not in (None, ""):
            _label, low, high = AGE_BANDS[int(data["age"])]
            members = members.aged_between(low, high)
        if data.get("party_age") not in (None, ""):
            _label, low, high = PARTY_AGE_BANDS[int(data["party_age"])]
            members = members.party_aged_between(low, high)
        if data.get("q"):
            members = members.search(data["q"])
    else:
        members = members.filter(status__in=ACTIVE_STATUSES)
    return form, org, members.vietnamese_order()
