"""The minutes (biên bản) and the cell resolution (nghị quyết) as Party-format documents (sotay.core.partydoc)."""

from __future__ import annotations

from django.utils import timezone

from sotay.core.partydoc import Para, PartyDocument
from sotay.orgs.letterhead import parent_of, place_name

from . import checkin
from .minutes import get_minutes, score_total
from .models import CellMeeting, MeetingResolution


def _pct(summary) -> str:
    return f"{summary.rate * 100:.0f}%" if summary.rate is not None else "—"


def attendance_paragraphs(meeting: CellMeeting) -> list[Para | str]:
    minutes = get_minutes(meeting)
    s = (
        minutes.attendance_summary
        if minutes.is_final and minutes.attendance_summary
        else checkin.summary(meeting).as_dict()
    )
    lines: list[Para | str] = [
        f"Tổng số đảng viên của chi bộ: {s['total']}; miễn sinh hoạt: {s['exempt']}"
        + (f" (có mặt {s['exempt_present']})" if s["exempt_present"] else "")
        + f"; phải triệu tập: {s['expected']}; có mặt: {s['present']}"
        + (f" ({s['rate'] * 100:.0f}%)" if s.get("rate") is not None else "")
        + ".",
    ]
    if s["absent_excused"]:
        lines.append("Vắng có lý do: " + "; ".join(f"{n} ({r})" if r else n for n, r in s["absent_excused"]) + ".")
    if s["absent_unexcused"]:
        lines.append("Vắng không lý do: " + "; ".join(s["absent_unexcused"]) + ".")
    if s["late"]:
        lines.append("Đến muộn: " + "; ".join(s["late"]) + ".")
    if s["left_early"]:
        lines.append("Về sớm: " + "; ".join(s["left_early"]) + ".")
    if s["guests"]:
        lines.append("Khách mời: " + "; ".join(s["guests"]) + ".")
    return lines


def _local_date(meeting: CellMeeting):
    return timezone.localtime(meeting.starts_at).date()


def _header(meeting: CellMeeting) -> dict:
    org = meeting.organization
    above = parent_of(org)
    return {"issuer": org.name, "superior": above.name if above else "", "on": _local_date(meeting)}


def minutes_document(meeting: CellMeeting) -> PartyDocument:
    minutes = get_minutes(meeting)
    start = timezone.localtime(meeting.starts_at)
    chair = meeting.chair.full_name if meeting.chair else "……"
    recorder = meeting.recorder.full_name if meeting.recorder else "……"
    body: list[Para | str] = [
        f"Hôm nay, vào lúc {start:%H giờ %M} ngày {start:%d/%m/%Y}, tại {meeting.place or '……'}, "
        f"{meeting.organization.name} tiến hành {meeting.get_kind_display().lower()}"
        + (f" với chủ đề: {meeting.title}" if meeting.title else "")
        + ".",
        f"Chủ trì: đồng chí {chair}. Thư ký: đồng chí {recorder}.",
        Para("I. TÌNH HÌNH ĐẢNG VIÊN DỰ SINH HOẠT", heading=True),
        *attendance_paragraphs(meeting),
    ]
    if minutes.opening:
        body.append(minutes.opening)
    body.append(Para("II. NỘI DUNG SINH HOẠT", heading=True))
    for n, item in enumerate(meeting.agenda_items.all(), 1):
        body.append(
            Para(f"{n}. {item.title}" + (f" (trình bày: {item.presenter})" if item.presenter else ""), heading=True)
        )
        if item.notes:
            body.extend(line for line in item.notes.splitlines() if line.strip())
        if item.conclusion:
            body.append("Kết luận: " + item.conclusion)
    reviewed = list(meeting.reviewed_action_items.select_related("owner"))
    if reviewed:
        body.append(Para("Kiểm điểm nhiệm vụ tháng trước", heading=True))
        for t in reviewed:
            state = f"hoàn thành ngày {t.done_on:%d/%m/%Y}" if t.done_on else "chưa hoàn thành"
            body.append(f"- {t.title} ({t.owner.full_name}): {state}. {t.review_note}".rstrip())
    body.append(Para("III. KẾT LUẬN VÀ BIỂU QUYẾT", heading=True))
    if minutes.conclusions:
        body.extend(line for line in minutes.conclusions.splitlines() if line.strip())
    for vote in meeting.votes.all():
        verdict = "thông qua" if vote.passed else "không thông qua"
        quorum = "" if vote.quorum_met else " (không đủ số đảng viên chính thức có mặt theo quy định)"
        body.append(
            f"Biểu quyết “{vote.subject}”: {vote.votes_for}/{vote.eligible} tán thành, {vote.votes_against} không tán "
            f"thành, {vote.abstentions} không biểu quyết; có mặt {vote.present}/{vote.eligible} đảng viên chính thức"
            f" — {verdict}{quorum}."
        )
    total, maximum = score_total(meeting)
    if meeting.scores.exists():
        body.append(f"Chi bộ tự chấm điểm buổi sinh hoạt: {total}/{maximum} điểm.")
    end = f"lúc {minutes.ended_at:%H giờ %M} " if minutes.ended_at else ""
    body.append(f"Buổi sinh hoạt kết thúc {end}cùng ngày. Biên bản đã được đọc lại và thông qua tại buổi sinh hoạt.")
    body.append(Para(f"THƯ KÝ: {recorder}", heading=True))
    return PartyDocument(
        **_header(meeting),
        number=minutes.number,
        place=minutes.place_name or place_name(meeting.organization),
        title="Biên bản",
        subject=f"{meeting.get_kind_display()} tháng {start:%m/%Y}",
        body=body,
        signer_capacity="T/M chi bộ",
        signer_title="Chủ trì",
        signer_name=chair if meeting.chair else "",
    )


