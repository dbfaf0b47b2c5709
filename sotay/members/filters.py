"""The member list behind the filters, shared by the list page and the exports."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError

from sotay.core.forms import QuickSelect, add_form_errors
from sotay.orgs import policy
from sotay.orgs.access import find_org_for_user, get_org_for_user

from .access import members_visible_to
from .changes import Interval, event_member_ids
from .choices import ACTIVE_STATUSES, AGE_BANDS, PARTY_AGE_BANDS
from .forms import MemberFilterForm
from .models import Member


def _chosen_org(user, form: MemberFilterForm, text: str):
    """The organisation the filter names: an id (links from other pages; out of scope is a 404, as before) or a name
    or code typed in the quick select (not found or ambiguous: the form says so and the list is not narrowed)."""
    if not text:
        return None
    if text.isdigit():
        org = get_org_for_user(user, int(text), perm=policy.VIEW_MEMBERS)
    else:
        try:
            org = find_org_for_user(user, text, perm=policy.VIEW_MEMBERS, field="org")
        except ValidationError as exc:
            add_form_errors(form, exc)
            return None
    # The box shows the organisation by name, the way the suggestions name it.
    cast(QuickSelect, form.fields["org"].widget).choices = [(text, f"{org.name} ({org.code})")]
    return org


def filtered_members(user, params):
    """The member list behind the filters (shared by the page and exports)."""
    form = MemberFilterForm(params or None)
    members = members_visible_to(user).select_related("organization")
    org = None
    if form.is_valid():
        data = form.cleaned_data
        org = _chosen_org(user, form, data.get("org") or "")
        if org is not None:
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
    searching = form.is_valid() and bool(form.cleaned_data.get("q"))
    return form, org, members.matches_in_vietnamese_order() if searching else members.vietnamese_order()
