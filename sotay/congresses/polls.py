"""Opinion polls on candidates (lấy phiếu giới thiệu nhân sự).

A poll is an `Election` with method POLL: the same list, ballots and counting as an election (totals or ballot by
ballot, the same validity rules), but its result is each candidate's share of the base, in descending order. It
elects nobody: it has no threshold, no further round, no approval and no role grants, and it never enters the
personnel plan's result. It has its own page and its own minutes (biên bản kiểm phiếu giới thiệu)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from sotay.core.partydoc import Para, PartyDocument
from sotay.orgs.actor import Actor
from sotay.orgs.letterhead import parent_of, place_name

from . import services, tally
from .documents import body_title, member_signatures
from .models import Congress, Election, Method, Round


@transaction.atomic
def create_poll(
    *,
    actor: Actor,
    congress: Congress,
    body: str,
    seats: int,
    held_on: dt.date,
    summoned: int,
    present: int = 0,
    counting_committee: Sequence[str] = (),
) -> Election:
    """A poll for a congress's personnel (its first round open for the list). The base is everyone summoned to
    the poll: the percentages are of it."""
    return services.create_election(
        actor=actor,
        organization=congress.organization,
        congress=congress,
        body=body,
        seats=seats,
        held_on=held_on,
        summoned=summoned,
        present=present,
        method=Method.POLL,
        kind=congress.kind,
        counting_committee=counting_committee,
    )


def is_poll(election: Election) -> bool:
    return election.method == Method.POLL


@dataclass
class PollRow:
    rank: int
    name: str
    votes: int
    percent: float
    over_half: bool  # more than half of the base: shown as information, not as "elected"


def poll_rows(round_: Round) -> list[PollRow]:
    """The counted poll's candidates, most votes first (ties in Vietnamese alphabetical order, same rank)."""
    rows: list[PollRow] = []
    previous, rank = None, 0
    for i, (name, v) in enumerate(tally.ordered_votes(round_.result or {}), start=1):
        if v["votes"] != previous:
            rank, previous = i, v["votes"]
        rows.append(PollRow(rank, name, v["votes"], v["percent"], bool(v["reached"])))
    return rows


def _pct(value) -> str:
    return f"{value:.2f}".replace(".", ",")


def poll_title(election: Election) -> str:
    return body_title(election)


def poll_minutes(round_: Round) -> PartyDocument:
    """Biên bản kiểm phiếu giới thiệu: who counted, the base, the ballots, each candidate's votes and share."""
    election = round_.election
    org = election.organization
    parent = parent_of(org)
    result = round_.result or {}
    committee = list(election.counting_committee)
    base = round_.base()
    body: list[Para | str] = [
        f"Hôm nay, ngày {election.held_on:%d/%m/%Y}, Tổ kiểm phiếu gồm: "
        + ("; ".join(f"{n} ({'tổ trưởng' if i == 0 else 'thành viên'})" for i, n in enumerate(committee)) or "……")
        + f", đã kiểm phiếu {poll_title(election)[0].lower() + poll_title(election)[1:]}, "
        + f"số lượng cần giới thiệu {round_.seats}.",
        Para("I. Số người được lấy phiếu", heading=True),
        f"Số được triệu tập: {base.summoned}; có mặt: {round_.present}; số tính tỷ lệ: {base.value}.",
        Para("II. Phiếu giới thiệu", heading=True),
        f"Số phiếu phát ra: {round_.issued}; thu vào: {round_.returned}; hợp lệ: {round_.valid}; "
        f"không hợp lệ: {round_.invalid}.",
    ]
    for bad in (result.get("ballots") or {}).get("invalid_ballots", []):
        body.append(f"- Phiếu số {bad['number']} không hợp lệ: {bad['reason']}.")
    body.append(Para("III. Kết quả giới thiệu (theo thứ tự số phiếu từ cao xuống thấp)", heading=True))
    for row in poll_rows(round_):
        body.append(
            f"{row.rank}. {row.name}: {row.votes} phiếu, đạt {_pct(row.percent)}% so với số người được lấy phiếu."
        )
    body.append(
        "Kết quả lấy phiếu giới thiệu là căn cứ để cấp ủy xem xét, chuẩn bị nhân sự; không phải kết quả bầu cử."
    )
    body += member_signatures(committee, "CÁC THÀNH VIÊN TỔ KIỂM PHIẾU")
    return PartyDocument(
        issuer=org.name,
        superior=parent.name if parent else "",
        title="Biên bản kiểm phiếu giới thiệu nhân sự",
        subject=poll_title(election),
        place=place_name(org),
        on=election.held_on,
        body=body,
        signer_capacity="T/M Tổ kiểm phiếu",
        signer_title="Tổ trưởng",
        signer_name=committee[0] if committee else "",
        file_hint=f"gioi-thieu-{round_.number}",
    )
