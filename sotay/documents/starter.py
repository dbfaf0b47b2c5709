"""The starter handbook of organisation-building guides, written from docs/rules/, each linked to the
regulations it rests on; and `load_library`, which loads the real documents, the guides and the sample article.

Every rule below is "as reported by the source named in docs/rules/"; items marked "cần đối chiếu" there say so.
"""

from __future__ import annotations

from pathlib import Path

from sotay.orgs.actor import Actor

from .models import Article, Guide

# (title, body, [references it rests on], [children])
GUIDES: list[tuple] = [
    (
        "Kết nạp đảng viên",
        "Quy trình kết nạp người vào Đảng theo Quy định 294-QĐ/TW, Hướng dẫn 06-HD/TW và Hướng dẫn 12-HD/BTCTW; "
        "định hướng phát triển đảng viên theo Nghị quyết 21-NQ/TW: coi trọng chất lượng, kết nạp từ đoàn viên, "
        "hội viên ưu tú, vùng khó khăn, khu vực ngoài nhà nước, vùng đồng bào dân tộc thiểu số.",
        ["294-QĐ/TW", "06-HD/TW", "12-HD/BTCTW", "21-NQ/TW"],
        [
            (
                "Điều kiện tuổi và trình độ",
                "Tuổi đời từ đủ 18 đến đủ 60, tính theo tháng, đến ngày chi bộ xét kết nạp. Trên 60 tuổi do cấp ủy "
                "trực thuộc Trung ương xem xét: sức khỏe, uy tín tốt; ở nơi chưa có tổ chức đảng hoặc đảng viên, "
                "hoặc có yêu cầu đặc biệt; có văn bản đồng ý của Ban Thường vụ cấp ủy trực thuộc Trung ương.\n"
                "Trình độ học vấn: tốt nghiệp trung học cơ sở trở lên; vùng cao, hải đảo, vùng đồng bào dân tộc "
                "thiểu số và vùng khó khăn thực hiện theo hướng dẫn của Ban Bí thư.",
                ["294-QĐ/TW", "06-HD/TW"],
                [],
            ),
            (
                "Các bước và hồ sơ kết nạp",
                "1. Chi bộ chọn quần chúng ưu tú, cử đi học lớp bồi dưỡng nhận thức về Đảng (giấy chứng nhận "
                "Mẫu CN-NTVĐ; thời hạn 5 năm chưa được xác nhận).\n"
                "2. Chi bộ phân công đảng viên chính thức giúp đỡ.\n"
                "3. Hồ sơ: 1-KNĐ đơn xin vào Đảng; 2-KNĐ lý lịch người xin vào Đảng; 3-KNĐ giấy giới thiệu "
                "(3A-KNĐ khi hai đảng viên giới thiệu); 4-KNĐ nghị quyết giới thiệu của Đoàn (4A-KNĐ của Công "
                "đoàn); 5-KNĐ tổng hợp ý kiến của chi ủy nơi cư trú và các đoàn thể.\n"
                "4. Người giới thiệu là đảng viên chính thức, cùng công tác với người vào Đảng ít nhất 1 năm.\n"
                "5. Thẩm tra lý lịch.\n"
                "6. Chi bộ ra nghị quyết đề nghị kết nạp (6-KNĐ); đảng ủy bộ phận thẩm định (7-KNĐ); đảng ủy cơ sở "
                "ra nghị quyết (8-KNĐ).\n"
                "7. Cấp ủy có thẩm quyền ra quyết định kết nạp (9-KNĐ).\n"
                "8. Tổ chức lễ kết nạp; sau đó khai lý lịch đảng viên và phiếu đảng viên.",
                ["12-HD/BTCTW", "294-QĐ/TW"],
                [],
            ),
            (
                "Thời hạn và biểu quyết",
                "Quyết định kết nạp: trong 60 ngày làm việc kể từ ngày chi bộ có nghị quyết (Quy định 232-QĐ/TW "
                "mục 4.3.1, giữ trong 294-QĐ/TW). Lễ kết nạp: trong 30 ngày làm việc kể từ khi nhận quyết định; "
                "chậm hơn phải báo cáo và được cấp ủy cấp trên trực tiếp đồng ý.\n"
                "Biểu quyết: phải được ít nhất hai phần ba số đảng viên chính thức (ở chi bộ) hoặc hai phần ba số "
                "cấp ủy viên (ở cấp ủy) tán thành. Sau 3 lần biểu quyết không đủ hai phần ba thì báo cáo cấp ủy "
                "cấp trên xem xét.",
                ["294-QĐ/TW", "232-QĐ/TW"],
                [],
            ),
            (
                "Công nhận đảng viên chính thức và tuổi đảng",
                "Thời gian dự bị là 12 tháng kể từ ngày lễ kết nạp; người được kết nạp lại cũng phải dự bị. Trong "
                "30 ngày làm việc sau khi hết 12 tháng, chi bộ xét công nhận chính thức (10-KNĐ bản tự kiểm điểm, "
                "11-KNĐ nhận xét của người giúp đỡ, 12-KNĐ tổng hợp ý kiến, 13-KNĐ nghị quyết chi bộ, 15-KNĐ "
                "nghị quyết đảng ủy cơ sở). Được công nhận thì là đảng viên chính thức đúng ngày tròn 12 tháng; "
                "không được công nhận thì chi bộ đề nghị xóa tên trong danh sách đảng viên dự bị.\n"
                "Tuổi đảng tính từ ngày ký quyết định kết nạp, trừ thời gian không sinh hoạt đảng.",
                ["294-QĐ/TW", "12-HD/BTCTW"],
                [],
            ),
        ],
    ),
    (
        "Chuyển sinh hoạt đảng",
        "Chuyển sinh hoạt đảng chính thức trong 60 ngày làm việc kể từ ngày quyết định có hiệu lực hoặc ngày "
        "chuyển nơi cư trú (chuyển công tác, nghỉ hưu, nghỉ mất sức, thôi việc, xuất ngũ, chuyển hẳn nơi ở) theo "
        "Quy định 294-QĐ/TW mục 6.3.1. Ra khỏi phạm vi cấp trên trực tiếp của tổ chức cơ sở đảng thì cấp trên đó "
        "giới thiệu; tổ chức cơ sở đảng trực thuộc tỉnh ủy thì Ban Tổ chức Tỉnh ủy giới thiệu.\n"
        "Đảng viên nộp giấy giới thiệu cho chi ủy nơi đến trong 30 ngày làm việc; quá hạn sẽ bị xem xét xử lý. "
        "Mang theo bản tự kiểm điểm năm trước và bảo quản hồ sơ chuyển.\n"
        "Chuyển sinh hoạt tạm thời dùng giấy giới thiệu “8 ô”; có 4 loại giấy giới thiệu; ô số 1 không được sửa.",
        ["294-QĐ/TW", "06-HD/TW"],
        [],
    ),
    (
        "Thẻ đảng viên",
        "Chỉ đảng viên chính thức được phát thẻ. Cấp ủy cấp trên trực tiếp của tổ chức cơ sở đảng quyết định "
        "phát thẻ và giữ sổ phát thẻ; chi bộ trao thẻ tại buổi sinh hoạt gần nhất. Thẻ in từ phần mềm quản lý cơ sở "
        "dữ liệu đảng viên ở Ban Tổ chức Tỉnh ủy. Mất hoặc hỏng thẻ: mẫu 2-TDV, 3-TDV (và mẫu A), 4-TDV kèm 2 ảnh "
        "2×3 cm. Năm 2025 đổi thẻ cho toàn bộ đảng viên trước 02/9/2025.",
        ["294-QĐ/TW", "12-HD/BTCTW"],
        [],
    ),
    (
        "Miễn sinh hoạt, xóa tên, xin ra khỏi Đảng",
        "Miễn công tác và sinh hoạt đảng: đảng viên tuổi cao, sức khỏe yếu làm đơn (hoặc trình bày miệng); chi bộ "
        "xem xét, quyết định; chi ủy hoặc bí thư báo cáo cấp ủy cấp trên trực tiếp. Chưa có ngưỡng tuổi cố định.\n"
        "Xóa tên: chi bộ đề nghị, cấp ủy có thẩm quyền quyết định, khi đảng viên bỏ sinh hoạt hoặc không đóng "
        "đảng phí 3 tháng trong năm không có lý do chính đáng (nhắc lại trong Quy định 01-QĐ/TW năm 2026); tự ý "
        "trả hoặc hủy thẻ; giảm sút ý chí, không tiến bộ sau 12 tháng giáo dục; 2 năm liền vi phạm tư cách; "
        "không đủ tiêu chuẩn chính trị. Khai trừ là hình thức kỷ luật, khác với xóa tên.\n"
        "Xin ra khỏi Đảng và từ trần kết thúc sinh hoạt với ngày và lý do; hồ sơ không bao giờ bị xóa.",
        ["294-QĐ/TW", "01-QĐ/TW"],
        [],
    ),
    (
        "Đảng phí",
        "Từ tháng 02/2026 áp dụng Quy định 01-QĐ/TW (thay Quyết định 342-QĐ/TW); mỗi tháng tính theo quy định "
        "có hiệu lực của tháng đó. Mức đóng hằng tháng: đảng viên đóng BHXH bắt buộc 1% tiền lương làm căn cứ "
        "đóng BHXH tháng trước; hưởng chế độ ốm đau, thai sản 1% trợ cấp; hưởng lương hưu 0,5%; học sinh, sinh "
        "viên 5.000 đồng; đảng viên khác trong độ tuổi lao động 0,3% lương tối thiểu vùng (2026–2027), 0,5% từ "
        "01/01/2028; đã quá tuổi lao động 0,2% (2026–2027), 0,3% từ 01/01/2028.\n"
        "Miễn đóng: tuổi đảng từ 50 năm; hưởng trợ cấp hưu trí xã hội; hộ nghèo, cận nghèo, bệnh hiểm nghèo (có "
        "đơn). Giảm 30%, 50% hoặc 70% tối đa 12 tháng mỗi lần. Đóng hằng tháng qua Cổng Dịch vụ công Quốc gia "
        "hoặc nộp tiền mặt cho chi bộ, kể cả đảng viên dự bị.",
        ["01-QĐ/TW", "342-QĐ/TW"],
        [],
    ),
    (
        "Kiểm điểm, đánh giá, xếp loại",
        "Quy định 366-QĐ/TW (Bộ Chính trị, 30/8/2025) thay Quy định 124-QĐ/TW: đánh giá theo thang điểm 100. "
        "Hoàn thành xuất sắc nhiệm vụ từ 90 điểm (100% nhiệm vụ đúng hạn, bảo đảm chất lượng, ít nhất 30% vượt "
        "yêu cầu); hoàn thành tốt từ 70 đến dưới 90; hoàn thành từ 50 đến dưới 70 (không quá 20% nhiệm vụ chậm); "
        "dưới 50 hoặc không đạt điều kiện là không hoàn thành nhiệm vụ.\n"
        "Tỷ lệ xuất sắc không quá 20% số hoàn thành tốt trong mỗi tổ chức cơ sở đảng là quy định trước đây; việc "
        "Quy định 366-QĐ/TW còn giữ tỷ lệ này chưa được xác nhận. Quy trình: tự đánh giá, nhận xét và đề xuất "
        "mức, cấp có thẩm quyền quyết định.",
        ["366-QĐ/TW", "124-QĐ/TW"],
        [],
    ),
    (
        "Sinh hoạt chi bộ",
        "Chi bộ sinh hoạt mỗi tháng một lần; đảng bộ cơ sở sinh hoạt 6 tháng và cuối năm; đảng ủy cơ sở họp "
        "thường kỳ mỗi tháng (Quy định 294-QĐ/TW).\n"
        "Trình tự thường gặp: thu đảng phí; bí thư thông báo số đảng viên có mặt, miễn sinh hoạt, vắng có lý do; "
        "thông qua chương trình, cử thư ký; thông tin thời sự, chủ trương mới; tình hình tư tưởng; kiểm điểm "
        "nhiệm vụ tháng trước; học tập và làm theo Bác; nhiệm vụ tháng tới; biểu quyết kết luận; chấm điểm buổi "
        "sinh hoạt; thông qua biên bản. Sinh hoạt chuyên đề theo kế hoạch (mỗi quý một lần chưa được xác nhận).",
        ["294-QĐ/TW"],
        [],
    ),
    (
        "Đại hội và bầu cử trong Đảng",
        "Đại hội nhiệm kỳ 2025–2030 theo Chỉ thị 45-CT/TW (thay Chỉ thị 35-CT/TW) và Kết luận 185-KL/TW: kiểm điểm "
        "nghị quyết nhiệm kỳ 2020–2025 và phương hướng 2025–2030; góp ý dự thảo văn kiện; bầu ban chấp hành; bầu "
        "đại biểu dự đại hội cấp trên.\n"
        "Bầu cử theo Quy định 190-QĐ/TW và Hướng dẫn 04-HD/TW: bỏ phiếu kín bầu cấp ủy, ban thường vụ, bí thư, phó "
        "bí thư, ủy ban kiểm tra, đại biểu; biểu quyết giơ tay bầu đoàn chủ tịch, đoàn thư ký, ban thẩm tra tư "
        "cách. Số dư 10–15%, tối đa 30%; người ngoài danh sách phải được trên 30% số đại biểu có mặt đồng ý. "
        "Trúng cử khi được quá một nửa số phiếu so với cơ sở tính; phiếu hợp lệ do ban kiểm phiếu phát và không "
        "giữ quá số người cần bầu.",
        ["45-CT/TW", "185-KL/TW", "190-QĐ/TW", "04-HD/TW"],
        [],
    ),
    (
        "Chi bộ kiểu mẫu, chi bộ bốn tốt",
        "Đề án 02-ĐA/TU ngày 20/4/2022 của Ban Thường vụ Tỉnh ủy Thái Bình: chi bộ kiểu mẫu trước hết làm tốt "
        "nhiệm vụ theo Điều lệ, rồi đạt yêu cầu riêng của loại hình chi bộ. Trình tự: đăng ký, nghị quyết chi bộ, "
        "kế hoạch và phân công, đảng ủy theo dõi và cử cấp ủy viên phụ trách, kiểm tra, đánh giá, nhân rộng.\n"
        "Bốn tốt theo Nghị quyết 21-NQ/TW: lãnh đạo thực hiện nhiệm vụ chính trị tốt; sinh hoạt tốt; đoàn kết, kỷ "
        "luật tốt; đội ngũ cán bộ, đảng viên tốt. Tiêu chí chi tiết do từng tỉnh ban hành.",
        ["02-ĐA/TU", "21-NQ/TW"],
        [],
    ),
    (
        "Bảo vệ dữ liệu cá nhân của đảng viên",
        "Luật 91/2025/QH15 (hiệu lực 01/01/2026) và Nghị định 356/2025/NĐ-CP: phân biệt dữ liệu cơ bản và nhạy cảm "
        "(quan điểm chính trị, tôn giáo, sức khỏe…); sự đồng ý phải tự nguyện, rõ mục đích; 7 hành vi bị nghiêm "
        "cấm. Trả lời yêu cầu của chủ thể dữ liệu trong 2 ngày làm việc. Trong Sổ tay: che số định danh và số điện "
        "thoại, ghi nhật ký mọi lần xem và xuất hồ sơ.",
        ["91/2025/QH15", "356/2025/NĐ-CP"],
        [],
    ),
    (
        "Sổ tay đảng viên điện tử",
        "Quy định 339-QĐ/TW của Ban Bí thư: người dùng là đảng viên chính thức, dự bị (trừ đảng viên được miễn "
        "công tác và sinh hoạt đảng), cấp ủy và chi bộ; bốn mục đích: hỗ trợ sinh hoạt đảng, chuyển tải văn bản, "
        "kênh thông tin hai chiều, kho văn bản. Triển khai theo Kế hoạch 168-KH/VPTW và Hướng dẫn 26-HD/BTGDVTW. "
        "Tra cứu văn bản: gõ không dấu cũng được, ví dụ “dang phi”; lưu văn bản để đọc khi không có mạng.",
        ["339-QĐ/TW", "168-KH/VPTW", "26-HD/BTGDVTW"],
        [],
    ),
]

