"""Verification of political standards: deadlines, steps, the admission vote guard, privacy and audited reads
(docs/rules/cadres.md#thẩm-tra-tiêu-chuẩn-chính-trị)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sotay.audit.models import AuditEntry
from sotay.core import partydoc
from sotay.orgs import policy
from sotay.orgs.actor import Actor
from sotay.orgs.models import Role, RoleGrant
from sotay.verification import deadlines, gate, reminders, services
from sotay.verification.models import Conclusion, Letter, Purpose

D = dt.date


def _committee(cast) -> Actor:
    return Actor.for_user(cast.commune_committee)


def _case(cast, **extra):
    data = {
        "organization": cast.commune_a,
        "purpose": Purpose.APPOINTMENT,
        "full_name": "Nguyễn Văn Ấn",
        "birth_on": D(1985, 3, 2),
        "declaration_received_on": D(2026, 2, 2),
        "member": cast.member_member,
        **extra,
    }
    return services.open_case(actor=_committee(cast), **data)


def test_letter_reply_due_in_working_days_across_tet_2026(cast):
    """docs/rules/cadres.md#thời-hạn-thẩm-tra (local practice: the lý lịch within 10 days, cần đối chiếu): a reply
    within 10 working days on the working-day calendar (docs/rules/working-days.md): sent Friday 13/02/2026, Tết
    16–20/02 is off, so due Friday 06/03/2026."""
    case = _case(cast)
    letter = services.send_letter(
        actor=_committee(cast),
        case=case,
        place=Letter.Place.HOMETOWN,
        addressee="Đảng ủy xã Tân Hưng",
        sent_on=D(2026, 2, 13),
    )
    assert letter.due_on == D(2026, 3, 6)
    assert deadlines.working_days(deadlines.LETTER_KEY, D(2026, 2, 13)) == 10


def test_the_durations_are_rules_a_province_changes_from_an_effective_date(cast):
    from sotay.rules.models import Rule

    Rule.objects.create(
        key=deadlines.LETTER_KEY, value=5, document_reference="Hướng dẫn của tỉnh", effective_from=D(2026, 3, 1)
    )
    assert deadlines.letter_due(D(2026, 2, 27)) == D(2026, 3, 13)  # 10 working days under the old version
    assert deadlines.letter_due(D(2026, 3, 2)) == D(2026, 3, 9)  # 5 from 01/03/2026


def test_steps_replies_then_conclusion_and_overdue_flag(cast):
    actor = _committee(cast)
    case = _case(cast)
    home = services.send_letter(
        actor=actor, case=case, place="HOMETOWN", addressee="Đảng ủy xã Tân Hưng", sent_on=D(2026, 2, 3)
    )
    relative = services.send_letter(
        actor=actor,
        case=case,
        place="RELATIVE",
        addressee="Đảng ủy phường Hồng Châu",
        about="Nguyễn Văn Bảo (bố đẻ)",
        sent_on=D(2026, 2, 3),
    )
    assert relative.is_overdue(D(2026, 3, 10)) and not relative.is_overdue(relative.due_on)
    with pytest.raises(ValidationError, match="Còn 2 công văn chưa có trả lời"):
        services.conclude(
            actor=actor,
            case=case,
            conclusion=Conclusion.MEETS,
            deciding_body="Ban Thường vụ Đảng ủy xã",
            concluded_on=D(2026, 3, 1),
        )
    with pytest.raises(ValidationError, match="không được trước ngày gửi"):
        services.record_reply(actor=actor, letter=home, reply_on=D(2026, 2, 2), result="CLEAR")
    services.record_reply(actor=actor, letter=home, reply_on=D(2026, 2, 24), result="CLEAR")
    services.record_reply(
        actor=actor, letter=relative, reply_on=D(2026, 2, 25), result="CLEAR", summary="Không có vấn đề."
    )
    with pytest.raises(ValidationError, match="Ngày kết luận không được trước"):
        services.conclude(
            actor=actor,
            case=case,
            conclusion="MEETS",
            deciding_body="Ban Thường vụ Đảng ủy xã",
            concluded_on=D(2026, 2, 24),
        )
    case = services.conclude(
        actor=actor,
        case=case,
        conclusion="MEETS",
        deciding_body="Ban Thường vụ Đảng ủy xã",
        concluded_on=D(2026, 2, 26),
    )
    assert case.conclusion == Conclusion.MEETS
    with pytest.raises(ValidationError, match="đã có kết luận"):
        services.send_letter(actor=actor, case=case, place="WORKPLACE", addressee="X", sent_on=D(2026, 2, 27))


def test_a_relative_letter_needs_the_relative_and_nothing_is_written(cast):
    case = _case(cast)
    with pytest.raises(ValidationError, match="người thân"):
        services.send_letter(
            actor=_committee(cast), case=case, place="RELATIVE", addressee="Đảng ủy xã", sent_on=D(2026, 2, 3)
        )
    assert not case.letters.exists()


def test_overdue_letters_are_reminded_once_each_to_the_verifying_committee_only(cast):
    from sotay.notifications.models import Notification

    case = _case(cast)
    letter = services.send_letter(
        actor=_committee(cast), case=case, place="HOMETOWN", addressee="Đảng ủy xã Tân Hưng", sent_on=D(2026, 2, 3)
    )
    assert (
        reminders.send_overdue_reminders(letter.due_on, actor=Actor.system("worker:test")) == 0
    )  # due today: not yet overdue
    assert (
        reminders.send_overdue_reminders(letter.due_on + dt.timedelta(days=1), actor=Actor.system("worker:test")) == 1
    )
    assert (
        reminders.send_overdue_reminders(letter.due_on + dt.timedelta(days=2), actor=Actor.system("worker:test")) == 0
    )  # once each
    recipients = set(
        Notification.objects.filter(kind="verification.overdue").values_list("recipient__username", flat=True)
    )
    assert "xa" in recipients and "chibo" not in recipients and "dangvien" not in recipients


def test_letters_render_as_docx_and_pdf_in_party_format(cast, client):
    case = _case(cast)
    letter = services.send_letter(
        actor=_committee(cast),
        case=case,
        place="HOMETOWN",
        addressee="Đảng ủy xã Tân Hưng",
        sent_on=D(2026, 2, 3),
        number="12-CV/ĐU",
    )
    client.force_login(cast.commune_committee)
    response = client.get(reverse("verification:document", args=[case.pk, letter.pk, "request", "docx"]))
    assert response.status_code == 200
    text = partydoc.docx_text(response.content)
    assert "Đề nghị thẩm tra" in text and "Nguyễn Văn Ấn" in text and "Đảng ủy xã Tân Hưng" in text
    response = client.get(reverse("verification:document", args=[case.pk, letter.pk, "reply", "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert (
        AuditEntry.objects.filter(
            action="export", object_type="verification.verificationcase", object_id=str(case.pk)
        ).count()
        == 2
    )


@pytest.mark.parametrize("who", ["member", "cell_secretary", "outsider", "commune_b_committee"])
def test_the_member_their_cell_and_another_commune_get_404(cast, client, who):
    """Issue 17 §4: the cases are visible only to the verifying committee and Ban Tổ chức."""
    from sotay.accounts.models import User

    case = _case(cast)
    letter = services.send_letter(
        actor=_committee(cast), case=case, place="HOMETOWN", addressee="Đảng ủy xã Tân Hưng", sent_on=D(2026, 2, 3)
    )
    if who == "commune_b_committee":
        user = User.objects.create_user(username="phuong", password="x")
        RoleGrant.objects.create(user=user, organization=cast.commune_b, role=Role.COMMITTEE)
    else:
        user = getattr(cast, who)
    client.force_login(user)
    for url in (
        reverse("verification:detail", args=[case.pk]),
        reverse("verification:document", args=[case.pk, letter.pk, "request", "pdf"]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("verification:reply", args=[case.pk, letter.pk]), {}).status_code == 404
    assert client.get(reverse("verification:list"), {"org": cast.commune_a.pk}).status_code == 404
    with pytest.raises(policy.NotAllowed):
        services.record_read(actor=Actor.for_user(user), case=case, page="detail")


def test_every_read_is_in_the_audit_log_and_the_members_own_page_shows_nothing(cast, client):
    case = _case(cast)
    for user in (cast.commune_committee, cast.provincial_officer):
        client.force_login(user)
        response = client.get(reverse("verification:detail", args=[case.pk]))
        assert response.status_code == 200 and "Nguyễn Văn Ấn" in response.text
    reads = AuditEntry.objects.filter(
        action="view", object_type="verification.verificationcase", object_id=str(case.pk)
    )
    assert sorted(reads.values_list("actor_name", flat=True)) == ["bantochuc", "xa"]
    client.force_login(cast.member)
    own = client.get(reverse("members:detail", args=[cast.member_member.pk]))
    assert own.status_code == 200 and "thẩm tra" not in own.text.lower()


def test_admission_vote_waits_for_a_meets_conclusion(cast, settings):
    """Issue 17 §4 (configurable, on by default): the chi bộ's vote (6-KNĐ) needs the linked verification case to
    conclude "meets"; 12-HD/BTCTW puts the thẩm tra lý lịch before the chi bộ's resolution."""
    from sotay.admissions.tests.helpers import cell_vote, open_case, through_verification

    admission = through_verification(cast, open_case(cast))
    case = _case(
        cast,
        purpose=Purpose.ADMISSION,
        member=None,
        full_name=admission.full_name,
        birth_on=admission.birth_on,
        declaration_received_on=D(2025, 10, 2),
        admission_case=admission,
    )
    letter = services.send_letter(
        actor=_committee(cast), case=case, place="RESIDENCE", addressee="Chi bộ thôn Đông", sent_on=D(2025, 10, 3)
    )
    with pytest.raises(ValidationError, match="chưa có kết luận"):
        cell_vote(admission, cast.cell_secretary)
    settings.SOTAY_VERIFICATION_BEFORE_VOTE = False
    assert not gate.enabled()
    settings.SOTAY_VERIFICATION_BEFORE_VOTE = True
    services.record_reply(actor=_committee(cast), letter=letter, reply_on=D(2025, 10, 20), result="CLEAR")
    services.conclude(
        actor=_committee(cast),
        case=case,
        conclusion="MEETS",
        deciding_body="Ban Thường vụ Đảng ủy xã",
        concluded_on=D(2025, 11, 1),
    )
    assert cell_vote(admission, cast.cell_secretary).approved is True


def test_the_admission_page_links_its_verification_step_for_the_committee_only(cast, client):
    from sotay.admissions.tests.helpers import open_case

    admission = open_case(cast)
    case = _case(
        cast,
        purpose=Purpose.ADMISSION,
        member=None,
        full_name=admission.full_name,
        birth_on=admission.birth_on,
        declaration_received_on=D(2025, 10, 2),
        admission_case=admission,
    )
    link = reverse("verification:detail", args=[case.pk])
    client.force_login(cast.commune_committee)
    assert link in client.get(reverse("admissions:detail", args=[admission.pk])).text
    client.force_login(cast.cell_secretary)
    page = client.get(reverse("admissions:detail", args=[admission.pk]))
    assert page.status_code == 200 and link not in page.text
