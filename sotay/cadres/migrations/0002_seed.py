"""The cadre rules and position standards shipped with Sổ tay (docs/cadres.md).

Frozen (issue 12): the rows are written here, not imported from app code, so this migration stays as it is
when the code changes; a later change to the seed ships as a new migration. The seeding policy
(docs/decisions/0007-seeding.md): insert the rows that are missing, never change a row already there.
"""

import datetime
from decimal import Decimal

from django.db import migrations

RULES = [('cadre_plan_min_per_post',
  2,
  '50-QĐ/TW',
  'Quy hoạch cán bộ: số người quy hoạch mỗi chức danh — cần đối chiếu',
  datetime.date(2021, 12, 27),
  'Mặc định của Sổ tay: ít nhất 2 người cho mỗi vị trí (thường 2–3 người).'),
 ('cadre_plan_max_per_post',
  3,
  '50-QĐ/TW',
  'Quy hoạch cán bộ: mỗi chức danh không quá 3 người — cần đối chiếu',
  datetime.date(2021, 12, 27),
  'Mặc định của Sổ tay: tối đa 3 người cho mỗi vị trí.'),
 ('cadre_structure_under_40_percent',
  10,
  '45-CT/TW',
  'Cơ cấu cấp ủy: cán bộ trẻ dưới 40 tuổi — cần đối chiếu (mục tiêu của nhiệm kỳ trước)',
  datetime.date(2019, 4, 14),
  'Mục tiêu dưới 40 tuổi ≥ 10% (nhiệm kỳ trước); nữ và dân tộc thiểu số chưa đặt mục tiêu.')]

STANDARDS = [{'org_kind': 'COMMUNE_COMMITTEE',
  'effective_from': datetime.date(2024, 6, 14),
  'document_reference': '35-CT/TW; tiêu chuẩn chức danh cấp xã của tỉnh',
  'clause': 'Tuổi tham gia cấp ủy lần đầu, tái cử; trình độ tối thiểu — cần đối chiếu',
  'unconfirmed': True,
  'min_political_theory': 'INTERMEDIATE',
  'min_professional_education': 'BACHELOR',
  'first_max_age_months_male': 684,
  'first_max_age_months_female': 640,
  'again_max_age_months_male': 702,
  'again_max_age_months_female': 658,
  'position_kind': 'SECRETARY',
  'min_party_age_years': 5,
  'required_prior_kinds': ['DEPUTY_SECRETARY', 'STANDING'],
  'manual_criteria': ['Phẩm chất chính trị, đạo đức, lối sống', 'Năng lực lãnh đạo, uy tín']},
 {'org_kind': 'COMMUNE_COMMITTEE',
  'effective_from': datetime.date(2024, 6, 14),
  'document_reference': '35-CT/TW; tiêu chuẩn chức danh cấp xã của tỉnh',
  'clause': 'Tuổi tham gia cấp ủy lần đầu, tái cử; trình độ tối thiểu — cần đối chiếu',
  'unconfirmed': True,
  'min_political_theory': 'INTERMEDIATE',
  'min_professional_education': 'BACHELOR',
  'first_max_age_months_male': 684,
  'first_max_age_months_female': 640,
  'again_max_age_months_male': 702,
  'again_max_age_months_female': 658,
  'position_kind': 'DEPUTY_SECRETARY',
  'min_party_age_years': 5,
  'required_prior_kinds': ['STANDING', 'COMMITTEE_MEMBER'],
  'manual_criteria': ['Phẩm chất chính trị, đạo đức, lối sống', 'Năng lực lãnh đạo, uy tín']},
 {'org_kind': 'COMMUNE_COMMITTEE',
  'effective_from': datetime.date(2024, 6, 14),
  'document_reference': '35-CT/TW; tiêu chuẩn chức danh cấp xã của tỉnh',
  'clause': 'Tuổi tham gia cấp ủy lần đầu, tái cử; trình độ tối thiểu — cần đối chiếu',
  'unconfirmed': True,
  'min_political_theory': 'INTERMEDIATE',
  'min_professional_education': 'BACHELOR',
  'first_max_age_months_male': 684,
  'first_max_age_months_female': 640,
  'again_max_age_months_male': 702,
  'again_max_age_months_female': 658,
  'position_kind': 'STANDING',
  'min_party_age_years': 3,
  'manual_criteria': ['Phẩm chất chính trị, đạo đức, lối sống']},
 {'org_kind': 'COMMUNE_COMMITTEE',
  'effective_from': datetime.date(2024, 6, 14),
  'document_reference': '35-CT/TW; tiêu chuẩn chức danh cấp xã của tỉnh',
  'clause': 'Tuổi tham gia cấp ủy lần đầu, tái cử; trình độ tối thiểu — cần đối chiếu',
  'unconfirmed': True,
  'min_political_theory': 'INTERMEDIATE',
  'min_professional_education': 'BACHELOR',
  'first_max_age_months_male': 684,
  'first_max_age_months_female': 640,
  'again_max_age_months_male': 702,
  'again_max_age_months_female': 658,
  'position_kind': 'COMMITTEE_MEMBER',
  'min_party_age_years': 3,
  'manual_criteria': ['Phẩm chất chính trị, đạo đức, lối sống']},
 {'org_kind': 'COMMUNE_COMMITTEE',
  'effective_from': datetime.date(2024, 6, 14),
  'document_reference': '35-CT/TW; tiêu chuẩn chức danh cấp xã của tỉnh',
  'clause': 'Tuổi tham gia cấp ủy lần đầu, tái cử; trình độ tối thiểu — cần đối chiếu',
  'unconfirmed': True,
  'min_political_theory': 'INTERMEDIATE',
  'min_professional_education': 'BACHELOR',
  'first_max_age_months_male': 684,
  'first_max_age_months_female': 640,
  'again_max_age_months_male': 702,
  'again_max_age_months_female': 658,
  'position_kind': 'UBKT_CHAIR',
  'min_party_age_years': 5,
  'required_prior_kinds': ['COMMITTEE_MEMBER', 'UBKT_MEMBER'],
  'manual_criteria': ['Phẩm chất chính trị, đạo đức, lối sống']}]


def forwards(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for key, value, document, clause, effective_from, note in RULES:
        Rule.objects.get_or_create(
            key=key,
            effective_from=effective_from,
            defaults={"value": value, "document_reference": document, "clause": clause, "note": note},
        )
    Standard = apps.get_model("cadres", "Standard")
    for row in STANDARDS:
        keys = {k: row[k] for k in ("position_kind", "org_kind", "effective_from")}
        Standard.objects.get_or_create(**keys, defaults={k: v for k, v in row.items() if k not in keys})


class Migration(migrations.Migration):
    dependencies = [('cadres', '0001_initial'), ('rules', '0008_admission_age_versions')]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