SAMPLE_ARTICLE = Path(__file__).parent / "data" / "thai-binh-to-chuc-xay-dung-dang-2024.txt"
SAMPLE_TITLE = "Đổi mới, sáng tạo trong công tác tổ chức xây dựng Đảng"


def load_guides(documents: dict, *, actor: Actor) -> list[Guide]:
    """Create the starter guides (skipped when guides already exist); `documents` maps references to entries."""
    from . import services

    if Guide.objects.exists():
        return []
    created: list[Guide] = []

    def add(items, parent):
        for title, body, refs, children in items:
            regulations = [documents[r] for r in refs if r in documents]
            guide = services.save_guide(actor=actor, title=title, body=body, parent=parent, regulations=regulations)
            created.append(guide)
            add(children, guide)

    add(GUIDES, None)
    return created


def load_library(organization, *, actor: Actor) -> dict:
    """The real documents, the starter guides and the Thái Bình sample article, for the demo and new installs."""
    from . import services
    from .demo import load_real_documents

    documents = load_real_documents(organization, actor=actor)
    guides = load_guides(documents, actor=actor)
    from sotay.orgs.models import root_path, subtree_filter

    in_province = Article.objects.filter(subtree_filter(root_path(organization.path), "organization__path"))
    if not in_province.filter(title=SAMPLE_TITLE).exists() and SAMPLE_ARTICLE.exists():
        services.create_article(
            organization=organization,
            title=SAMPLE_TITLE,
            body=SAMPLE_ARTICLE.read_text(encoding="utf-8"),
            actor=actor,
        )
    return {"documents": documents, "guides": guides}
