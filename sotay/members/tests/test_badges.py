"""Party badges (Huy hiệu Đảng, docs/rules/party-age-and-badges.md#mốc-huy-hiệu-đảng): milestones, candidates of an
occasion, the award and its refusals."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sotay.audit.models import AuditEntry
from sotay.members.badges import BadgeRulesMissing, award_badge, badge_candidates, badge_rules, eligibility_date
from sotay.members.choices import MemberStatus
from sotay.members.models import Badge, MemberChange
from sotay.members.party_age import record_party_age_gap
from sotay.members.tests.factories import MemberFactory
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db

D = dt.date
OCCASION = D(2026, 9, 2)


def test_award_occasions_are_the_four_of_01_hd_tw_section_18():
    """01-HD/TW §18: badges are awarded on 3/2, 19/5, 2/9 and 7/11 — confirmed, with no "unconfirmed" mark."""
    for on in (D(2022, 1, 1), OCCASION):
        rules = badge_rules(on)
        assert rules.occasions == ((3, 2), (19, 5), (2, 9), (7, 11)) and rules.occasions_source == "01-HD/TW §18"
        assert "unconfirmed" not in rules.note.lower()
    rules = badge_rules(OCCASION)
    assert [rules.next_occasion(d) for d in (D(2026, 2, 3), D(2026, 2, 4), D(2026, 9, 3), D(2026, 11, 8))] == [
        D(2026, 2, 3),
        D(2026, 5, 19),
        D(2026, 11, 7),
        D(2027, 2, 3),
    ]


def test_milestones_follow_the_guidance_in_force():
    """01-HD/TW 2021 §18 (kept, as far as known, by 06-HD/TW 2025): 30, 40, 45 … 90 years; early windows."""
    rules = badge_rules(OCCASION)
    assert rules.document == "06-HD/TW"
    assert rules.milestones == (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
    assert [rules.ill_early_months(n) for n in (30, 65, 70, 90)] == [12, 12, 24, 24]
    assert rules.posthumous_early_months == 12
    assert badge_rules(D(2023, 2, 3)).document == "01-HD/TW"
    with pytest.raises(BadgeRulesMissing):
        badge_rules(D(2020, 9, 2))


def member(org, decided=None, joined=None, status=MemberStatus.OFFICIAL, **extra):
    joined = joined or decided
    return MemberFactory(
        organization=org,
        admission_decision_on=decided,
        joined_on=joined,
        birth_on=D(1930, 1, 1),
        status=status,
        **extra,
    )


def held(m, *years):
    for n in years:
        Badge.objects.create(member=m, years=n, badge_number=f"HH-{m.pk}-{n}", awarded_on=D(2000, 1, 1))


@pytest.fixture
def occasion(cast):
    """Members of the province around the 2/9/2026 occasion (commune A is the subtree asked about)."""
    x = SimpleNamespace(cast=cast)
    x.due30 = member(cast.cell_a, D(1996, 9, 2), D(1996, 9, 15))  # reaches 30 years on the day
    x.not_yet = member(cast.cell_a, D(1996, 9, 3))
    x.ceremony_only = member(cast.cell_a2, None, D(1986, 9, 1))  # no decision date: from the ceremony
    held(x.ceremony_only, 30)
    x.gapped = member(cast.cell_a, D(1996, 1, 1))
    record_party_age_gap(
        member=x.gapped,
        start_on=D(2000, 1, 1),
        end_on=D(2000, 12, 31),
        reason="Gián đoạn",
        actor=Actor.system("command:test"),
    )
    x.backlog = member(cast.cell_a, D(1980, 6, 1))  # 46 years, holds 30 and 40
    held(x.backlog, 30, 40)
    x.never_recorded = member(cast.cell_a2, D(1974, 1, 1))  # 52 years, no badge recorded
    x.holds45 = member(cast.cell_a, D(1979, 1, 1))  # 47 years, holds 45: next is 50 in 2029
    held(x.holds45, 30, 40, 45)
    x.outside = member(cast.cell_b, D(1990, 1, 1))
    x.left = member(cast.cell_a, D(1990, 1, 1), status=MemberStatus.LEFT, exit_kind="RESIGNED")
    x.ill29 = member(cast.cell_a, D(1997, 3, 1))  # 30 years on 01/03/2027: 6 months early
    x.ill68 = member(cast.cell_a, D(1958, 8, 1))  # 70 years on 01/08/2028: 23 months early
    held(x.ill68, 30, 40, 45, 50, 55, 60, 65)
    x.ill_far = member(cast.cell_a, D(1998, 1, 1))  # 30 years on 01/01/2028: 16 months early, too early
    x.dead_recent = member(
        cast.cell_a, D(1996, 12, 1), status=MemberStatus.DECEASED, status_changed_on=D(2026, 3, 1)
    )  # 30 years would have been on 01/12/2026, 9 months after death
    x.dead_old = member(cast.cell_a, D(1990, 1, 1), status=MemberStatus.DECEASED, status_changed_on=D(2025, 1, 1))
    return x


def listed(candidates):
    return {(c.member.pk, c.years, c.is_early, c.is_posthumous): c for c in candidates}


def test_candidates_of_a_subtree_for_2_9_2026(occasion):
    """docs/rules/party-age-and-badges.md#mốc-huy-hiệu-đảng: the highest milestone reached by the occasion, with Party
    age counted as docs/rules/party-age-and-badges.md#tuổi-đảng says."""
    x = occasion
    found = listed(badge_candidates(x.cast.commune_a, OCCASION))
    assert set(found) == {
        (x.due30.pk, 30, False, False),
        (x.ceremony_only.pk, 40, False, False),
        (x.backlog.pk, 45, False, False),
        (x.never_recorded.pk, 50, False, False),
    }
    due = found[(x.due30.pk, 30, False, False)]
    assert due.eligible_on == OCCASION and due.party_age.years == 30
    assert eligibility_date(x.gapped, 30) == D(2026, 1, 1) + dt.timedelta(days=366)


