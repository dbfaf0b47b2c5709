"""{% percent review part %} and {% member_positions member %}: the positions panel on the member's page."""

from __future__ import annotations

from django import template

from sotay.orgs import policy

register = template.Library()


@register.simple_tag
def percent(review, part: int) -> str:
    return review.percent(part)


@register.inclusion_tag("cadres/_member_positions.html", takes_context=True)
def member_positions(context, member):
    """The member's positions over time, for those who manage cadres over the member's organisation (and the member
    themself: the appointments are decisions, not verification data)."""
    from sotay.cadres.models import Appointment

    request = context.get("request")
    user = getattr(request, "user", None)
    allowed = user is not None and (
        policy.user_has_permission_for_org(user, policy.MANAGE_CADRES, member.organization)
        or getattr(user, "member_id", None) == member.pk
    )
    rows = (
        list(Appointment.objects.filter(member=member).select_related("position__organization").order_by("-starts_on"))
        if allowed
        else []
    )
    return {"appointments": rows, "shown": allowed and bool(rows)}
