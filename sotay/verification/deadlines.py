"""Due dates of a verification case in working days (docs/rules/cadres.md#thời-hạn-thẩm-tra).

The local default is the lý lịch within 10 days (warn only); the values are rules in the registry, "cần đối
chiếu", so a province changes them with an effective date."""

from __future__ import annotations

import datetime as dt

from sotay.rules.calendar import add_working_days
from sotay.rules.registry import RuleMissing, rule_value

LETTER_KEY = "verification_letter_working_days"
CASE_KEY = "verification_case_working_days"
DEFAULTS = {LETTER_KEY: 10, CASE_KEY: 30}


def working_days(key: str, on: dt.date) -> int:
    try:
        return int(rule_value(key, on))
    except RuleMissing:
        return DEFAULTS[key]


def letter_due(sent_on: dt.date) -> dt.date:
    """The reply is due the N-th working day after the letter is sent (the day itself not counted)."""
    return add_working_days(sent_on, working_days(LETTER_KEY, sent_on))


def case_due(received_on: dt.date) -> dt.date:
    """The conclusion is due the M-th working day after the declaration was received."""
    return add_working_days(received_on, working_days(CASE_KEY, received_on))
