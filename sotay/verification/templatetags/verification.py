"""{% verification_link admission_case %}: on the admission case's page, the link from its "Thẩm tra lý lịch" step
to the verification case — shown only to those who may see verification cases (never the chi ủy)."""

from __future__ import annotations

from django import template

from sotay.orgs import policy
from sotay.orgs.models import path_within

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
        if case is None and not admission_case.is_closed:
            # No case yet: the way to open one, at the nearest committee the user verifies for.
            path = admission_case.organization.path
            nodes = [n for n in policy.granted_orgs(user, policy.VERIFY_POLITICAL) if path_within(path, n.path)]
            create_org = max(nodes, key=lambda n: n.depth) if nodes else None
            return {"vcase": None, "create_org": create_org, "admission": admission_case}
    return {"vcase": case}
