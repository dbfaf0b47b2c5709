"""The rule versions shipped with Sổ tay (docs/rules/); loaded by a data migration."""

from __future__ import annotations

import datetime as dt

# (key, value, document, clause, effective_from, note)
RULES = [
    (
        "probation_months",
        12,
        "Điều lệ Đảng 1996",
        "Điều 5",
        dt.date(1996, 7, 1),
        "Thời kỳ dự bị 12 tháng. Trước ngày này Sổ tay không kiểm tra ngày chính thức theo thời hạn dự bị.",
    ),
    (
        "probation_months",
        12,
        "Điều lệ Đảng 2011",
        "Điều 5",
        dt.date(2011, 1, 19),
        "Thời kỳ dự bị 12 tháng kể từ ngày lễ kết nạp.",
    ),
    (
        "probation_months",
        12,
        "294-QĐ/TW",
        "Điều lệ Điều 5; QĐ 294 thi hành Điều lệ",
        dt.date(2025, 7, 1),
        "Giữ nguyên 12 tháng.",
    ),
    (
        "cell_min_official_members",
        3,
        "Điều lệ Đảng 2011",
        "Điều 21, 24",
        dt.date(2011, 1, 19),
        "Tổ chức cơ sở đảng, chi bộ trực thuộc cần ít nhất 3 đảng viên chính thức.",
    ),
    (
        "base_cell_review_members",
        30,
        "294-QĐ/TW",
        "Đảng bộ cơ sở có từ 30 đảng viên",
        dt.date(2025, 7, 1),
        "Chi bộ cơ sở đạt 30 đảng viên được đánh dấu để xem xét thành lập đảng bộ cơ sở.",
    ),
    (
        "admission_min_age_months",
        216,
        "Điều lệ Đảng 1996",
        "Điều 1: công dân Việt Nam từ mười tám tuổi trở lên",
        dt.date(1996, 7, 1),
        "Tuổi đời tính theo tháng, đến ngày chi bộ xét kết nạp.",
    ),
    # The age limits of Điều lệ Điều 1 khoản 2 as each regulation implementing the Statute set them, in sequence
    # (migration 0008 brings an existing database to this list). An article not checked says "cần đối chiếu".
    (
        "admission_min_age_months",
        216,
        "29-QĐ/TW",
        "Điểm 1.1 (Điều lệ Điều 1 khoản 2): từ đủ 18 đến đủ 60 tuổi, tính theo tháng",
        dt.date(2016, 7, 25),
        "Quy định 29-QĐ/TW ngày 25/7/2016.",
    ),
    (
        "admission_max_age_months",
        720,
        "29-QĐ/TW",
        "Điểm 1.1 (Điều lệ Điều 1 khoản 2): từ đủ 18 đến đủ 60 tuổi, tính theo tháng",
        dt.date(2016, 7, 25),
        "Quy định 29-QĐ/TW ngày 25/7/2016. Trên 60 tuổi do cấp ủy trực thuộc Trung ương xem xét, quyết định.",
    ),
    (
        "admission_min_age_months",
        216,
        "24-QĐ/TW",
        "Điểm cần đối chiếu (Điều lệ Điều 1 khoản 2): từ đủ 18 đến đủ 60 tuổi, tính theo tháng",
        dt.date(2021, 7, 30),
        "Quy định 24-QĐ/TW ngày 30/7/2021, thay 29-QĐ/TW.",
    ),
    (
        "admission_max_age_months",
        720,
        "24-QĐ/TW",
        "Điểm cần đối chiếu (Điều lệ Điều 1 khoản 2): từ đủ 18 đến đủ 60 tuổi, tính theo tháng",
        dt.date(2021, 7, 30),
        "Quy định 24-QĐ/TW ngày 30/7/2021, thay 29-QĐ/TW."
        " Trên 60 tuổi do cấp ủy trực thuộc Trung ương xem xét, quyết định.",
    ),
    (
        "admission_min_age_months",
        216,
        "232-QĐ/TW",
        "Điểm cần đối chiếu (Điều lệ Điều 1 khoản 2): từ đủ 18 đến đủ 60 tuổi, tính theo tháng",
        dt.date(2025, 1, 20),
        "Quy định 232-QĐ/TW ngày 20/01/2025, thay 24-QĐ/TW.",
    ),
    (
        "admission_max_age_months",
        720,
        "232-QĐ/TW",
        "Điểm cần đối chiếu (Điều lệ Điều 1 khoản 2): từ đủ 18 đến đủ 60 tuổi, tính theo tháng",
        dt.date(2025, 1, 20),
        "Quy định 232-QĐ/TW ngày 20/01/2025, thay 24-QĐ/TW."
        " Trên 60 tuổi do cấp ủy trực thuộc Trung ương xem xét, quyết định.",
    ),
    (
        "admission_min_age_months",
        216,
        "294-QĐ/TW",
        "Điểm cần đối chiếu (Điều lệ Điều 1 khoản 2): từ đủ 18 đến đủ 60 tuổi, tính theo tháng",
        dt.date(2025, 7, 1),
        "Quy định 294-QĐ/TW ngày 26/5/2025, hiệu lực 01/7/2025, thay 232-QĐ/TW.",
    ),
    (
        "admission_max_age_months",
        720,
        "294-QĐ/TW",
        "Điểm cần đối chiếu (Điều lệ Điều 1 khoản 2): từ đủ 18 đến đủ 60 tuổi, tính theo tháng",
        dt.date(2025, 7, 1),
        "Quy định 294-QĐ/TW ngày 26/5/2025, hiệu lực 01/7/2025, thay 232-QĐ/TW."
        " Trên 60 tuổi do cấp ủy trực thuộc Trung ương xem xét, quyết định.",
    ),
]


def load(apps=None) -> None:
    """Insert the seeded rows that are missing, never changing a row already there (docs/decisions/0007-seeding.md):
    the frozen migration `rules/0002_seed_rules` does it, with its own copy of this data."""
    import importlib

    from django.apps import apps as global_apps

    importlib.import_module("sotay.rules.migrations.0002_seed_rules").forwards(apps or global_apps, None)


# Công nhận đảng viên chính thức: the chi bộ considers within this many working days after the 12 months of probation
# end (docs/rules/admission.md#công-nhận-đảng-viên-chính-thức). The article is "cần đối chiếu".
RULES.append(
    (
        "recognition_consider_working_days",
        30,
        "294-QĐ/TW",
        "Thi hành Điều lệ Điều 5 (điểm cần đối chiếu); Hướng dẫn 01-HD/TW điểm 4",
        dt.date(2025, 7, 1),
        "Chậm nhất 30 ngày làm việc kể từ ngày đảng viên hết 12 tháng dự bị, chi bộ phải xét và đề nghị công nhận "
        "chính thức. Cần đối chiếu số điểm trong 294-QĐ/TW.",
    )
)