def resolution_document(meeting: CellMeeting) -> PartyDocument:
    resolution = MeetingResolution.objects.filter(meeting=meeting).first()
    minutes = get_minutes(meeting)
    start = timezone.localtime(meeting.starts_at)
    body: list[Para | str] = [
        f"Căn cứ Điều lệ Đảng; căn cứ kết quả {meeting.get_kind_display().lower()} ngày {start:%d/%m/%Y}"
        f" của {meeting.organization.name},",
        Para("CHI BỘ QUYẾT NGHỊ", heading=True, center=True),
    ]
    if resolution and resolution.body:
        body.extend(line for line in resolution.body.splitlines() if line.strip())
    elif minutes.conclusions:
        body.extend(line for line in minutes.conclusions.splitlines() if line.strip())
    items = list(meeting.action_items.select_related("owner"))
    if items:
        body.append(Para("Nhiệm vụ tháng tới", heading=True))
        for n, t in enumerate(items, 1):
            body.append(f"{n}. {t.title} — phụ trách: {t.owner.full_name}; hạn: {t.due_on:%d/%m/%Y}.")
    for vote in meeting.votes.all():
        if vote.passed:
            body.append(f"Nghị quyết được {vote.votes_for}/{vote.eligible} đảng viên chính thức tán thành.")
            break
    body.append("Các đồng chí đảng viên trong chi bộ có trách nhiệm thực hiện nghị quyết này.")
    secretary = meeting.chair.full_name if meeting.chair else ""
    return PartyDocument(
        **_header(meeting),
        number=resolution.number if resolution else "",
        place=minutes.place_name or place_name(meeting.organization),
        title="Nghị quyết",
        subject=resolution.title if resolution else f"Sinh hoạt chi bộ tháng {start:%m/%Y}",
        body=body,
        signer_capacity="T/M chi bộ",
        signer_title="Bí thư",
        signer_name=secretary,
        recipients=[
            parent.name if (parent := parent_of(meeting.organization)) else "Cấp ủy cấp trên",
            "Đảng viên trong chi bộ",
            "Lưu",
        ],
    )


def invitation_document(meeting: CellMeeting) -> PartyDocument:
    """The giấy mời on paper, for members without a phone and for guests: time, place and the agenda."""
    start = timezone.localtime(meeting.starts_at)
    body: list[Para | str] = [
        f"{meeting.organization.board_name} trân trọng kính mời đồng chí: ………………………………………………",
        f"Đến dự {meeting.get_kind_display().lower()}" + (f" về {meeting.title}" if meeting.title else "") + ".",
        f"Thời gian: {start:%H giờ %M}, ngày {start:%d/%m/%Y}.",
        f"Địa điểm: {meeting.place or '……………………'}.",
        Para("Nội dung", heading=True),
        *[f"{n}. {item.title}" for n, item in enumerate(meeting.agenda_items.all(), 1)],
        "Đề nghị đồng chí dự đầy đủ, đúng giờ; nếu vắng mặt, báo cáo lý do với bí thư chi bộ.",
    ]
    header = _header(meeting)
    header["on"] = min(timezone.localdate(), start.date())  # dated when printed, never after the meeting
    return PartyDocument(
        **header,
        place=place_name(meeting.organization),
        title="Giấy mời",
        subject=f"{meeting.get_kind_display()} tháng {start:%m/%Y}",
        body=body,
        signer_capacity="T/M chi ủy",
        signer_title="Bí thư",
    )
