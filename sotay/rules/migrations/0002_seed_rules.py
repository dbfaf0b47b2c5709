"""The rule versions shipped with Sổ tay (docs/rules/), as of the rules this migration and 0003/0006 loaded.

Frozen (issue 12): the rows are written here, not imported from app code, so this migration stays as it is
when the code changes; a later change to the seed ships as a new migration. The seeding policy
(docs/decisions/0007-seeding.md): insert the rows that are missing, never change a row already there.
"""

import datetime

from django.db import migrations

RULES = [('probation_months',
  12,
  'Điều lệ Đảng 1996',
  'Điều 5',
  datetime.date(1996, 7, 1),
  'Thời kỳ dự bị 12 tháng. Trước ngày này Sổ tay không kiểm tra ngày chính thức theo thời hạn dự bị.'),
 ('probation_months',
  12,
  'Điều lệ Đảng 2011',
  'Điều 5',
  datetime.date(2011, 1, 19),
  'Thời kỳ dự bị 12 tháng kể từ ngày lễ kết nạp.'),
 ('probation_months',
  12,
  '294-QĐ/TW',
  'Điều lệ Điều 5; QĐ 294 thi hành Điều lệ',
  datetime.date(2025, 7, 1),
  'Giữ nguyên 12 tháng.'),
 ('cell_min_official_members',
  3,
  'Điều lệ Đảng 2011',
  'Điều 21, 24',
  datetime.date(2011, 1, 19),
  'Tổ chức cơ sở đảng, chi bộ trực thuộc cần ít nhất 3 đảng viên chính thức.'),
 ('base_cell_review_members',
  30,
  '294-QĐ/TW',
  'Đảng bộ cơ sở có từ 30 đảng viên',
  datetime.date(2025, 7, 1),
  'Chi bộ cơ sở đạt 30 đảng viên được đánh dấu để xem xét thành lập đảng bộ cơ sở.'),
 ('admission_min_age_months',
  216,
  'Điều lệ Đảng 1996',
  'Điều 1: công dân Việt Nam từ mười tám tuổi trở lên',
  datetime.date(1996, 7, 1),
  'Tuổi đời tính theo tháng, đến ngày chi bộ xét kết nạp.'),
 ('admission_min_age_months',
  216,
  '29-QĐ/TW',
  'Điểm 1.1 (Điều lệ Điều 1 khoản 2): từ đủ 18 đến đủ 60 tuổi, tính theo tháng',
  datetime.date(2016, 7, 25),
  'Quy định 29-QĐ/TW ngày 25/7/2016.'),
 ('admission_max_age_months',
  720,
  '29-QĐ/TW',
  'Điểm 1.1 (Điều lệ Điều 1 khoản 2): từ đủ 18 đến đủ 60 tuổi, tính theo tháng',
  datetime.date(2016, 7, 25),
  'Quy định 29-QĐ/TW ngày 25/7/2016. Trên 60 tuổi do cấp ủy trực thuộc Trung ương xem xét, quyết định.'),
 ('admission_min_age_months',
  216,
  '24-QĐ/TW',
  'Điểm cần đối chiếu (Điều lệ Điều 1 khoản 2): từ đủ 18 đến đủ 60 tuổi, tính theo tháng',
  datetime.date(2021, 7, 30),
  'Quy định 24-QĐ/TW ngày 30/7/2021, thay 29-QĐ/TW.'),
 ('admission_max_age_months',
  720,
  '24-QĐ/TW',
  'Điểm cần đối chiếu (Điều lệ Điều 1 khoản 2): từ đủ 18 đến đủ 60 tuổi, tính theo tháng',
  datetime.date(2021, 7, 30),
  'Quy định 24-QĐ/TW ngày 30/7/2021, thay 29-QĐ/TW. Trên 60 tuổi do cấp ủy trực thuộc Trung ương xem xét, '
  'quyết định.'),
 ('admission_min_age_months',
  216,
  '232-QĐ/TW',
  'Điểm cần đối chiếu (Điều lệ Điều 1 khoản 2): từ đủ 18 đến đủ 60 tuổi, tính theo tháng',
  datetime.date(2025, 1, 20),
  'Quy định 232-QĐ/TW ngày 20/01/2025, thay 24-QĐ/TW.'),
 ('admission_max_age_months',
  720,
  '232-QĐ/TW',
  'Điểm cần đối chiếu (Điều lệ Điều 1 khoản 2): từ đủ 18 đến đủ 60 tuổi, tính theo tháng',
  datetime.date(2025, 1, 20),
  'Quy định 232-QĐ/TW ngày 20/01/2025, thay 24-QĐ/TW. Trên 60 tuổi do cấp ủy trực thuộc Trung ương xem xét, '
  'quyết định.'),
 ('admission_min_age_months',
  216,
  '294-QĐ/TW',
  'Điểm cần đối chiếu (Điều lệ Điều 1 khoản 2): từ đủ 18 đến đủ 60 tuổi, tính theo tháng',
  datetime.date(2025, 7, 1),
  'Quy định 294-QĐ/TW ngày 26/5/2025, hiệu lực 01/7/2025, thay 232-QĐ/TW.'),
 ('admission_max_age_months',
  720,
  '294-QĐ/TW',
  'Điểm cần đối chiếu (Điều lệ Điều 1 khoản 2): từ đủ 18 đến đủ 60 tuổi, tính theo tháng',
  datetime.date(2025, 7, 1),
  'Quy định 294-QĐ/TW ngày 26/5/2025, hiệu lực 01/7/2025, thay 232-QĐ/TW. Trên 60 tuổi do cấp ủy trực thuộc '
  'Trung ương xem xét, quyết định.'),
 ('recognition_consider_working_days',
  30,
  '294-QĐ/TW',
  'Thi hành Điều lệ Điều 5 (điểm cần đối chiếu); Hướng dẫn 01-HD/TW điểm 4',
  datetime.date(2025, 7, 1),
  'Chậm nhất 30 ngày làm việc kể từ ngày đảng viên hết 12 tháng dự bị, chi bộ phải xét và đề nghị công nhận '
  'chính thức. Cần đối chiếu số điểm trong 294-QĐ/TW.')]


def forwards(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for key, value, document, clause, effective_from, note in RULES:
        Rule.objects.get_or_create(
            key=key,
            effective_from=effective_from,
            defaults={"value": value, "document_reference": document, "clause": clause, "note": note},
        )


class Migration(migrations.Migration):
    dependencies = [('rules', '0001_initial')]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
