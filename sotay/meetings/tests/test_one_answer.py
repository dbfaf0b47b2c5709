"""One answer per invitation (issue 14, point 6): "Tôi sẽ dự" withdraws a pending or granted leave request, audited;
a refused one stays; the meeting page shows the answer instead of an unchanged button."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.audit.models import AuditAction, AuditEntry
from sotay.meetings import services
from sotay.meetings.models import AbsenceRequest, AbsenceStatus, Rsvp
from sotay.orgs.actor import Actor

from .helpers import meeting_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(cast):
    import datetime as dt

    from django.utils import timezone

    return meeting_of(cast, starts_at=timezone.now() + dt.timedelta(days=3))


@pytest.mark.parametrize("decision", [None, True])
def test_will_attend_withdraws_a_pending_or_granted_absence(cast, planned, decision):
    me = Actor.for_user(cast.member)
    req = services.request_absence(meeting=planned, member=cast.member_member, reason="Đi công tác", actor=me)
    if decision is not None:
        services.decide_absence(request=req, approve=decision, actor=Actor.for_user(cast.cell_secretary))
    inv = services.respond(meeting=planned, member=cast.member_member, answer=Rsvp.YES, actor=me)
    assert inv.rsvp == Rsvp.YES
    assert not AbsenceRequest.objects.filter(meeting=planned, member=cast.member_member).exists()
    entry = AuditEntry.objects.filter(action=AuditAction.DELETE, object_type="meetings.absencerequest").get()
    assert entry.data["withdrawn"] == (AbsenceStatus.APPROVED if decision else AbsenceStatus.PENDING)


def test_a_refused_request_stays_on_record(cast, planned):
    me = Actor.for_user(cast.member)
    req = services.request_absence(meeting=planned, member=cast.member_member, reason="Việc riêng", actor=me)
    services.decide_absence(request=req, approve=False, actor=Actor.for_user(cast.cell_secretary))
    services.respond(meeting=planned, member=cast.member_member, answer=Rsvp.YES, actor=me)
    assert AbsenceRequest.objects.get(pk=req.pk).status == AbsenceStatus.REFUSED


def test_the_page_shows_the_answer_after_will_attend(client, cast, planned):
    client.force_login(cast.member)
    url = reverse("meetings:detail", args=[planned.pk])
    assert 'value="YES"' in client.get(url).content.decode()
    client.post(reverse("meetings:rsvp", args=[planned.pk]), {"answer": "YES"})
    page = client.get(url).content.decode()
    assert "Bạn đã trả lời sẽ dự." in page and 'name="answer" value="YES"' not in page
