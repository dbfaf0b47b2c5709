"""The admission vote guard on every admission (docs/rules/cadres.md#thẩm-tra-trước-khi-biểu-quyết): source
12-HD/BTCTW (the thẩm tra lý lịch comes before the chi bộ's resolution), issue 17 §4 (configurable, on by default);
the rule `verification.required_before_vote` is dated data, "cần đối chiếu"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sotay.admissions.models import AdmissionStep
from sotay.admissions.tests.helpers import cell_vote, open_case, through_verification
from sotay.orgs.actor import Actor
from sotay.rules.models import Rule
from sotay.verification import gate, services
from sotay.verification.models import Purpose

D = dt.date
IN_FORCE = D(2026, 12, 1)  # the seeded version's effective date


def _concluded(cast, admission, *, on: dt.date):
    by = Actor.for_user(cast.commune_committee)
    case = services.open_case(
        actor=by,
        organization=cast.commune_a,
        purpose=Purpose.ADMISSION,
        full_name=admission.full_name,
        birth_on=admission.birth_on,
        declaration_received_on=D(2025, 10, 2),
        admission_case=admission,
    )
    letter = services.send_letter(
        actor=by, case=case, place="RESIDENCE", addressee="Chi bộ thôn Đông", sent_on=D(2025, 10, 3)
    )
    services.record_reply(actor=by, letter=letter, reply_on=D(2025, 10, 20), result="CLEAR")
    return services.conclude(
        actor=by, case=case, conclusion="MEETS", deciding_body="Ban Thường vụ Đảng ủy xã", concluded_on=on
    )


@pytest.mark.django_db
def test_the_rule_is_seeded_as_dated_data_marked_to_be_checked():
    row = Rule.objects.get(key=gate.RULE_KEY)
    assert row.value is True and row.effective_from == IN_FORCE
    assert row.document_reference == "12-HD/BTCTW" and "cần đối chiếu" in row.note.lower()
    assert gate.required_on(IN_FORCE) and not gate.required_on(IN_FORCE - dt.timedelta(days=1))


def test_a_vote_from_the_effective_date_needs_a_verification_case_even_when_none_is_linked(cast):
    admission = through_verification(cast, open_case(cast))
    with pytest.raises(ValidationError, match="chưa gắn hồ sơ thẩm tra"):
        cell_vote(admission, cast.cell_secretary, on=IN_FORCE)
    assert not AdmissionStep.objects.filter(case=admission, form_code="6-KNĐ").exists()
    _concluded(cast, admission, on=D(2025, 11, 1))
    assert cell_vote(admission, cast.cell_secretary, on=IN_FORCE).approved is True


def test_a_vote_dated_before_the_rule_keeps_the_old_rule_the_ttll_step(cast):
    admission = through_verification(cast, open_case(cast))
    assert cell_vote(admission, cast.cell_secretary, on=IN_FORCE - dt.timedelta(days=1)).approved is True


def test_a_province_turns_the_rule_off_from_a_later_date(cast):
    Rule.objects.create(
        key=gate.RULE_KEY, value=False, document_reference="Hướng dẫn của tỉnh", effective_from=D(2026, 12, 2)
    )
    admission = through_verification(cast, open_case(cast))
    assert cell_vote(admission, cast.cell_secretary, on=D(2026, 12, 2)).approved is True


def test_the_conclusion_must_come_no_later_than_the_vote(cast):
    admission = through_verification(cast, open_case(cast))
    _concluded(cast, admission, on=D(2026, 2, 1))
    with pytest.raises(ValidationError, match="không được trước ngày kết luận thẩm tra"):
        cell_vote(admission, cast.cell_secretary, on=D(2026, 1, 20))
    assert cell_vote(admission, cast.cell_secretary, on=D(2026, 2, 1)).approved is True


def test_the_setting_turns_the_hook_off(cast, settings):
    settings.SOTAY_VERIFICATION_BEFORE_VOTE = False
    admission = through_verification(cast, open_case(cast))
    assert cell_vote(admission, cast.cell_secretary, on=IN_FORCE).approved is True


def test_the_admission_page_offers_the_committee_to_open_the_case_prefilled_and_not_the_cell(cast, client):
    """No dead end: the chi bộ cannot vote without a case, so the committee's admission page links to opening one."""
    from django.urls import reverse

    admission = open_case(cast)
    create = reverse("verification:create", args=[cast.commune_a.pk])
    client.force_login(cast.commune_committee)
    page = client.get(reverse("admissions:detail", args=[admission.pk])).text
    assert f"{create}?admission={admission.pk}" in page
    form = client.get(create, {"admission": admission.pk}).context["form"]
    assert form.initial["full_name"] == admission.full_name and form.initial["admission_case"] == admission.pk
    client.force_login(cast.cell_secretary)
    assert create not in client.get(reverse("admissions:detail", args=[admission.pk])).text


def test_the_demo_verifies_every_admission_it_takes_to_the_vote(cast):
    """The demo's admissions at and past the vote each have a case concluded "meets" before it, so they would pass the
    guard on any date (the demo's votes fall before 01/12/2026 until 2027)."""
    from sotay.admissions.models import AdmissionCase
    from sotay.demo.generator.lifecycle import add_demo_lifecycle

    assert add_demo_lifecycle(D(2026, 11, 27)) == 3
    voted = AdmissionCase.objects.filter(organization=cast.cell_a, steps__form_code="6-KNĐ").distinct()
    assert voted.count() == 2
    for admission in voted:
        vote_on = admission.steps.get(form_code="6-KNĐ").done_on
        assert admission.verification.conclusion == "MEETS" and admission.verification.concluded_on <= vote_on
        gate.require_meets_before_vote(admission, IN_FORCE)  # raises if not verified
