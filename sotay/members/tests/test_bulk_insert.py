"""`sotay.lib.bulk.insert` writes the same rows as Django's ``bulk_create`` (docs/decisions/0013-bulk-insert.md): the
same values read back for every kind of field the import writes (text, choices, dates, date-times filled on save,
JSON, keys given as objects or ids, IP addresses), each object saved with its own new id, ids never reused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.forms.models import model_to_dict

from sotay.audit.models import AuditAction, AuditEntry
from sotay.lib import bulk
from sotay.members.choices import MemberStatus
from sotay.members.models import Member, MemberChange
from sotay.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _members(org, n: int, tag: str) -> list[Member]:
    return [
        Member(
            full_name=f"Nguyễn Thị {tag}{i}",
            organization=org if i % 2 else None,
            organization_id=org.pk,
            status=MemberStatus.OFFICIAL if i % 2 else "PROBATIONARY",
            birth_on=dt.date(1980, 1, 1) + dt.timedelta(days=i),
            residence_address="Hưng Yên" if i % 3 else "",
            joined_on=dt.date(2010, 5, 19),
            official_on=dt.date(2011, 5, 19) if i % 2 else None,
            citizen_id=f"0011{tag}{i:07d}"[:12],
        )
        for i in range(n)
    ]


def _row(obj, exclude=("id",)) -> dict:
    return {k: v for k, v in model_to_dict(type(obj).objects.get(pk=obj.pk)).items() if k not in exclude}


def test_members_read_back_as_bulk_create_writes_them(cast):
    org = cast.cell_a
    with transaction.atomic():
        fast = bulk.insert(_members(org, 7, "1"))
    slow = Member.objects.bulk_create(_members(org, 7, "2"))
    assert [m.pk for m in fast] == sorted({m.pk for m in fast}) and all(not m._state.adding for m in fast)
    for a, b in zip(fast, slow, strict=True):
        left, right = _row(a, ("id", "citizen_id", "full_name")), _row(b, ("id", "citizen_id", "full_name"))
        assert left == right
        assert Member.objects.get(pk=a.pk).full_name == a.full_name


def test_audit_entries_and_history_with_json_times_and_keys(cast):
    member = MemberFactory(organization=cast.cell_a)
    before = dt.datetime.now(dt.UTC)
    entries = [
        AuditEntry(
            actor=cast.cell_secretary,
            actor_name="Bí thư",
            action=AuditAction.CREATE,
            object_type="members.member",
            object_id=str(member.pk),
            organization_id=cast.cell_a.pk,
            data={"import": 3, "tên": "Hòa", "fields": ["a", "b"]},
            ip="10.0.0.1",
        ),
        AuditEntry(action=str(AuditAction.UPDATE), data={}, ip=None),
    ]
    changes = [MemberChange(member=member, at=before, kind=MemberChange.Kind.CREATE, changes={"x": [None, "ý"]})]
    with transaction.atomic():
        bulk.insert(entries)
        bulk.insert(changes)
    first, second = (AuditEntry.objects.get(pk=e.pk) for e in entries)
    assert first.at >= before and second.at >= before  # auto_now_add filled on insert
    assert first.data == {"import": 3, "tên": "Hòa", "fields": ["a", "b"]} and first.ip == "10.0.0.1"
    assert first.actor_id == cast.cell_secretary.pk and first.organization_id == cast.cell_a.pk
    assert second.action == "update" and second.ip is None and second.actor_id is None
    change = MemberChange.objects.get(pk=changes[0].pk)
    assert change.member_id == member.pk and change.changes == {"x": [None, "ý"]} and change.kind == "CREATE"
    assert change.at == before


def test_ids_continue_past_deleted_rows_and_after_bulk_create(cast):
    """The next ids after the largest ever used (SQLite AUTOINCREMENT; the sequence on PostgreSQL), so a deleted
    member's id never comes back, and bulk_create after `insert` does not collide."""
    with transaction.atomic():
        first = bulk.insert(_members(cast.cell_a, 3, "3"))
    top = max(m.pk for m in first)
    Member.objects.filter(pk__in=[m.pk for m in first]).delete()
    with transaction.atomic():
        again = bulk.insert(_members(cast.cell_a, 2, "4"))
    assert min(m.pk for m in again) > top
    later = Member.objects.bulk_create(_members(cast.cell_a, 2, "5"))
    assert min(m.pk for m in later) > max(m.pk for m in again)


def test_objects_with_ids_and_empty_lists(cast):
    assert bulk.insert([]) == []
    with transaction.atomic():
        given = Member(pk=987654, full_name="Lê Văn Tám", organization=cast.cell_a, status="OFFICIAL")
        given.birth_on, given.joined_on = dt.date(1970, 1, 1), dt.date(2000, 1, 1)
        (kept,) = bulk.insert([given])
    assert Member.objects.get(pk=987654).full_name == "Lê Văn Tám" and kept.pk == 987654


