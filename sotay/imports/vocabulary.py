"""What people write in member spreadsheets, mapped to the codes the registry stores."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from sotay.lib.vntext import fold
from sotay.members.choices import (
    ETHNIC_GROUPS,
    GeneralEducation,
    PoliticalTheory,
    ProfessionalEducation,
    Religion,
)


class VocabularyError(ValueError):
    pass


def _key(text: str) -> str:
    """Folded text without spaces, hyphens or dots: "Khơ-me", "Khơ me" and "khome" are one key."""
    return re.sub(r"[\s\-–.'’]", "", fold(text))


_ETHNICITY = {_key(name): code for code, name in ETHNIC_GROUPS}
_ETHNICITY.update(
    {
        _key(alias): code
        for alias, code in [
            ("Khmer", "05"),
            ("Hmông", "08"),
            ("H'Mông", "08"),
            ("Mèo", "08"),
            ("Êđê", "12"),
            ("Bana", "13"),
            ("Xtiêng", "22"),
            ("Stiêng", "22"),
            ("Vân Kiều", "23"),
            ("Khơ Mú", "29"),
            ("Tà Ôi", "31"),
            ("Cơ Lao", "47"),
            ("Jrai", "10"),
            ("Gia Rai", "10"),
            ("Ra Glai", "21"),
            ("Mnông", "20"),
            ("Hoa (Hán)", "04"),
        ]
    }
)

_RELIGION = {
    "": Religion.NONE,
    "khong": Religion.NONE,
    "0": Religion.NONE,
    "phat": Religion.BUDDHISM,
    "phatgiao": Religion.BUDDHISM,
    "dao phat": Religion.BUDDHISM,
    "conggiao": Religion.CATHOLIC,
    "thienchua": Religion.CATHOLIC,
    "thienchuagiao": Religion.CATHOLIC,
    "tinlanh": Religion.PROTESTANT,
    "caodai": Religion.CAO_DAI,
    "hoahao": Religion.HOA_HAO,
    "phatgiaohoahao": Religion.HOA_HAO,
    "hoigiao": Religion.ISLAM,
    "islam": Religion.ISLAM,
}

_PROFESSIONAL = [
    (("tiensi", "ts"), ProfessionalEducation.DOCTORATE),
    (("thacsi", "ths", "caohoc"), ProfessionalEducation.MASTER),
    (("daihoc", "cunhan", "kysu", "bacsi", "dh"), ProfessionalEducation.BACHELOR),
    (("caodang", "cd"), ProfessionalEducation.COLLEGE),
    (("trungcap", "socap", "tc", "congnhankythuat"), ProfessionalEducation.VOCATIONAL),
    (("khong", "chuaquadaotao", "chuadaotao"), ProfessionalEducation.NONE),
]
_THEORY = [
    (("cunhan",), PoliticalTheory.BACHELOR),
    (("caocap", "cc"), PoliticalTheory.ADVANCED),
    (("trungcap", "tc"), PoliticalTheory.INTERMEDIATE),
    (("socap", "sc"), PoliticalTheory.ELEMENTARY),
    (("khong", "chuaquadaotao", "chuadaotao"), PoliticalTheory.NONE),
]


def ethnicity_code(text: str) -> str:
    key = _key(text)
    if key.isdigit() and f"{int(key):02d}" in dict(ETHNIC_GROUPS):
        return f"{int(key):02d}"
    key = key.removeprefix("dantoc")
    if key in _ETHNICITY:
        return _ETHNICITY[key]
    raise VocabularyError(_("Dân tộc “%(t)s” không có trong danh mục 54 dân tộc Việt Nam.") % {"t": text})


def religion_code(text: str) -> str:
    key = _key(text)
    if key in _RELIGION:
        return _RELIGION[key]
    return Religion.OTHER


def _first_match(text: str, table) -> str | None:
    key = _key(text)
    for aliases, code in table:
        if any(key == alias or key.startswith(alias) for alias in aliases):
            return code
    return None


def professional_code(text: str) -> str:
    code = _first_match(text, _PROFESSIONAL)
    if code is None:
        raise VocabularyError(_("Không hiểu trình độ chuyên môn “%(t)s”.") % {"t": text})
    return code


def theory_code(text: str) -> str:
    code = _first_match(text, _THEORY)
    if code is None:
        raise VocabularyError(_("Không hiểu trình độ lý luận chính trị “%(t)s”.") % {"t": text})
    return code


def general_education_code(text: str) -> str:
    """ "12/12", "10/10", "9/12", "THPT", "Trung học cơ sở", "Tiểu học" …"""
    key = _key(text)
    grade = re.fullmatch(r"(\d{1,2})/(10|12)", fold(text).replace(" ", ""))
    if grade:
        level, system = int(grade.group(1)), int(grade.group(2))
        top, lower = (12, 9) if system == 12 else (10, 7)
        if level >= top:
            return GeneralEducation.UPPER_SECONDARY
        return GeneralEducation.LOWER_SECONDARY if level >= lower else GeneralEducation.PRIMARY
    for aliases, code in (
        (("thpt", "trunghocphothong", "phothongtrunghoc", "captrungphothong"), GeneralEducation.UPPER_SECONDARY),
        (("thcs", "trunghoccoso", "phothongcoso"), GeneralEducation.LOWER_SECONDARY),
        (("tieuhoc", "capi"), GeneralEducation.PRIMARY),
    ):
        if key in aliases:
            return code
    raise VocabularyError(_("Không hiểu trình độ giáo dục phổ thông “%(t)s”.") % {"t": text})
