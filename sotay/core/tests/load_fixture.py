"""The small province the load test runs on (`build`), and what it finds in the database afterwards (`report`).

Both run in a subprocess against the load test's scratch database:
    manage.py shell -c "from sotay.core.tests.load_fixture import build; build()"
and print one JSON object.
"""

from __future__ import annotations

import datetime as dt
import json
import time

from sotay.orgs.actor import Actor

PASSWORD = "tai-thu-2026"
CELLS = 6
MEMBERS_PER_CLIENT_CELL = 2  # member clients per cell


def build(audience: int = 1000) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from sotay.accounts.models import User
    from sotay.meetings import checkin
    from sotay.meetings import services as meetings
    from sotay.members import periods
    from sotay.members.tests.factories import MemberFactory
    from sotay.orgs.models import Role, RoleGrant
    from sotay.orgs.tests.factories import cell, commune, province

    with transaction.atomic():
        prov = province(code="HY")
        xa = commune(prov, name="Đảng bộ xã Đông Tiến", code="HY.A")
        cells = [cell(xa, name=f"Chi bộ thôn {i + 1}", code=f"HY.A.{i + 1}") for i in range(CELLS)]
        committee = User.objects.create_user(username="tinh", password=PASSWORD)
        RoleGrant.objects.create(user=committee, organization=prov, role=Role.ORG_DEPT_OFFICER)
        committee2 = User.objects.create_user(username="tinh2", password=PASSWORD)
        RoleGrant.objects.create(user=committee2, organization=prov, role=Role.ORG_DEPT_OFFICER)
        secretaries, members = [], []
        yesterday = timezone.localtime().replace(hour=19, minute=30, second=0, microsecond=0) - dt.timedelta(days=1)
        for i, c in enumerate(cells):
            sec_m = MemberFactory(organization=c, full_name=f"Trần Thị Bí {'ABCDEF'[i]}", gender="F")
            helper = MemberFactory(organization=c)
            sec = User.objects.create_user(username=f"bithu{i}", password=PASSWORD, member=sec_m)
            RoleGrant.objects.create(user=sec, organization=c, role=Role.CELL_COMMITTEE)
            meeting = meetings.create_meeting(
                org=c, kind="REGULAR", starts_at=yesterday, place="Nhà văn hóa thôn", actor=Actor.for_user(sec)
            )
            for m in (sec_m, helper):
                checkin.mark(meeting=meeting, member=m, status="PRESENT", actor=Actor.for_user(sec))
            checkin.close_checkin(meeting=meeting, actor=Actor.for_user(sec))
            secretaries.append(
                {"username": sec.username, "cell": c.pk, "meeting": meeting.pk}
                | {"chair": sec_m.pk, "recorder": helper.pk}
            )
            for j in range(MEMBERS_PER_CLIENT_CELL):
                m = MemberFactory(organization=c)
                u = User.objects.create_user(username=f"dv{i}_{j}", password=PASSWORD, member=m)
                RoleGrant.objects.create(user=u, organization=c, role=Role.MEMBER)
                members.append({"username": u.username, "cell": c.pk})
        # The rest of the audience of a province-wide notice: members with an account who do not log in here.
        crowd = [MemberFactory.build(organization=cells[k % CELLS]) for k in range(audience)]
        for k, m in enumerate(crowd):
            m.citizen_id, m.card_number = f"0331800{k:05d}", f"2{k:07d}"
        from sotay.members.models import Member

        Member.objects.bulk_create(crowd, batch_size=500)
        periods.open_first(crowd)
        unusable = make_password(None)
        User.objects.bulk_create(
            [User(username=f"crowd{k}", password=unusable, member=m) for k, m in enumerate(crowd)], batch_size=500
        )
    # Staff pass a TOTP second factor after the password: each gets a confirmed device whose key the clients know.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    staff = [committee, committee2, *User.objects.filter(username__startswith="bithu")]
    totp = {u.username: TOTPDevice.objects.create(user=u, name="Tải thử", confirmed=True).key for u in staff}
    print(
        json.dumps(
            {
                "password": PASSWORD,
                "totp": totp,
                "committee": ["tinh", "tinh2"],
                "province_code": prov.code,
                "secretaries": secretaries,
                "members": members,
            }
        )
    )


def report(feedback_prefix: str, announcement_prefix: str, drain_limit: float = 60) -> None:
    """Wait for the task worker to empty its queue (bounded), then print what the database holds."""
    from django_tasks_db.models import DBTaskResult

    from sotay.documents.indexing import find_gaps
    from sotay.handbook.audience import members_reached
    from sotay.handbook.models import Announcement, AnnouncementReceipt, Feedback
    from sotay.meetings.models import Minutes
    from sotay.members.models import Member
    from sotay.notifications.models import Notification
    from sotay.orgs.models import Organization

    started = time.monotonic()
    while DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
        if time.monotonic() - started > drain_limit:
            break
        time.sleep(0.5)
    drained = time.monotonic() - started
    province = Organization.objects.get(code="HY")
    announcements = list(Announcement.objects.filter(title__startswith=announcement_prefix))
    receipts = {a.title: AnnouncementReceipt.objects.filter(announcement=a).count() for a in announcements}
    notified = {
        a.title: Notification.objects.filter(kind="announcement", url__endswith=f"/{a.pk}/").count()
        for a in announcements
    }
    tasks = dict.fromkeys(["READY", "RUNNING", "SUCCESSFUL", "FAILED"], 0)
    for status in DBTaskResult.objects.values_list("status", flat=True):
        tasks[status] = tasks.get(status, 0) + 1
    print(
        json.dumps(
            {
                "drain_seconds": round(drained, 1),
                "tasks": tasks,
                "failed_tasks": list(
                    DBTaskResult.objects.filter(status="FAILED").values_list("task_path", "exception_class_path")
                ),
                "audience": members_reached(province).count(),
                "feedback": list(
                    Feedback.objects.filter(subject__startswith=feedback_prefix).values_list("subject", flat=True)
                ),
                "citizen_ids": list(Member.objects.values_list("citizen_id", flat=True)),
                "conclusions": {str(m.meeting_id): m.conclusions for m in Minutes.objects.all()},
                "receipts": receipts,
                "notified": notified,
                "index_gaps": find_gaps().count(),
            },
            ensure_ascii=False,
        )
    )
