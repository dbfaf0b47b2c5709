"""The demo data's fixed inputs: sizes, the province and its dates, and the weighted name and place lists."""

from __future__ import annotations

import datetime as dt

from sotay.lib.vntext import nfc
from sotay.members.choices import PoliticalTheory, ProfessionalEducation, Religion
from sotay.orgs.models import CellType

# Bump when the generated data changes, so that cached databases (sotay.bench) are rebuilt.
GENERATOR_VERSION = 2  # 2: the old districts and communes before 01/07/2025
DEFAULT_MEMBERS = 5000
DEFAULT_SEED = 2025
MIN_MEMBERS = 400

PROVINCE_CODE = 33  # Hưng Yên after the 2025 merger: 104 xã/phường.
PROVINCE_NAME = "Đảng bộ tỉnh Hưng Yên"
OLD_HUNG_YEN_NAME = "Đảng bộ tỉnh Hưng Yên (trước hợp nhất)"
OLD_THAI_BINH_NAME = "Đảng bộ tỉnh Thái Bình"
AGENCY_NAME = "Đảng bộ các cơ quan Đảng tỉnh"
# Ward codes of province 33 below this number lie in the old Hưng Yên, the others in the old Thái Bình.
THAI_BINH_FIRST_WARD_CODE = 12440

OLD_ROOTS_FROM = dt.date(1997, 1, 1)
MERGER_ON = dt.date(2025, 6, 30)  # effective date of the merger; the old đảng bộ end on this day
COMMUNES_FROM = dt.date(2025, 7, 1)  # the two-tier local government (xã/phường) starts


# --------------------------------------------------------------------------------------------------------------
# Reference lists (all strings are NFC; `_n` normalises anyway).


def _n(words: str) -> list[str]:
    return [nfc(w) for w in words.split(",")]


# Family names of Vietnamese people with their approximate share (%).
FAMILY_NAMES: list[tuple[str, float]] = [
    ("Nguyễn", 38.0),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.0),
    ("Hoàng", 4.0),
    ("Huỳnh", 0.4),
    ("Vũ", 3.9),
    ("Võ", 0.5),
    ("Phan", 2.2),
    ("Trương", 1.1),
    ("Bùi", 2.4),
    ("Đặng", 2.0),
    ("Đỗ", 2.2),
    ("Ngô", 1.4),
    ("Hồ", 0.8),
    ("Dương", 1.0),
    ("Lý", 0.4),
    ("Đào", 1.1),
    ("Đinh", 1.0),
    ("Mai", 0.7),
    ("Lương", 0.6),
    ("Tạ", 0.5),
    ("Trịnh", 0.8),
    ("Đoàn", 0.7),
    ("Hà", 0.6),
    ("Cao", 0.5),
    ("Tô", 0.4),
    ("Lưu", 0.4),
    ("Chu", 0.3),
    ("Phùng", 0.3),
    ("Nghiêm", 0.2),
    ("Khúc", 0.15),
    ("Quách", 0.2),
    ("Lại", 0.2),
    ("Vương", 0.2),
    ("Triệu", 0.2),
    ("Kiều", 0.1),
    ("Doãn", 0.1),
    ("Lã", 0.1),
]
MALE_MIDDLE = _n(
    "Đức,Minh,Quang,Hữu,Công,Xuân,Trọng,Mạnh,Tiến,Thành,Ngọc,Duy,Anh,Tuấn,Đình,Bá,Thế,Hoàng,Trung,Việt,Thanh,Huy"
)
FEMALE_MIDDLE = _n(
    "Thu,Ngọc,Thanh,Kim,Minh,Phương,Hồng,Thúy,Mai,Bích,Diệu,Hải,Khánh,Lan,Quỳnh,Hoài,Thùy,Thị Thu,Thị Ngọc,Thị Thanh"
)
MALE_GIVEN = _n(
    "An,Anh,Bình,Cường,Chiến,Công,Dũng,Duy,Dương,Đạt,Đức,Giang,Hải,Hiếu,Hòa,Hoàng,Hùng,Huy,"
    "Hưng,Khánh,Khoa,Kiên,Lâm,Long,Lợi,Mạnh,Minh,Nam,Nghĩa,Phong,Phúc,Quân,Quang,Quyết,Sơn,"
    "Tài,Tâm,Thắng,Thành,Thanh,Thịnh,Toàn,Trung,Tuấn,Tùng,Việt,Vinh,Hiệp,Thuận,Lực,Tiến,Hậu"
)
FEMALE_GIVEN = _n(
    "An,Anh,Bích,Chi,Dung,Duyên,Giang,Hà,Hạnh,Hằng,Hiền,Hoa,Hồng,Huế,Huyền,Hương,Lan,Liên,"
    "Linh,Loan,Mai,Ngân,Ngọc,Nga,Nhung,Oanh,Phương,Quyên,Tâm,Thảo,Thanh,Thu,Thúy,Thủy,"
    "Trang,Tuyết,Vân,Yến,Hậu,Lụa,Nhàn,Xuân,Hoài,Lý"
)
VAN, THI = nfc("Văn"), nfc("Thị")

