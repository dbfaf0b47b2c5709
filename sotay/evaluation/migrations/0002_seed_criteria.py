"""The evaluation criteria sets, grade bands and quotas shipped with Sổ tay (docs/rules/evaluation.md).

Frozen (issue 12): the rows are written here, not imported from app code, so this migration stays as it is
when the code changes; a later change to the seed ships as a new migration. The seeding policy
(docs/decisions/0007-seeding.md): insert the rows that are missing, never change a row already there.
"""

import datetime
from decimal import Decimal

from django.db import migrations

CRITERIA_SETS = [('366-DV',
  'Khung tiêu chí đánh giá đảng viên (thang điểm 100)',
  '366-QĐ/TW',
  'MEMBER',
  datetime.date(2025, 8, 30),
  True,
  True,
  'Phân bổ điểm giữa các nhóm tiêu chí do cấp ủy hướng dẫn; số điểm ở đây là mặc định, cần đối chiếu.',
  [('Chính trị tư tưởng', Decimal('10')),
   ('Đạo đức, lối sống', Decimal('10')),
   ('Ý thức tổ chức kỷ luật', Decimal('10')),
   ('Tác phong, lề lối làm việc; trách nhiệm nêu gương', Decimal('10')),
   ('Kết quả thực hiện chức trách, nhiệm vụ được giao (định lượng, theo sản phẩm cụ thể)', Decimal('60'))]),
 ('366-TC',
  'Khung tiêu chí đánh giá tổ chức đảng (thang điểm 100)',
  '366-QĐ/TW',
  'ORGANIZATION',
  datetime.date(2025, 8, 30),
  True,
  True,
  'Phân bổ điểm giữa các nhóm tiêu chí do cấp ủy hướng dẫn; số điểm ở đây là mặc định, cần đối chiếu.',
  [('Lãnh đạo thực hiện nhiệm vụ chính trị (định lượng, theo chỉ tiêu được giao)', Decimal('40')),
   ('Công tác chính trị tư tưởng', Decimal('15')),
   ('Công tác tổ chức, cán bộ và xây dựng tổ chức đảng, đảng viên', Decimal('20')),
   ('Công tác kiểm tra, giám sát và kỷ luật đảng', Decimal('15')),
   ('Đoàn kết nội bộ; khắc phục hạn chế, khuyết điểm đã chỉ ra', Decimal('10'))]),
 ('124-DV',
  'Tiêu chí đánh giá đảng viên (xếp loại không chấm điểm)',
  '124-QĐ/TW',
  'MEMBER',
  datetime.date(2023, 10, 4),
  False,
  False,
  'Dùng cho kỳ đánh giá năm 2023 và 2024.',
  [('Tư tưởng chính trị', None),
   ('Phẩm chất đạo đức, lối sống', None),
   ('Ý thức tổ chức kỷ luật', None),
   ('Kết quả thực hiện chức trách, nhiệm vụ được giao', None)]),
 ('124-TC',
  'Tiêu chí đánh giá tổ chức đảng (xếp loại không chấm điểm)',
  '124-QĐ/TW',
  'ORGANIZATION',
  datetime.date(2023, 10, 4),
  False,
  False,
  'Dùng cho kỳ đánh giá năm 2023 và 2024.',
  [('Lãnh đạo thực hiện nhiệm vụ chính trị', None),
   ('Công tác chính trị tư tưởng', None),
   ('Công tác tổ chức, cán bộ và xây dựng tổ chức đảng', None),
   ('Công tác kiểm tra, giám sát', None)])]

BANDS_366 = [('HTXSNV', Decimal('90'), Decimal('100'), Decimal('0'), Decimal('30'), True),
 ('HTTNV', Decimal('70'), Decimal('100'), Decimal('0'), None, False),
 ('HTNV', Decimal('50'), Decimal('100'), Decimal('20'), None, False),
 ('KHTNV', Decimal('0'), None, None, None, False)]

QUOTAS = [(datetime.date(2019, 1, 1),
  Decimal('20'),
  'WARN',
  '21-HD/BTCTW (2019)',
  'HTXSNV không quá 20% số HTTNV trong mỗi TCCS.'),
 (datetime.date(2025, 8, 30),
  Decimal('20'),
  'WARN',
  '366-QĐ/TW',
  'Chưa xác nhận 366-QĐ/TW giữ tỷ lệ này của Hướng dẫn 21-HD/BTCTW: giữ 20%, chỉ cảnh báo.')]


def forwards(apps, schema_editor):
    get = apps.get_model
    CriteriaSet, Criterion, GradeBand, GradeQuota = (
        get("evaluation", n) for n in ("CriteriaSet", "Criterion", "GradeBand", "GradeQuota")
    )
    for code, title, doc, subject, effective_from, scored, verify, note, criteria in CRITERIA_SETS:
        cs, _created = CriteriaSet.objects.get_or_create(
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
            Criterion.objects.get_or_create(criteria_set=cs, order=order, defaults={"title": ctitle, "max_score": max_score})
        if scored:
            for grade, low, done, late, above, collective in BANDS_366:
                GradeBand.objects.get_or_create(
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
        GradeQuota.objects.get_or_create(
            effective_from=effective_from,
            defaults={"max_percent": percent, "mode": mode, "document_reference": doc, "note": note},
        )


class Migration(migrations.Migration):
    dependencies = [('evaluation', '0001_initial')]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
