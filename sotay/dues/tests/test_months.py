"""Dues against months: late and advance payments, each month's status, months owed and the 3-month flag, the wage
region from the cell's location, the retiree rate switch (docs/rules/dues.md; Quy định 01-QĐ/TW Điều 5 and the rates
table; Nghị định 293/2025/NĐ-CP)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from sotay.dues import ledger, months, payments, rates, services
from sotay.dues.models import DuesPayment
from sotay.dues.months import MonthStatus, classify
from sotay.members.choices import MemberStatus
from sotay.members.tests.factories import MemberFactory
from sotay.notifications.models import Notification
from sotay.orgs import policy
from sotay.orgs.actor import Actor

from .helpers import with_basis

D = dt.date


def secretary(cast):
    return Actor.for_user(cast.cell_secretary)


def student(cast):
    """A student pays a fixed 5,000 đ a month (01-QĐ/TW), which keeps the sums readable."""
    member = MemberFactory(organization=cast.cell_a, joined_on=D(2015, 1, 1))
    return with_basis(member, basis="STUDENT")


def test_late_payment_is_recorded_against_each_past_month_01_qd_tw_dieu_5(cast):
    """01-QĐ/TW Điều 5 (docs/rules/dues.md#đóng-chậm-và-đóng-trước): paying March–May in June records three payments,
    one per dues month, at each month's rate; the months are "đóng chậm", and no longer owed."""
    member = student(cast)
    for m in (3, 4, 5):
        services.compute_liabilities(org=cast.cell_a, month=D(2026, m, 1), actor=Actor.for_user(cast.cell_secretary))
    assert [s.month.month for s in months.months_owed(member, D(2026, 6, 10))] == [3, 4, 5]
    assert ledger.three_months_unpaid(member, 2026, on=D(2026, 6, 10))
    paid = payments.pay_months(
        member=member,
        first_month=D(2026, 3, 1),
        last_month=D(2026, 5, 1),
        paid_on=D(2026, 6, 10),
        channel="CASH",
        actor=secretary(cast),
    )
    assert [(p.month.month, p.amount) for p in paid] == [(3, 5000), (4, 5000), (5, 5000)]
    assert len({p.receipt for p in paid}) == 1
    states = {s.month.month: s.status for s in months.month_states(member, D(2026, 6, 10))}
    assert states == {3: MonthStatus.LATE, 4: MonthStatus.LATE, 5: MonthStatus.LATE}
    assert months.months_owed(member, D(2026, 6, 10)) == []
    assert not ledger.three_months_unpaid(member, 2026, on=D(2026, 6, 10))


def test_past_month_never_computed_is_computed_then_paid_01_qd_tw_dieu_5(cast):
    """A late payment for a month whose liability was never computed computes it first (at that month's rate)."""
    member = student(cast)
    paid = payments.pay_months(
        member=member,
        first_month=D(2026, 2, 1),
        last_month=D(2026, 2, 1),
        paid_on=D(2026, 4, 2),
        channel="CASH",
        actor=secretary(cast),
    )
    assert paid[0].amount == 5000
    assert member.dues_liabilities.filter(month=D(2026, 2, 1)).exists()


def test_advance_payment_covers_future_months_01_qd_tw_dieu_5(cast):
    """01-QĐ/TW Điều 5: paying ahead records the future months (at the rate in force for them as known today); they
    show as "đóng trước" and stay paid once their liability is computed."""
    member = student(cast)
    today = dt.date.today().replace(day=1)
    first = rates.first_of_month(today)
    last = D(first.year + (first.month + 1) // 12, (first.month + 1) % 12 + 1, 1)
    paid = payments.pay_months(
        member=member,
        first_month=first,
        last_month=last,
        paid_on=dt.date.today(),
        channel="CASH",
        actor=secretary(cast),
    )
    assert len(paid) == 3
    future = [s for s in months.month_states(member, dt.date.today()) if s.month > first]
    assert [s.status for s in future] == [MonthStatus.AHEAD, MonthStatus.AHEAD]
    assert months.paid_ahead_until(member, dt.date.today()) == last


def test_nothing_left_to_pay_is_refused_and_nothing_written(cast):
    member = student(cast)
    services.compute_liabilities(org=cast.cell_a, month=D(2026, 3, 1), actor=Actor.for_user(cast.cell_secretary))
    args = dict(
        member=member, first_month=D(2026, 3, 1), last_month=D(2026, 3, 1), paid_on=D(2026, 4, 1), channel="CASH"
    )
    payments.pay_months(**args, actor=secretary(cast))
    with pytest.raises(ValidationError, match="Không còn tháng"):
        payments.pay_months(**args, actor=secretary(cast))
    with pytest.raises(ValidationError):
        payments.pay_months(**{**args, "last_month": D(2026, 1, 1)}, actor=secretary(cast))
    assert DuesPayment.objects.filter(member=member).count() == 1


def test_outsider_cannot_pay_for_another_communes_member(cast):
    member = student(cast)
    with pytest.raises(policy.NotAllowed) as refused:
        payments.pay_months(
            member=member,
            first_month=D(2026, 3, 1),
            last_month=D(2026, 3, 1),
            paid_on=D(2026, 4, 1),
            channel="CASH",
            actor=Actor.for_user(cast.outsider),
        )
    assert refused.value.hidden
    assert not DuesPayment.objects.exists()


@given(
    due=st.integers(min_value=1, max_value=10**6),
    paid=st.integers(min_value=0, max_value=2 * 10**6),
    offset=st.integers(min_value=-60, max_value=120),
)
def test_status_properties_01_qd_tw_dieu_5(due, paid, offset):
    """A month paid in full is never owed; a month over with less paid is owed; a payment after the month's end
    makes it late, before its start ahead (docs/rules/dues.md#đóng-chậm-và-đóng-trước)."""
    month, on = D(2026, 3, 1), D(2026, 7, 15)
    paid_on = month + dt.timedelta(days=offset) if paid else None
    status = classify(month, due, paid, paid_on, paid_on, on)
    if paid >= due:
        assert status not in months.OWING
        assert status == (MonthStatus.LATE if offset > 30 else MonthStatus.AHEAD if offset < 0 else MonthStatus.PAID)
    else:
        assert status in months.OWING


def test_wage_region_from_the_cells_location_inherited_and_versioned_nd_293_2025(cast):
    """docs/rules/dues.md#vùng-lương-tối-thiểu (01-QĐ/TW; NĐ 293/2025/NĐ-CP): the region is where the chi bộ is. Set on
    the commune, inherited by its cells; a cell's own row wins; a later row applies from its date."""
    member = MemberFactory(organization=cast.cell_a, joined_on=D(2015, 1, 1))
    services.declare_basis(
        member=member,
        basis="OTHER_WORKING_AGE",
        effective_from=D(2020, 1, 1),
        actor=Actor.for_user(cast.cell_secretary),
        region=4,
    )
    ban = Actor.for_user(cast.provincial_officer)
    payments.set_wage_region(organization=cast.commune_a, region=2, effective_from=D(2026, 1, 1), actor=ban)
    # 0,3% × vùng II 4.730.000 đ, not the member's own "vùng IV"
    assert rates.assess(member, D(2026, 3, 1)).amount == 14_190
    payments.set_wage_region(organization=cast.cell_a, region=1, effective_from=D(2026, 4, 1), actor=ban)
    assert rates.assess(member, D(2026, 3, 1)).amount == 14_190
    assert rates.assess(member, D(2026, 4, 1)).amount == 15_930  # vùng I 5.310.000 đ
    other = MemberFactory(organization=cast.cell_b, joined_on=D(2015, 1, 1))
    services.declare_basis(
        member=other,
        basis="OTHER_WORKING_AGE",
        effective_from=D(2020, 1, 1),
        actor=Actor.for_user(cast.outsider),
        region=3,
    )
    assert months.region_for(cast.cell_b, D(2026, 4, 1)) is None  # nothing set there: the declared region stays
    with pytest.raises(policy.NotAllowed):
        payments.set_wage_region(
            organization=cast.cell_a, region=3, effective_from=D(2026, 5, 1), actor=secretary(cast)
        )


def test_retiree_rate_from_the_month_after_retirement_01_qd_tw(cast):
    """01-QĐ/TW (docs/rules/dues.md#mức-cho-người-nghỉ-hưu): retiring on 15/05/2026 with a pension of 7,000,000 đ, the
    member pays 1% of the salary for May and 0.5% of the pension from June; the cell is asked to confirm."""
    member = MemberFactory(organization=cast.cell_a, joined_on=D(2015, 1, 1), status=MemberStatus.OFFICIAL)
    with_basis(member, basis="INSURED_SALARY", amount=10_000_000)
    payments.record_retirement(member=member, retired_on=D(2026, 5, 15), pension=7_000_000, actor=secretary(cast))
    assert rates.assess(member, D(2026, 5, 1)).amount == 100_000
    assert rates.assess(member, D(2026, 6, 1)).amount == 35_000
    assert Notification.objects.filter(recipient=cast.cell_secretary, kind="dues.retiree_rate").exists()


def test_retiree_without_pension_pays_the_retirement_age_rate_01_qd_tw(cast):
    """01-QĐ/TW: without a pension the "other members from retirement age" rate (0.2% of the regional minimum wage in
    2026–2027) applies from the month after retirement."""
    member = MemberFactory(organization=cast.cell_a, joined_on=D(2015, 1, 1))
    with_basis(member, basis="OTHER_WORKING_AGE", region=1)
    payments.record_retirement(member=member, retired_on=D(2026, 3, 31), actor=secretary(cast))
    assert rates.assess(member, D(2026, 3, 1)).amount == 15_930  # 0,3% × 5.310.000
    assert rates.assess(member, D(2026, 4, 1)).amount == 10_620  # 0,2% × 5.310.000


def test_member_dues_page_pays_several_months_and_lists_months_owed(client, cast):
    """The member's dues page shows the months owed and records one payment for several months (01-QĐ/TW Điều 5)."""
    from django.urls import reverse

    member = student(cast)
    for m in (3, 4, 5):
        services.compute_liabilities(org=cast.cell_a, month=D(2026, m, 1), actor=Actor.for_user(cast.cell_secretary))
    client.force_login(cast.cell_secretary)
    page = client.get(reverse("dues:member", args=[member.pk])).content.decode()
    assert "Còn nợ 3 tháng" in page and "03/2026, 04/2026, 05/2026" in page
    bad = client.post(
        reverse("dues:member_change", args=[member.pk, "months"]),
        {"first_month": "05/2026", "last_month": "03/2026", "paid_on": "10/06/2026", "channel": "CASH"},
    )
    assert bad.status_code == 400 and not DuesPayment.objects.exists()
    ok = client.post(
        reverse("dues:member_change", args=[member.pk, "months"]),
        {"first_month": "03/2026", "last_month": "05/2026", "paid_on": "10/06/2026", "channel": "CASH"},
    )
    assert ok.status_code == 302
    assert DuesPayment.objects.filter(member=member).count() == 3
    page = client.get(reverse("dues:member", args=[member.pk])).content.decode()
    assert "Còn nợ 3 tháng" not in page and "Đóng chậm" in page
    client.force_login(cast.outsider)
    response = client.post(reverse("dues:member_change", args=[member.pk, "retirement"]), {"retired_on": "15/05/2026"})
    assert response.status_code == 404
    assert not member.dues_bases.filter(basis="OTHER_RETIRED").exists()


def test_wage_region_added_in_the_admin_through_the_service(client, cast):
    """An administrator of the province records a commune's region in the admin; it goes through set_wage_region
    (audited) and is inherited by the commune's cells (docs/rules/dues.md#vùng-lương-tối-thiểu)."""
    from django.urls import reverse

    from sotay.accounts.models import User
    from sotay.audit.models import AuditEntry
    from sotay.dues.models import OrganizationWageRegion
    from sotay.orgs.models import Role, RoleGrant

    admin_user = User.objects.create_superuser(username="quantri", password="x")
    RoleGrant.objects.create(user=admin_user, organization=cast.province, role=Role.SYSTEM_ADMIN)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:dues_organizationwageregion_add"),
        {"organization": cast.commune_a.pk, "region": 2, "effective_from": "01/01/2026", "document": "NĐ 293/2025"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = OrganizationWageRegion.objects.get()
    assert row.region == 2 and months.region_for(cast.cell_a, D(2026, 3, 1)) == row
    assert AuditEntry.objects.filter(object_type="orgs.organization", action="update").exists()
    assert client.get(reverse("admin:dues_organizationwageregion_changelist")).status_code == 200
