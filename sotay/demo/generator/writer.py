"""Writing a plan to the database: organisations, their history, members and the demo logins."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from sotay.accounts.models import User
from sotay.lib.vntext import fold, nfc
from sotay.members import newcomers
from sotay.members.choices import ACTIVE_STATUSES, MemberStatus
from sotay.members.counts import rebuild as rebuild_counts
from sotay.members.models import Member
from sotay.members.snapshots import rebuild as rebuild_snapshots
from sotay.orgs.models import (
    HandoverMinutes,
    Organization,
    OrgKind,
    OrgVersion,
    Reorganization,
    Role,
    RoleGrant,
)

from .cadres import add_demo_cadres
from .congresses import add_demo_congresses
from .discipline import add_demo_discipline
from .documents import add_demo_library
from .dues import add_demo_wage_regions
from .evaluation import add_demo_evaluation
from .handbook import add_demo_handbook
from .lifecycle import add_demo_lifecycle
from .meetings import add_demo_meetings
from .people import iter_members
from .plan import DemoPlan, build_plan
from .recognition import add_demo_recognitions
from .vocabulary import (
    COMMUNES_FROM,
    DEFAULT_MEMBERS,
    DEFAULT_SEED,
    MERGER_ON,
    PROVINCE_NAME,
    THAI_BINH_FIRST_WARD_CODE,
)

# --------------------------------------------------------------------------------------------------------------
# Demo logins.


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    last_name: str  # họ và tên đệm
    first_name: str  # tên
    phone: str | None = None


DEMO_PASSWORD = "sotay-demo"  # the same for every demo login
DEMO_LOGINS: list[DemoLogin] = [
    DemoLogin("bantochuc", Role.ORG_DEPT_OFFICER, "Đỗ Thị", "Hạnh"),
    DemoLogin("tinhuy", Role.COMMITTEE, "Nguyễn Văn", "Thắng"),
    DemoLogin("xa", Role.COMMITTEE, "Trần Minh", "Đức"),
    DemoLogin("dangbocoso", Role.BASE_COMMITTEE, "Lê Thị", "Thu"),
    DemoLogin("chibo", Role.CELL_COMMITTEE, "", "", phone="0912000001"),
    DemoLogin("dangvien", Role.MEMBER, "", "", phone="0912000002"),
    DemoLogin("quantri", Role.SYSTEM_ADMIN, "Phạm Quang", "Tuấn"),
]


@dataclass
class DemoSummary:
    members: int
    organizations: int
    communes: int
    base_organizations: int
    cells: int
    seconds: float


def _create_logins(plan: DemoPlan, pks: list[int]) -> None:
    orgs = plan.orgs
    commune = plan.communes[0]
    in_commune = [i for i, spec in enumerate(orgs) if spec.path.startswith(orgs[commune].path)]
    committees = [i for i in in_commune if orgs[i].kind == OrgKind.BASE_COMMITTEE]
    committees = committees or [i for i, spec in enumerate(orgs) if spec.kind == OrgKind.BASE_COMMITTEE]
    cell = next(i for i in in_commune if orgs[i].kind == OrgKind.BASE_CELL and orgs[i].size >= 3)
    cell_members = list(
        Member.objects.filter(organization_id=pks[cell], status__in=ACTIVE_STATUSES)
        .order_by("pk")
        .values_list("pk", "status")
    )
    officials = [pk for pk, status in cell_members if status == MemberStatus.OFFICIAL]
    secretary = officials[0]
    ordinary = officials[1] if len(officials) > 1 else next(pk for pk, _s in cell_members if pk != secretary)
    where = {
        "bantochuc": plan.province,
        "tinhuy": plan.province,
        "xa": commune,
        "dangbocoso": committees[0],
        "chibo": cell,
        "dangvien": cell,
        "quantri": plan.province,
    }
    linked = {"chibo": secretary, "dangvien": ordinary}
    password = make_password(DEMO_PASSWORD)
    for login in DEMO_LOGINS:
        member_id = linked.get(login.username)
        user = User(
            username=login.username,
            password=password,
            last_name=nfc(login.last_name),
            first_name=nfc(login.first_name),
            phone=login.phone,
            member_id=member_id,
            is_staff=login.role == Role.SYSTEM_ADMIN,
            is_superuser=login.role == Role.SYSTEM_ADMIN,
        )
        if member_id is not None:
            member = Member.objects.get(pk=member_id)
            family, _sep, rest = member.full_name.partition(" ")
            middle, _sep, given = rest.rpartition(" ")
            user.last_name, user.first_name = f"{family} {middle}".strip(), given
            Member.objects.filter(pk=member_id).update(phone=login.phone)
        user.save()
        RoleGrant.objects.create(user=user, organization_id=pks[where[login.username]], role=login.role)


# --------------------------------------------------------------------------------------------------------------
# Writing.


def _versions(plan: DemoPlan, pks: list[int]) -> list[OrgVersion]:
    """One history row per organisation; one that outlives its parent (an old district after its province ended)
    has a second row under the parent's successor from that day."""
    rows = []
    for spec, pk in zip(plan.orgs, pks, strict=True):
        up = plan.orgs[spec.parent] if spec.parent is not None else None
        parents = [(spec.parent, spec.valid_from, spec.valid_to)]
        if (
            up is not None
            and up.valid_to is not None
            and up.successor is not None
            and (spec.valid_to is None or spec.valid_to > up.valid_to)
        ):
            parents = [(spec.parent, spec.valid_from, up.valid_to), (up.successor, up.valid_to, spec.valid_to)]
        rows += [
            OrgVersion(
                organization_id=pk,
                name=spec.name,
                name_folded=fold(spec.name),
                kind=spec.kind,
                parent_id=pks[parent] if parent is not None else None,
                valid_from=start,
                valid_to=end,
            )
            for parent, start, end in parents
        ]
    return rows