# Ethnic group codes (choices.ETHNIC_GROUPS) and religions, with shares.
ETHNICITIES: list[tuple[str, float]] = [
    ("01", 99.2),
    ("02", 0.2),
    ("06", 0.2),
    ("04", 0.15),
    ("03", 0.1),
    ("07", 0.1),
    ("18", 0.05),
]
RELIGIONS: list[tuple[str, float]] = [
    (Religion.NONE, 90.0),
    (Religion.CATHOLIC, 6.0),
    (Religion.BUDDHISM, 3.5),
    (Religion.PROTESTANT, 0.5),
]

# Birth-registration codes (first three digits of the citizen ID) for people born outside province 33, by the
# current province they come from.
OTHER_HOMETOWNS: dict[int, list[str]] = {
    1: ["001"],  # Hà Nội
    31: ["031", "030"],  # Hải Phòng (+ Hải Dương)
    37: ["035", "036", "037"],  # Ninh Bình (+ Hà Nam, Nam Định)
    24: ["027", "024"],  # Bắc Ninh (+ Bắc Giang)
    38: ["038"],  # Thanh Hóa
    40: ["040"],  # Nghệ An
}
PHONE_PREFIXES = [
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "081",
    "082",
    "083",
    "084",
    "085",
    "086",
    "088",
    "089",
]

VILLAGE_FIRST = _n(
    "An,Bình,Phú,Tân,Đông,Xuân,Hòa,Thượng,Hạ,Trung,Cao,Lạc,Vân,Mỹ,Thái,Hưng,Đại,Nhân,Phúc,"
    "Quang,Ngọc,Thanh,Kim,Hồng,Văn,Hải,Vĩnh,Nam,Bắc,Đoài"
)
VILLAGE_SECOND = _n(
    "Lạc,Hòa,Mỹ,Xá,Khê,Trì,Đông,Đoài,Thọ,Lộc,Phú,Bình,Nội,Ngoại,Tiến,Thịnh,Lâm,Hải,Tân,"
    "Vĩnh,Ninh,Yên,Châu,Đình,Trang,Cầu,Quan,Kiều,Dương,Tảo"
)
COMPANY_KINDS = _n(
    "Công ty TNHH May,Công ty Cổ phần Dệt may,Công ty TNHH Điện tử,Công ty Cổ phần Xây dựng,"
    "Công ty TNHH Cơ khí,Công ty Cổ phần Thực phẩm,Công ty TNHH Nhựa,Công ty Cổ phần Vật liệu,"
    "Công ty TNHH Thương mại và Dịch vụ"
)
COMPANY_NAMES = _n(
    "Hưng Long,Phú Thịnh,Thành Đạt,Minh Phát,An Khang,Việt Hưng,Tân Tiến,Hồng Hà,Sông Luộc,"
    "Trà Lý,Kim Động,Châu Giang,Đại An,Hải Thịnh,Nam Việt,Thái Hưng,Tiền Phong,Hoàng Long,"
    "Bảo Minh,Đức Thành,Quang Vinh,Thịnh Phát"
)
SCHOOL_PATRONS = _n(
    "Nguyễn Trãi,Trần Hưng Đạo,Lê Quý Đôn,Chu Văn An,Nguyễn Du,Phạm Ngũ Lão,Lê Lợi,"
    "Hoàng Hoa Thám,Nguyễn Thiện Thuật,Triệu Quang Phục,Tô Hiệu,Nguyễn Bỉnh Khiêm,Quang Trung,"
    "Lý Thường Kiệt,Lê Văn Thịnh,Nguyễn Công Hoan"
)
SCHOOL_CELLS = _n(
    "Chi bộ Tổ Toán – Tin,Chi bộ Tổ Ngữ văn,Chi bộ Tổ Ngoại ngữ,Chi bộ Tổ Khoa học tự nhiên,"
    "Chi bộ Tổ Khoa học xã hội,Chi bộ Tổ Thể dục – Quốc phòng,Chi bộ Tổ Văn phòng"
)
HEALTH_CELLS = _n(
    "Chi bộ Khoa Khám bệnh,Chi bộ Khoa Nội – Nhi,Chi bộ Khoa Ngoại – Sản,"
    "Chi bộ Khoa Dược – Cận lâm sàng,Chi bộ Phòng Kế hoạch – Hành chính,"
    "Chi bộ Khoa Kiểm soát bệnh tật,Chi bộ Khoa Hồi sức cấp cứu"
)
ENTERPRISE_OFFICES = _n("Chi bộ Phòng Tổ chức – Hành chính,Chi bộ Phòng Kế toán – Tài chính,Chi bộ Phòng Kỹ thuật")

