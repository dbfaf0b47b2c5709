"""The user guide, one per role, task by task, for training sessions (tập huấn).

Each section is one job a person does, as numbered steps, with a screenshot taken by the Chromium tests when there
is one. `HELP_FOR` sends the "?" of each page to the section that explains it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Section:
    anchor: str
    title: StrOrPromise
    steps: tuple[StrOrPromise, ...]
    shot: str = ""  # the name of a screenshot in static/help/shots/ (without .png)
    note: StrOrPromise = ""


@dataclass(frozen=True)
class Guide:
    slug: str
    title: StrOrPromise
    audience: StrOrPromise
    sections: tuple[Section, ...] = field(default_factory=tuple)


ACTIVATE = Section(
    "kich-hoat",
    _("Kích hoạt tài khoản bằng phiếu"),
    (
        _("Nhận phiếu kích hoạt từ bí thư chi bộ (thường phát tại buổi sinh hoạt)."),
        _("Quét mã QR trên phiếu, hoặc mở trang đăng nhập và bấm “Kích hoạt tài khoản bằng mã trên phiếu”."),
        _("Nhập tên đăng nhập (thường là số điện thoại), mã trên phiếu và ngày sinh dạng dd/mm/yyyy."),
        _("Đặt mật khẩu ít nhất 8 ký tự, nhập lại lần nữa, rồi bấm “Đặt mật khẩu”."),
        _("Đăng nhập bằng tên đăng nhập và mật khẩu vừa đặt."),
    ),
    shot="activate",
    note=_("Mã dùng một lần và hết hạn sau 30 ngày. Nhập sai nhiều lần, tài khoản bị tạm khóa 15 phút."),
)
SIGN_IN = Section(
    "dang-nhap",
    _("Đăng nhập, quên mật khẩu"),
    (
        _("Đăng nhập bằng tên đăng nhập hoặc số điện thoại và mật khẩu."),
        _(
            "Quên mật khẩu: bấm “Quên mật khẩu?”. Cách thường dùng là nhờ bí thư chi bộ cấp mã mới, rồi đặt lại mật khẩu như khi kích hoạt."  # noqa: E501 - one sentence for the translators
        ),
        _("Tài khoản có thư điện tử có thể nhận đường dẫn đặt lại mật khẩu qua thư."),
    ),
    shot="forgot",
)
CHANGE_PASSWORD = Section(
    "doi-mat-khau",
    _("Đổi mật khẩu"),
    (
        _("Bấm vào tên của bạn ở đầu trang để mở “Bảo mật tài khoản”."),
        _("Bấm “Đổi mật khẩu”, nhập mật khẩu cũ và mật khẩu mới hai lần."),
        _("Các máy khác đang đăng nhập tài khoản của bạn sẽ bị đăng xuất."),
    ),
    shot="my-security",
)
TWO_FACTOR = Section(
    "xac-thuc-hai-lop",
    _("Xác thực hai lớp (bắt buộc với cấp ủy, Ban Tổ chức)"),
    (
        _("Cài một ứng dụng xác thực trên điện thoại: Google Authenticator, Microsoft Authenticator hoặc FreeOTP."),
        _("Lần đầu đăng nhập, Sổ tay hiện mã QR: quét bằng ứng dụng, rồi nhập mã 6 chữ số ứng dụng hiện ra."),
        _("Chép hoặc in 10 mã dự phòng và cất nơi an toàn: mỗi mã dùng được một lần khi không có điện thoại."),
        _("Các lần sau, sau mật khẩu, nhập mã 6 chữ số đang hiện trong ứng dụng."),
        _("Mất điện thoại: dùng một mã dự phòng, hoặc nhờ Ban Tổ chức đặt lại xác thực hai lớp."),
    ),
    shot="totp-enrol",
)
INVITATION = Section(
    "giay-moi",
    _("Trả lời giấy mời sinh hoạt, xin vắng, điểm danh"),
    (
        _("Mở “Sinh hoạt chi bộ”: buổi sắp tới hiện ở đầu danh sách."),
        _("Bấm “Tôi sẽ dự”, hoặc “Xin vắng” và ghi lý do: đơn tới bí thư chi bộ."),
        _("Tại buổi sinh hoạt, quét mã QR trên màn hình của bí thư để điểm danh."),
    ),
)
READING = Section(
    "doc-tai-lieu",
    _("Đọc thông báo, văn bản, học nghị quyết"),
    (
        _("“Thông báo, học tập” có thông báo của cấp ủy và các nghị quyết được giao học."),
        _("“Văn bản”: tìm không cần gõ dấu, ví dụ “quy dinh 144”. Bấm dấu trang để đọc lại khi không có mạng."),
        _("Học nghị quyết: đọc, ghi thu hoạch, trả lời câu hỏi (nếu có) và gửi."),
    ),
    shot="member-home",
)
MY_RECORD = Section(
    "ho-so",
    _("Xem hồ sơ, đảng phí, kết quả đánh giá của mình"),
    (
        _("“Hồ sơ của tôi”: thông tin đảng viên, quá trình sinh hoạt, tuổi đảng, huy hiệu."),
        _("Đảng phí phải đóng và đã đóng theo tháng, kết quả đánh giá, xếp loại các năm."),
        _("Có thông tin sai: gửi ý kiến qua hộp thư hai chiều tới chi ủy."),
    ),
)
CREATE_ACCOUNTS = Section(
    "tao-tai-khoan",
    _("Tạo tài khoản cho đảng viên và in phiếu kích hoạt"),
    (
        _("Mở “Tài khoản” (hoặc trang chi bộ, “Tài khoản đảng viên”)."),
        _(
            "Chọn “PDF để in, cắt phát” và bấm “Tạo tài khoản và tải phiếu”: mỗi đảng viên chưa có tài khoản được tạo một tài khoản và một phiếu."  # noqa: E501 - one sentence for the translators
        ),
        _("In, cắt phiếu, phát tận tay tại buổi sinh hoạt; hoặc chọn Excel để nhắn tin từng người."),
        _("Đảng viên chưa kích hoạt mà mất phiếu: bấm “Cấp mã mới và tải phiếu” (mã cũ hết hiệu lực)."),
    ),
    shot="secretary-accounts",
    note=_("Phiếu chứa dữ liệu cá nhân: việc tải phiếu được ghi nhật ký. Sổ tay hỏi lại mật khẩu nếu đã hơn 15 phút."),
)
RESET_FOR_MEMBER = Section(
    "cap-lai-ma",
    _("Cấp mã đặt lại mật khẩu cho đảng viên quên mật khẩu"),
    (
        _("Mở “Tài khoản”, tìm đảng viên, bấm “Cấp mã đặt lại mật khẩu”."),
        _("Đọc hoặc đưa mã cho đảng viên: mã hiện một lần, mật khẩu cũ hết hiệu lực."),
        _("Đảng viên vào trang kích hoạt, nhập tên đăng nhập, mã và ngày sinh, rồi đặt mật khẩu mới."),
    ),
    shot="secretary-reset-code",
)
MEETINGS = Section(
    "sinh-hoat",
    _("Tổ chức buổi sinh hoạt, điểm danh, biên bản"),
    (
        _("“Sinh hoạt chi bộ”: đặt lịch định kỳ, hoặc tạo buổi sinh hoạt; gửi giấy mời."),
        _("Duyệt đơn xin vắng; đến giờ, mở điểm danh bằng mã QR hoặc đánh dấu từng người."),
        _("Ghi biên bản, biểu quyết, chốt biên bản; tải biên bản và nghị quyết (Word, PDF)."),
    ),
)
DUES = Section(
    "dang-phi",
    _("Thu đảng phí"),
    (
        _("“Đảng phí”: chọn tháng, tính số phải đóng theo căn cứ đã khai."),
        _("Ghi số đã thu của từng đảng viên; tải sổ thu (Excel)."),
    ),
)
IMPORT = Section(
    "nhap-excel",
    _("Nhập danh sách đảng viên từ Excel"),
    (
        _("“Nhập Excel”: chọn tệp; Sổ tay đọc tên chi bộ ở đầu tệp và bỏ qua phần chữ ký cuối bảng."),
        _("Xem trước: số dòng mới, thay đổi, bị từ chối kèm lý do từng ô."),
        _("Bấm áp dụng khi đã đúng; có thể hoàn tác cả lần nhập."),
    ),
)
MEMBERS = Section(
    "danh-sach",
    _("Danh sách, hồ sơ đảng viên, xuất sổ"),
    (
        _("“Đảng viên”: tìm không cần dấu, lọc theo trạng thái, giới tính, độ tuổi, tuổi đảng."),
        _("Mở hồ sơ (mỗi lần xem được ghi nhật ký); sửa thông tin, chuyển sinh hoạt, ghi biến động."),
        _("Tải danh sách Excel, sổ Mẫu 7-HSĐV (Excel, PDF)."),
    ),
    shot="committee-members",
)
STATISTICS = Section(
    "thong-ke",
    _("Thống kê, báo cáo"),
    (
        _("Mở trang tổ chức, bấm “Thống kê”: số liệu hiện tại hoặc tại một ngày, tăng giảm trong kỳ."),
        _("Tải báo cáo thống kê (Excel, PDF) theo mẫu."),
    ),
)
ROLES = Section(
    "phan-quyen",
    _("Phân quyền cho chi ủy, cấp ủy"),
    (
        _("Mở trang tổ chức, bấm “Phân quyền”."),
        _(
            "Nhập tên đăng nhập hoặc số điện thoại của người nhận, chọn vai trò, ngày bắt đầu, ngày kết thúc (nếu có) và quyết định, nghị quyết bầu."  # noqa: E501 - one sentence for the translators
        ),
        _("Thu hồi quyền khi hết nhiệm vụ: quyền thôi hiệu lực từ hôm nay, lịch sử vẫn giữ."),
        _(
            "Cấp ủy chỉ giao được vai trò chi ủy ở tổ chức trực thuộc; Ban Tổ chức giao được mọi vai trò, trừ quản trị hệ thống."  # noqa: E501 - one sentence for the translators
        ),
    ),
)
UNLOCK = Section(
    "mo-khoa",
    _("Mở khóa tài khoản, đặt lại xác thực hai lớp"),
    (
        _("“Khóa đăng nhập”: danh sách tài khoản đang bị tạm khóa do đăng nhập sai nhiều lần; bấm “Mở khóa”."),
        _("Tra một tài khoản: xem có bị khóa không, đã bật xác thực hai lớp chưa."),
        _("Cán bộ mất điện thoại: bấm “Đặt lại xác thực hai lớp”; lần đăng nhập tới, người đó cài lại ứng dụng."),
    ),
)
AUDIT = Section(
    "nhat-ky",
    _("Nhật ký"),
    (
        _("“Nhật ký”: ai xem, sửa, xuất dữ liệu nào, lúc nào, trong phạm vi của bạn."),
        _("Tìm không cần dấu theo tên người hoặc đối tượng."),
    ),
)
ADMIN = Section(
    "quan-tri",
    _("Trang quản trị: cài đặt, quy định, lịch ngày làm việc"),
    (
        _("“Quản trị” (chỉ tài khoản quản trị): sửa các tham số quy định theo ngày hiệu lực, ngày nghỉ, ngày làm bù."),
        _("Dữ liệu đảng viên, tổ chức chỉ xem ở đây; sửa trên các trang của ứng dụng."),
        _("Sao lưu hằng ngày chạy tự động; xem docs/deploy.md để sao lưu, khôi phục và nâng cấp."),
    ),
)
API_TOKENS = Section(
    "khoa-api",
    _("Khóa API cho công cụ của tỉnh"),
    (
        _("“Bảo mật tài khoản”, “Khóa API”: đặt tên, chọn chỉ đọc hoặc đọc và ghi, thời hạn."),
        _("Chép khóa ngay (chỉ hiện một lần); thu hồi khi không dùng. Xem docs/api.md."),
    ),
)

GUIDES: dict[str, Guide] = {
    g.slug: g
    for g in (
        Guide(
            "dang-vien",
            _("Hướng dẫn cho đảng viên"),
            _("Mọi đảng viên, trên điện thoại"),
            (ACTIVATE, SIGN_IN, INVITATION, READING, MY_RECORD, CHANGE_PASSWORD),
        ),
        Guide(
            "bi-thu-chi-bo",
            _("Hướng dẫn cho bí thư, chi ủy chi bộ"),
            _("Bí thư, phó bí thư, chi ủy viên"),
            (CREATE_ACCOUNTS, RESET_FOR_MEMBER, MEETINGS, DUES, IMPORT, MEMBERS, TWO_FACTOR),
        ),
        Guide(
            "cap-uy",
            _("Hướng dẫn cho đảng ủy xã, phường, đảng ủy cơ sở"),
            _("Cấp ủy và văn phòng cấp ủy"),
            (MEMBERS, STATISTICS, ROLES, CREATE_ACCOUNTS, RESET_FOR_MEMBER, IMPORT, TWO_FACTOR),
        ),
        Guide(
            "ban-to-chuc",
            _("Hướng dẫn cho chuyên viên Ban Tổ chức"),
            _("Ban Tổ chức Tỉnh ủy"),
            (STATISTICS, MEMBERS, ROLES, UNLOCK, AUDIT, TWO_FACTOR, API_TOKENS),
        ),
        Guide(
            "quan-tri",
            _("Hướng dẫn cho quản trị hệ thống"),
            _("Cán bộ công nghệ thông tin"),
            (ADMIN, UNLOCK, ROLES, AUDIT, TWO_FACTOR, API_TOKENS),
        ),
    )
}

# The "?" of a page: URL name (or namespace) → (guide, section).
HELP_FOR: dict[str, tuple[str, str]] = {
    "accounts:login": ("dang-vien", "dang-nhap"),
    "accounts:activate": ("dang-vien", "kich-hoat"),
    "accounts:forgot": ("dang-vien", "dang-nhap"),
    "accounts:my_security": ("dang-vien", "doi-mat-khau"),
    "accounts:password_change": ("dang-vien", "doi-mat-khau"),
    "accounts:two_factor": ("bi-thu-chi-bo", "xac-thuc-hai-lop"),
    "accounts:two_factor_enrol": ("bi-thu-chi-bo", "xac-thuc-hai-lop"),
    "accounts:access": ("ban-to-chuc", "mo-khoa"),
    "api_tokens": ("ban-to-chuc", "khoa-api"),
    "members:accounts": ("bi-thu-chi-bo", "tao-tai-khoan"),
    "members:reset_password": ("bi-thu-chi-bo", "cap-lai-ma"),
    "members": ("cap-uy", "danh-sach"),
    "meetings:mine": ("dang-vien", "giay-moi"),
    "meetings": ("bi-thu-chi-bo", "sinh-hoat"),
    "dues": ("bi-thu-chi-bo", "dang-phi"),
    "imports": ("bi-thu-chi-bo", "nhap-excel"),
    "reports:statistics": ("cap-uy", "thong-ke"),
    "orgs:roles": ("cap-uy", "phan-quyen"),
    "web:audit_log": ("ban-to-chuc", "nhat-ky"),
    "documents": ("dang-vien", "doc-tai-lieu"),
    "handbook": ("dang-vien", "doc-tai-lieu"),
    "web:home": ("dang-vien", "doc-tai-lieu"),
}


def help_target(view_name: str | None) -> tuple[str, str]:
    """The guide and section for a page's "?" (the namespace's section when the page has none of its own)."""
    if view_name:
        if view_name in HELP_FOR:
            return HELP_FOR[view_name]
        namespace = view_name.split(":")[0]
        if namespace in HELP_FOR:
            return HELP_FOR[namespace]
    return ("dang-vien", "")