def test_an_unsaved_related_object_is_refused(cast):
    """As bulk_create: a key given as an object that has no id yet is an error, and nothing is written."""
    unsaved = Member(full_name="Chưa lưu", organization=cast.cell_a)
    with pytest.raises(ValueError), transaction.atomic():
        bulk.insert([MemberChange(member=unsaved, at=dt.datetime.now(dt.UTC), kind="CREATE", changes={})])
    assert not MemberChange.objects.filter(member__full_name="Chưa lưu").exists()
    assert connection.vendor in ("sqlite", "postgresql")


def test_a_related_object_saved_after_it_was_assigned_gives_its_id(cast):
    """As bulk_create: an object assigned while unsaved and saved since gives the key its id (the key was empty when
    it was assigned); the keys of the other objects, given as ids, are kept."""
    later = Member(
        full_name="Lưu sau", organization=cast.cell_a, birth_on=dt.date(1980, 1, 1), joined_on=dt.date(2005, 1, 1)
    )
    at = dt.datetime.now(dt.UTC)
    changes = [
        MemberChange(member=later, at=at, kind="CREATE", changes={}),
        MemberChange(member_id=cast.teacher.pk, at=at, kind="UPDATE", changes={}),
    ]
    with transaction.atomic():
        later.save()
        bulk.insert(changes)
    assert set(MemberChange.objects.filter(at=at).values_list("member_id", "kind")) == {
        (later.pk, "CREATE"),
        (cast.teacher.pk, "UPDATE"),
    }


def test_rows_given_as_values_read_back_as_objects_would(cast):
    """`insert_rows` writes what `insert` writes for the same values given as a dict per row: keys as ids, JSON,
    dates, the defaults of the fields left out, `auto_now_add` filled; the database numbers the rows in order."""
    from sotay.members.models import MemberPeriod

    member = MemberFactory(organization=cast.cell_a)
    at = dt.datetime.now(dt.UTC)
    history = [
        {
            "member_id": member.pk,
            "at": at,
            "by_id": cast.cell_secretary.pk,
            "kind": "CREATE",
            "changes": {"tên": "Hòa"},
        },
        {"member_id": member.pk, "at": at, "kind": "UPDATE"},
    ]
    as_objects = [MemberChange(**row) for row in history]
    last = MemberChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with transaction.atomic():
        assert bulk.insert_rows(MemberChange, history) == 2
        bulk.insert(as_objects)
    ids = sorted(
        set(MemberChange.objects.filter(pk__gt=last).values_list("pk", flat=True)) - {o.pk for o in as_objects}
    )
    assert len(ids) == 2 and max(ids) < min(o.pk for o in as_objects)
    for pk, obj in zip(ids, as_objects, strict=True):
        assert _row(MemberChange.objects.get(pk=pk)) == _row(obj)
    assert MemberChange.objects.get(pk=ids[1]).changes == {} and MemberChange.objects.get(pk=ids[1]).source == ""

    before = dt.datetime.now(dt.UTC)
    with transaction.atomic():
        bulk.insert_rows(AuditEntry, [{"action": "create", "data": {"import": 3}, "ip": "10.0.0.2"}])
        bulk.insert_rows(
            MemberPeriod,
            [
                {
                    "member_id": member.pk,
                    "organization_id": cast.cell_b.pk,
                    "status": "OFFICIAL",
                    "valid_from": dt.date(2020, 2, 29),
                    "valid_to": None,
                },
            ],
        )
    saved = AuditEntry.objects.latest("pk")
    assert saved.at >= before and saved.data == {"import": 3} and saved.ip == "10.0.0.2" and saved.actor_id is None
    period = MemberPeriod.objects.filter(member=member).latest("pk")
    assert (period.member_id, period.organization_id, period.valid_from, period.valid_to) == (
        member.pk,
        cast.cell_b.pk,
        dt.date(2020, 2, 29),
        None,
    )
    assert bulk.insert_rows(MemberChange, []) == 0


def test_rows_naming_no_field_are_refused(cast):
    """A row must name fields by their attname (``member_id``): a related object or a typo is refused, nothing
    written."""
    rows = MemberChange.objects.count()
    at = dt.datetime.now(dt.UTC)
    for row in ({"member": cast.teacher, "at": at, "kind": "CREATE"}, {"member_id": cast.teacher.pk, "att": at}):
        with pytest.raises(TypeError, match="not a field"), transaction.atomic():
            bulk.insert_rows(MemberChange, [{"member_id": cast.teacher.pk, "at": at, "kind": "UPDATE"}, row])
    assert MemberChange.objects.count() == rows
