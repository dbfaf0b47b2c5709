"""The criteria sets, grade bands and quota shipped with Sổ tay (docs/rules/evaluation.md#tỷ-lệ-hoàn-thành-xuất-sắc);
loaded by migration 0002.

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
CRITERIA_SETS: list[tuple[str, str, str, str, dt.date, bool, bool, str, list[tuple[str, D | None]]]] = [
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
        "Chưa xác nhận 366-QĐ/TW giữ tỷ lệ này của Hướng dẫn 21-HD/BTCTW: giữ 20%, chỉ cảnh báo.",
    ),
]


def load(apps=None) -> None:
    """Insert the seeded rows that are missing, never changing a row already there (docs/decisions/0007-seeding.md):
    the frozen migration `evaluation/0002_seed_criteria` does it, with its own copy of this data."""
    import importlib

    from django.apps import apps as global_apps

    importlib.import_module("sotay.evaluation.migrations.0002_seed_criteria").forwards(apps or global_apps, None)


# Default criteria a new scheme starts with (docs/rules/evaluation.md#tiêu-chí-do-tỉnh-ban-hành): provinces define their
# own, so these are editable starting points, not regulation text. (group, group title, cell type or "", title, max
# score, source)
MODEL_CELL_CRITERIA = [
    (
        0,
        "",
        "",
        "Hoàn thành tốt nhiệm vụ của chi bộ theo Điều lệ Đảng; sinh hoạt chi bộ nền nếp, chất lượng",
        30,
        "MANUAL",
    ),
    (0, "", "", "Đảng viên gương mẫu, 100% đảng viên hoàn thành nhiệm vụ trở lên", 20, "MEMBERS_GOOD_SHARE"),
    (0, "", "", "Đoàn kết, không có đảng viên vi phạm kỷ luật", 10, "NO_STRUCK_OFF"),
    (
        0,
        "",
        "RESIDENTIAL",
        "Thôn, tổ dân phố đạt chuẩn văn hóa; an ninh trật tự bảo đảm; có mô hình kinh tế tiêu biểu",
        40,
        "MANUAL",
    ),
    (
        0,
        "",
        "AGENCY",
        "Cơ quan hoàn thành xuất sắc nhiệm vụ chuyên môn; cải cách hành chính, chuyển đổi số",
        40,
        "MANUAL",
    ),
    (0, "", "ENTERPRISE", "Doanh nghiệp sản xuất kinh doanh hiệu quả, bảo đảm quyền lợi người lao động", 40, "MANUAL"),
    (0, "", "SCHOOL", "Nhà trường đạt chuẩn quốc gia; chất lượng dạy và học được nâng lên", 40, "MANUAL"),
    (0, "", "HEALTH", "Đơn vị y tế nâng cao chất lượng khám chữa bệnh, sự hài lòng của người bệnh", 40, "MANUAL"),
    (0, "", "ARMED_FORCES", "Đơn vị vững mạnh toàn diện, hoàn thành xuất sắc nhiệm vụ được giao", 40, "MANUAL"),
    (0, "", "OTHER", "Hoàn thành xuất sắc nhiệm vụ chính trị của đơn vị", 40, "MANUAL"),
]

FOUR_GOOD_GROUPS = {
    1: "Lãnh đạo thực hiện tốt nhiệm vụ chính trị",
    2: "Sinh hoạt chi bộ, đảng bộ chất lượng tốt",
    3: "Đoàn kết, kỷ luật tốt",
    4: "Đội ngũ cán bộ, đảng viên tốt",
}
FOUR_GOOD_CRITERIA = [
    (1, "Hoàn thành các chỉ tiêu, nhiệm vụ chính trị theo nghị quyết", 15, "MANUAL"),
    (1, "Tổ chức đảng được xếp loại hoàn thành tốt nhiệm vụ trở lên", 10, "ORG_GRADE"),
    (2, "Sinh hoạt thường kỳ đủ, đúng định kỳ; sinh hoạt chuyên đề ít nhất mỗi quý một lần", 15, "MEETINGS_REGULAR"),
    (2, "Tỷ lệ đảng viên dự sinh hoạt; chất lượng thảo luận, nghị quyết", 10, "MEETING_ATTENDANCE"),
    (3, "Nội bộ đoàn kết; không có đảng viên bị xóa tên, khai trừ", 10, "NO_STRUCK_OFF"),
    (3, "Đảng viên đóng đảng phí đầy đủ, không nợ 3 tháng trong năm", 10, "NO_DUES_ARREARS"),
    (3, "Thực hiện nghiêm kỷ luật, quy chế làm việc", 5, "MANUAL"),
    (4, "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên", 15, "MEMBERS_GOOD_SHARE"),
    (4, "Không có đảng viên không hoàn thành nhiệm vụ", 5, "NO_MEMBER_NOT_COMPLETED"),
    (4, "Kết nạp đảng viên, phát triển đảng viên theo chỉ tiêu", 5, "ADMISSION_TARGET"),
]


def default_criteria(kind: str) -> list[dict]:
    if kind == "FOUR_GOOD":
        return [
            {
                "group": g,
                "group_title": FOUR_GOOD_GROUPS[g],
                "cell_type": "",
                "order": i,
                "title": t,
                "max_score": D(m),
                "source": s,
            }
            for i, (g, t, m, s) in enumerate(FOUR_GOOD_CRITERIA, start=1)
        ]
    return [
        {"group": g, "group_title": gt, "cell_type": ct, "order": i, "title": t, "max_score": D(m), "source": s}
        for i, (g, gt, ct, t, m, s) in enumerate(MODEL_CELL_CRITERIA, start=1)
    ]
