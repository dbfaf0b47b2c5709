"""The criteria sets, grade bands and quota shipped with Sổ tay (RULES.md §5, §16 item 6); loaded by migration 0002.

366-QĐ/TW (Bộ Chính trị, 30/8/2025) grades on a 100-point scale with the bands of its Điều 11 (≥ 90 with ≥ 30% of
tasks above requirement: HTXSNV; 70 to < 90 with every task on time: HTTNV; 50 to < 70 with every task done and
≤ 20% late: HTNV; otherwise KHTNV). The regulation sets the scale and the bands; the split of the 100 points
between criterion groups is left to the guidance of each level, so the split seeded here is a sensible default
marked `needs_verification` — edit it in the admin when the provincial guidance is issued.

124-QĐ/TW (04/10/2023) graded without a point scale: its set is kept, unscored, for the 2023 and 2024 reviews.

Quota (HTXSNV ≤ 20% of HTTNV in each TCCS) comes from the earlier guidance (21-HD/BTCTW, 2019); whether 366 keeps it
is unconfirmed, so it is seeded as a warning, changeable per campaign.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

QD_366 = "366-QĐ/TW"
QD_366_FROM = dt.date(2025, 8, 30)
QD_124 = "124-QĐ/TW"
QD_124_FROM = dt.date(2023, 10, 4)

_SPLIT = "Phân bổ điểm giữa các nhóm tiêu chí do cấp ủy hướng dẫn; số điểm ở đây là mặc định, cần đối chiếu."

# (code, title, document, subject, effective_from, scored, needs_verification, note, [(title, max_score)])
CRITERIA_SETS = [
    (
        "366-DV",
        "Khung tiêu chí đánh giá đảng viên (thang điểm 100)",
        QD_366,
        "MEMBER",
        QD_366_FROM,
        True,
        True,
        _SPLIT,
        [
            ("Chính trị tư tưởng", D(10)),
            ("Đạo đức, lối sống", D(10)),
            ("Ý thức tổ chức kỷ luật", D(10)),
            ("Tác phong, lề lối làm việc; trách nhiệm nêu gương", D(10)),
            ("Kết quả thực hiện chức trách, nhiệm vụ được giao (định lượng, theo sản phẩm cụ thể)", D(60)),
        ],
    ),
    (
        "366-TC",
        "Khung tiêu chí đánh giá tổ chức đảng (thang điểm 100)",
        QD_366,
        "ORGANIZATION",
        QD_366_FROM,
        True,
        True,
        _SPLIT,
        [
            ("Lãnh đạo thực hiện nhiệm vụ chính trị (định lượng, theo chỉ tiêu được giao)", D(40)),
            ("Công tác chính trị tư tưởng", D(15)),
            ("Công tác tổ chức, cán bộ và xây dựng tổ chức đảng, đảng viên", D(20)),
            ("Công tác kiểm tra, giám sát và kỷ luật đảng", D(15)),
            ("Đoàn kết nội bộ; khắc phục hạn chế, khuyết điểm đã chỉ ra", D(10)),
        ],
    ),
    (
        "124-DV",
        "Tiêu chí đánh giá đảng viên (xếp loại không chấm điểm)",
        QD_124,
        "MEMBER",
        QD_124_FROM,
        False,
        False,
        "Dùng cho kỳ đánh giá năm 2023 và 2024.",
        [
            ("Tư tưởng chính trị", None),
            ("Phẩm chất đạo đức, lối sống", None),
            ("Ý thức tổ chức kỷ luật", None),
            ("Kết quả thực hiện chức trách, nhiệm vụ được giao", None),
        ],
    ),
    (
        "124-TC",
        "Tiêu chí đánh giá tổ chức đảng (xếp loại không chấm điểm)",
        QD_124,
        "ORGANIZATION",
        QD_124_FROM,
        False,
        False,
        "Dùng cho kỳ đánh giá năm 2023 và 2024.",
        [
            ("Lãnh đạo thực hiện nhiệm vụ chính trị", None),
            ("Công tác chính trị tư tưởng", None),
            ("Công tác tổ chức, cán bộ và xây dựng tổ chức đảng", None),
            ("Công tác kiểm tra, giám sát", None),
        ],
    ),
]

# 366-QĐ/TW Điều 11: (grade, min score, min % done, max % late, min % above, collective conditions)
BANDS_366 = [
    ("HTXSNV", D(90), D(100), D(0), D(30), True),
    ("HTTNV", D(70), D(100), D(0), None, False),
    ("HTNV", D(50), D(100), D(20), None, False),
    ("KHTNV", D(0), None, None, None, False),
]

QUOTAS = [
    (dt.date(2019, 1, 1), D(20), "WARN", "21-HD/BTCTW (2019)", "HTXSNV không quá 20% số HTTNV trong mỗi TCCS."),
    (
        QD_366_FROM,
        D(20),
        "WARN",
        QD_366,
        "Chưa xác nhận 366-QĐ/TW giữ tỷ lệ này (RULES.md §16 mục 6): giữ 20%, chỉ cảnh báo.",
    ),
]


def load(apps=None) -> None:
    from django.apps import apps as global_apps

    get = (apps or global_apps).get_model
    CriteriaSet, Criterion, GradeBand, GradeQuota = (
        get("evaluation", n) for n in ("CriteriaSet", "Criterion", "GradeBand", "GradeQuota")
    )
    for code, title, doc, subject, effective_from, scored, verify, note, criteria in CRITERIA_SETS:
        cs, _created = CriteriaSet.objects.update_or_create(
            code=code,
            defaults={
                "title": title,
                "document_reference": doc,
                "subject": subject,
                "effective_from": effective_from,
                "scored": scored,
                "needs_verification": verify,
                "note": note,
            },
        )
        for order, (ctitle, max_score) in enumerate(criteria, start=1):
            Criterion.objects.update_or_create(
                criteria_set=cs, order=order, defaults={"title": ctitle, "max_score": max_score}
            )
        if scored:
            for grade, low, done, late, above, collective in BANDS_366:
                GradeBand.objects.update_or_create(
                    criteria_set=cs,
                    grade=grade,
                    defaults={
                        "min_score": low,
                        "min_tasks_done_percent": done,
                        "max_tasks_late_percent": late,
                        "min_tasks_above_percent": above,
                        "needs_collective_conditions": collective and subject == "ORGANIZATION",
                        "clause": "Điều 11",
                    },
                )
    for effective_from, percent, mode, doc, note in QUOTAS:
        GradeQuota.objects.update_or_create(
            effective_from=effective_from,
            defaults={"max_percent": percent, "mode": mode, "document_reference": doc, "note": note},
        )
