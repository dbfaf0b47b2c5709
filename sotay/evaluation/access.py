"""Scoped lookups: a campaign, a member or an organisation outside the user's reach is a 404 (not a 403)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from sotay.members.models import Member
from sotay.orgs import policy
from sotay.orgs.access import get_org_for_user
from sotay.orgs.models import Organization, ancestor_paths, is_within

from .models import EvaluationCampaign
from .selectors import campaigns_covering

if TYPE_CHECKING:
    from sotay.accounts.http import AnyUser

    from .models import ModelCellEnrolment, RecognitionScheme


def campaigns_visible_to(user: AnyUser) -> QuerySet[EvaluationCampaign]:
    """Campaigns touching a subtree the user may review in: opened above their node (covering it) or inside it."""
    ids: set[int] = set()
    for node in policy.granted_orgs(user, policy.REVIEW_EVALUATIONS):
        ids.update(campaigns_covering(node).values_list("pk", flat=True))
    member = getattr(user, "member", None) if getattr(user, "member_id", None) else None
    if member is not None and policy.user_has_permission(user, policy.VIEW_SELF):
        # A member sees the campaigns that cover their own cell (to assess themselves and read the result).
        prefixes = ancestor_paths(member.organization.path)
        ids.update(EvaluationCampaign.objects.filter(organization__path__in=prefixes).values_list("pk", flat=True))
    return EvaluationCampaign.objects.filter(pk__in=ids).select_related("organization")


def get_campaign_for_user(user: AnyUser, campaign_id: int | str) -> EvaluationCampaign:
    try:
        pk = int(campaign_id)
    except (TypeError, ValueError):
        raise Http404("Không tìm thấy đợt đánh giá.") from None
    campaign = campaigns_visible_to(user).filter(pk=pk).first()
    if campaign is None:
        raise Http404("Không tìm thấy đợt đánh giá.")
    return campaign


def scope_in_campaign(user: AnyUser, campaign: EvaluationCampaign, org_id: int | str | None = None) -> Organization:
    """The organisation a campaign page is about: ?org= inside both the campaign and the user's reach, else the
    campaign's organisation when the user covers it, else the user's own node inside the campaign."""
    if org_id:
        org = get_org_for_user(user, org_id, perm=policy.REVIEW_EVALUATIONS)
        if not is_within(org, campaign.organization):
            raise Http404("Tổ chức không thuộc đợt đánh giá.")
        return org
    if policy.user_has_permission_for_org(user, policy.REVIEW_EVALUATIONS, campaign.organization):
        return campaign.organization
    inside = [n for n in policy.granted_orgs(user, policy.REVIEW_EVALUATIONS) if is_within(n, campaign.organization)]
    if not inside:
        raise Http404
    return min(inside, key=lambda n: (n.depth, n.path))


def get_member_in_campaign(user: AnyUser, campaign: EvaluationCampaign, member_id: int | str) -> Member:
    """A member the user may see (own record, or in the subtree they review) inside the campaign's subtree."""
    try:
        pk = int(member_id)
    except (TypeError, ValueError):
        raise Http404 from None
    member = Member.objects.select_related("organization").filter(pk=pk).first()
    if member is None or not is_within(member.organization, campaign.organization):
        raise Http404("Không tìm thấy đảng viên.")
    own = getattr(user, "member_id", None) == member.pk
    if not own and not policy.user_has_permission_for_org(user, policy.REVIEW_EVALUATIONS, member.organization):
        raise Http404("Không tìm thấy đảng viên.")
    return member


def get_subject_org_in_campaign(user: AnyUser, campaign: EvaluationCampaign, org_id: int | str) -> Organization:
    """An organisation inside the campaign whose own node or parent the user may review."""
    try:
        pk = int(org_id)
    except (TypeError, ValueError):
        raise Http404 from None
    org = Organization.objects.filter(pk=pk).first()
    if org is None or not is_within(org, campaign.organization) or org.pk == campaign.organization_id:
        raise Http404("Không tìm thấy tổ chức.")
    if not policy.user_has_permission_for_org(user, policy.REVIEW_EVALUATIONS, org):
        raise Http404("Không tìm thấy tổ chức.")
    return org


def schemes_visible_to(user: AnyUser) -> QuerySet[RecognitionScheme]:
    from .models import RecognitionScheme
    from .recognition_data import schemes_covering

    ids: set[int] = set()
    for node in policy.granted_orgs(user, policy.REVIEW_EVALUATIONS):
        ids.update(schemes_covering(node).values_list("pk", flat=True))
    return RecognitionScheme.objects.filter(pk__in=ids).select_related("organization")


def get_scheme_for_user(user: AnyUser, scheme_id: int | str) -> RecognitionScheme:
    try:
        pk = int(scheme_id)
    except (TypeError, ValueError):
        raise Http404 from None
    scheme = schemes_visible_to(user).filter(pk=pk).first()
    if scheme is None:
        raise Http404("Không tìm thấy đề án.")
    return scheme


def get_enrolment_for_user(user: AnyUser, enrolment_id: int | str) -> ModelCellEnrolment:
    """A model-cell enrolment of a cell the user may review (the cell's chi ủy or a committee above)."""
    from .models import ModelCellEnrolment

    try:
        pk = int(enrolment_id)
    except (TypeError, ValueError):
        raise Http404 from None
    scope = policy.subtree_q(user, policy.REVIEW_EVALUATIONS, field="organization__path")
    enrolment = (
        ModelCellEnrolment.objects.filter(scope, pk=pk).select_related("scheme", "organization", "supervisor").first()
    )
    if enrolment is None:
        raise Http404("Không tìm thấy chi bộ đăng ký.")
    return enrolment


def may_manage_for(user: AnyUser, org: Organization) -> bool:
    """The direct superior's committee (or any committee above) acts on a cell's recognition."""
    parent = Organization.objects.get_parent(org) if org.depth > 1 else None
    return parent is not None and policy.user_has_permission_for_org(user, policy.MANAGE_EVALUATIONS, parent)
