"""The dues ledger (docs/rules/dues.md#sổ-cái; 01-QĐ/TW collection): liabilities, reversals, payments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sotay.audit.models import AuditEntry
from sotay.dues import ledger, services
from sotay.dues.models import DuesLiability, DuesPayment, MemberDuesBasis
from sotay.orgs.actor import Actor

from .helpers import MARCH_2026, with_basis

pytestmark = pytest.mark.django_db


def _declare_all(cast):
    for m in [cast.secretary_member, cast.member_member, *cast.others_a, cast.teacher, *cast.outsider_members]:
        with_basis(m, basis="INSURED_SALARY", amount=8_000_000)


def test_compute_liabilities_covers_the_subtree_and_is_idempotent(cast):
    """01-QĐ/TW dues are monthly: one liability per active member of the subtree per month; a rerun adds nothing."""
    _declare_all(cast)
    first = services.compute_liabilities(
        org=cast.commune_a, month=MARCH_2026, actor=Actor.for_user(cast.commune_committee)
    )
    assert len(first.created) == 5  # cell_a (4) and the teacher in cell_a2; not cell_b
    assert {row.amount for row in first.created} == {80_000}
    again = services.compute_liabilities(
        org=cast.commune_a, month=dt.date(2026, 3, 15), actor=Actor.for_user(cast.commune_committee)
    )
    assert again.created == [] and again.already == 5
    assert DuesLiability.objects.count() == 5
    assert not DuesLiability.objects.filter(member__in=cast.outsider_members).exists()


def test_compute_liabilities_reports_members_without_a_basis(cast):
    """01-QĐ/TW rates need a declared basis: members without one are listed, not guessed."""
    with_basis(cast.member_member, basis="STUDENT")
    result = services.compute_liabilities(org=cast.cell_a, month=MARCH_2026, actor=Actor.for_user(cast.cell_secretary))
    assert [row.member for row in result.created] == [cast.member_member]
    assert len(result.missing) == 3


def test_correction_is_a_reversal_never_a_delete(cast):
    """docs/rules/dues.md#sổ-cái: corrections by reversal, never deletion — the original entry keeps its amount."""
    member = with_basis(cast.member_member, basis="INSURED_SALARY", amount=8_000_000)
    services.compute_liabilities(org=cast.cell_a, month=MARCH_2026, actor=Actor.for_user(cast.cell_secretary))
    original = DuesLiability.objects.get(member=member)
    MemberDuesBasis.objects.filter(member=member).update(amount=9_000_000)
    new = services.correct_liability(
        liability=original, reason="Kê khai lại lương", actor=Actor.for_user(cast.cell_secretary)
    )
    original.refresh_from_db()
    assert original.amount == 80_000 and original.reversed_by.amount == -80_000
    assert new.amount == 90_000
    assert DuesLiability.objects.filter(member=member).count() == 3
    assert ledger.month_totals(member, MARCH_2026).due == 90_000
    with pytest.raises(ValidationError):
        services.reverse_liability(liability=original, reason="Lần nữa", actor=Actor.for_user(cast.cell_secretary))


@pytest.fixture
def owing(cast):
    member = with_basis(cast.member_member, basis="INSURED_SALARY", amount=8_000_000)
    services.compute_liabilities(org=cast.cell_a, month=MARCH_2026, actor=Actor.for_user(cast.cell_secretary))
    return member


def _pay(member, amount, *, month=MARCH_2026, by=None, **kw):
    kw.setdefault("paid_on", dt.date(2026, 3, 20))
    kw.setdefault("channel", "CASH")
    return services.record_dues_payment(
        member=member,
        month=month,
        amount=amount,
        actor=Actor.for_user(by) if by else Actor.system("command:test"),
        **kw,
    )


def test_payment_is_recorded_and_audited(cast, owing):
    """01-QĐ/TW: dues paid in cash to the chi bộ are recorded with the receiver, and audited."""
    payment = _pay(owing, 80_000, by=cast.cell_secretary)
    assert payment.received_by == cast.cell_secretary
    assert AuditEntry.objects.filter(object_type="dues.duespayment", object_id=str(payment.pk)).exists()
    assert ledger.month_totals(owing, MARCH_2026).balance == 0


@pytest.mark.parametrize(
    ("amount", "kw"),
    [
        (0, {}),
        (-5_000, {}),
        (80_001, {}),
        (10_000, {"paid_on": dt.date(2099, 1, 1)}),
        (10_000, {"month": dt.date(2026, 4, 1)}),  # no liability computed
        (10_000, {"channel": "BANK"}),
    ],
)
def test_refused_payments_write_nothing(cast, owing, amount, kw):
    """01-QĐ/TW collection: zero, negative, above the balance, future-dated or uncomputed payments are refused."""
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        _pay(owing, amount, by=cast.cell_secretary, **kw)
    assert not DuesPayment.objects.exists()
    assert AuditEntry.objects.count() == audits


def test_month_paid_in_full_refuses_more_unless_paying_more(cast, owing):
    """docs/rules/dues.md#đóng-thêm: members may pay more — only as an explicit "pays more" payment once the month is
    paid."""
    _pay(owing, 80_000)
    with pytest.raises(ValidationError) as exc:
        _pay(owing, 10_000)
    assert "month" in exc.value.message_dict
    extra = _pay(owing, 20_000, pays_more=True)
    assert extra.pays_more
    assert ledger.month_totals(owing, MARCH_2026).balance == -20_000


