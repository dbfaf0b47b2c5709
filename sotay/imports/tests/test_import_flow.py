"""Upload → preview → apply → re-import (idempotent) → roll back, through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sotay.audit.models import AuditEntry
from sotay.imports import services
from sotay.imports.models import ImportBatch, ImportRow
from sotay.imports.tests.workbooks import member_row, write
from sotay.members import services as member_services
from sotay.members.models import Member, MemberChange
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db


def preview(tmp_path, cast, rows, name="ds.xlsx", user=None, **kw):
    path = write(tmp_path / name, rows, **kw)
    user = user or cast.commune_committee
    batch = services.start_import(
        source_path=path, file_name=name, organization=cast.commune_a, actor=Actor.for_user(user)
    )
    return services.run_preview(batch, actor=Actor.for_user(user))


def counts(batch):
    return {k: v for k, v in batch.counts.items() if v}


def test_preview_shows_what_would_change_and_writes_nothing(tmp_path, cast):
    teacher = cast.teacher
    rows = [
        member_row(1, name="Đào Thị Hạnh", gender="Nữ", born=dt.date(1990, 7, 1), cell="Chi bộ thôn Đông"),
        member_row(2, name="Vũ Văn Kiên", cid="12345"),
        member_row(
            3,
            name=teacher.full_name,
            gender="Nữ",
            born=teacher.birth_on,
            joined=teacher.joined_on,
            official=teacher.official_on,
            cid=teacher.citizen_id,
            card="99887766",
            cell="Chi bộ giáo viên",
        ),
    ]
    before = (Member.objects.count(), MemberChange.objects.count())
    batch = preview(tmp_path, cast, rows)
    assert batch.status == ImportBatch.Status.PREVIEWED
    assert counts(batch) == {"NEW": 1, "REJECTED": 1, "CHANGED": 1}
    rejected = ImportRow.objects.get(batch=batch, action="REJECTED")
    assert rejected.row_number == 3 and rejected.errors[0]["column"] == "Số CCCD"
    assert "12 chữ số" in rejected.errors[0]["message"]
    changed = ImportRow.objects.get(batch=batch, action="CHANGED")
    assert changed.diff == {"card_number": [teacher.card_number, "99887766"]}
    assert (Member.objects.count(), MemberChange.objects.count()) == before


def test_apply_then_reimport_changes_nothing_then_roll_back(tmp_path, cast):
    rows = [
        member_row(1, name="Đào Thị Hạnh", gender="Nữ", born=dt.date(1990, 7, 1)),
        member_row(2, name="Lý Văn Bảo", born=dt.date(1979, 1, 30)),
    ]
    batch = preview(tmp_path, cast, rows)
    services.apply_batch(batch=batch, actor=Actor.for_user(cast.commune_committee))
    created = Member.objects.filter(full_name__in=["Đào Thị Hạnh", "Lý Văn Bảo"])
    assert created.count() == 2 and {m.organization for m in created} == {cast.cell_a}
    assert MemberChange.objects.filter(source=f"import:{batch.pk}", kind="CREATE").count() == 2
    assert AuditEntry.objects.filter(action="create", object_type="members.member").count() == 2

    again = preview(tmp_path, cast, rows, name="ds-lan-2.xlsx")
    assert counts(again) == {"UNCHANGED": 2}

    services.rollback_batch(batch=batch, actor=Actor.for_user(cast.commune_committee))
    assert not Member.objects.filter(full_name__in=["Đào Thị Hạnh", "Lý Văn Bảo"]).exists()
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.ROLLED_BACK
    assert AuditEntry.objects.filter(action="delete", object_type="members.member").count() == 2


def test_rollback_restores_changed_fields_unless_edited_since(tmp_path, cast):
    teacher = cast.teacher
    row = member_row(
        1,
        name=teacher.full_name,
        gender="Nữ",
        born=teacher.birth_on,
        joined=teacher.joined_on,
        official=teacher.official_on,
        cid=teacher.citizen_id,
        card="55550000",
        cell="Chi bộ giáo viên",
    )
    batch = preview(tmp_path, cast, [row])
    services.apply_batch(batch=batch, actor=Actor.for_user(cast.commune_committee))
    teacher.refresh_from_db()
    assert teacher.card_number == "55550000"
    member_services.update_member(
        member=teacher, data={"occupation": "Hiệu trưởng"}, actor=Actor.for_user(cast.commune_committee)
    )
    with pytest.raises(ValidationError, match="Hoàng Thị Lan"):
        services.rollback_batch(batch=batch, actor=Actor.for_user(cast.commune_committee))

    changed_again = list(row)
    changed_again[8] = "66660000"
    second = preview(tmp_path, cast, [changed_again], name="b.xlsx")
    services.apply_batch(batch=second, actor=Actor.for_user(cast.commune_committee))
    services.rollback_batch(batch=second, actor=Actor.for_user(cast.commune_committee))
    teacher.refresh_from_db()
    assert teacher.card_number == "55550000"


def test_a_failure_while_applying_leaves_the_database_as_it_was(tmp_path, cast):
    rows = [
        member_row(1, name="Đào Thị Hạnh", gender="Nữ", born=dt.date(1990, 7, 1)),
        member_row(2, name="Lý Văn Bảo", born=dt.date(1979, 1, 30)),
    ]
    batch = preview(tmp_path, cast, rows)
    # Someone adds the second person by hand between the preview and the confirmation.
    values = ImportRow.objects.get(batch=batch, row_number=3).values
    Member.objects.create(
        full_name="Lý Văn Bảo",
        birth_on=dt.date(1979, 1, 30),
        gender="M",
        organization=cast.cell_a,
        joined_on=dt.date(2010, 5, 19),
        citizen_id=values["citizen_id"],
        name_folded="ly van bao",
        name_sort_key="0",
    )
    before = (Member.objects.count(), MemberChange.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError, match="xem trước lại"):
        services.apply_batch(batch=batch, actor=Actor.for_user(cast.commune_committee))
    assert (Member.objects.count(), MemberChange.objects.count(), AuditEntry.objects.count()) == before
    assert not Member.objects.filter(full_name="Đào Thị Hạnh").exists()
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.PREVIEWED


def test_a_card_number_taken_since_the_preview_refuses_its_own_row_only(tmp_path, cast):
    """The check before writing finds a member added since the preview by card number too, and a row without a
    citizen ID is not taken for one whose member has none."""
    rows = [
        member_row(1, name="Đào Thị Hạnh", gender="Nữ", born=dt.date(1990, 7, 1), cid=""),
        member_row(2, name="Lý Văn Bảo", born=dt.date(1979, 1, 30), card="55667788"),
    ]
    batch = preview(tmp_path, cast, rows)
    assert counts(batch) == {"NEW": 2}
    assert ImportRow.objects.get(batch=batch, row_number=2).values.get("citizen_id") in (None, "")
    member_services.create_member(
        data={
            "full_name": "Lý Văn Bảo",
            "birth_on": dt.date(1979, 1, 30),
            "gender": "M",
            "joined_on": dt.date(2010, 5, 19),
            "card_number": "55667788",
            "ethnicity": "01",
            "religion": "NONE",
        },
        organization=cast.cell_a,
        actor=Actor.for_user(cast.commune_committee),
    )
    before = (Member.objects.count(), MemberChange.objects.count())
    with pytest.raises(ValidationError, match="Dòng 3: .*xem trước lại"):
        services.apply_batch(batch=batch, actor=Actor.for_user(cast.commune_committee))
    assert (Member.objects.count(), MemberChange.objects.count()) == before
    assert not Member.objects.filter(full_name="Đào Thị Hạnh").exists()


def test_an_import_keeps_the_counts_and_every_snapshot_right(tmp_path, cast, settings):
    """The apply adds the new members to the counts in the database and to the snapshots of past days from the
    rows as it writes them (`counts.NewMembers`): both equal a recount from scratch, on every organisation."""
    from sotay.members import counts as stat_counts
    from sotay.members import snapshots
    from sotay.members.models import StatSnapshot
    from sotay.members.stats import full_statistics, subtree_statistics

    settings.STAT_SNAPSHOT_DEPTH = 9
    snapshots.refresh()
    rows = [
        member_row(
            1,
            name="Đào Thị Hạnh",
            gender="Nữ",
            born=dt.date(1990, 7, 1),
            joined=dt.date(2015, 3, 2),
            official=dt.date(2016, 3, 2),
        ),
        member_row(
            2, name="Lý Văn Bảo", born=dt.date(1961, 12, 31), joined=dt.date(1995, 6, 30), official=dt.date(1996, 6, 30)
        ),
        member_row(
            3,
            name="Mạc Thị Lan",
            gender="Nữ",
            born=dt.date(2000, 2, 29),
            official=None,
            joined=dt.date.today() - dt.timedelta(days=100),
            cell="Chi bộ giáo viên",
        ),
    ]
    batch = preview(tmp_path, cast, rows)
    assert counts(batch) == {"NEW": 3}, list(ImportRow.objects.filter(batch=batch).values_list("errors", flat=True))
    before = StatSnapshot.objects.count()
    services.apply_batch(batch=batch, actor=Actor.for_user(cast.commune_committee))
    assert stat_counts.stored() == stat_counts.recompute()
    expected, kept = snapshots.compared()
    assert kept == expected and StatSnapshot.objects.count() > before
    for org in (cast.province, cast.commune_a, cast.cell_a):
        for day in (dt.date(2000, 6, 30), dt.date(2020, 12, 31)):
            assert subtree_statistics(org, as_of=day) == full_statistics(org, as_of=day)


def test_overlong_text_is_refused_with_its_row_and_column_and_nothing_is_written(tmp_path, cast):
    long_name = "Nguyễn " + " ".join(["Thị Ngọc Khuyênnnnnnnnnnnnnnnnnn"] * 5)  # 167 characters; the field holds 120
    rows = [
        member_row(1, name="Đào Thị Hạnh", gender="Nữ", born=dt.date(1990, 7, 1)),
        member_row(2, name=long_name),
        member_row(3, name="Lý Văn Bảo", card="1234567890" * 3),  # 30 digits; the field holds 20
    ]
    before = Member.objects.count()
    batch = preview(tmp_path, cast, rows)
    assert counts(batch) == {"NEW": 1, "REJECTED": 2}
    by_row = {r.row_number: r.errors for r in ImportRow.objects.filter(batch=batch, action="REJECTED")}
    name_error = next(iter(by_row.values()))  # the workbook's first data row after the heading is row 2
    rows_seen = sorted(by_row)
    assert [e["column"] for e in by_row[rows_seen[0]]] == ["Họ và tên"]
    assert (
        f"Dòng {rows_seen[0]}, cột “Họ và tên”: dài {len(long_name)} ký tự, quá mức tối đa 120"
        in (name_error[0]["message"])
    )
    assert by_row[rows_seen[1]][0]["column"] == "Số thẻ đảng viên"
    assert "dài 30 ký tự, quá mức tối đa 20" in by_row[rows_seen[1]][0]["message"]
    assert Member.objects.count() == before

    # A stored preview whose text no longer fits (kept from an older version) refuses the whole batch on apply.
    good = ImportRow.objects.get(batch=batch, action="NEW")
    good.values = {**good.values, "occupation": "x" * 500}
    good.save(update_fields=["values"])
    with pytest.raises(ValidationError) as caught:
        services.apply_batch(batch=batch, actor=Actor.for_user(cast.commune_committee))
    assert f"Dòng {good.row_number}, cột “Nghề nghiệp hiện nay”: dài 500 ký tự" in caught.value.messages[0]
    assert Member.objects.count() == before


def test_overlong_text_in_a_later_chunk_takes_back_the_chunks_already_written(tmp_path, cast, monkeypatch):
    """The apply writes in chunks inside one transaction: a stale row found after two chunks were written leaves no
    member, history row or audit entry of the batch, and every such row is named (up to 20)."""
    monkeypatch.setattr(services, "APPLY_CHUNK", 2)
    people = [("Đào Thị Hạnh", "Nữ"), ("Lý Văn Bảo", "Nam"), ("Hà Thị Mai", "Nữ"), ("Tô Văn Nam", "Nam")]
    people += [("Mai Văn Tú", "Nam"), ("Lò Thị Xuân", "Nữ")]
    rows = [member_row(i, name=name, gender=gender) for i, (name, gender) in enumerate(people, start=1)]
    batch = preview(tmp_path, cast, rows)
    assert counts(batch) == {"NEW": 6}
    stale = list(ImportRow.objects.filter(batch=batch).order_by("row_number"))[4:]
    for row in stale:
        row.values = {**row.values, "occupation": "x" * 500}
        row.save(update_fields=["values"])
    members, audit = Member.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.apply_batch(batch=batch, actor=Actor.for_user(cast.commune_committee))
    assert [m.split(",")[0] for m in caught.value.messages] == [f"Dòng {r.row_number}" for r in stale]
    assert Member.objects.count() == members and AuditEntry.objects.count() == audit
    assert not MemberChange.objects.filter(source=batch.source_tag).exists()
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.PREVIEWED


def test_preview_rows_carry_no_key_constraint_and_go_with_their_batch(tmp_path, cast):
    """The preview's working rows are written without a database constraint on their keys (docs/decisions/0014);
    Django still deletes them with their batch."""
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, ImportRow._meta.db_table)
    assert not [name for name, c in constraints.items() if c["foreign_key"]]
    batch = preview(tmp_path, cast, [member_row(1, name="Đào Thị Hạnh", gender="Nữ", born=dt.date(1990, 7, 1))])
    assert ImportRow.objects.filter(batch=batch).count() == 1
    batch.delete()
    assert not ImportRow.objects.filter(batch_id=batch.pk).exists()
