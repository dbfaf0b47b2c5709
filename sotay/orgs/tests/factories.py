"""Factories that build valid organisation trees (treebeard needs add_root/add_child)."""

from __future__ import annotations

import datetime as dt

import factory

from sotay.lib.vntext import fold
from sotay.orgs.models import Organization, OrgKind, OrgVersion


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Chi bộ thôn {n}")
    code = factory.Sequence(lambda n: f"T{n:05d}")
    kind = OrgKind.BASE_CELL
    valid_from = dt.date(2020, 1, 1)
    parent = None

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        kwargs["name_folded"] = fold(kwargs["name"])
        manager = model_class.objects
        org = manager.add_child(parent, kwargs) if parent is not None else manager.add_root(kwargs)
        OrgVersion.objects.create(
            organization=org,
            name=org.name,
            name_folded=org.name_folded,
            kind=org.kind,
            parent=parent,
            valid_from=org.valid_from,
        )
        return org


def province(**kw) -> Organization:
    return OrganizationFactory(kind=OrgKind.PROVINCIAL_COMMITTEE, name=kw.pop("name", "Đảng bộ tỉnh Hưng Yên"), **kw)


def commune(parent: Organization, **kw) -> Organization:
    return OrganizationFactory(
        parent=Organization.objects.get(pk=parent.pk), kind=OrgKind.COMMUNE_COMMITTEE, commune_type="XA", **kw
    )


def cell(parent: Organization, kind: str = OrgKind.BASE_CELL, **kw) -> Organization:
    return OrganizationFactory(parent=Organization.objects.get(pk=parent.pk), kind=kind, **kw)