def _commune_mergers(plan: DemoPlan, pks: list[int]) -> None:
    """The old communes merged into each of today's (effective 01/07/2025; the decisions' numbers are not given)."""
    sources: dict[int, list[int]] = {}
    for i, spec in enumerate(plan.orgs):
        if spec.successor is not None and spec.kind == OrgKind.BASE_COMMITTEE and spec.valid_to == COMMUNES_FROM:
            sources.setdefault(spec.successor, []).append(i)
    through = Reorganization.sources.through
    links = []
    for target, olds in sources.items():
        event = Reorganization.objects.create(
            kind=Reorganization.Kind.MERGE,
            decision_number="QĐ của Ban Thường vụ Tỉnh ủy (số chưa ghi)",
            decision_on=MERGER_ON,
            effective_on=COMMUNES_FROM,
            acting_body_id=pks[plan.province],
            acting_body_name="Ban Thường vụ Tỉnh ủy Hưng Yên",
            source_names=[plan.orgs[i].name for i in olds],
            target_names=[plan.orgs[target].name],
            note="Hợp nhất các đảng bộ xã, phường cũ khi sắp xếp đơn vị hành chính. (Dữ liệu mẫu: tên cũ là tên đặt.)",
        )
        event.targets.add(pks[target])
        links += [through(reorganization_id=event.pk, organization_id=pks[i]) for i in olds]
    through.objects.bulk_create(links)


