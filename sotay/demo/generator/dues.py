"""Demo data for dues: the minimum-wage region (vùng lương tối thiểu) of the demo province's locations, so that the
secretary can declare the members' bases, compute the month and record payments right after `make run`.

The region is dated and inherited down the tree (sotay/dues/months.py `region_for`): the province gets Vùng III as
the fallback and every ward (phường) Vùng II from the day the merged communes were founded. These are sample
values in the shape of Nghị định 293/2025/NĐ-CP, not the decree's list for Hưng Yên. Written through the service."""

from __future__ import annotations

import datetime as dt

from sotay.dues.models import WageRegion
from sotay.dues.payments import set_wage_region
from sotay.orgs.actor import Actor
from sotay.orgs.models import CommuneType, Organization, OrgKind, subtree_filter

from .vocabulary import MERGER_ON

DOCUMENT = "Nghị định 293/2025/NĐ-CP (dữ liệu mẫu)"


def add_demo_wage_regions() -> int:
    """Returns the number of organisations given a region."""
    actor = Actor.system("demo")
    since = MERGER_ON + dt.timedelta(days=1)
    province = Organization.objects.filter(kind=OrgKind.PROVINCIAL_COMMITTEE, valid_to__isnull=True).first()
    if province is None:
        return 0
    set_wage_region(organization=province, region=WageRegion.III, effective_from=since, actor=actor, document=DOCUMENT)
    wards = Organization.objects.filter(
        subtree_filter(province.path), kind=OrgKind.COMMUNE_COMMITTEE, commune_type=CommuneType.PHUONG
    ).order_by("path")
    count = 1
    for ward in wards:
        set_wage_region(organization=ward, region=WageRegion.II, effective_from=since, actor=actor, document=DOCUMENT)
        count += 1
    return count