def test_early_and_posthumous_candidates_only_when_asked(occasion):
    """docs/rules/party-age-and-badges.md#tặng-sớm-và-truy-tặng: seriously ill up to 12 months early (30–65) or 24
    (70–90); posthumous up to 12 months early."""
    x = occasion
    ill = {x.ill29.pk, x.ill68.pk, x.ill_far.pk}
    found = listed(badge_candidates(x.cast.commune_a, OCCASION, include_early=True, ill_member_ids=ill))
    assert (x.ill29.pk, 30, True, False) in found
    assert (x.ill68.pk, 70, True, False) in found
    assert (x.dead_recent.pk, 30, True, True) in found
    assert found[(x.dead_recent.pk, 30, True, True)].eligible_on == D(2026, 12, 1)
    assert (x.dead_old.pk, 30, False, True) in found  # died 01/01/2025 with 30 years reached in 2020, never awarded
    assert not {pk for pk, *_ in found} & {x.ill_far.pk, x.left.pk, x.outside.pk, x.not_yet.pk}
    assert len(found) == 8
    # Without the ill flag of the request, nobody is proposed early.
    assert x.ill29.pk not in {pk for pk, *_ in listed(badge_candidates(x.cast.commune_a, OCCASION, include_early=True))}


def test_a_province_sees_every_commune_and_an_award_removes_the_candidate(occasion):
    """docs/rules/party-age-and-badges.md#mốc-huy-hiệu-đảng: one badge per milestone; the next occasion proposes the
    next milestone."""
    x = occasion
    assert x.outside.pk in {c.member.pk for c in badge_candidates(x.cast.province, OCCASION)}
    award_badge(
        member=x.due30,
        years=30,
        awarded_on=OCCASION,
        badge_number="0300001",
        occasion="Quốc khánh 2/9/2026",
        decision_number="45-QĐ/TU",
        actor=Actor.for_user(x.cast.provincial_officer),
    )
    assert x.due30.pk not in {c.member.pk for c in badge_candidates(x.cast.commune_a, OCCASION)}


def test_award_writes_the_badge_history_and_audit(occasion):
    """docs/rules/party-age-and-badges.md#ghi-nhận-việc-tặng, docs/rules/personal-data.md#nhật-ký-xem-và-xuất-hồ-sơ: the
    award records the rule version, the decision and who did it."""
    x = occasion
    badge = award_badge(
        member=x.backlog,
        years=45,
        awarded_on=OCCASION,
        badge_number=" 0450007 ",
        occasion="Quốc khánh 2/9/2026",
        decision_number="45-QĐ/TU",
        actor=Actor.for_user(x.cast.commune_committee),
    )
    assert badge.badge_number == "0450007" and not badge.is_early and not badge.is_posthumous
    assert badge.rule_reference.startswith("06-HD/TW")
    change = MemberChange.objects.get(member=x.backlog, kind=MemberChange.Kind.BADGE)
    assert change.decision_number == "45-QĐ/TU" and change.decision_on == OCCASION
    entry = AuditEntry.objects.get(object_type="members.badge", object_id=str(badge.pk))
    assert entry.actor == x.cast.commune_committee and entry.data["years"] == 45