# Occupations (now) by the kind of cell the member belongs to.
OCCUPATIONS: dict[str, list[str]] = {
    CellType.RESIDENTIAL: _n("Nông dân,Kinh doanh tự do,Công nhân,Lao động tự do,Cán bộ thôn,Thợ thủ công"),
    CellType.SCHOOL: _n("Giáo viên,Giáo viên,Giáo viên,Cán bộ quản lý giáo dục,Nhân viên hành chính"),
    CellType.HEALTH: _n("Bác sĩ,Y sĩ,Điều dưỡng,Dược sĩ,Kỹ thuật viên y tế"),
    CellType.ENTERPRISE: _n("Công nhân,Công nhân,Kỹ sư,Nhân viên văn phòng,Quản lý doanh nghiệp"),
    CellType.AGENCY: _n("Công chức,Công chức,Viên chức,Cán bộ chuyên trách"),
    CellType.ARMED_FORCES: _n("Sĩ quan quân đội,Quân nhân chuyên nghiệp"),
    CellType.OTHER: _n("Nhân viên ngân hàng,Kế toán,Nhân viên tín dụng"),
}
FORMER_OCCUPATIONS = _n("Nông dân,Giáo viên,Công nhân,Bộ đội,Cán bộ xã,Công chức,Y sĩ,Kỹ sư")
LANGUAGES = _n("Tiếng Anh B1,Tiếng Anh trình độ B,Tiếng Anh B2,Tiếng Pháp trình độ A,Tiếng Trung B1")

