"""Every write to a member goes through here: validated, atomic, audited, kept as history."""

from __future__ import annotations

import datetime as dt
import re
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from vietnam_provinces import Province, ProvinceCode, Ward, WardCode

from sotay.audit.log import actor as _user
from sotay.audit.log import log
from sotay.audit.models import AuditAction
from sotay.lib.citizen_id import CitizenIdError, validate_citizen_id
from sotay.lib.dates import add_months
from sotay.lib.vntext import fold, nfc, title_name
from sotay.orgs import policy
from sotay.orgs.actor import Actor, require_all
from sotay.orgs.models import Organization, Reorganization
from sotay.rules.registry import RuleMissing, rule_value

from . import accounts, counts, newcomers, periods
from .choices import ACTIVE_STATUSES, ETHNICITY_NAMES, ExitKind, Gender, MemberStatus
from .models import Member, MemberChange

if TYPE_CHECKING:
    from django.db.models import QuerySet

# Fields a form or an import may set directly; status and organisation change only through the services below.
EDITABLE_FIELDS = [
    "full_name",
    "birth_name",
    "birth_on",
    "gender",
    "ethnicity",
    "religion",
    "hometown_text",
    "hometown_province_code",
    "hometown_ward_code",
    "residence_province_code",
    "residence_ward_code",
    "residence_address",
    "general_education",
    "professional_education",
    "political_theory",
    "foreign_language",
    "occupation_before",
    "occupation",
    "service_background",
    "admission_decision_on",
    "joined_on",
    "official_on",
    "card_number",
    "biography_number",
    "citizen_id",
    "phone",
]
_PHONE = re.compile(r"0[1-9]\d{8,9}")  # mobile: 10 digits; landline 02x…: 11 digits
BIRTH_EARLIEST = dt.date(1900, 1, 1)
TEXT_FIELDS = {
    "birth_name",
    "hometown_text",
    "residence_address",
    "foreign_language",
    "occupation_before",
    "occupation",
}


def _clean_name(value: str) -> str:
    value = nfc(value)
    # Names typed all in capitals or all in lower case are written the usual way.
    return title_name(value) if value.isupper() or value.islower() else value


