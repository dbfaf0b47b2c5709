"""Opinion polls on candidates (lấy phiếu giới thiệu): counted like an election, their result a percentage, on a
page and in minutes of their own; never taken for an election result (no one elected, no approval, no further
round, not in the personnel plan)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sotay.congresses import polls, rollup, services
from sotay.congresses.models import Body, ElectionStatus, Method
from sotay.core.partydoc import docx_text
from sotay.orgs.actor import Actor

HELD = dt.date(2026, 3, 10)
NAMES = ("Trần Thị Bình", "Lê Văn Cường", "Phạm Đức Dũng")


@pytest.fixture
def poll(cast):
    who = Actor.for_user(cast.cell_secretary)
    congress = services.open_congress(actor=who, organization=cast.cell_a, term_label="2027–2032", summoned=10)
    poll = polls.create_poll(
        actor=who,
        congress=congress,
        body=Body.COMMITTEE,
        seats=2,
        held_on=HELD,
        summoned=10,
        present=9,
        counting_committee=["Nguyễn Văn Ấn", "Lê Văn Cường"],
    )
    round_ = poll.rounds.get()
    for name in NAMES:
        services.add_candidate(actor=who, round_=round_, full_name=name)
    return poll


def count(cast, poll):
    round_ = poll.rounds.get()
    ids = {c.full_name: c.pk for c in round_.candidates.all()}
    return services.record_totals(
        actor=Actor.for_user(cast.cell_secretary),
        round_=round_,
        issued=9,
        returned=9,
        valid=8,
        invalid=1,
        votes={ids["Trần Thị Bình"]: 8, ids["Lê Văn Cường"]: 4, ids["Phạm Đức Dũng"]: 4},
    )


def test_a_poll_is_counted_like_an_election_but_elects_no_one(cast, poll):
    """Quy định 190-QĐ/TW (thăm dò nhân sự bằng bỏ phiếu kín) and Hướng dẫn 04-HD/TW: the result is each person's
    share of the votes, for the committee to weigh;
    docs/rules/elections-and-congresses.md#lấy-phiếu-giới-thiệu-thăm-dò-nhân-sự."""
    count(cast, poll)
    assert poll.method == Method.POLL
    rows = polls.poll_rows(poll.rounds.get())
    assert [(r.rank, r.name, r.votes, r.percent) for r in rows] == [
        (1, "Trần Thị Bình", 8, 80.0),
        (2, "Lê Văn Cường", 4, 40.0),
        (2, "Phạm Đức Dũng", 4, 40.0),
    ]
    assert services.elected_so_far(poll) == []
    assert services.surplus_findings(poll.rounds.get()) == []
    with pytest.raises(ValidationError, match="không có lần bầu tiếp"):
        services.open_next_round(actor=Actor.for_user(cast.cell_secretary), election=poll)
    with pytest.raises(ValidationError, match="không chuẩn y"):
        services.approve_election(
            actor=Actor.for_user(cast.commune_committee),
            election=poll,
            decision="1-QĐ/ĐU",
            approved_on=HELD,
            term_starts_on=HELD,
        )
    poll.refresh_from_db()
    assert poll.status == ElectionStatus.DONE


def test_a_poll_is_not_the_personnel_plans_result(cast, poll):
    count(cast, poll)
    personnel = rollup.personnel(poll.congress)
    assert personnel.election is None and personnel.people == []


def test_poll_page_documents_and_the_election_page_never_mix(client, cast, poll):
    client.force_login(cast.cell_secretary)
    congress_page = client.get(reverse("congresses:congress", args=[poll.congress_id])).content.decode()
    assert reverse("congresses:poll", args=[poll.pk]) in congress_page
    # The election page of a poll leads to the poll page; the poll page refuses a real election.
    assert client.get(reverse("congresses:election", args=[poll.pk]))["Location"] == reverse(
        "congresses:poll", args=[poll.pk]
    )
    round_ = poll.rounds.get()
    ballot = client.get(reverse("congresses:round_document", args=[round_.pk, "ballot", "docx"]))
    text = docx_text(ballot.content)
    assert "PHIẾU GIỚI THIỆU NHÂN SỰ" in text and "Số lượng cần giới thiệu: 2" in text and "cần bầu" not in text
    count(cast, poll)
    page = client.get(reverse("congresses:poll", args=[poll.pk])).content.decode()
    assert "80.00%" in page or "80,00%" in page
    assert "không phải bầu cử" in page and "Trúng cử" not in page
    minutes = client.get(reverse("congresses:round_document", args=[round_.pk, "minutes", "docx"]))
    text = docx_text(minutes.content)
    assert "BIÊN BẢN KIỂM PHIẾU GIỚI THIỆU NHÂN SỰ" in text
    assert "Trần Thị Bình: 8 phiếu, đạt 80,00%" in text
    assert "trúng cử" not in text.lower()
    pdf = client.get(reverse("congresses:round_document", args=[round_.pk, "minutes", "pdf"]))
    assert pdf.content.startswith(b"%PDF")


def test_poll_created_from_the_congress_page_and_bad_input_refused(client, cast, poll):
    client.force_login(cast.cell_secretary)
    url = reverse("congresses:poll_create", args=[poll.congress_id])
    data = {
        "poll-body": Body.SECRETARY,
        "poll-seats": "1",
        "poll-held_on": "10/03/2026",
        "poll-summoned": "10",
        "poll-present": "10",
        "poll-counting_committee": "Nguyễn Văn Ấn",
    }
    response = client.post(url, data)
    created = poll.congress.elections.exclude(pk=poll.pk).get()
    assert created.method == Method.POLL and response["Location"] == reverse("congresses:poll", args=[created.pk])
    before = poll.congress.elections.count()
    response = client.post(url, {**data, "poll-seats": "0"}, follow=True)
    assert "Số lượng cần giới thiệu" in response.content.decode()
    assert poll.congress.elections.count() == before
    # An election cannot be created as a poll through the election form.
    response = client.post(
        reverse("congresses:election_create", args=[poll.congress_id]),
        {
            "body": Body.COMMITTEE,
            "method": Method.POLL,
            "seats": "2",
            "held_on": "10/03/2026",
            "summoned": "10",
            "temporary_transfer": "0",
            "exempt_absent": "0",
            "suspended": "0",
            "absent_approved": "0",
            "present": "9",
            "counting_committee": "A",
        },
    )
    assert poll.congress.elections.count() == before
    client.force_login(cast.outsider)
    assert client.get(reverse("congresses:poll", args=[poll.pk])).status_code == 404