def _history(plan: DemoPlan, pks: list[int], moved: dict[int, int]) -> None:
    """The founding of the new province and the two mergers of 30/6/2025
    (docs/rules/organisation.md#hợp-nhất-hưng-yên-và-thái-bình)."""
    province = pks[plan.province]
    found = Reorganization.objects.create(
        kind=Reorganization.Kind.FOUND,
        decision_number="QĐ của Bộ Chính trị (số chưa ghi)",
        decision_on=MERGER_ON,
        effective_on=MERGER_ON,
        acting_body_name="Bộ Chính trị",
        note=(
            "Thành lập Đảng bộ tỉnh Hưng Yên trên cơ sở hợp nhất Đảng bộ tỉnh Hưng Yên và Đảng bộ tỉnh "
            "Thái Bình; chỉ định Ban Chấp hành, Ban Thường vụ nhiệm kỳ 2020–2025. "
            "(Dữ liệu mẫu: không ghi số hiệu quyết định.)"
        ),
    )
    found.targets.add(province)
    found.target_names = [PROVINCE_NAME]
    found.save(update_fields=["target_names"])
    OrgVersion.objects.filter(organization_id=province).update(reorganization=found)
    old_hy, old_tb = (pks[i] for i in plan.old_roots)
    events = [
        (
            old_hy,
            "1788-QĐ/TU",
            dt.date(2025, 6, 26),
            "Ban Chấp hành Đảng bộ tỉnh Hưng Yên",
            "Ban Tổ chức Tỉnh ủy Hưng Yên (trước hợp nhất) bàn giao; Ban Tổ chức Tỉnh ủy Hưng Yên tiếp nhận",
            moved.get(plan.old_roots[0], 0),
        ),
        (
            old_tb,
            "2051-QĐ/TU",
            dt.date(2025, 6, 27),
            "Ban Chấp hành Đảng bộ tỉnh Thái Bình",
            "Ban Tổ chức Tỉnh ủy Thái Bình bàn giao; Ban Tổ chức Tỉnh ủy Hưng Yên tiếp nhận",
            moved.get(plan.old_roots[1], 0),
        ),
    ]
    for source, number, decided, body, parties, count in events:
        event = Reorganization.objects.create(
            kind=Reorganization.Kind.MERGE,
            decision_number=number,
            decision_on=decided,
            effective_on=MERGER_ON,
            acting_body_id=source,
            acting_body_name=body,
            members_moved=count,
            note="Chuyển giao toàn bộ tổ chức đảng và đảng viên về Đảng bộ tỉnh Hưng Yên (mới).",
        )
        event.sources.add(source)
        event.targets.add(province)
        event.source_names = list(Organization.objects.filter(pk=source).values_list("name", flat=True))
        event.target_names = [PROVINCE_NAME]
        event.save(update_fields=["source_names", "target_names"])
        HandoverMinutes.objects.create(
            reorganization=event,
            signed_on=MERGER_ON,
            parties=parties,
            note="Biên bản bàn giao tổ chức đảng, đảng viên và hồ sơ đảng viên.",
        )


