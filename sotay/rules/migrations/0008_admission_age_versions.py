"""The admission age limits (Điều lệ Điều 1 khoản 2: from 18 to 60, counted in months; over 60 decided by the cấp ủy
trực thuộc Trung ương) as the sequence of regulations implementing the Statute actually set them: 29-QĐ/TW
(25/7/2016), 24-QĐ/TW (30/7/2021), 232-QĐ/TW (20/01/2025), 294-QĐ/TW (in force 01/7/2025). The article is known
for 29-QĐ/TW (điểm 1.1); the others say "cần đối chiếu" until checked against the text.

The row "232-QĐ/TW Mục 4.1" dated 28/01/2020 was a mislabel (no such regulation on that day): it is removed, and the
old 294-QĐ/TW rows get their clause, but only where a row is still exactly as an earlier seed wrote it — a row staff
edited is left alone. The data is written here, not imported from app code.
"""

import datetime as dt

from django.db import migrations

CLAUSE = "(Điều lệ Điều 1 khoản 2): từ đủ 18 đến đủ 60 tuổi, tính theo tháng"
OVER_60 = " Trên 60 tuổi do cấp ủy trực thuộc Trung ương xem xét, quyết định."
VERSIONS = [
    # (document, article, effective from, note)
    ("29-QĐ/TW", "Điểm 1.1", dt.date(2016, 7, 25), "Quy định 29-QĐ/TW ngày 25/7/2016."),
    ("24-QĐ/TW", "Điểm cần đối chiếu", dt.date(2021, 7, 30), "Quy định 24-QĐ/TW ngày 30/7/2021, thay 29-QĐ/TW."),
    ("232-QĐ/TW", "Điểm cần đối chiếu", dt.date(2025, 1, 20), "Quy định 232-QĐ/TW ngày 20/01/2025, thay 24-QĐ/TW."),
    (
        "294-QĐ/TW",
        "Điểm cần đối chiếu",
        dt.date(2025, 7, 1),
        "Quy định 294-QĐ/TW ngày 26/5/2025, hiệu lực 01/7/2025, thay 232-QĐ/TW.",
    ),
]
KEYS = [("admission_min_age_months", 216, ""), ("admission_max_age_months", 720, OVER_60)]

# Rows exactly as earlier seeds wrote them: (key, effective_from, document, clause, note)
MISLABELLED = (
    "admission_max_age_months",
    dt.date(2020, 1, 28),
    "232-QĐ/TW",
    "Mục 4.1: tuổi đời từ đủ 18 đến 60 (tính theo tháng); trên 60 do cấp ủy trực thuộc Trung ương xem xét",
    "Trước 01/07/2025 (294-QĐ/TW) áp dụng cùng giới hạn.",
)
OLD_294 = [
    ("admission_min_age_months", dt.date(2025, 7, 1), "294-QĐ/TW", "Tuổi đời từ đủ 18 đến 60 (tính theo tháng)", ""),
    ("admission_max_age_months", dt.date(2025, 7, 1), "294-QĐ/TW", "Tuổi đời từ đủ 18 đến 60 (tính theo tháng)", ""),
]


def _as_seeded(Rule, key, effective_from, document, clause, note):
    return Rule.objects.filter(
        key=key, effective_from=effective_from, document_reference=document, clause=clause, note=note
    )


def forwards(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    _as_seeded(Rule, *MISLABELLED).delete()
    for key, _day, document, clause, note in OLD_294:
        old = _as_seeded(Rule, key, _day, document, clause, note)
        value = dict((k, v) for k, v, _extra in KEYS)[key]
        extra = dict((k, e) for k, _v, e in KEYS)[key]
        old.filter(value=value).update(clause=f"Điểm cần đối chiếu {CLAUSE}", note=VERSIONS[-1][3] + extra)
    for document, article, effective_from, note in VERSIONS:
        for key, value, extra in KEYS:
            if Rule.objects.filter(key=key, effective_from=effective_from).exists():
                continue  # already there (seeded or entered by staff): never overwritten
            Rule.objects.create(
                key=key,
                value=value,
                document_reference=document,
                clause=f"{article} {CLAUSE}",
                effective_from=effective_from,
                note=note + extra,
            )


class Migration(migrations.Migration):
    dependencies = [("rules", "0007_national_day_2026")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