def test_early_awards_for_ill_members_within_the_window(occasion):
    """docs/rules/party-age-and-badges.md#tặng-sớm-và-truy-tặng: up to 24 months early for 70 years; up to 12 months for
    30 years."""
    x = occasion
    b70 = award_badge(
        member=x.ill68,
        years=70,
        awarded_on=OCCASION,
        badge_number="0700001",
        occasion="2/9/2026",
        decision_number="46-QĐ/TU",
        actor=Actor.system("command:test"),
        early=True,
    )
    assert b70.is_early
    with pytest.raises(ValidationError) as exc:
        award_badge(
            member=x.ill_far,
            years=30,
            awarded_on=OCCASION,
            badge_number="0300009",
            occasion="2/9/2026",
            decision_number="46-QĐ/TU",
            actor=Actor.system("command:test"),
            early=True,
        )
    assert "tối đa 12 tháng" in exc.value.message_dict["years"][0]


def test_posthumous_award_for_a_member_who_died_within_12_months_of_the_milestone(occasion):
    """docs/rules/party-age-and-badges.md#tặng-sớm-và-truy-tặng: posthumous award up to 12 months early."""
    x = occasion
    badge = award_badge(
        member=x.dead_recent,
        years=30,
        awarded_on=OCCASION,
        badge_number="0300100",
        occasion="2/9/2026",
        decision_number="47-QĐ/TU",
        actor=Actor.system("command:test"),
        posthumous=True,
    )
    assert badge.is_posthumous and badge.is_early


def test_posthumous_candidates_are_not_limited_to_deaths_in_the_last_12_months(occasion):
    """01-HD/TW §18: a posthumous award may come up to 12 months before the milestone — the 12 months are counted
    from the death to the milestone, not back from the occasion. A member who died 2 years before the occasion,
    9 months before reaching 40 years, is proposed for 40; one who died 13 months before the milestone is not."""
    x = occasion
    within = member(x.cast.cell_a, D(1985, 6, 1), status=MemberStatus.DECEASED, status_changed_on=D(2024, 9, 1))
    held(within, 30)
    beyond = member(x.cast.cell_a, D(1985, 10, 1), status=MemberStatus.DECEASED, status_changed_on=D(2024, 9, 1))
    held(beyond, 30)
    found = listed(badge_candidates(x.cast.commune_a, OCCASION, include_early=True))
    assert found[(within.pk, 40, True, True)].eligible_on == D(2025, 6, 1)
    assert beyond.pk not in {pk for pk, *_ in found}
    badge = award_badge(
        member=within,
        years=40,
        awarded_on=OCCASION,
        badge_number="0400100",
        occasion="2/9/2026",
        decision_number="49-QĐ/TU",
        actor=Actor.system("command:test"),
        posthumous=True,
    )
    assert badge.is_posthumous and badge.is_early


