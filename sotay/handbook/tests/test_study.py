"""Resolution study (docs/rules/handbook-app.md, 339-QĐ/TW: học tập nghị quyết): assigned to a subtree with a deadline;
members mark it studied with a reflection and the quiz; completion rolls up per organisation with who has not
finished."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sotay.accounts.models import User
from sotay.audit.models import AuditEntry
from sotay.documents.tests.factories import DocumentFactory
from sotay.handbook import services
from sotay.handbook.models import StudyRecord, StudySession
from sotay.notifications.models import Notification
from sotay.orgs import policy
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db

QUIZ = (
    "Nghị quyết 21-NQ/TW bàn về gì?\n*Củng cố tổ chức cơ sở đảng\nKinh tế biển\n\n"
    "Ai ban hành?\nQuốc hội\n*Ban Chấp hành Trung ương"
)


def in_a_week() -> str:
    return (timezone.localdate() + dt.timedelta(days=7)).strftime("%d/%m/%Y")


@pytest.fixture
def doc(cast):
    return DocumentFactory(
        organization=cast.province,
        number=21,
        type_code="NQ",
        reference="21-NQ/TW",
        reference_key="21-nq/tw",
        doc_type="RESOLUTION",
        title="Về tăng cường củng cố, xây dựng tổ chức cơ sở đảng",
    )


def assign(client, cast, **extra):
    client.force_login(cast.commune_committee)
    data = {"organization": "HY.A", "document": "21-NQ/TW", "deadline": in_a_week(), "quiz": QUIZ, **extra}
    return client.post(reverse("handbook:study_create"), data)


def test_committee_assigns_by_reference_and_members_are_told(cast, client, doc):
    User.objects.create_user(username="lan", password="x", member=cast.teacher)
    response = assign(client, cast, document="nq 21")
    session = StudySession.objects.get()
    assert response.status_code == 302 and session.document == doc and session.questions.count() == 2
    assert set(session.records.values_list("user__username", flat=True)) == {"dangvien", "chibo", "lan"}
    assert Notification.objects.filter(recipient=cast.member, kind="study.assigned").exists()
    client.force_login(cast.outsider)
    assert client.get(reverse("handbook:study", args=[session.pk])).status_code == 404
    assert client.get(reverse("handbook:study_pending", args=[session.pk])).status_code == 404


def test_bad_assignments_refused_and_nothing_stored(cast, client, doc):
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    cases = [
        ({"document": "999-QĐ/TW"}, "Không tìm thấy văn bản"),
        ({"document": "không phải số hiệu"}, "Không đọc được số, ký hiệu"),
        ({"deadline": yesterday}, "Hạn hoàn thành phải từ hôm nay"),
        ({"quiz": "Câu hỏi\nA\nB"}, "đúng một phương án đúng"),
        ({"organization": "HY.B"}, "Không tìm thấy tổ chức"),
    ]
    for extra, message in cases:
        response = assign(client, cast, **extra)
        assert response.status_code == 400, extra
        assert message in response.content.decode(), extra
    assert not StudySession.objects.exists() and not Notification.objects.exists()


def test_member_studies_with_reflection_and_quiz_and_rollup_lists_who_has_not(cast, client, doc):
    assign(client, cast)
    session = StudySession.objects.get()
    q1, q2 = session.questions.all()
    right1 = q1.choices.get(is_correct=True)
    wrong2 = q2.choices.get(is_correct=False)
    url = reverse("handbook:study_submit", args=[session.pk])
    client.force_login(cast.member)
    assert "Đánh dấu đã học tập" in client.get(reverse("handbook:study", args=[session.pk])).content.decode()
    short = client.post(url, {"reflection": "Hay.", f"q{q1.pk}": right1.pk, f"q{q2.pk}": wrong2.pk})
    assert short.status_code == 400 and "ít nhất 30 ký tự" in short.content.decode()
    reflection = "Tâm đắc việc củng cố chi bộ; sẽ tham gia sinh hoạt đầy đủ, đóng góp ý kiến."
    missing = client.post(url, {"reflection": reflection, f"q{q1.pk}": right1.pk})
    assert missing.status_code == 400 and "Chưa trả lời câu 2" in missing.content.decode()
    forged = client.post(url, {"reflection": reflection, f"q{q1.pk}": right1.pk, f"q{q2.pk}": right1.pk})
    assert forged.status_code == 400
    assert StudyRecord.objects.get(session=session, user=cast.member).studied_at is None
    ok = client.post(url, {"reflection": reflection, f"q{q1.pk}": right1.pk, f"q{q2.pk}": wrong2.pk})
    assert ok.status_code == 302
    record = StudyRecord.objects.get(session=session, user=cast.member)
    assert record.studied_at and (record.score, record.total) == (1, 2)
    assert "đúng 1/2 câu" in client.get(reverse("handbook:study", args=[session.pk])).content.decode()
    assert (
        client.post(url, {"reflection": reflection, f"q{q1.pk}": right1.pk, f"q{q2.pk}": wrong2.pk}).status_code == 400
    )

    client.force_login(cast.commune_committee)
    page = client.get(reverse("handbook:study", args=[session.pk])).content.decode()
    assert "50%" in page and "1/2" in page  # cell_a: the member done, the secretary not
    pending = client.get(reverse("handbook:study_pending", args=[session.pk]), {"org": cast.cell_a.pk}).content.decode()
    assert "Trần Thị Bình" in pending and "Nguyễn Văn Ấn" not in pending
    listing = client.get(reverse("handbook:study_list")).content.decode()
    assert "50% (1/2)" in listing
    reflections = client.get(reverse("handbook:study_reflections", args=[session.pk]), {"org": cast.cell_a.pk})
    assert reflection in reflections.content.decode() and "đúng 1/2 câu" in reflections.content.decode()
    # Reading reflections (possibly political views, docs/rules/personal-data.md#dữ-liệu-cá-nhân-nhạy-cảm) is audited;
    # the member and outsiders cannot.
    assert AuditEntry.objects.filter(action="view", object_id=str(session.pk), actor=cast.commune_committee).exists()
    for user in (cast.member, cast.outsider):
        client.force_login(user)
        assert client.get(reverse("handbook:study_reflections", args=[session.pk])).status_code == 404


def test_study_without_quiz_and_someone_elses_record(cast, client, doc):
    session = services.assign_study(
        organization=cast.cell_a, document=doc, deadline=timezone.localdate(), actor=Actor.for_user(cast.cell_secretary)
    )
    record = StudyRecord.objects.get(session=session, user=cast.member)
    with pytest.raises(policy.NotAllowed):  # someone else's record: refused as hidden
        services.complete_study(record, actor=Actor.for_user(cast.cell_secretary), reflection="x" * 40, answers={})
    services.complete_study(
        record, actor=Actor.for_user(cast.member), reflection="Bài thu hoạch đủ dài để được ghi nhận.", answers={}
    )
    record.refresh_from_db()
    assert record.studied_at and record.score is None
