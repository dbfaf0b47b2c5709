"""The default congress plan as data: the steps of the 2025–2030 congresses (Chỉ thị 45-CT/TW), in the project's
own words. Where the directive gives no date the step has none: staff set the due dates when they issue the plan
(docs/rules/elections-and-congresses.md#các-bước-chuẩn-bị-đại-hội)."""

from __future__ import annotations

from dataclasses import dataclass

DIRECTIVE_2025 = "Chỉ thị 45-CT/TW (14/4/2025)"


@dataclass(frozen=True)
class StepTemplate:
    code: str
    title: str
    responsible: str  # models.Responsible value
    offset_days: int | None = None  # relative to the congress date; None = to be set by staff
    produces: str = ""


STEPS_2025_2030: tuple[StepTemplate, ...] = (
    StepTemplate(
        "KH", "Cấp ủy ban hành kế hoạch tổ chức đại hội, phân công chuẩn bị", "ORGANIZATION", produces="Kế hoạch"
    ),
    StepTemplate("BCCT", "Xây dựng dự thảo báo cáo chính trị", "ORGANIZATION", produces="Báo cáo chính trị"),
    StepTemplate(
        "BCKD", "Xây dựng báo cáo kiểm điểm của cấp ủy nhiệm kỳ 2020–2025", "ORGANIZATION", produces="Báo cáo kiểm điểm"
    ),
    StepTemplate("GYVK", "Thảo luận, góp ý dự thảo văn kiện Đại hội XIV và văn kiện cấp trên", "ORGANIZATION"),
    StepTemplate("NS", "Xây dựng phương án nhân sự cấp ủy khóa mới", "ORGANIZATION", produces="Phương án nhân sự"),
    StepTemplate(
        "TD", "Cấp ủy cấp trên thẩm định, cho ý kiến văn kiện và nhân sự", "SUPERIOR", produces="Văn bản cho ý kiến"
    ),
    StepTemplate(
        "TT",
        "Quyết định triệu tập đại hội (hoặc bầu đại biểu dự đại hội)",
        "ORGANIZATION",
        produces="Quyết định triệu tập",
    ),
    StepTemplate("DH", "Tổ chức đại hội, bầu cấp ủy và đại biểu dự đại hội cấp trên", "ORGANIZATION", offset_days=0),
    StepTemplate("NQ", "Ban hành nghị quyết đại hội", "ORGANIZATION", produces="Nghị quyết đại hội"),
    StepTemplate("CY", "Hồ sơ đề nghị và quyết định chuẩn y kết quả bầu cử", "SUPERIOR", produces="Quyết định chuẩn y"),
)
