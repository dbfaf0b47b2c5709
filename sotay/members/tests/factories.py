"""MemberFactory → a valid member in a cell in a commune in the province."""

from __future__ import annotations

import datetime as dt

import factory

from sotay.lib.citizen_id import make_citizen_id
from sotay.lib.dates import add_months
from sotay.lib.vntext import fold, name_sort_key
from sotay.members import counts, periods
from sotay.members.choices import MemberStatus
from sotay.members.models import Member
from sotay.orgs.models import Organization, OrgKind
from sotay.orgs.tests.factories import OrganizationFactory

GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đức",
    "Hà",
    "Hoa",
    "Lan",
    "Minh",
    "Nam",
    "Phương",
    "Quang",
    "Thảo",
    "Tuấn",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]


def _default_cell() -> Organization:
    root = Organization.objects.get_root_nodes().filter(kind=OrgKind.PROVINCIAL_COMMITTEE).first()
    if root is None:
        root = OrganizationFactory(kind=OrgKind.PROVINCIAL_COMMITTEE, name="Đảng bộ tỉnh Thử nghiệm")
    commune = OrganizationFactory(parent=root, kind=OrgKind.COMMUNE_COMMITTEE, name="Đảng bộ xã Thử nghiệm")
    return OrganizationFactory(parent=commune, kind=OrgKind.BASE_CELL)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    full_name = factory.Sequence(lambda n: f"{FAMILY[n % len(FAMILY)]} Văn {GIVEN[n % len(GIVEN)]}")
    name_folded = factory.LazyAttribute(lambda o: fold(o.full_name))
    name_sort_key = factory.LazyAttribute(lambda o: name_sort_key(o.full_name))
    birth_on = dt.date(1980, 5, 17)
    gender = "M"
    ethnicity = "01"
    joined_on = dt.date(2010, 3, 2)
    official_on = factory.LazyAttribute(
        lambda o: add_months(o.joined_on, 12) if o.status != MemberStatus.PROBATIONARY else None
    )
    status = MemberStatus.OFFICIAL
    citizen_id = factory.Sequence(lambda n: make_citizen_id("033", dt.date(1980, 5, 17), False, n))
    card_number = factory.Sequence(lambda n: f"{10000000 + n}")
    organization = factory.LazyFunction(_default_cell)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        member = super()._create(model_class, *args, **kwargs)
        periods.open_first([member])  # as the services do
        counts.added([member.pk])
        return member
