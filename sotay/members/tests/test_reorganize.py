"""Reorganisation history: the Thái Bình + Hưng Yên merger (docs/rules/organisation.md#hợp-nhất-hưng-yên-và-thái-bình)
is the model case."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sotay.audit.models import AuditEntry
from sotay.members.checks import org_warnings, review_base_cell_size
from sotay.members.choices import MemberStatus
from sotay.members.models import Member, MemberChange
from sotay.members.reorganize import (
    Handover,
    SplitPart,
    dissolve_organization,
    merge_organizations,
    split_organization,
)
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor
from sotay.orgs.models import Organization, OrgFlag, OrgKind, OrgVersion, Reorganization, Role, RoleGrant
from sotay.orgs.services import Decision, found_organization, move_organization, rename_organization
from sotay.orgs.tests.factories import cell, commune, province

pytestmark = pytest.mark.django_db
HANDOVER_DAY = dt.date(2025, 6, 30)


def old_province(name: str, code: str, communes: int, members_per_cell: int) -> Organization:
    root = province(name=name, code=code, valid_from=dt.date(1997, 1, 1))
    for i in range(communes):
        c = commune(root, name=f"Đảng bộ xã {name[-8:]} {i}", code=f"{code}.{i}")
        for j in range(2):
            k = cell(c, name=f"Chi bộ thôn {j} xã {i} {code}", code=f"{code}.{i}.{j}")
            MemberFactory.create_batch(members_per_cell, organization=k)
    return Organization.objects.get(pk=root.pk)


def test_thai_binh_and_hung_yen_merge_into_the_new_hung_yen():
    """Model case of docs/rules/organisation.md: QĐ 1788-QĐ/TU (26/6/2025) and 2051-QĐ/TU (27/6/2025), handover
    30/6/2025."""
    old_hy = old_province("Đảng bộ tỉnh Hưng Yên", "HY", communes=2, members_per_cell=3)
    thai_binh = old_province("Đảng bộ tỉnh Thái Bình", "TB", communes=3, members_per_cell=3)
    new_hy = found_organization(
        parent=None,
        kind=OrgKind.PROVINCIAL_COMMITTEE,
        name="Đảng bộ tỉnh Hưng Yên",
        code="HY2025",
        decision=Decision("QĐ thành lập của Bộ Chính trị", HANDOVER_DAY, HANDOVER_DAY, acting_body_name="Bộ Chính trị"),
        actor=Actor.system("command:test"),
    )
    first = merge_organizations(
        sources=[old_hy],
        target=new_hy,
        actor=Actor.system("command:test"),
        decision=Decision(
            "1788-QĐ/TU",
            dt.date(2025, 6, 26),
            HANDOVER_DAY,
            acting_body_name="Ban Chấp hành Đảng bộ tỉnh Hưng Yên",
        ),
        handover=Handover(HANDOVER_DAY, "Ban Tổ chức Tỉnh ủy Hưng Yên và Ban Tổ chức Tỉnh ủy Hưng Yên (mới)"),
    )
    second = merge_organizations(
        sources=[thai_binh],
        target=new_hy,
        actor=Actor.system("command:test"),
        decision=Decision(
            "2051-QĐ/TU",
            dt.date(2025, 6, 27),
            HANDOVER_DAY,
            acting_body_name="Ban Chấp hành Đảng bộ tỉnh Thái Bình",
        ),
        handover=Handover(HANDOVER_DAY, "Ban Tổ chức Tỉnh ủy Thái Bình và Ban Tổ chức Tỉnh ủy Hưng Yên"),
    )

    new_hy.refresh_from_db()
    # Every organisation and member of both old provinces is now in the new province's subtree.
    assert Member.objects.in_subtree(new_hy).count() == (2 + 3) * 2 * 3
    assert Organization.objects.get_children(new_hy).count() == 5
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    # The old provinces are closed, not deleted, and point at their successor.
    for old in (old_hy, thai_binh):
        old.refresh_from_db()
        assert old.valid_to == HANDOVER_DAY and old.successor_id == new_hy.pk
    assert first.members_moved == 12 and second.members_moved == 18
    assert [e.decision_number for e in Reorganization.objects.filter(kind="MERGE").order_by("decision_on")] == [
        "1788-QĐ/TU",
        "2051-QĐ/TU",
    ]
    assert second.handovers.get().signed_on == HANDOVER_DAY

    # The tree "as of" the day before the handover shows the two old provinces; from 30/6/2025 the new one.
    def roots_on(day):
        return sorted(
            v.name
            for v in OrgVersion.objects.filter(parent__isnull=True)
            .filter(valid_from__lte=day)
            .exclude(valid_to__lte=day)
        )

    assert roots_on(dt.date(2025, 6, 29)) == ["Đảng bộ tỉnh Hưng Yên", "Đảng bộ tỉnh Thái Bình"]
    assert roots_on(HANDOVER_DAY) == ["Đảng bộ tỉnh Hưng Yên"]
    tb_commune = Organization.objects.get(code="TB.0")
    parents = {v.valid_from: v.parent_id for v in tb_commune.versions.all()}
    assert parents[dt.date(2020, 1, 1)] == thai_binh.pk and parents[HANDOVER_DAY] == new_hy.pk


def test_old_names_stay_searchable_and_history_is_visible(client):
    prov = province(code="HY")
    c = commune(prov, name="Đảng bộ xã Tân Lập", code="HY.1")
    staff = _staff(prov)
    rename_organization(
        org=c,
        new_name="Đảng bộ xã Tân Hưng",
        actor=Actor.for_user(staff),
        decision=Decision("12-QĐ/TU", dt.date(2025, 6, 20), dt.date(2025, 7, 1)),
    )
    client.force_login(staff)
    body = client.get(reverse("web:org_tree"), {"q": "tan lap"}).content.decode()
    assert "Đảng bộ xã Tân Hưng" in body and "Tân Lập" in body
    page = client.get(reverse("web:org_detail", args=[c.pk])).content.decode()
    assert "12-QĐ/TU" in page and "Đổi tên" in page
    as_of = client.get(reverse("web:org_as_of"), {"on": "30/06/2025", "root": prov.pk}).content.decode()
    # The unit under the name it had that day, with what it is called now (orgs/history.py).
    assert ">Đảng bộ xã Tân Lập</a>" in as_of and ">Đảng bộ xã Tân Hưng</a>" not in as_of
    assert "nay là Đảng bộ xã Tân Hưng" in as_of


def _staff(org):
    from sotay.accounts.models import User

    user = User.objects.create_user(username=f"staff{org.pk}", password="x")
    RoleGrant.objects.create(user=user, organization=org, role=Role.ORG_DEPT_OFFICER)
    return user


def test_merging_two_cells_moves_members_as_one_bulk_transfer_event():
    prov = province(code="P")
    c = commune(prov, code="P.1")
    a, b = cell(c, code="P.1.1"), cell(c, code="P.1.2")
    MemberFactory.create_batch(4, organization=a)
    MemberFactory.create_batch(3, organization=b)
    event = merge_organizations(
        sources=[a],
        target=b,
        actor=Actor.system("command:test"),
        decision=Decision("5-QĐ/ĐU", dt.date(2025, 8, 1), dt.date(2025, 8, 1)),
    )
    assert Member.objects.filter(organization=b).count() == 7
    assert MemberChange.objects.filter(reorganization=event, kind="TRANSFER").count() == 4
    assert AuditEntry.objects.filter(action="reorganize", object_id=str(b.pk)).exists()


def test_merge_refuses_merging_into_own_subtree_and_committee_members():
    prov = province(code="P")
    c = commune(prov, code="P.1")
    k = cell(c, code="P.1.1")
    decision = Decision("1-QĐ", dt.date(2025, 1, 1), dt.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="cấp dưới"):
        merge_organizations(sources=[c], target=k, decision=decision, actor=Actor.system("command:test"))
    assert Reorganization.objects.count() == 0


def test_split_shares_out_all_members_and_requires_three_officials_per_new_cell():
    prov = province(code="P")
    c = commune(prov, code="P.1")
    k = cell(c, code="P.1.1", name="Chi bộ thôn Đoài")
    members = MemberFactory.create_batch(7, organization=k)
    decision = Decision("9-QĐ/ĐU", dt.date(2025, 9, 1), dt.date(2025, 9, 1))
    with pytest.raises(ValidationError, match="chưa được giao"):
        split_organization(
            source=k,
            decision=decision,
            actor=Actor.system("command:test"),
            parts=[
                SplitPart("Chi bộ thôn Đoài 1", members=members[:3]),
                SplitPart("Chi bộ thôn Đoài 2", members=members[3:6]),
            ],
        )
    with pytest.raises(ValidationError, match="cần ít nhất 3"):
        split_organization(
            source=k,
            decision=decision,
            actor=Actor.system("command:test"),
            parts=[
                SplitPart("Chi bộ thôn Đoài 1", members=members[:5]),
                SplitPart("Chi bộ thôn Đoài 2", members=members[5:]),
            ],
        )
    assert Organization.objects.filter(name__startswith="Chi bộ thôn Đoài ").count() == 0  # nothing written
    event = split_organization(
        source=k,
        decision=decision,
        actor=Actor.system("command:test"),
        parts=[
            SplitPart("Chi bộ thôn Đoài 1", members=members[:4]),
            SplitPart("Chi bộ thôn Đoài 2", members=members[4:]),
        ],
    )
    k.refresh_from_db()
    assert k.valid_to == dt.date(2025, 9, 1)
    assert sorted(t.name for t in event.targets.all()) == ["Chi bộ thôn Đoài 1", "Chi bộ thôn Đoài 2"]
    assert event.members_moved == 7
    assert Organization.objects.find_problems() == ([], [], [], [], [])


def test_dissolve_only_an_empty_organization():
    prov = province(code="P")
    c = commune(prov, code="P.1")
    k = cell(c, code="P.1.1")
    m = MemberFactory(organization=k)
    decision = Decision("3-QĐ/ĐU", dt.date(2025, 9, 1), dt.date(2025, 9, 1))
    with pytest.raises(ValidationError, match="còn đảng viên"):
        dissolve_organization(org=k, decision=decision, actor=Actor.system("command:test"))
    with pytest.raises(ValidationError, match="còn tổ chức trực thuộc"):
        dissolve_organization(org=c, decision=decision, actor=Actor.system("command:test"))
    Member.objects.filter(pk=m.pk).update(status=MemberStatus.DECEASED)
    dissolve_organization(org=k, decision=decision, actor=Actor.system("command:test"))
    k.refresh_from_db()
    assert not k.is_active


def test_parent_child_rules_and_cycles_are_refused_in_vietnamese():
    prov = province(code="P")
    c = commune(prov, code="P.1")
    k = cell(c, code="P.1.1")
    decision = Decision("1-QĐ", dt.date(2025, 1, 1), dt.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="không thể trực thuộc"):
        found_organization(
            parent=k,
            kind=OrgKind.BASE_COMMITTEE,
            name="Đảng bộ cơ sở X",
            decision=decision,
            actor=Actor.system("command:test"),
        )
    with pytest.raises(ValidationError, match="không thể trực thuộc"):
        found_organization(
            parent=prov, kind=OrgKind.CELL, name="Chi bộ Y", decision=decision, actor=Actor.system("command:test")
        )
    with pytest.raises(ValidationError, match="chính nó hoặc tổ chức cấp dưới"):
        move_organization(org=c, new_parent=c, decision=decision, actor=Actor.system("command:test"))
    base = found_organization(
        parent=c,
        kind=OrgKind.BASE_COMMITTEE,
        name="Đảng bộ Công ty A",
        decision=decision,
        actor=Actor.system("command:test"),
    )
    sub = found_organization(
        parent=base,
        kind=OrgKind.SUB_COMMITTEE,
        name="Đảng bộ bộ phận 1",
        decision=decision,
        actor=Actor.system("command:test"),
    )
    with pytest.raises(ValidationError):
        move_organization(org=base, new_parent=sub, decision=decision, actor=Actor.system("command:test"))
    assert Organization.objects.filter(name__in=["Đảng bộ cơ sở X", "Chi bộ Y"]).count() == 0


def test_decision_needs_number_and_effective_date_not_before_decision():
    prov = province(code="P")
    with pytest.raises(ValidationError) as exc:
        found_organization(
            parent=prov,
            kind=OrgKind.COMMUNE_COMMITTEE,
            name="Đảng bộ xã Mới",
            actor=Actor.system("command:test"),
            decision=Decision(" ", dt.date(2025, 5, 2), dt.date(2025, 5, 1)),
        )
    assert set(exc.value.message_dict) == {"decision_number", "effective_on"}


def test_cell_with_fewer_than_three_officials_is_warned_not_blocked():
    """Điều lệ Đảng Điều 21, 24: a chi bộ needs at least 3 official members."""
    prov = province(code="P")
    k = cell(commune(prov, code="P.1"), code="P.1.1")
    MemberFactory.create_batch(2, organization=k)
    MemberFactory(organization=k, status=MemberStatus.PROBATIONARY)
    warnings = org_warnings(k)
    assert any("chỉ có 2 đảng viên chính thức" in w and "Điều lệ" in w for w in warnings)
    MemberFactory(organization=k)
    assert org_warnings(k) == []


def test_base_cell_reaching_30_members_is_flagged_for_review():
    """294-QĐ/TW: a đảng bộ cơ sở has 30 or more members; a chi bộ cơ sở reaching 30 is flagged."""
    prov = province(code="P")
    k = cell(commune(prov, code="P.1"), code="P.1.1")
    MemberFactory.create_batch(29, organization=k)
    assert review_base_cell_size(k.pk, actor=Actor.system("worker:test")) == "clear"
    MemberFactory(organization=k)
    assert review_base_cell_size(k.pk, actor=Actor.system("worker:test")) == "flagged"
    assert review_base_cell_size(k.pk, actor=Actor.system("worker:test")) == "flagged"
    assert OrgFlag.objects.filter(organization=k, resolved_at__isnull=True).count() == 1
    assert any("30 đảng viên" in w for w in org_warnings(k))


def test_probationary_members_due_for_recognition_are_listed(client):
    """docs/rules/admission.md#công-nhận-đảng-viên-chính-thức: recognition is considered when the 12 months of probation
    end."""
    import datetime as dt

    from sotay.members.checks import probation_due

    prov = province(code="P")
    k = cell(commune(prov, code="P.1"), code="P.1.1")
    today = dt.date(2026, 11, 27)
    due = MemberFactory(organization=k, status=MemberStatus.PROBATIONARY, joined_on=dt.date(2025, 12, 10))
    MemberFactory(organization=k, status=MemberStatus.PROBATIONARY, joined_on=dt.date(2026, 6, 1))
    assert [(d.member, d.ends_on) for d in probation_due(k, on=today)] == [(due, dt.date(2026, 12, 10))]
    client.force_login(_staff(prov))
    body = client.get(reverse("web:org_detail", args=[k.pk])).content.decode()
    assert "đến hạn xét công nhận chính thức" in body
