"""The admission steps and their order (docs/rules/admission.md#các-bước-kết-nạp; forms of Hướng dẫn 12-HD/BTCTW).

docs/rules/admission.md#mã-biểu-mẫu-là-dữ-liệu keeps official form codes "in an editable list": this module is that
list. A code is data, stored as text on each `AdmissionStep`; changing a label or adding an optional form here needs no
migration.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from sotay.orgs.models import Organization, OrgKind

COURSE = "CN-NTVĐ"
APPLICATION = "1-KNĐ"
BIOGRAPHY = "2-KNĐ"
INTRODUCTION = "3-KNĐ"
YOUTH_UNION = "4-KNĐ"
OPINIONS = "5-KNĐ"
VERIFICATION = "TTLL"  # thẩm tra lý lịch: no numbered form, the đảng ủy's stamped conclusion
CELL_RESOLUTION = "6-KNĐ"
SUB_COMMITTEE_REPORT = "7-KNĐ"
BASE_RESOLUTION = "8-KNĐ"
DECISION = "9-KNĐ"
CEREMONY = "LỄ"


@dataclass(frozen=True)
class StepSpec:
    code: str
    label: StrOrPromise
    requires: tuple[str, ...] = ()
    stage: str = ""  # the case's stage once this step is done (approved when it is a vote)
    vote: bool = False
    optional: bool = False
    committee: bool = False  # recorded by the higher committee, not the cell


STEPS: list[StepSpec] = [
    StepSpec(COURSE, _("Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng"), stage="COURSE_DONE"),
    StepSpec(APPLICATION, _("Đơn xin vào Đảng"), (COURSE,), stage="APPLIED"),
    StepSpec(BIOGRAPHY, _("Lý lịch của người xin vào Đảng"), (APPLICATION,)),
    StepSpec(INTRODUCTION, _("Giấy giới thiệu người vào Đảng"), (APPLICATION,)),
    StepSpec(YOUTH_UNION, _("Nghị quyết giới thiệu đoàn viên vào Đảng"), (APPLICATION,), optional=True),
    StepSpec(OPINIONS, _("Tổng hợp ý kiến nhận xét nơi cư trú và đoàn thể"), (APPLICATION,), optional=True),
    StepSpec(VERIFICATION, _("Thẩm tra lý lịch"), (BIOGRAPHY,), stage="VERIFIED"),
    StepSpec(
        CELL_RESOLUTION,
        _("Nghị quyết chi bộ đề nghị kết nạp"),
        (COURSE, APPLICATION, BIOGRAPHY, INTRODUCTION, VERIFICATION),
        stage="CELL_RESOLVED",
        vote=True,
    ),
    StepSpec(SUB_COMMITTEE_REPORT, _("Báo cáo thẩm định của đảng ủy bộ phận"), (CELL_RESOLUTION,), committee=True),
    StepSpec(
        BASE_RESOLUTION,
        _("Nghị quyết đảng ủy cơ sở đề nghị kết nạp"),
        (CELL_RESOLUTION,),
        stage="COMMITTEE_RESOLVED",
        vote=True,
        committee=True,
    ),
    StepSpec(DECISION, _("Quyết định kết nạp đảng viên"), (CELL_RESOLUTION,), stage="DECIDED", committee=True),
    StepSpec(CEREMONY, _("Lễ kết nạp"), (DECISION,), stage="ADMITTED"),
]
SPECS: dict[str, StepSpec] = {s.code: s for s in STEPS}
# Checks run before the chi bộ's vote (6-KNĐ) as guard(case, vote_on), each raising ValidationError; other apps
# add theirs in ready()
# (sotay/verification/gate.py: the political-standard verification must conclude "meets").
VOTE_GUARDS: list = []
FORM_CODES: list[str] = [s.code for s in STEPS]


def required_codes(cell: Organization) -> set[str]:
    """The steps this cell's candidates go through: 7-KNĐ under a đảng ủy bộ phận, 8-KNĐ under a đảng ủy cơ sở."""
    codes = {s.code for s in STEPS if not s.optional and s.code not in (SUB_COMMITTEE_REPORT, BASE_RESOLUTION)}
    if cell.kind != OrgKind.CELL:
        return codes  # a chi bộ cơ sở: its direct superior decides on the 6-KNĐ
    parent = Organization.objects.get_parent(cell)
    if parent is not None and parent.kind == OrgKind.SUB_COMMITTEE:
        codes |= {SUB_COMMITTEE_REPORT, BASE_RESOLUTION}
    elif parent is not None and parent.kind == OrgKind.BASE_COMMITTEE:
        codes.add(BASE_RESOLUTION)
    return codes


def prerequisites(code: str, cell: Organization) -> tuple[str, ...]:
    """The steps `code` needs first in this cell's chain (the decision waits for the đảng ủy cơ sở if any)."""
    spec = SPECS[code]
    needed = set(spec.requires)
    chain = required_codes(cell)
    if code == BASE_RESOLUTION and SUB_COMMITTEE_REPORT in chain:
        needed.add(SUB_COMMITTEE_REPORT)
    if code == DECISION and BASE_RESOLUTION in chain:
        needed.add(BASE_RESOLUTION)
    return tuple(c for c in FORM_CODES if c in needed)