def normalise_values(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    for field in ("full_name", "birth_name"):
        if field in out:
            out[field] = _clean_name(out[field] or "")
    for field in TEXT_FIELDS - {"birth_name"}:
        if field in out:
            out[field] = nfc(out[field] or "")
    for field in ("card_number", "biography_number", "citizen_id"):
        if field in out:
            out[field] = nfc(out[field] or "").replace(" ", "") or None
    if "phone" in out:
        raw = nfc(out["phone"] or "")
        digits = "".join(ch for ch in raw if ch.isdigit() or ch == "+")
        # Text without a digit ("không có", "-") is kept as typed, so the phone check refuses it instead of it
        # being saved as an empty number.
        out["phone"] = ("0" + digits[3:] if digits.startswith("+84") else digits) if digits.strip("+") else raw
    return out


# The card number has no published format (232-QĐ/TW leaves it to the Central Organization Committee): a
# configurable pattern, by default 4 to 20 letters, digits, dots, slashes or dashes, starting with a letter or
# digit and holding at least one digit — so "-1", "0" or "?" are refused.
DEFAULT_CARD_NUMBER_PATTERN = r"(?=[^0-9]*[0-9])[0-9A-Za-z][0-9A-Za-z./-]{3,19}"


def card_number_error(card: str | None) -> str:
    from django.conf import settings

    pattern = getattr(settings, "MEMBER_CARD_NUMBER_PATTERN", None) or DEFAULT_CARD_NUMBER_PATTERN
    if card and not re.fullmatch(pattern, card):
        return _("Số thẻ đảng viên “%(c)s” không hợp lệ: cần 4–20 chữ số hoặc chữ cái, có ít nhất một chữ số.") % {
            "c": card[:40]
        }
    return ""


def contact_errors(values: dict[str, Any]) -> dict[str, str]:
    """The citizen ID (structure, birth year and sex, docs/rules/membership.md#thông-tin-tóm-tắt-đảng-viên) and the
    phone number; normalises the ID in `values`. Shared by the registry and the admission case, which holds the same
    identity fields."""
    errors: dict[str, str] = {}
    born = values.get("birth_on")
    if isinstance(born, dt.date) and not BIRTH_EARLIEST <= born <= timezone.localdate():
        # The importer's bounds (sotay.lib.cells), for every way a birth date comes in.
        errors["birth_on"] = _("Ngày sinh %(d)s không hợp lý: cần từ 01/01/1900 đến hôm nay.") % {
            "d": born.strftime("%d/%m/") + f"{born.year:04d}"
        }
    phone = values.get("phone")
    if phone and not _PHONE.fullmatch(phone):
        errors["phone"] = _("Số điện thoại không hợp lệ: cần 10 chữ số bắt đầu bằng 0 (hoặc +84).")
    cid = values.get("citizen_id")
    if cid:
        gender = values.get("gender")
        try:
            values["citizen_id"] = validate_citizen_id(
                cid, born=values.get("birth_on"), female=gender == Gender.FEMALE if gender else None
            )
        except CitizenIdError as exc:
            errors["citizen_id"] = str(exc)
    return errors


def validate_member(values: dict[str, Any], *, instance: Member | None, status: str, check_unique: bool = True) -> None:
    """Field-level checks with Vietnamese messages; raises ValidationError({field: message}).

    `check_unique=False` leaves the uniqueness of IDs to a caller that checks many rows at once (imports).
    """
    errors: dict[str, str] = {}
    name = values.get("full_name") or ""
    if len(name.split(" ")) < 2:
        errors["full_name"] = _("Cần ghi đầy đủ họ và tên (ít nhất hai chữ).")
    born, joined = values.get("birth_on"), values.get("joined_on")
    official, decided = values.get("official_on"), values.get("admission_decision_on")
    today = timezone.localdate()
    if born is None:
        errors["birth_on"] = _("Cần ghi ngày sinh.")
    elif born > today:
        errors["birth_on"] = _("Ngày sinh không được sau ngày hôm nay.")
    if joined is None:
        errors["joined_on"] = _("Cần ghi ngày vào Đảng (ngày lễ kết nạp).")
    elif joined > today:
        errors["joined_on"] = _("Ngày vào Đảng không được sau ngày hôm nay.")
    elif born and born >= joined:
        errors["birth_on"] = _("Ngày sinh phải trước ngày vào Đảng.")
    if born and joined and "birth_on" not in errors and "joined_on" not in errors:
        admitted = decided or joined
        try:
            minimum = rule_value("admission_min_age_months", admitted)
        except RuleMissing:
            minimum = None
        if minimum and add_months(born, minimum) > admitted:
            errors["birth_on"] = _("Khi được kết nạp (%(d)s) người này chưa đủ %(y)s tuổi.") % {
                "d": f"{admitted:%d/%m/%Y}",
                "y": minimum // 12,
            }
    if decided and joined and decided > joined:
        errors["admission_decision_on"] = _("Ngày quyết định kết nạp phải trước hoặc cùng ngày lễ kết nạp.")
    if joined and official:
        try:
            months = rule_value("probation_months", joined)
        except RuleMissing:  # admitted under a statute Sổ tay holds no rule for: only the order is checked
            months = None
        expected = add_months(joined, months) if months else None
        if expected is None and official <= joined:
            errors["official_on"] = _("Ngày chính thức phải sau ngày vào Đảng.")
        elif expected is not None and official != expected:
            errors["official_on"] = _(
                "Ngày chính thức phải đúng %(months)s tháng sau ngày vào Đảng, tức %(expected)s."
            ) % {"months": months, "expected": f"{expected:%d/%m/%Y}"}
    if status == MemberStatus.OFFICIAL and not official and "official_on" not in errors:
        errors["official_on"] = _("Đảng viên chính thức cần có ngày chính thức.")
    if status == MemberStatus.PROBATIONARY and official and "official_on" not in errors:
        errors["official_on"] = _("Đảng viên dự bị chưa có ngày chính thức.")
    if values.get("ethnicity") not in ETHNICITY_NAMES:
        errors["ethnicity"] = _("Dân tộc không có trong danh mục 54 dân tộc Việt Nam.")
    if values.get("gender") not in Gender.values:
        errors["gender"] = _("Giới tính không hợp lệ.")
    for prefix in ("hometown", "residence"):
        message = _check_unit(values.get(f"{prefix}_province_code"), values.get(f"{prefix}_ward_code"))
        if message:
            errors[f"{prefix}_ward_code"] = message
    errors.update(contact_errors(values))
    if message := card_number_error(values.get("card_number")):
        errors["card_number"] = message
    if check_unique:
        _check_unique(values, instance, errors)
    if errors:
        raise ValidationError(errors)


def _check_unique(values: dict[str, Any], instance: Member | None, errors: dict[str, str]) -> None:
    others = Member.objects.exclude(pk=instance.pk) if instance else Member.objects.all()
    cid = values.get("citizen_id")
    if "citizen_id" not in errors and cid and others.filter(citizen_id=values["citizen_id"]).exists():
        errors["citizen_id"] = _("Số định danh này đã có ở một đảng viên khác.")
    if values.get("card_number") and others.filter(card_number=values["card_number"]).exists():
        errors["card_number"] = _("Số thẻ đảng viên này đã có ở một đảng viên khác.")
    if values.get("biography_number") and others.filter(biography_number=values["biography_number"]).exists():
        errors["biography_number"] = _("Số lý lịch này đã có ở một đảng viên khác.")


def _check_unit(province_code: int | str | None, ward_code: int | str | None) -> str:
    """An error message when the ward is unknown or not in the province (current administrative units)."""
    try:
        if province_code:
            Province.from_code(ProvinceCode(int(province_code)))
        if ward_code:
            ward = Ward.from_code(WardCode(int(ward_code)))
            if province_code and ward.province_code.value != int(province_code):
                return _("Xã, phường “%(w)s” không thuộc tỉnh đã chọn.") % {"w": ward.name}
    except ValueError:
        return _("Mã đơn vị hành chính không có trong danh mục hiện hành.")
    return ""


def _require_cell(org: Organization) -> None:
    if not org.is_cell:
        raise ValidationError(
            {
                "organization": _("Đảng viên chỉ sinh hoạt ở chi bộ; “%(o)s” là %(k)s.")
                % {"o": org.name, "k": org.get_kind_display()}
            }
        )
    if not org.is_active:
        raise ValidationError({"organization": _("Chi bộ “%(o)s” đã hết hiệu lực.") % {"o": org.name}})


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _after_membership_change(*orgs: Organization) -> None:
    from .tasks import review_cell_size

    for org in {o.pk: o for o in orgs if o is not None}.values():
        transaction.on_commit(partial(review_cell_size.enqueue, org_id=org.pk))


CREATE_TOKEN_KIND = "members.create"


def same_person_in_cell(values: dict[str, Any], organization: Organization) -> Member | None:
    """A member of the cell with the same name (without diacritics) and birth date: probably the same person."""
    born, name = values.get("birth_on"), values.get("full_name")
    if not born or not name:
        return None
    return Member.objects.filter(organization=organization, name_folded=fold(name), birth_on=born).first()


@transaction.atomic
def create_member(
    *,
    data: dict[str, Any],
    organization: Organization,
    actor: Actor,
    status: str = MemberStatus.PROBATIONARY,
    submit_token: str = "",
    confirm_same_name: bool = True,
) -> Member:
    """A new member of a cell. With `submit_token` (the create form's hidden one-time token) a second submission
    of the same form returns the member the first one created, with ``already_created`` set, instead of creating
    a duplicate. With ``confirm_same_name=False`` (the create form until the user confirms), a member of the cell
    with the same name and birth date is refused with a warning: a person without a citizen ID has no other
    duplicate check."""
    actor.require(policy.CREATE_MEMBERS, organization)
    from sotay.core import tokens

    done = tokens.previous(CREATE_TOKEN_KIND, submit_token, actor)
    existing = Member.objects.filter(pk=done).first() if done else None
    if existing is not None:
        existing.already_created = True
        return existing
    values = normalise_values({k: data.get(k) for k in EDITABLE_FIELDS if k in data})
    if status not in (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL, MemberStatus.EXEMPT):
        raise ValidationError({"status": _("Hồ sơ mới chỉ có thể là đảng viên dự bị, chính thức hoặc miễn sinh hoạt.")})
    _require_cell(organization)
    validate_member(values, instance=None, status=status)
    if not confirm_same_name and (twin := same_person_in_cell(values, organization)) is not None:
        raise ValidationError(
            {
                "confirm_same_name": _(
                    "Chi bộ đã có đảng viên %(n)s sinh ngày %(d)s (số thẻ %(c)s). Nếu đây là một người khác, hãy đánh "
                    "dấu “Xác nhận đây là người khác” rồi lưu lại."
                )
                % {"n": twin.full_name, "d": f"{twin.birth_on:%d/%m/%Y}", "c": twin.card_number or "—"}
            }
        )
    (member,) = newcomers.register([Member(**values, organization=organization, status=status)])
    MemberChange.objects.create(
        member=member,
        by=_user(actor),
        kind=MemberChange.Kind.CREATE,
        changes={k: [None, _jsonable(v)] for k, v in values.items() if v not in (None, "")},
    )
    log(AuditAction.CREATE, member, by=actor)
    tokens.record(CREATE_TOKEN_KIND, submit_token, actor, member.pk)
    _after_membership_change(organization)
    return member


@transaction.atomic
def update_member(
    *, member: Member, data: dict[str, Any], actor: Actor, decision_number: str = "", decision_on: dt.date | None = None
) -> Member:
    """Change the member's editable fields. Status and cell change only through their own services."""
    actor.require(policy.CHANGE_MEMBERS, member.organization)
    forbidden = {"status", "organization", "organization_id", "exit_kind"} & set(data)
    if forbidden:
        raise ValidationError(_("Trạng thái và chi bộ chỉ thay đổi qua thủ tục riêng, không sửa trực tiếp."))
    member = Member.objects.select_for_update().get(pk=member.pk)
    incoming = normalise_values({k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    values = {f: getattr(member, f) for f in EDITABLE_FIELDS}
    values.update(incoming)
    validate_member(values, instance=member, status=member.status)
    changes = {
        f: [_jsonable(getattr(member, f)), _jsonable(values[f])]
        for f in EDITABLE_FIELDS
        if getattr(member, f) != values[f]
    }
    if not changes:
        return member
    for field in changes:
        setattr(member, field, values[field])
    update_fields = [*changes, "updated_at"]
    if "full_name" in changes:
        member.set_full_name(member.full_name)
        update_fields += ["name_folded", "name_sort_key"]
    with counts.tracking([member.pk]):
        member.save(update_fields=update_fields)
        if {"admission_decision_on", "joined_on"} & set(changes) and member.party_age_gaps.exists():
            from .party_age import refresh_party_age_from

            refresh_party_age_from(member)
    MemberChange.objects.create(
        member=member,
        by=_user(actor),
        kind=MemberChange.Kind.UPDATE,
        changes=changes,
        decision_number=nfc(decision_number),
        decision_on=decision_on,
    )
    log(AuditAction.UPDATE, member, by=actor, data={"fields": sorted(changes)})
    return member


# Which status may follow which (docs/rules/membership.md#trạng-thái-đảng-viên): exits are final; re-admission is a new
# admission.
TRANSITIONS: dict[str, set[str]] = {
    MemberStatus.PROBATIONARY: {
        MemberStatus.OFFICIAL,
        MemberStatus.LEFT,
        MemberStatus.DECEASED,
        MemberStatus.TRANSFERRED_OUT,
    },
    MemberStatus.OFFICIAL: {
        MemberStatus.EXEMPT,
        MemberStatus.LEFT,
        MemberStatus.DECEASED,
        MemberStatus.TRANSFERRED_OUT,
    },
    MemberStatus.EXEMPT: {
        MemberStatus.OFFICIAL,
        MemberStatus.LEFT,
        MemberStatus.DECEASED,
        MemberStatus.TRANSFERRED_OUT,
    },
    MemberStatus.TRANSFERRED_OUT: set(),
    MemberStatus.LEFT: set(),
    MemberStatus.DECEASED: set(),
}


@transaction.atomic
def change_member_status(
    *,
    member: Member,
    status: str,
    on: dt.date,
    actor: Actor,
    decision_number: str = "",
    decision_on: dt.date | None = None,
    exit_kind: str = "",
    reason: str = "",
) -> Member:
    """Recognition as official, exemption and return, transfer out, leaving the Party, death."""
    actor.require(policy.CHANGE_STATUS, member.organization)
    member = Member.objects.select_for_update().get(pk=member.pk)
    errors: dict[str, str] = {}
    if status not in TRANSITIONS.get(member.status, set()):
        raise ValidationError(
            {
                "status": _("Không thể chuyển từ “%(a)s” sang “%(b)s”.")
                % {
                    "a": member.get_status_display(),
                    "b": MemberStatus(status).label if status in MemberStatus.values else status,
                }
            }
        )
    if on > timezone.localdate():
        errors["on"] = _("Ngày thay đổi không được sau ngày hôm nay.")
    if on < member.joined_on:
        errors["on"] = _("Ngày thay đổi không được trước ngày vào Đảng.")
    if status == MemberStatus.LEFT and exit_kind not in ExitKind.values:
        errors["exit_kind"] = _("Cần chọn hình thức: xin ra, xóa tên hoặc khai trừ.")
    if status != MemberStatus.LEFT and exit_kind:
        errors["exit_kind"] = _("Hình thức ra khỏi Đảng chỉ ghi khi đảng viên ra khỏi Đảng.")
    if status in (MemberStatus.LEFT, MemberStatus.EXEMPT) and not nfc(decision_number):
        errors["decision_number"] = _("Cần ghi số quyết định hoặc nghị quyết.")
    changes: dict[str, list] = {"status": [member.status, status]}
    if status == MemberStatus.OFFICIAL and member.status == MemberStatus.PROBATIONARY:
        # Official as of the exact end of probation, even when recognised later
        # (docs/rules/admission.md#công-nhận-đảng-viên-chính-thức).
        official_on = member.probation_ends_on
        if official_on > on:
            errors["on"] = _("Chưa hết thời kỳ dự bị: đến %(d)s mới đủ 12 tháng.") % {"d": f"{official_on:%d/%m/%Y}"}
        changes["official_on"] = [None, official_on.isoformat()]
        member.official_on = official_on
    if errors:
        raise ValidationError(errors)
    old_status = member.status
    member.status = status
    member.exit_kind = exit_kind if status == MemberStatus.LEFT else ""
    member.status_changed_on = on
    if exit_kind:
        changes["exit_kind"] = ["", exit_kind]
    with counts.tracking([member.pk]):
        member.save(update_fields=["status", "exit_kind", "status_changed_on", "official_on", "updated_at"])
        # Recognition counts from the end of probation, every other change from its own day.
        periods.change([member.pk], (member.official_on or on) if "official_on" in changes else on, status=status)
    data = {"changes": changes, "on": on.isoformat(), "reason": nfc(reason)}
    MemberChange.objects.create(
        member=member,
        by=_user(actor),
        kind=MemberChange.Kind.STATUS,
        changes={**changes, "reason": ["", nfc(reason)]} if reason else changes,
        decision_number=nfc(decision_number),
        decision_on=decision_on,
    )
    log(AuditAction.STATUS, member, by=actor, data=data)
    accounts.follow_member(member, old_status=old_status, actor=actor)
    _after_membership_change(member.organization)
    return member


@transaction.atomic
def readmit_member(
    *,
    member: Member,
    organization: Organization,
    decision_on: dt.date,
    ceremony_on: dt.date,
    actor: Actor,
    decision_number: str = "",
) -> Member:
    """Kết nạp lại (294-QĐ/TW §3.5.1; docs/rules/admission.md#kết-nạp-lại): the same record becomes probationary
    again from the new ceremony (a new 12-month probation, Điều lệ Điều 5), Party age keeps the first admission
    decision, and the time out of the Party (the day of leaving to the day before the new decision) is recorded as a
    gap. Called by the admission ceremony; the 36-month wait is checked there. The account follows the status."""
    actor.require(policy.CREATE_MEMBERS, organization)
    from .party_age import record_party_age_gap

    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status != MemberStatus.LEFT or member.status_changed_on is None:
        raise ValidationError({"member": _("Chỉ kết nạp lại người đã ra khỏi Đảng (có ngày ra khỏi Đảng).")})
    left_on = member.status_changed_on
    if not left_on < decision_on <= ceremony_on:
        raise ValidationError(
            {"on": _("Quyết định kết nạp lại phải sau ngày ra khỏi Đảng (%(d)s).") % {"d": f"{left_on:%d/%m/%Y}"}}
        )
    _require_cell(organization)
    changes: dict[str, list] = {
        "status": [member.status, MemberStatus.PROBATIONARY],
        "joined_on": [member.joined_on.isoformat(), ceremony_on.isoformat()],
        "official_on": [member.official_on.isoformat() if member.official_on else None, None],
    }
    with counts.tracking([member.pk]):
        if member.admission_decision_on is None:
            # Party age ran from the first ceremony (decision date unknown): keep that start once joined_on moves.
            Member.objects.filter(pk=member.pk).update(admission_decision_on=member.joined_on)
            changes["admission_decision_on"] = [None, member.joined_on.isoformat()]
            member.admission_decision_on = member.joined_on
        record_party_age_gap(
            member=member,
            start_on=left_on,
            end_on=decision_on - dt.timedelta(days=1),
            reason=_("Thời gian ra khỏi Đảng, trước khi được kết nạp lại"),
            decision_number=decision_number,
            actor=actor,
        )
        member.refresh_from_db()
        old_status, old_org = member.status, member.organization
        member.status = MemberStatus.PROBATIONARY
        member.joined_on = ceremony_on
        member.official_on = None
        member.exit_kind = ""
        member.status_changed_on = ceremony_on
        if organization.pk != member.organization_id:
            changes["organization"] = [member.organization_id, organization.pk]
            member.organization = organization
        member.save(
            update_fields=[
                "status",
                "joined_on",
                "official_on",
                "exit_kind",
                "status_changed_on",
                "organization",
                "updated_at",
            ]
        )
        periods.change([member.pk], ceremony_on, organization_id=organization.pk, status=MemberStatus.PROBATIONARY)
    MemberChange.objects.create(
        member=member,
        by=_user(actor),
        kind=MemberChange.Kind.STATUS,
        changes={**changes, "reason": ["", _("Kết nạp lại")]},
        decision_number=nfc(decision_number),
        decision_on=decision_on,
    )
    log(
        AuditAction.STATUS,
        member,
        by=actor,
        data={"changes": changes, "on": ceremony_on.isoformat(), "readmission": True},
    )
    accounts.follow_member(member, old_status=old_status, actor=actor)
    _after_membership_change(old_org, organization)
    return member


@transaction.atomic
def transfer_member(
    *,
    member: Member,
    to_org: Organization,
    on: dt.date,
    actor: Actor,
    decision_number: str = "",
    decision_on: dt.date | None = None,
) -> Member:
    """Move a member to another cell in this instance (chuyển sinh hoạt nội bộ)."""
    actor.require(policy.CHANGE_MEMBERS, member.organization)
    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    _require_cell(to_org)
    if member.status not in ACTIVE_STATUSES:
        raise ValidationError(_("Chỉ chuyển sinh hoạt cho đảng viên đang sinh hoạt."))
    if member.organization_id == to_org.pk:
        raise ValidationError({"organization": _("Đảng viên đang sinh hoạt ở chi bộ này.")})
    old = member.organization
    moved = move_members(
        Member.objects.filter(pk=member.pk),
        to_org=to_org,
        actor=actor,
        decision_number=decision_number,
        decision_on=decision_on,
        on=on,
    )
    assert moved == 1
    log(
        AuditAction.TRANSFER,
        member,
        by=actor,
        organization=to_org,
        data={"from": old.name, "to": to_org.name, "on": on.isoformat()},
    )
    member.refresh_from_db()
    return member


def move_members(
    members: QuerySet[Member],
    *,
    to_org: Organization,
    actor: Actor,
    decision_number: str = "",
    decision_on: dt.date | None = None,
    reorganization: Reorganization | None = None,
    on: dt.date | None = None,
) -> int:
    """Bulk move (one query for the members, one for their history rows). Call inside a transaction.

    `on` is the day the move takes effect (the transfer date or the reorganisation's effective date).
    """
    # The receiving side (a transfer received) or the side the members leave (a transfer, a reorganisation).
    if not actor.can(policy.CHANGE_MEMBERS, to_org):
        require_all(actor, policy.CHANGE_MEMBERS, Organization.objects.filter(pk__in=members.values("organization_id")))
    rows = list(members.values_list("pk", "organization_id", "organization__name"))
    if not rows:
        return 0
    now = timezone.now()
    MemberChange.objects.bulk_create(
        [
            MemberChange(
                member_id=pk,
                at=now,
                by=_user(actor),
                kind=MemberChange.Kind.TRANSFER,
                changes={"organization": [old_name, to_org.name]},
                decision_number=nfc(decision_number),
                decision_on=decision_on,
                reorganization=reorganization,
            )
            for pk, _old_id, old_name in rows
        ],
        batch_size=2000,
    )
    pks = [pk for pk, _o, _n in rows]
    with counts.tracking(pks):
        for start in range(0, len(pks), 2000):
            Member.objects.filter(pk__in=pks[start : start + 2000]).update(organization=to_org, updated_at=now)
        periods.change(pks, on or timezone.localdate(), organization_id=to_org.pk)
    accounts.follow_move(pks, to_org)
    old_orgs = Organization.objects.filter(pk__in={o for _p, o, _n in rows})
    _after_membership_change(to_org, *old_orgs)
    return len(rows)


def record_profile_view(*, member: Member, actor: Actor, page: str = "") -> None:
    """Reading a full profile is logged (docs/rules/personal-data.md#nhật-ký-xem-và-xuất-hồ-sơ: every view and export of
    a profile). `page` names the page other than the profile that showed the personal data ("edit", "dues", "admin")."""
    actor.require_for_member(policy.VIEW_MEMBERS, member)
    with transaction.atomic():
        log(AuditAction.VIEW, member, by=actor, data={"page": page} if page else None)
