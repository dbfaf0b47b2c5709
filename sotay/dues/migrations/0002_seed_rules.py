"""The dues rates and regional minimum wages shipped with Sổ tay.

Frozen (issue 12): the rows are written here, not imported from app code, so this migration stays as it is
when the code changes; a later change to the seed ships as a new migration. The seeding policy
(docs/decisions/0007-seeding.md): insert the rows that are missing, never change a row already there.
"""

import datetime
from decimal import Decimal

from django.db import migrations

RULES = [('342-QĐ/TW',
  datetime.date(2011, 1, 1),
  'INSURED_SALARY',
  Decimal('1'),
  None,
  'DECLARED_AMOUNT',
  True,
  'Giá trị thường được trích dẫn của 342-QĐ/TW; cần đối chiếu văn bản.'),
 ('342-QĐ/TW',
  datetime.date(2011, 1, 1),
  'SOCIAL_BENEFIT',
  Decimal('0.5'),
  None,
  'DECLARED_AMOUNT',
  True,
  'Giá trị thường được trích dẫn của 342-QĐ/TW; cần đối chiếu văn bản.'),
 ('342-QĐ/TW',
  datetime.date(2011, 1, 1),
  'PENSION',
  Decimal('0.5'),
  None,
  'DECLARED_AMOUNT',
  True,
  'Giá trị thường được trích dẫn của 342-QĐ/TW; cần đối chiếu văn bản.'),
 ('342-QĐ/TW',
  datetime.date(2011, 1, 1),
  'STUDENT',
  None,
  2000,
  'FIXED',
  True,
  'Giá trị thường được trích dẫn của 342-QĐ/TW; cần đối chiếu văn bản. Mức 2.000–5.000 đ do tỉnh ủy quy '
  'định.'),
 ('342-QĐ/TW',
  datetime.date(2011, 1, 1),
  'OTHER_WORKING_AGE',
  None,
  2000,
  'FIXED',
  True,
  'Giá trị thường được trích dẫn của 342-QĐ/TW; cần đối chiếu văn bản. Mức 2.000–5.000 đ.'),
 ('342-QĐ/TW',
  datetime.date(2011, 1, 1),
  'OTHER_RETIRED',
  None,
  2000,
  'FIXED',
  True,
  'Giá trị thường được trích dẫn của 342-QĐ/TW; cần đối chiếu văn bản. Mức 2.000–5.000 đ.'),
 ('01-QĐ/TW',
  datetime.date(2026, 2, 1),
  'INSURED_SALARY',
  Decimal('1'),
  None,
  'DECLARED_AMOUNT',
  False,
  '1% tiền lương tháng trước'),
 ('01-QĐ/TW',
  datetime.date(2026, 2, 1),
  'SOCIAL_BENEFIT',
  Decimal('1'),
  None,
  'DECLARED_AMOUNT',
  False,
  '1% trợ cấp ốm đau, thai sản'),
 ('01-QĐ/TW',
  datetime.date(2026, 2, 1),
  'PENSION',
  Decimal('0.5'),
  None,
  'DECLARED_AMOUNT',
  False,
  '0,5% lương hưu'),
 ('01-QĐ/TW', datetime.date(2026, 2, 1), 'STUDENT', None, 5000, 'FIXED', False, '5.000 đ/tháng'),
 ('01-QĐ/TW',
  datetime.date(2026, 2, 1),
  'OTHER_WORKING_AGE',
  Decimal('0.3'),
  None,
  'REGIONAL_MINIMUM_WAGE',
  False,
  '2026–2027'),
 ('01-QĐ/TW',
  datetime.date(2026, 2, 1),
  'OTHER_RETIRED',
  Decimal('0.2'),
  None,
  'REGIONAL_MINIMUM_WAGE',
  False,
  '2026–2027'),
 ('01-QĐ/TW',
  datetime.date(2028, 1, 1),
  'OTHER_WORKING_AGE',
  Decimal('0.5'),
  None,
  'REGIONAL_MINIMUM_WAGE',
  False,
  'từ 2028'),
 ('01-QĐ/TW',
  datetime.date(2028, 1, 1),
  'OTHER_RETIRED',
  Decimal('0.3'),
  None,
  'REGIONAL_MINIMUM_WAGE',
  False,
  'từ 2028')]

WAGES = [(1, 5310000, datetime.date(2026, 1, 1), '293/2025/NĐ-CP'),
 (2, 4730000, datetime.date(2026, 1, 1), '293/2025/NĐ-CP'),
 (3, 4140000, datetime.date(2026, 1, 1), '293/2025/NĐ-CP'),
 (4, 3700000, datetime.date(2026, 1, 1), '293/2025/NĐ-CP')]


def forwards(apps, schema_editor):
    DuesRule = apps.get_model("dues", "DuesRule")
    RegionalMinimumWage = apps.get_model("dues", "RegionalMinimumWage")
    for document, start, basis, percent, fixed, of_what, check, note in RULES:
        DuesRule.objects.get_or_create(
            basis=basis,
            effective_from=start,
            defaults={
                "document_reference": document,
                "percent": percent,
                "fixed_amount": fixed,
                "of_what": of_what,
                "needs_verification": check,
                "note": note,
            },
        )
    for region, amount, start, document in WAGES:
        RegionalMinimumWage.objects.get_or_create(
            region=region,
            effective_from=start,
            defaults={"amount": amount, "document": document, "needs_verification": True},
        )


class Migration(migrations.Migration):
    dependencies = [('dues', '0001_initial')]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