def test_partial_payments_add_up(cast, owing):
    """01-QĐ/TW collection: a month may be paid in parts; the balance is what is left."""
    _pay(owing, 30_000)
    _pay(owing, 50_000, channel="NATIONAL_PORTAL")
    assert ledger.arrears(owing, dt.date(2026, 12, 31)) == []


def test_arrears_and_three_months_unpaid_flag(cast):
    """docs/rules/discipline.md#bỏ-sinh-hoạt-hoặc-không-đóng-đảng-phí (restated in 01-QĐ/TW): not paying dues 3 months
    in a year is a xóa tên ground — flag only."""
    member = with_basis(cast.member_member, basis="STUDENT")
    for month in (2, 3, 4, 5):
        services.compute_liabilities(org=cast.cell_a, month=dt.date(2026, month, 1), actor=Actor.system("command:test"))
    _pay(member, 5_000, month=dt.date(2026, 2, 1))
    _pay(member, 2_000, month=dt.date(2026, 3, 1))  # partly paid counts as unpaid
    assert [m.month.month for m in ledger.arrears(member, dt.date(2026, 5, 31))] == [3, 4, 5]
    assert [m.balance for m in ledger.arrears(member, dt.date(2026, 5, 31))] == [3_000, 5_000, 5_000]
    # On 31/05 May is still being collected: two months over and unpaid.
    assert not ledger.three_months_unpaid(member, 2026, on=dt.date(2026, 5, 31))
    assert ledger.three_months_unpaid(member, 2026, on=dt.date(2026, 6, 1))
    assert not ledger.three_months_unpaid(member, 2025, on=dt.date(2026, 6, 1))


def test_exempt_months_are_never_arrears(cast):
    """01-QĐ/TW: a member exempt for the month owes 0 đ, so the month is neither arrears nor counted for xóa tên."""
    member = with_basis(cast.member_member, basis="STUDENT")
    services.grant_exemption(
        member=member, reason="SERIOUS_ILLNESS", start_month=dt.date(2026, 2, 1), actor=Actor.system("command:test")
    )
    for month in (2, 3, 4):
        services.compute_liabilities(org=cast.cell_a, month=dt.date(2026, month, 1), actor=Actor.system("command:test"))
    assert set(DuesLiability.objects.filter(member=member).values_list("amount", flat=True)) == {0}
    assert ledger.arrears(member, dt.date(2026, 12, 31)) == []
    with pytest.raises(ValidationError):
        _pay(member, 5_000)  # nothing is due; paying would need "pays more"


@pytest.mark.parametrize(
    "end_month, accepted",
    [
        (dt.date(2027, 1, 1), True),  # 02/2026 … 01/2027: exactly 12 dues months
        (dt.date(2027, 1, 31), True),  # any day of the 12th month is that month
        (dt.date(2027, 2, 1), False),  # 13 dues months
        (None, False),  # open-ended: never reviewed
    ],
)
def test_other_reason_exemption_is_capped_at_12_months(cast, end_month, accepted):
    """01-QĐ/TW Điều 5 (docs/rules/dues.md#miễn-đóng): miễn đóng vì "lý do khác" lasts at most 12 dues months per
    decision, like a reduction; longer (or open-ended) is refused with a Vietnamese message and writes nothing."""
    member = cast.member_member
    kw = dict(
        member=member,
        reason="OTHER",
        start_month=dt.date(2026, 2, 1),
        end_month=end_month,
        actor=Actor.system("command:test"),
    )
    if accepted:
        exemption = services.grant_exemption(**kw)
        assert exemption.end_month == dt.date(2027, 1, 1)
        return
    with pytest.raises(ValidationError) as exc:
        services.grant_exemption(**kw)
    assert "12 tháng" in " ".join(exc.value.message_dict["end_month"])
    assert not member.dues_exemptions.exists()


def test_exemption_for_a_listed_reason_may_stay_open_ended(cast):
    """01-QĐ/TW Điều 5: the 12-month cap is for "lý do khác"; illness or a social pension stays until revoked."""
    exemption = services.grant_exemption(
        member=cast.member_member,
        reason="SERIOUS_ILLNESS",
        start_month=dt.date(2026, 2, 1),
        actor=Actor.system("command:test"),
    )
    assert exemption.end_month is None


def test_reversed_liability_cannot_be_deleted_through_the_ledger(cast):
    """docs/rules/dues.md#sổ-cái: entries are kept; the database refuses deleting a liability that a reversal points
    at."""
    from django.db.models import ProtectedError

    member = with_basis(cast.member_member, basis="STUDENT")
    services.compute_liabilities(org=cast.cell_a, month=MARCH_2026, actor=Actor.system("command:test"))
    original = DuesLiability.objects.get(member=member)
    services.reverse_liability(liability=original, reason="Tính nhầm", actor=Actor.system("command:test"))
    with pytest.raises(ProtectedError):
        original.delete()


def test_january_2026_liability_cites_342_and_february_cites_01(cast):
    """342-QĐ/TW for dues month 01/2026; Quy định 01-QĐ/TW from dues month 02/2026
    (docs/rules/dues.md#văn-bản-áp-dụng-theo-tháng)."""
    member = with_basis(cast.member_member, basis="INSURED_SALARY", amount=8_000_000)
    for month in (1, 2):
        services.compute_liabilities(org=cast.cell_a, month=dt.date(2026, month, 1), actor=Actor.system("command:test"))
    january, february = DuesLiability.objects.filter(member=member).order_by("month")
    assert january.rule.document_reference == "342-QĐ/TW" and january.rule_reference.startswith("342-QĐ/TW")
    assert february.rule.document_reference == "01-QĐ/TW" and february.amount == 80_000
