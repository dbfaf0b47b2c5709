"""The rule rows of docs/rules/discipline.md#kỷ-luật-và-các-quy-tắc-khác (badge delays, KHTNV after discipline,
the probation overdue days), each marked "cần đối chiếu" in its note; staff change them in the admin.

Frozen (issue 12): the rows are written here, not imported from app code, so this migration stays as it is
when the code changes; a later change to the seed ships as a new migration. The seeding policy
(docs/decisions/0007-seeding.md): insert the rows that are missing, never change a row already there.
"""

import datetime

from django.db import migrations

RULES = [('discipline.badge_delay_months.REPRIMAND',
  6,
  '24-QĐ/TW',
  'thi hành Điều lệ, mục Huy hiệu Đảng (theo bản trích)',
  datetime.date(2022, 7, 30),
  'Cần đối chiếu: Huy hiệu Đảng lùi 6 tháng sau kỷ luật khiển trách (như bản trích 24-QĐ/TW); chưa đối chiếu '
  'với 294-QĐ/TW.'),
 ('discipline.badge_delay_months.WARNING',
  9,
  '24-QĐ/TW',
  'thi hành Điều lệ, mục Huy hiệu Đảng (theo bản trích)',
  datetime.date(2022, 7, 30),
  'Cần đối chiếu: lùi 9 tháng sau kỷ luật cảnh cáo.'),
 ('discipline.badge_delay_months.REMOVAL',
  12,
  '24-QĐ/TW',
  'thi hành Điều lệ, mục Huy hiệu Đảng (theo bản trích)',
  datetime.date(2022, 7, 30),
  'Cần đối chiếu: lùi 12 tháng sau kỷ luật cách chức.'),
 ('discipline.khtnv_when_disciplined',
  True,
  '366-QĐ/TW',
  'xếp loại đảng viên: bị thi hành kỷ luật trong năm (theo hướng dẫn thực hiện)',
  datetime.date(2025, 8, 30),
  'Cần đối chiếu: đảng viên bị thi hành kỷ luật trong năm được xếp loại không hoàn thành nhiệm vụ; cấp ủy đã '
  'quyết định kỷ luật có thể cho phép khác (có ghi lý do, có nhật ký).'),
 ('discipline.probation_overdue_days',
  30,
  'Điều lệ Đảng',
  'Điều 5 khoản 3 (thời hạn xét công nhận chính thức, theo 294-QĐ/TW)',
  datetime.date(2025, 7, 1),
  'Cần đối chiếu: số ngày sau khi hết dự bị mà chưa được công nhận chính thức thì sàng lọc gắn cờ.')]


def forwards(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for key, value, document, clause, effective_from, note in RULES:
        Rule.objects.get_or_create(
            key=key,
            effective_from=effective_from,
            defaults={"value": value, "document_reference": document, "clause": clause, "note": note},
        )


class Migration(migrations.Migration):
    dependencies = [('discipline', '0001_initial'), ('rules', '0009_readmission_wait')]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
