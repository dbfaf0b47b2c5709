"""Reference lists for the member record: the 54 ethnic groups (official codes), religions, education."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

# The 54 ethnic groups of Việt Nam with their official codes (Danh mục các dân tộc Việt Nam, TCTK).
ETHNIC_GROUPS: list[tuple[str, str]] = [
    ("01", "Kinh"),
    ("02", "Tày"),
    ("03", "Thái"),
    ("04", "Hoa"),
    ("05", "Khơ-me"),
    ("06", "Mường"),
    ("07", "Nùng"),
    ("08", "Mông"),
    ("09", "Dao"),
    ("10", "Gia-rai"),
    ("11", "Ngái"),
    ("12", "Ê-đê"),
    ("13", "Ba-na"),
    ("14", "Xơ-đăng"),
    ("15", "Sán Chay"),
    ("16", "Cơ-ho"),
    ("17", "Chăm"),
    ("18", "Sán Dìu"),
    ("19", "Hrê"),
    ("20", "Mnông"),
    ("21", "Ra-glai"),
    ("22", "Xtiêng"),
    ("23", "Bru-Vân Kiều"),
    ("24", "Thổ"),
    ("25", "Giáy"),
    ("26", "Cơ-tu"),
    ("27", "Gié-Triêng"),
    ("28", "Mạ"),
    ("29", "Khơ-mú"),
    ("30", "Co"),
    ("31", "Tà-ôi"),
    ("32", "Chơ-ro"),
    ("33", "Kháng"),
    ("34", "Xinh-mun"),
    ("35", "Hà Nhì"),
    ("36", "Chu-ru"),
    ("37", "Lào"),
    ("38", "La Chí"),
    ("39", "La Ha"),
    ("40", "Phù Lá"),
    ("41", "La Hủ"),
    ("42", "Lự"),
    ("43", "Lô Lô"),
    ("44", "Chứt"),
    ("45", "Mảng"),
    ("46", "Pà Thẻn"),
    ("47", "Cờ Lao"),
    ("48", "Cống"),
    ("49", "Bố Y"),
    ("50", "Si La"),
    ("51", "Pu Péo"),
    ("52", "Brâu"),
    ("53", "Ơ-đu"),
    ("54", "Rơ-măm"),
]
ETHNICITY_NAMES = dict(ETHNIC_GROUPS)


class Gender(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class Religion(models.TextChoices):
    NONE = "NONE", _("Không")
    BUDDHISM = "BUDDHISM", _("Phật giáo")
    CATHOLIC = "CATHOLIC", _("Công giáo")
    PROTESTANT = "PROTESTANT", _("Tin Lành")
    CAO_DAI = "CAO_DAI", _("Cao Đài")
    HOA_HAO = "HOA_HAO", _("Phật giáo Hòa Hảo")
    ISLAM = "ISLAM", _("Hồi giáo")
    OTHER = "OTHER", _("Tôn giáo khác")


class GeneralEducation(models.TextChoices):
    PRIMARY = "PRIMARY", _("Tiểu học")
    LOWER_SECONDARY = "LOWER_SECONDARY", _("Trung học cơ sở")
    UPPER_SECONDARY = "UPPER_SECONDARY", _("Trung học phổ thông")


class ProfessionalEducation(models.TextChoices):
    NONE = "NONE", _("Chưa qua đào tạo")
    VOCATIONAL = "VOCATIONAL", _("Sơ cấp, trung cấp")
    COLLEGE = "COLLEGE", _("Cao đẳng")
    BACHELOR = "BACHELOR", _("Đại học")
    MASTER = "MASTER", _("Thạc sĩ")
    DOCTORATE = "DOCTORATE", _("Tiến sĩ")


class PoliticalTheory(models.TextChoices):
    NONE = "NONE", _("Chưa qua đào tạo")
    ELEMENTARY = "ELEMENTARY", _("Sơ cấp")
    INTERMEDIATE = "INTERMEDIATE", _("Trung cấp")
    ADVANCED = "ADVANCED", _("Cao cấp")
    BACHELOR = "BACHELOR", _("Cử nhân")


class MemberStatus(models.TextChoices):
    PROBATIONARY = "PROBATIONARY", _("Dự bị")
    OFFICIAL = "OFFICIAL", _("Chính thức")
    EXEMPT = "EXEMPT", _("Miễn công tác và sinh hoạt")
    TRANSFERRED_OUT = "TRANSFERRED_OUT", _("Đã chuyển đi")
    LEFT = "LEFT", _("Ra khỏi Đảng")
    DECEASED = "DECEASED", _("Từ trần")


ACTIVE_STATUSES = (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL, MemberStatus.EXEMPT)


class ExitKind(models.TextChoices):
    RESIGNED = "RESIGNED", _("Xin ra")
    STRUCK_OFF = "STRUCK_OFF", _("Xóa tên")
    EXPELLED = "EXPELLED", _("Khai trừ")


class ServiceBackground(models.TextChoices):
    NONE = "", _("Không")
    ARMY = "ARMY", _("Bộ đội")
    POLICE = "POLICE", _("Công an")
    RETIRED = "RETIRED", _("Hưu trí")


AGE_BANDS: list[tuple[StrOrPromise, int, int]] = [  # (label, lowest age, highest age) in completed years
    ("18–30", 18, 30),
    ("31–40", 31, 40),
    ("41–50", 41, 50),
    ("51–60", 51, 60),
    ("61–70", 61, 70),
    (_("trên 70"), 71, 200),
]
PARTY_AGE_BANDS: list[tuple[StrOrPromise, int, int]] = [
    (_("dưới 10 năm"), 0, 9),
    (_("10–29 năm"), 10, 29),
    (_("30–49 năm"), 30, 49),
    (_("từ 50 năm"), 50, 200),
]
