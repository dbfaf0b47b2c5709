"""The real documents cited in docs/rules/documents-in-force.md (and the handbook and admission pages) and in the Thái
Bình sample article, as metadata entries with short summaries (their full texts are mostly unpublished), and their
relations (replaces, guides).

Where a source gives only the year, the entry says so in its summary and carries 1 January of that year.
"""

from __future__ import annotations

import datetime as dt

from sotay.orgs.actor import Actor

from .models import Document, RelationKind

D = dt.date

# (kind, reference, issuer, issued_on, effective_from, title, summary, topics)
REAL_DOCUMENTS: list[tuple] = [
    (
        "REGULATION",
        "294-QĐ/TW",
        "Ban Chấp hành Trung ương",
        D(2025, 5, 26),
        D(2025, 7, 1),
        "Quy định thi hành Điều lệ Đảng",
        "Quy định chi tiết thi hành Điều lệ Đảng: kết nạp đảng viên, chuyển sinh hoạt đảng (mục 6.3.1), đảng phí, "
        "tổ chức cơ sở đảng. Thay thế Quy định 232-QĐ/TW.",
        ["Điều lệ Đảng", "Đảng viên"],
    ),
    (
        "REGULATION",
        "232-QĐ/TW",
        "Ban Chấp hành Trung ương",
        D(2025, 1, 20),
        None,
        "Quy định thi hành Điều lệ Đảng",
        "Thay thế Quy định 24-QĐ/TW (2021); được thay thế bởi Quy định 294-QĐ/TW.",
        ["Điều lệ Đảng"],
    ),
    (
        "REGULATION",
        "24-QĐ/TW",
        "Ban Chấp hành Trung ương",
        D(2021, 7, 30),
        None,
        "Quy định thi hành Điều lệ Đảng",
        "Quy định thi hành Điều lệ Đảng nhiệm kỳ khóa XIII; được thay thế bởi Quy định 232-QĐ/TW.",
        ["Điều lệ Đảng"],
    ),
    (
        "GUIDANCE",
        "06-HD/TW",
        "Ban Bí thư",
        D(2025, 6, 9),
        D(2025, 6, 9),
        "Hướng dẫn một số vấn đề cụ thể thi hành Điều lệ Đảng",
        "Hướng dẫn 19 nội dung thi hành Điều lệ Đảng theo Quy định 294-QĐ/TW.",
        ["Điều lệ Đảng"],
    ),
    (
        "GUIDANCE",
        "01-HD/TW",
        "Ban Bí thư",
        D(2021, 9, 28),
        None,
        "Hướng dẫn một số vấn đề cụ thể thi hành Điều lệ Đảng",
        "Hướng dẫn thi hành Điều lệ Đảng khóa XIII; được thay thế (theo suy đoán) bởi Hướng dẫn 06-HD/TW.",
        ["Điều lệ Đảng"],
    ),
    (
        "GUIDANCE",
        "12-HD/BTCTW",
        "Ban Tổ chức Trung ương",
        D(2022, 1, 1),
        None,
        "Hướng dẫn nghiệp vụ công tác đảng viên",
        "Hướng dẫn nghiệp vụ công tác đảng viên (năm 2022; ngày ban hành cụ thể chưa xác nhận): hồ sơ kết nạp, "
        "mẫu biểu 1-KNĐ…, thẻ đảng viên, chuyển sinh hoạt.",
        ["Đảng viên", "Kết nạp đảng viên"],
    ),
    (
        "GUIDANCE",
        "09-HD/BTCTW",
        "Ban Tổ chức Trung ương",
        D(2017, 1, 1),
        None,
        "Hướng dẫn nghiệp vụ công tác đảng viên",
        "Hướng dẫn nghiệp vụ công tác đảng viên (năm 2017; ngày cụ thể chưa xác nhận); được thay thế bởi "
        "Hướng dẫn 12-HD/BTCTW.",
        ["Đảng viên"],
    ),
    (
        "REGULATION",
        "366-QĐ/TW",
        "Bộ Chính trị",
        D(2025, 8, 30),
        D(2025, 8, 30),
        "Quy định về kiểm điểm, đánh giá, xếp loại chất lượng tập thể, cá nhân trong hệ thống chính trị",
        "Tiêu chí đánh giá cán bộ, đảng viên theo thang điểm 100; thay thế Quy định 124-QĐ/TW.",
        ["Đánh giá, xếp loại"],
    ),
    (
        "REGULATION",
        "124-QĐ/TW",
        "Bộ Chính trị",
        D(2023, 10, 4),
        None,
        "Quy định về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm",
        "Được thay thế bởi Quy định 366-QĐ/TW.",
        ["Đánh giá, xếp loại"],
    ),
    (
        "REGULATION",
        "01-QĐ/TW",
        "Bộ Chính trị",
        D(2026, 2, 3),
        D(2026, 2, 1),
        "Quy định về chế độ đảng phí",
        "Mức đóng đảng phí của từng đối tượng đảng viên, quản lý và sử dụng đảng phí; thay thế Quyết định "
        "342-QĐ/TW (hiệu lực 01/02/2026 theo một nguồn).",
        ["Đảng phí"],
    ),
    (
        "DECISION",
        "342-QĐ/TW",
        "Bộ Chính trị",
        D(2010, 12, 28),
        None,
        "Quyết định ban hành Quy định về chế độ đảng phí",
        "Được thay thế bởi Quy định 01-QĐ/TW.",
        ["Đảng phí"],
    ),
    (
        "REGULATION",
        "190-QĐ/TW",
        "Ban Chấp hành Trung ương",
        D(2024, 10, 10),
        D(2024, 10, 10),
        "Quy chế bầu cử trong Đảng",
        "Quy chế bầu cử trong Đảng; thay thế Quyết định 244-QĐ/TW (2014).",
        ["Bầu cử", "Đại hội"],
    ),
    (
        "DECISION",
        "244-QĐ/TW",
        "Ban Chấp hành Trung ương",
        D(2014, 6, 9),
        None,
        "Quyết định ban hành Quy chế bầu cử trong Đảng",
        "Được thay thế bởi Quy định 190-QĐ/TW.",
        ["Bầu cử"],
    ),
    (
        "GUIDANCE",
        "04-HD/TW",
        "Ban Bí thư",
        D(2024, 12, 31),
        D(2024, 12, 31),
        "Hướng dẫn thực hiện Quy chế bầu cử trong Đảng",
        "Hướng dẫn thực hiện Quy định 190-QĐ/TW.",
        ["Bầu cử", "Đại hội"],
    ),
    (
        "DIRECTIVE",
        "45-CT/TW",
        "Bộ Chính trị",
        D(2025, 4, 14),
        D(2025, 4, 14),
        "Chỉ thị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
        "Đại hội đảng bộ các cấp nhiệm kỳ 2025–2030 gắn với sắp xếp tổ chức bộ máy; thay thế Chỉ thị 35-CT/TW.",
        ["Đại hội"],
    ),
    (
        "DIRECTIVE",
        "35-CT/TW",
        "Bộ Chính trị",
        D(2024, 6, 14),
        D(2024, 6, 14),
        "Chỉ thị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
        "Được thay thế bởi Chỉ thị 45-CT/TW.",
        ["Đại hội"],
    ),
    (
        "CONCLUSION",
        "185-KL/TW",
        "Bộ Chính trị",
        D(2025, 8, 22),
        D(2025, 8, 22),
        "Kết luận về đại hội đảng bộ các cấp nhiệm kỳ 2025–2030",
        "Thay thế Kết luận 118-KL/TW.",
        ["Đại hội"],
    ),
    (
        "CONCLUSION",
        "118-KL/TW",
        "Bộ Chính trị",
        D(2025, 1, 18),
        None,
        "Kết luận về đại hội đảng bộ các cấp",
        "Được thay thế bởi Kết luận 185-KL/TW.",
        ["Đại hội"],
    ),
    (
        "REGULATION",
        "339-QĐ/TW",
        "Ban Bí thư",
        D(2025, 7, 10),
        D(2025, 7, 10),
        "Quy định về ứng dụng Sổ tay đảng viên điện tử",
        "Người dùng, mục đích (hỗ trợ sinh hoạt đảng, chuyển tải văn bản, kênh thông tin hai chiều, kho văn bản) và "
        "yêu cầu an toàn, bảo mật dữ liệu đảng viên.",
        ["Sổ tay đảng viên điện tử"],
    ),
    (
        "PLAN",
        "168-KH/VPTW",
        "Văn phòng Trung ương Đảng",
        D(2025, 8, 21),
        D(2025, 8, 21),
        "Kế hoạch triển khai ứng dụng Sổ tay đảng viên điện tử",
        "Thí điểm 25/8–15/10/2025 tại bốn đảng bộ, tập huấn toàn quốc 29/10/2025, sau đó các tỉnh lập kế hoạch.",
        ["Sổ tay đảng viên điện tử"],
    ),
    (
        "GUIDANCE",
        "26-HD/BTGDVTW",
        "Ban Tuyên giáo và Dân vận Trung ương",
        D(2025, 8, 27),
        D(2025, 8, 27),
        "Hướng dẫn khai thác, sử dụng Sổ tay đảng viên điện tử",
        "Hướng dẫn kèm Quy định 339-QĐ/TW.",
        ["Sổ tay đảng viên điện tử"],
    ),
    (
        "LAW",
        "91/2025/QH15",
        "Quốc hội",
        D(2025, 6, 26),
        D(2026, 1, 1),
        "Luật Bảo vệ dữ liệu cá nhân",
        "5 chương, 39 điều; phân biệt dữ liệu cơ bản và nhạy cảm; 7 hành vi bị nghiêm cấm; phạt tới 5% doanh thu.",
        ["Dữ liệu cá nhân"],
    ),
    (
        "DECREE",
        "356/2025/NĐ-CP",
        "Chính phủ",
        D(2025, 12, 31),
        D(2026, 1, 1),
        "Nghị định quy định chi tiết Luật Bảo vệ dữ liệu cá nhân",
        "Trả lời yêu cầu của chủ thể dữ liệu trong 2 ngày làm việc; thay thế Nghị định 13/2023/NĐ-CP.",
        ["Dữ liệu cá nhân"],
    ),
    (
        "DECREE",
        "13/2023/NĐ-CP",
        "Chính phủ",
        D(2023, 4, 17),
        D(2023, 7, 1),
        "Nghị định về bảo vệ dữ liệu cá nhân",
        "Được thay thế bởi Nghị định 356/2025/NĐ-CP.",
        ["Dữ liệu cá nhân"],
    ),
    (
        "RESOLUTION",
        "21-NQ/TW",
        "Ban Chấp hành Trung ương",
        D(2022, 6, 16),
        D(2022, 6, 16),
        "Nghị quyết về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên",
        "Củng cố tổ chức cơ sở đảng, nâng cao chất lượng đảng viên; chỉ tiêu kết nạp đảng viên mới.",
        ["Phát triển đảng viên", "Tổ chức cơ sở đảng"],
    ),
    (
        "DIRECTIVE",
        "50-CT/TW",
        "Ban Bí thư",
        D(2025, 7, 23),
        D(2025, 7, 23),
        "Chỉ thị về tiếp tục đổi mới và nâng cao chất lượng sinh hoạt chi bộ trong giai đoạn mới",
        "Yêu cầu các cấp ủy tiếp tục đổi mới nội dung, hình thức sinh hoạt chi bộ để buổi sinh hoạt thiết thực, "
        "bàn những việc cụ thể của cơ sở. Toàn văn chưa có trong thư viện; ngày hiệu lực ghi theo ngày ký.",
        ["Sinh hoạt chi bộ", "Tổ chức cơ sở đảng"],
    ),
    (
        "CONCLUSION",
        "229-KL/TW",
        "Bộ Chính trị, Ban Bí thư",
        D(2026, 1, 5),
        D(2026, 1, 5),
        "Kết luận về thực hiện một số nội dung, nhiệm vụ trọng tâm trong hoạt động của tổ chức cơ sở đảng trong thời "
        "gian tới",
        "Ban hành sau khi nghe Ban Tổ chức Trung ương báo cáo tình hình hoạt động của tổ chức cơ sở đảng quý IV/2025: "
        "lấy quý I/2026 làm đợt cao điểm đưa hoạt động của tổ chức cơ sở đảng vào nền nếp, tiếp tục đổi mới sinh "
        "hoạt chi bộ (nhất là sinh hoạt chuyên đề) và công tác phát triển đảng viên. Toàn văn chưa có trong thư viện; "
        "ngày hiệu lực ghi theo ngày ký.",
        ["Tổ chức cơ sở đảng", "Sinh hoạt chi bộ", "Phát triển đảng viên"],
    ),
    (
        "REGULATION",
        "114-QĐ/TW",
        "Bộ Chính trị",
        D(2023, 7, 11),
        D(2023, 7, 11),
        "Quy định về kiểm soát quyền lực và phòng, chống tham nhũng, tiêu cực trong công tác cán bộ",
        "Kiểm soát quyền lực trong công tác cán bộ; được nêu trong bài về ngành tổ chức xây dựng Đảng tỉnh Thái Bình.",
        ["Công tác cán bộ"],
    ),
    (
        "REGULATION",
        "144-QĐ/TW",
        "Bộ Chính trị",
        D(2024, 5, 9),
        D(2024, 5, 9),
        "Quy định về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới",
        "Chuẩn mực đạo đức cách mạng của cán bộ, đảng viên: trung thành, gương mẫu, cần kiệm liêm chính.",
        ["Đảng viên", "Đạo đức"],
    ),
    (
        "SCHEME",
        "02-ĐA/TU",
        "Ban Thường vụ Tỉnh ủy Thái Bình",
        D(2022, 4, 20),
        D(2022, 4, 20),
        "Đề án xây dựng mô hình chi bộ kiểu mẫu trong các loại hình chi bộ ở Đảng bộ tỉnh giai đoạn 2022 - 2025",
        "Xây dựng mô hình chi bộ kiểu mẫu, nâng cao chất lượng sinh hoạt chi bộ.",
        ["Chi bộ kiểu mẫu"],
    ),
    (
        "PLAN",
        "301-KH/TU",
        "Ban Thường vụ Tỉnh ủy Thái Bình",
        D(2024, 9, 12),
        D(2024, 9, 12),
        "Kế hoạch về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
        "15 nội dung theo trình tự thời gian các bước tổ chức đại hội; thực hiện Chỉ thị 35-CT/TW.",
        ["Đại hội"],
    ),
    (
        "GUIDANCE",
        "15-HD/BTCTU",
        "Ban Tổ chức Tỉnh ủy Thái Bình",
        D(2024, 9, 16),
        D(2024, 9, 16),
        "Hướng dẫn một số nội dung về công tác nhân sự đại hội đảng bộ các cấp nhiệm kỳ 2025 - 2030",
        "Công tác nhân sự đại hội; thực hiện Kế hoạch 301-KH/TU.",
        ["Đại hội", "Công tác cán bộ"],
    ),
]

