from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from sotay.orgs import policy


def navigation(request):
    """The same navigation on every page, by what the user may do."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    items = [("web:home", _("Trang chủ"))]
    items.append(("handbook:home", _("Thông báo, học tập")))  # announcements, study, two-way channel
    if user.member_id:
        items.append(("my_profile", _("Hồ sơ của tôi")))
    if user.is_superuser or policy.holds_role(user):
        items.append(("documents:library", _("Văn bản")))
    if policy.user_has_permission(user, policy.VIEW_ORGS):
        items.append(("web:org_tree", _("Tổ chức đảng")))
    if policy.user_has_permission(user, policy.VIEW_MEMBERS):
        items.append(("members:list", _("Đảng viên")))
    if user.member_id or policy.user_has_permission(user, policy.REVIEW_EVALUATIONS):
        items.append(("evaluation:index", _("Đánh giá, xếp loại")))  # reviews, model cells, bốn tốt
    if policy.user_has_permission(user, policy.MANAGE_MEETINGS):  # cell meetings
        items.append(("meetings:list", _("Sinh hoạt chi bộ")))
    elif user.member_id:
        items.append(("meetings:mine", _("Sinh hoạt chi bộ")))
    if policy.user_has_permission(user, policy.CREATE_MEMBERS):
        items.append(("imports:list", _("Nhập Excel")))
    if policy.user_has_permission(user, policy.VIEW_AUDIT):
        items.append(("web:audit_log", _("Nhật ký")))
    if policy.user_has_permission(user, policy.MANAGE_ACCOUNTS):
        items.append(("members:accounts", _("Tài khoản")))
    if policy.user_has_permission(user, policy.MANAGE_SIGN_IN):
        items.append(("accounts:access", _("Khóa đăng nhập")))
    if user.is_staff:
        items.append(("admin:index", _("Quản trị")))
    items.append(("accounts:my_security", _("Bảo mật tài khoản")))
    items.append(("help:index", _("Hướng dẫn")))
    nav = []
    for name, label in items:
        url = reverse("members:detail", args=[user.member_id]) if name == "my_profile" else reverse(name)
        current = request.path == url or (url != "/" and request.path.startswith(url) and name != "my_profile")
        nav.append({"url": url, "label": label, "current": current})
    return {"nav": nav}
