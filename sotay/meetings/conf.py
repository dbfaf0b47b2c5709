"""Meeting parameters no regulation settles (docs/rules/meetings.md#tham-số-chưa-xác-nhận): rule versions when staff
enter them, else defaults.

Staff add a `sotay.rules.Rule` row with the key below (and an effective date) to change a value; nothing here is a
regulation unless the rule row says so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sotay.rules.registry import RuleMissing, rule_value

DEFAULTS: dict[str, Any] = {
    # Check-in is accepted from this many minutes before the start to this many after the planned end.
    "meetings.checkin_before_minutes": 120,
    "meetings.checkin_after_minutes": 120,
    # Check-in codes are signed with the time they were shown; a code older than this is refused.
    "meetings.checkin_token_minutes": 15,
    # Location check (when the secretary turns it on for a meeting): the largest distance in metres.
    "meetings.checkin_radius_m": 300,
    # Arriving more than this many minutes after the start is recorded as late.
    "meetings.late_after_minutes": 15,
    # Thematic meetings (chuyên đề) a cell should hold each quarter (docs/rules/meetings.md#sinh-hoạt-chuyên-đề,
    # docs/rules/meetings.md#tham-số-chưa-xác-nhận: unconfirmed).
    "meetings.thematic_per_quarter": 1,
    # Minutes are due this many working days after the meeting (product default,
    # docs/rules/meetings.md#tham-số-chưa-xác-nhận).
    "meetings.minutes_due_working_days": 5,
    # A meeting is valid when more than this share of the members who count are present (Điều lệ Điều 9 khoản 5).
    "meetings.quorum_share": 0.5,
    # A vote passes when more than this share of the members who count vote for (Điều lệ Điều 9 khoản 5).
    "meetings.pass_share": 0.5,
    # The xóa tên ground of docs/rules/discipline.md#bỏ-sinh-hoạt-hoặc-không-đóng-đảng-phí: this many unexcused absences
    # from regular meetings in a year.
    "meetings.absence_flag_count": 3,
}


def setting(key: str, on: dt.date | None = None) -> Any:
    try:
        return rule_value(key, on)
    except RuleMissing:
        return DEFAULTS[key]