# Shares (%) of professional education by cell type.
PROFESSIONAL: dict[str, list[tuple[str, float]]] = {
    CellType.RESIDENTIAL: [
        (ProfessionalEducation.NONE, 40),
        (ProfessionalEducation.VOCATIONAL, 30),
        (ProfessionalEducation.COLLEGE, 8),
        (ProfessionalEducation.BACHELOR, 20),
        (ProfessionalEducation.MASTER, 2),
    ],
    CellType.ENTERPRISE: [
        (ProfessionalEducation.NONE, 12),
        (ProfessionalEducation.VOCATIONAL, 35),
        (ProfessionalEducation.COLLEGE, 15),
        (ProfessionalEducation.BACHELOR, 35),
        (ProfessionalEducation.MASTER, 3),
    ],
    CellType.ARMED_FORCES: [
        (ProfessionalEducation.VOCATIONAL, 40),
        (ProfessionalEducation.COLLEGE, 10),
        (ProfessionalEducation.BACHELOR, 50),
    ],
    "": [
        (ProfessionalEducation.VOCATIONAL, 5),
        (ProfessionalEducation.COLLEGE, 10),
        (ProfessionalEducation.BACHELOR, 65),
        (ProfessionalEducation.MASTER, 18),
        (ProfessionalEducation.DOCTORATE, 2),
    ],
}
THEORY: dict[bool, list[tuple[str, float]]] = {  # keyed by "works in an agency / school / health unit"
    False: [
        (PoliticalTheory.NONE, 18),
        (PoliticalTheory.ELEMENTARY, 64),
        (PoliticalTheory.INTERMEDIATE, 15),
        (PoliticalTheory.ADVANCED, 2.5),
        (PoliticalTheory.BACHELOR, 0.5),
    ],
    True: [
        (PoliticalTheory.NONE, 5),
        (PoliticalTheory.ELEMENTARY, 45),
        (PoliticalTheory.INTERMEDIATE, 38),
        (PoliticalTheory.ADVANCED, 10),
        (PoliticalTheory.BACHELOR, 2),
    ],
}
FEMALE_SHARE: dict[str, float] = {
    CellType.RESIDENTIAL: 0.38,
    CellType.SCHOOL: 0.68,
    CellType.HEALTH: 0.62,
    CellType.ENTERPRISE: 0.42,
    CellType.AGENCY: 0.42,
    CellType.ARMED_FORCES: 0.08,
    CellType.OTHER: 0.5,
}
# Residential cells: birth years by period, with weights (older members live in the villages).
RESIDENTIAL_BIRTH_YEARS: list[tuple[tuple[int, int], float]] = [
    ((1935, 1944), 9),
    ((1945, 1954), 17),
    ((1955, 1964), 20),
    ((1965, 1974), 18),
    ((1975, 1984), 16),
    ((1985, 1994), 13),
    ((1995, 2006), 7),
]


# Đảng bộ các cơ quan Đảng tỉnh: (base committee, its named cells, the name of any further cells).
AGENCY_COMMITTEES: list[tuple[str, list[str], str]] = [
    (
        "Đảng bộ Văn phòng Tỉnh ủy",
        _n("Chi bộ Phòng Tổng hợp,Chi bộ Phòng Hành chính – Lưu trữ,Chi bộ Phòng Quản trị – Tài vụ"),
        "Chi bộ Phòng Nghiệp vụ số {n}",
    ),
    (
        "Đảng bộ Báo và Phát thanh, Truyền hình Hưng Yên",
        _n("Chi bộ Ban Thời sự,Chi bộ Ban Biên tập,Chi bộ Ban Kỹ thuật – Công nghệ"),
        "Chi bộ Văn phòng đại diện khu vực {n}",
    ),
    (
        "Đảng bộ Tòa án nhân dân tỉnh",
        _n("Chi bộ Văn phòng Tòa án nhân dân tỉnh,Chi bộ Tòa Hình sự,Chi bộ Tòa Dân sự"),
        "Chi bộ Tòa án nhân dân khu vực {n}",
    ),
    (
        "Đảng bộ Viện kiểm sát nhân dân tỉnh",
        _n("Chi bộ Văn phòng Viện kiểm sát nhân dân tỉnh,Chi bộ Phòng Thực hành quyền công tố"),
        "Chi bộ Viện kiểm sát nhân dân khu vực {n}",
    ),
    (
        "Đảng bộ Cơ quan Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        _n(
            "Chi bộ Văn phòng Ủy ban Mặt trận Tổ quốc tỉnh,Chi bộ Hội Nông dân tỉnh,"
            "Chi bộ Hội Liên hiệp Phụ nữ tỉnh,Chi bộ Tỉnh đoàn,Chi bộ Liên đoàn Lao động tỉnh"
        ),
        "Chi bộ Ban chuyên môn số {n}",
    ),
]
AGENCY_CELLS = _n(
    "Chi bộ Ban Tổ chức Tỉnh ủy,Chi bộ Ủy ban Kiểm tra Tỉnh ủy,"
    "Chi bộ Ban Tuyên giáo và Dân vận Tỉnh ủy,Chi bộ Ban Nội chính Tỉnh ủy,"
    "Chi bộ Trường Chính trị Nguyễn Văn Linh,Chi bộ Cơ quan Đảng ủy các cơ quan Đảng tỉnh"
)
