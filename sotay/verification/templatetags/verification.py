"""{% verification_link admission_case %}: on the admission case's page, the link from its "Thẩm tra lý lịch" step
to the verification case — shown only to those who may see verification cases (never the chi ủy)."""

from __future__ import annotations

from django import template

from sotay.orgs import policy

register = template.Library()


@register.inclusion_tag("verification/_admission_link.html", takes_context=True)
def verification_link(context, admission_case):
    from sotay.verification.models import VerificationCase

    request = context.get("request")
    user = getattr(request, "user", None)
    case = None
    if user is not None and policy.user_has_permission_for_org(
        user, policy.VERIFY_POLITICAL, admission_case.organization
    ):
        case = VerificationCase.objects.filter(admission_case=admission_case).first()
        if case is not None and not policy.user_has_permission_for_org(
            user, policy.VERIFY_POLITICAL, case.organization
        ):
            case = None
    return {"vcase": case}
