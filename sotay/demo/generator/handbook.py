"""Demo data for the handbook: member accounts in the demo commune, announcements with read receipts,
a resolution study with a quiz and reflections, and questions in the two-way channel. Called once from
`write_plan`, after the documents library is loaded."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from sotay.orgs.actor import Actor

SEED = 2026


def _member_accounts(commune) -> int:
    """An account (no usable password) with the MEMBER role for every member of the commune without one, so the
    read and study roll-ups have people to count."""
    from sotay.accounts.models import User
    from sotay.handbook.audience import AUDIENCE_STATUSES
    from sotay.members.models import Member
    from sotay.orgs.models import Role, RoleGrant, subtree_filter

    members = list(
        Member.objects.filter(subtree_filter(commune.path, "organization__path"), status__in=AUDIENCE_STATUSES)
        .filter(user__isnull=True)
        .values_list("pk", "organization_id", "full_name")
    )
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [User(username=f"dv{pk}", password=unusable, member_id=pk, last_name=name) for pk, _o, name in members]
    )
    if any(u.pk is None for u in users):
        users = list(User.objects.filter(username__in=[f"dv{pk}" for pk, _o, _n in members]).order_by("member_id"))
        members.sort()
    grants = [RoleGrant(user=u, organization_id=m[1], role=Role.MEMBER) for u, m in zip(users, members, strict=True)]
    RoleGrant.objects.bulk_create(grants)
    return len(users)


def add_demo_handbook(today: dt.date | None = None) -> dict[str, int]:
    from sotay.accounts.models import User
    from sotay.documents.models import Document
    from sotay.handbook import services
    from sotay.handbook.models import AnnouncementReceipt, StudyRecord
    from sotay.orgs.models import RoleGrant

    # Expiry and deadlines are checked against the real day, whatever day the demo plan is built for.
    today = max(today or timezone.localdate(), timezone.localdate())
    rng = random.Random(SEED)
    users = {u.username: u for u in User.objects.filter(username__in=["tinhuy", "xa", "chibo", "dangvien"])}
    if len(users) < 4:
        return {}
    commune_grant = RoleGrant.objects.filter(user=users["xa"]).first()
    province_grant = RoleGrant.objects.filter(user=users["tinhuy"]).first()
    secretary = users["chibo"].member
    assert commune_grant and province_grant and secretary  # the demo logins hold their grants and records
    commune, province, cell = commune_grant.organization, province_grant.organization, secretary.organization
    accounts = _member_accounts(commune)

    made = []
    made.append(
        services.publish_announcement(
            organization=province,
            actor=Actor.for_user(users["tinhuy"]),
            pinned=True,
            title="Triển khai ứng dụng Sổ tay đảng viên điện tử trong toàn Đảng bộ tỉnh",
            body="Thực hiện Kế hoạch 168-KH/VPTW, các chi bộ hướng dẫn đảng viên cài đặt và sử dụng Sổ tay.\n\n"
            "Đảng viên đọc thông báo, văn bản, học tập nghị quyết và gửi ý kiến tới cấp ủy ngay trên điện thoại.",
        )
    )
    made.append(
        services.publish_announcement(
            organization=commune,
            actor=Actor.for_user(users["xa"]),
            title="Sinh hoạt chi bộ thường kỳ tháng này: chuyên đề học tập và làm theo tư tưởng Hồ Chí Minh",
            body="Các chi bộ sinh hoạt trước ngày 10; nộp biên bản về Văn phòng Đảng ủy trước ngày 15.",
            expires_on=today + dt.timedelta(days=30),
        )
    )
    made.append(
        services.publish_announcement(
            organization=cell,
            actor=Actor.for_user(users["chibo"]),
            title="Thu đảng phí quý IV",
            body="Đề nghị các đồng chí nộp đảng phí quý IV cho đồng chí bí thư chi bộ trước ngày 10/12.",
        )
    )
    # Read receipts: most members read, some cells more than others.
    now = timezone.now()
    for announcement in made:
        services.fan_out_announcement(announcement)  # a large audience is otherwise reached by the task worker
        rate: dict[int, float] = {}
        read = []
        for r in AnnouncementReceipt.objects.filter(announcement=announcement).values_list("pk", "organization_id"):
            cell_rate = rate.setdefault(r[1], rng.uniform(0.45, 0.98))
            if rng.random() < cell_rate:
                read.append(r[0])
        AnnouncementReceipt.objects.filter(pk__in=read).update(read_at=now)

    document = Document.objects.filter(reference__in=["21-NQ/TW", "144-QĐ/TW"]).order_by("reference").first()
    document = document or Document.objects.order_by("pk").first()
    studied = 0
    if document is not None:
        session = services.assign_study(
            organization=commune,
            document=document,
            deadline=today + dt.timedelta(days=21),
            actor=Actor.for_user(users["xa"]),
            instructions="Đọc toàn văn, liên hệ với nhiệm vụ của chi bộ; viết thu hoạch ngắn.",
            quiz_text=f"{document.reference} do cơ quan nào ban hành?\n*{document.issuer}\nQuốc hội\nChính phủ",
        )
        services.fan_out_study(session)
        right = session.questions.get().choices.get(is_correct=True)
        records = StudyRecord.objects.filter(session=session).select_related("user", "session").order_by("pk")
        for i, record in enumerate(records):
            if record.user.username == "dangvien" or i % 3 == 2:  # about a third still to do
                continue
            services.complete_study(
                record,
                actor=Actor.for_user(record.user),
                reflection="Tâm đắc yêu cầu nâng cao chất lượng sinh hoạt chi bộ; sẽ tham gia đầy đủ, góp ý kiến.",
                answers={right.question_id: right.pk},
            )
            studied += 1

    member = Actor.for_user(users["dangvien"])
    question = services.send_feedback(
        actor=member,
        organization=cell,
        kind="QUESTION",
        subject="Đảng viên nghỉ hưu đóng đảng phí theo mức nào?",
        body="Tôi đã nghỉ hưu từ tháng 9, xin hỏi mức đảng phí hằng tháng tính theo lương hưu thế nào?",
    )
    services.answer_feedback(
        question,
        actor=Actor.for_user(users["chibo"]),
        text="Theo Quy định 01-QĐ/TW, đảng viên hưởng lương hưu đóng 0,5% lương hưu.",
    )
    services.send_feedback(
        actor=member,
        organization=commune,
        kind="SUGGESTION",
        subject="Đề nghị tổ chức lớp bồi dưỡng sử dụng Sổ tay cho đảng viên cao tuổi",
        body="Nhiều đồng chí cao tuổi chưa quen dùng điện thoại thông minh.",
    )
    forwarded = services.send_feedback(
        actor=member,
        organization=cell,
        kind="QUESTION",
        subject="Thủ tục chuyển sinh hoạt đảng tạm thời khi đi làm xa",
        body="Tôi sắp đi làm ở tỉnh khác 6 tháng, cần chuẩn bị giấy tờ gì?",
    )
    services.forward_feedback(forwarded, actor=Actor.for_user(users["chibo"]), text="Xin ý kiến Đảng ủy xã.")

    try:
        from sotay.documents import search
        from sotay.handbook.search_source import SOURCE

        for announcement in made:
            search.index_item(SOURCE, announcement.pk)
    except ImportError:
        pass
    return {"accounts": accounts, "announcements": len(made), "studied": studied}