# (source, kind, target)
REAL_RELATIONS = [
    ("294-QĐ/TW", RelationKind.REPLACES, "232-QĐ/TW"),
    ("232-QĐ/TW", RelationKind.REPLACES, "24-QĐ/TW"),
    ("06-HD/TW", RelationKind.GUIDES, "294-QĐ/TW"),
    ("06-HD/TW", RelationKind.REPLACES, "01-HD/TW"),
    ("12-HD/BTCTW", RelationKind.REPLACES, "09-HD/BTCTW"),
    ("366-QĐ/TW", RelationKind.REPLACES, "124-QĐ/TW"),
    ("01-QĐ/TW", RelationKind.REPLACES, "342-QĐ/TW"),
    ("190-QĐ/TW", RelationKind.REPLACES, "244-QĐ/TW"),
    ("04-HD/TW", RelationKind.GUIDES, "190-QĐ/TW"),
    ("45-CT/TW", RelationKind.REPLACES, "35-CT/TW"),
    ("185-KL/TW", RelationKind.REPLACES, "118-KL/TW"),
    ("168-KH/VPTW", RelationKind.GUIDES, "339-QĐ/TW"),
    ("26-HD/BTGDVTW", RelationKind.GUIDES, "339-QĐ/TW"),
    ("356/2025/NĐ-CP", RelationKind.GUIDES, "91/2025/QH15"),
    ("356/2025/NĐ-CP", RelationKind.REPLACES, "13/2023/NĐ-CP"),
    ("301-KH/TU", RelationKind.GUIDES, "35-CT/TW"),
    ("15-HD/BTCTU", RelationKind.GUIDES, "301-KH/TU"),
]


def load_real_documents(organization, *, actor: Actor) -> dict[str, Document]:
    """Create the entries (skipping those already in the organisation's province) and their relations; returns
    them by reference. Each province (root) keeps its own entries: another province's are not readable there."""
    from sotay.orgs.models import root_path, subtree_filter

    from . import services

    out: dict[str, Document] = {}
    in_province = Document.objects.filter(subtree_filter(root_path(organization.path), "organization__path"))
    for kind, reference, issuer, issued_on, effective_from, title, summary, topics in REAL_DOCUMENTS:
        existing = in_province.filter(reference=reference, issued_on=issued_on).first()
        out[reference] = existing or services.create_document(
            organization=organization,
            data={
                "doc_type": kind,
                "reference": reference,
                "issuer": issuer,
                "issued_on": issued_on,
                "effective_from": effective_from,
                "title": title,
                "summary": summary,
                "topics": topics,
                "status": "IN_FORCE",
                "audience": "PROVINCE",
            },
            actor=actor,
        )
    for source, kind, target in REAL_RELATIONS:
        services.relate_documents(source=out[source], target=out[target], kind=kind, actor=actor)
    return out