def write_plan(plan: DemoPlan, *, batch_size: int = 5000, progress: Callable[[str], None] | None = None) -> DemoSummary:
    """Insert the plan into the (empty) database in one transaction."""
    started = time.perf_counter()
    say = progress or (lambda _message: None)
    with transaction.atomic():
        Organization.objects.bulk_create(
            [
                Organization(
                    path=spec.path,
                    depth=spec.depth,
                    numchild=spec.numchild,
                    code=spec.code,
                    name=spec.name,
                    name_folded=fold(spec.name),
                    kind=spec.kind,
                    commune_type=spec.commune_type,
                    cell_type=spec.cell_type,
                    ward_code=spec.ward_code,
                    valid_from=spec.valid_from,
                    valid_to=spec.valid_to,
                )
                for spec in plan.orgs
            ],
            batch_size=batch_size,
        )
        by_code = dict(Organization.objects.values_list("code", "pk"))
        pks = [by_code[spec.code] for spec in plan.orgs]
        for spec, pk in zip(plan.orgs, pks, strict=True):
            if spec.successor is not None:
                Organization.objects.filter(pk=pk).update(successor_id=pks[spec.successor])
        OrgVersion.objects.bulk_create(_versions(plan, pks), batch_size=batch_size)
        say(f"Đã tạo {len(plan.orgs):,} tổ chức đảng.".replace(",", "."))

        old_of_commune = {
            spec.path: (plan.old_roots[0] if ward_code < THAI_BINH_FIRST_WARD_CODE else plan.old_roots[1])
            for spec in (plan.orgs[c] for c in plan.communes)
            if (ward_code := spec.ward_code) is not None  # every commune of the plan has its ward
        }
        commune_prefix_length = len(plan.orgs[plan.communes[0]].path)
        moved: dict[int, int] = {}
        batch: list[Member] = []
        written = 0
        for values in iter_members(plan):
            cell = values.pop("organization")
            if values["status"] in ACTIVE_STATUSES:
                old = old_of_commune.get(plan.orgs[cell].path[:commune_prefix_length])
                if old is not None:
                    moved[old] = moved.get(old, 0) + 1
            batch.append(Member(organization_id=pks[cell], **values))
            if len(batch) >= batch_size:
                newcomers.register(batch, count=False)
                written += len(batch)
                batch = []
                if written % (batch_size * 4) == 0:
                    say(f"  … {written:,} đảng viên".replace(",", "."))
        newcomers.register(batch, count=False)
        written += len(batch)
        _history(plan, pks, moved)
        _commune_mergers(plan, pks)
        _create_logins(plan, pks)
        add_demo_library()  # real documents, starter guides (sotay/demo/generator/documents.py)
        add_demo_wage_regions()  # the wage region of the province and its wards, for dues (generator/dues.py)
        add_demo_meetings(plan.today)  # schedules and past meetings (sotay/demo/generator/meetings.py)
        add_demo_handbook(plan.today)  # announcements, study, two-way channel (generator/handbook.py)
        add_demo_lifecycle(plan.today)  # admission cases, targets, a file on loan (generator/lifecycle.py)
        add_demo_recognitions(plan.today)  # recognition as official member (generator/recognition.py)
        add_demo_evaluation(plan.today)  # reviews, model cells, bốn tốt (generator/evaluation.py)
        add_demo_discipline(plan.today)  # inspection plan, three disciplinary decisions (generator/discipline.py)
        add_demo_cadres(plan.today)  # positions, a 2030–2035 plan, rotations, verification (generator/cadres.py)
        add_demo_congresses(plan.today)  # cell congresses, a held commune election (generator/congresses.py)
        rebuild_counts()  # the statistics counts, from scratch (sotay/members/counts.py)
        rebuild_snapshots()  # and the snapshots of past month and year ends (sotay/members/snapshots.py)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    kinds = [spec.kind for spec in plan.orgs if spec.valid_to is None]  # today's tree, not the history
    return DemoSummary(
        members=written,
        organizations=len(kinds),
        communes=len(plan.communes),
        base_organizations=sum(k in (OrgKind.BASE_CELL, OrgKind.BASE_COMMITTEE) for k in kinds),
        cells=sum(k in (OrgKind.BASE_CELL, OrgKind.CELL) for k in kinds),
        seconds=time.perf_counter() - started,
    )


def generate(
    members: int = DEFAULT_MEMBERS,
    seed: int = DEFAULT_SEED,
    *,
    today: dt.date | None = None,
    batch_size: int = 5000,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Build and write the demo province. The database must not hold any organisation yet."""
    from sotay.rules.registry import rule_value

    today = today or timezone.localdate()
    plan = build_plan(members, seed, today, probation_months=int(rule_value("probation_months", today)))
    return write_plan(plan, batch_size=batch_size, progress=progress)


def demo_logins() -> list[tuple[DemoLogin, User, RoleGrant]]:
    """The demo accounts present in the database, with their role grant, in the order of DEMO_LOGINS."""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[d.username for d in DEMO_LOGINS]).select_related(
            "member__organization"
        )
    }
    rows = []
    for login in DEMO_LOGINS:
        user = users.get(login.username)
        if user is None:
            continue
        grant = RoleGrant.objects.filter(user=user, role=login.role).select_related("organization").first()
        if grant is not None:
            rows.append((login, user, grant))
    return rows