def refusal_cases(x):
    base = {
        "awarded_on": OCCASION,
        "occasion": "2/9/2026",
        "decision_number": "48-QĐ/TU",
        "actor": Actor.system("command:test"),
    }
    return {
        "duplicate milestone": (
            {**base, "member": x.backlog, "years": 40, "badge_number": "N1"},
            "years",
            "đã được tặng Huy hiệu 40 năm",
        ),
        "duplicate number": (
            {**base, "member": x.due30, "years": 30, "badge_number": f"HH-{x.backlog.pk}-30"},
            "badge_number",
            "đã được cấp",
        ),
        "early without the flag": (
            {**base, "member": x.ill29, "years": 30, "badge_number": "N2"},
            "years",
            "Đến 01/03/2027 đảng viên mới đủ 30 năm tuổi Đảng",
        ),
        "posthumous for a living member": (
            {**base, "member": x.due30, "years": 30, "badge_number": "N3", "posthumous": True},
            "posthumous",
            "Chỉ truy tặng cho đảng viên đã từ trần",
        ),
        "deceased without the flag": (
            {**base, "member": x.dead_recent, "years": 30, "badge_number": "N4"},
            "posthumous",
            "chỉ có thể truy tặng",
        ),
        "posthumous too early": (
            {**base, "member": x.dead_recent, "years": 40, "badge_number": "N5", "posthumous": True},
            "years",
            "không quá 12 tháng",
        ),
        "not a milestone": (
            {**base, "member": x.backlog, "years": 35, "badge_number": "N6"},
            "years",
            "Không có mốc Huy hiệu 35",
        ),
        "left the Party": (
            {**base, "member": x.left, "years": 30, "badge_number": "N7"},
            "member",
            "đang sinh hoạt",
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "duplicate milestone",
        "duplicate number",
        "early without the flag",
        "posthumous for a living member",
        "deceased without the flag",
        "posthumous too early",
        "not a milestone",
        "left the Party",
    ],
)
def test_refusals_are_in_vietnamese_and_write_nothing(occasion, case):
    """docs/rules/party-age-and-badges.md#tặng-sớm-và-truy-tặng: one badge per milestone and number; early only when
    ill, posthumous only after death."""
    kwargs, field, message = refusal_cases(occasion)[case]
    counts = (Badge.objects.count(), MemberChange.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as exc:
        award_badge(**kwargs)
    assert message in " ".join(exc.value.message_dict[field])
    assert (Badge.objects.count(), MemberChange.objects.count(), AuditEntry.objects.count()) == counts


def test_candidates_page_for_the_committee_of_the_subtree(client, occasion):
    """docs/rules/party-age-and-badges.md#mốc-huy-hiệu-đảng: the committee proposes its subtree's members (CHANGE_STATUS
    in scope)."""
    x = occasion
    client.force_login(x.cast.commune_committee)
    response = client.get(reverse("members:badges"), {"org": x.cast.commune_a.pk, "on": "02/09/2026"})
    assert response.status_code == 200
    body = response.content.decode()
    assert x.due30.full_name in body and x.backlog.full_name in body
    assert x.outside.full_name not in body and x.ill29.full_name not in body
    with_dead = client.get(reverse("members:badges"), {"org": x.cast.commune_a.pk, "on": "02/09/2026", "early": "1"})
    assert x.dead_recent.full_name in with_dead.content.decode()


def test_candidates_page_higher_level_bad_date_and_outsiders(client, occasion):
    """Rights flow down the tree: the province sees communes; outsiders and secretaries without the right get 404."""
    x = occasion
    client.force_login(x.cast.provincial_officer)
    response = client.get(reverse("members:badges"), {"org": x.cast.commune_b.pk, "on": "02/09/2026"})
    assert x.outside.full_name in response.content.decode()
    assert "dd/mm/yyyy" in client.get(reverse("members:badges"), {"on": "31/02/2026"}).content.decode()
    client.force_login(x.cast.commune_committee)
    assert client.get(reverse("members:badges"), {"org": x.cast.commune_b.pk}).status_code == 404
    for user in (x.cast.outsider, x.cast.cell_secretary, x.cast.member):
        client.force_login(user)
        assert client.get(reverse("members:badges"), {"org": x.cast.cell_a.pk}).status_code == 404


def test_profile_shows_party_age_gaps_and_badges(client, occasion):
    """docs/rules/party-age-and-badges.md#khoảng-không-sinh-hoạt-đảng,
    docs/rules/party-age-and-badges.md#mốc-huy-hiệu-đảng: the profile shows Party age net of gaps, the gaps and the
    badges."""
    x = occasion
    client.force_login(x.cast.commune_committee)
    body = client.get(reverse("members:detail", args=[x.gapped.pk])).content.decode()
    assert (
        "366 ngày" in body and "Gián đoạn" in body and "Huy hiệu 30 năm tuổi Đảng, đủ tuổi đảng ngày 02/01/2027" in body
    )
    body = client.get(reverse("members:detail", args=[x.backlog.pk])).content.decode()
    assert f"HH-{x.backlog.pk}-40" in body and "Danh sách đề nghị tặng Huy hiệu" in body


def test_profile_says_a_badge_is_already_due_instead_of_a_past_next_milestone(client, cast):
    """docs/rules/party-age-and-badges.md#mốc-huy-hiệu-đảng (review finding): 57 years of Party age and no badge: the
    55-year badge is due, not "next"."""
    import datetime as dt

    from django.urls import reverse

    from sotay.members.badges import next_milestone
    from sotay.members.tests.factories import MemberFactory

    veteran = MemberFactory(
        organization=cast.cell_a, joined_on=dt.date(1969, 3, 1), admission_decision_on=dt.date(1969, 2, 20)
    )
    years, day = next_milestone(veteran, dt.date(2026, 11, 27))
    assert (years, day) == (55, dt.date(2024, 2, 20))
    client.force_login(cast.commune_committee)
    html = client.get(reverse("members:detail", args=[veteran.pk])).content.decode()
    assert "Đã đủ tuổi đảng để được xét tặng Huy hiệu 55 năm tuổi Đảng (từ ngày 20/02/2024)" in html
