from __future__ import annotations

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from sotay.orgs import policy

# Groups of the menu sheet, in order (the key is the group's heading).
DAILY, PEOPLE, ADMIN, PERSONAL = "daily", "people", "admin", "personal"
# The bottom tab bar of a member (phones): (url name, short visible label). The accessible name is the full label of
# the same item, which contains the visible one (WCAG 2.5.3 label in name).
TABS = (
    ("web:home", gettext_lazy("Trang chủ")),
    ("meetings:mine", gettext_lazy("Sinh hoạt")),
    ("documents:library", gettext_lazy("Văn bản")),
    ("handbook:home", gettext_lazy("Thông báo")),
    ("my_profile", gettext_lazy("Tôi")),
)
TAB_ICONS = {
    "web:home": "⌂",
    "meetings:mine": "◷",
    "meetings:list": "◷",
    "documents:library": "▤",
    "handbook:home": "✉",
    "my_profile": "☺",
}
# One entry per (grants, member, staff, language): the items depend only on these, so a request reuses them instead
# of recomputing every permission and reversing every URL (P4). Small: a handful of role shapes in practice.
_CACHE: dict[tuple, tuple] = {}
_CACHE_MAX = 512
# The rendered menu sheet and tab bar per (role shape, current section); the logout form's CSRF token is put in per
# request (it belongs to the browser).
_HTML: dict[tuple, tuple[str, str]] = {}
CSRF_MARK = "__sotay_csrf_token__"
# The unread badge of the "Thông báo" tab (unread announcements), put in per request like the CSRF token.
BADGE_TAB = "handbook:home"
BADGE_MARK, BADGE_LABEL_MARK = "__sotay_tab_badge__", "__sotay_tab_badge_label__"


def _items(user) -> list[tuple[str, str, str]]:
    """(url name, label, group) of every section the user may open, in menu order."""
    items = [("web:home", _("Trang chủ"), DAILY)]
    items.append(("handbook:home", _("Thông báo, học tập"), DAILY))  # announcements, study, two-way channel
    if policy.user_has_permission(user, policy.MANAGE_MEETINGS):  # cell meetings
        items.append(("meetings:list", _("Sinh hoạt chi bộ"), DAILY))
    elif user.member_id:
        items.append(("meetings:mine", _("Sinh hoạt chi bộ"), DAILY))
    if user.is_superuser or policy.active_grants(user):
        items.append(("documents:library", _("Văn bản"), DAILY))
    if user.member_id:
        items.append(("my_profile", _("Hồ sơ của tôi"), PERSONAL))
    if policy.user_has_permission(user, policy.VIEW_ORGS):
        items.append(("web:org_tree", _("Tổ chức đảng"), PEOPLE))
    if policy.user_has_permission(user, policy.VIEW_MEMBERS):
        items.append(("members:list", _("Đảng viên"), PEOPLE))
    if user.member_id or policy.user_has_permission(user, policy.REVIEW_EVALUATIONS):
        items.append(("evaluation:index", _("Đánh giá, xếp loại"), PEOPLE))  # reviews, model cells, bốn tốt
    if policy.user_has_permission(user, policy.CREATE_MEMBERS):
        items.append(("imports:list", _("Nhập Excel"), PEOPLE))
        items.append(("admissions:recognitions", _("Công nhận chính thức"), PEOPLE))
    if policy.user_has_permission(user, policy.MANAGE_CADRES):
        items.append(("cadres:index", _("Cán bộ"), PEOPLE))  # positions, plans, appointments (verification: from there)
    if policy.user_has_permission(user, policy.MANAGE_CONGRESSES):
        items.append(("congresses:index", _("Đại hội"), PEOPLE))  # preparation, elections, counting
    if policy.user_has_permission(user, policy.MANAGE_DISCIPLINE):
        items.append(("discipline:index", _("Kiểm tra, kỷ luật"), PEOPLE))
    if policy.user_has_permission(user, policy.VIEW_AUDIT):
        items.append(("web:audit_log", _("Nhật ký"), ADMIN))
    if policy.user_has_permission(user, policy.MANAGE_ACCOUNTS):
        items.append(("members:accounts", _("Tài khoản"), ADMIN))
    if policy.user_has_permission(user, policy.MANAGE_SIGN_IN):
        items.append(("accounts:access", _("Khóa đăng nhập"), ADMIN))
    if user.is_staff:
        items.append(("admin:index", _("Quản trị"), ADMIN))
    items.append(("accounts:my_security", _("Bảo mật tài khoản"), PERSONAL))
    items.append(("help:index", _("Hướng dẫn"), PERSONAL))
    return items


def _build(user) -> tuple:
    headings = {
        DAILY: _("Hằng ngày"),
        PEOPLE: _("Đảng viên và tổ chức"),
        ADMIN: _("Quản trị hệ thống"),
        PERSONAL: _("Cá nhân"),
    }
    entries = []
    for name, label, group in _items(user):
        url = reverse("members:detail", args=[user.member_id]) if name == "my_profile" else reverse(name)
        entries.append({"name": name, "url": url, "label": label, "group": group, "icon": TAB_ICONS.get(name, "")})
    by_name = {e["name"]: e for e in entries}
    tabs = []
    if user.member_id:
        for name, short in TABS:
            entry = by_name.get(name) or (by_name.get("meetings:list") if name == "meetings:mine" else None)
            if entry is not None:
                tabs.append({**entry, "short": str(short)})
    in_tabs = {t["name"] for t in tabs}
    groups = []
    for key in (DAILY, PEOPLE, ADMIN, PERSONAL):
        rows = [e for e in entries if e["group"] == key]
        if rows:
            groups.append({"heading": headings[key], "items": rows})
    shortcuts = [e for e in entries if e["name"] not in in_tabs and e["name"] != "web:home" and e["group"] != PERSONAL]
    return tuple(entries), tuple(tabs), tuple(groups), tuple(shortcuts)


def _key(user) -> tuple:
    grants = frozenset((g.role, g.organization.path) for g in policy.active_grants(user))
    return (user.pk, user.member_id, user.is_staff, user.is_superuser, grants, get_language())


def _current(entry: dict, path: str) -> bool:
    url = entry["url"]
    return path == url or (url != "/" and path.startswith(url) and entry["name"] != "my_profile")


def navigation(request):
    """The same navigation on every page, by what the user may do: the items of the menu sheet (grouped), the
    member's bottom tabs, the staff shortcuts of the home page, and the unread count (one query, only if shown)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": [], "nav_tabs": [], "nav_groups": [], "nav_shortcuts": []}
    key = nav_key(user)
    built = _CACHE.get(key)
    if built is None:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        built = _CACHE[key] = _build(user)
    entries, tabs, groups, shortcuts = built
    path = request.path
    current = tuple(e["name"] for e in entries if _current(e, path))
    html_key = (key, current)
    html = _HTML.get(html_key)
    if html is None:
        if len(_HTML) >= _CACHE_MAX:
            _HTML.clear()
        context = {
            "user": user,
            "csrf_mark": CSRF_MARK,
            "badge_tab": BADGE_TAB,
            "badge_mark": BADGE_MARK,
            "badge_label_mark": BADGE_LABEL_MARK,
            "nav_tabs": [{**t, "current": t["name"] in current} for t in tabs],
            "nav_groups": [
                {"heading": g["heading"], "items": [{**e, "current": e["name"] in current} for e in g["items"]]}
                for g in groups
            ],
        }
        menu = render_to_string("includes/nav.html#menu", context) if groups else ""
        bar = render_to_string("includes/nav.html#tabs", context) if tabs else ""
        html = _HTML[html_key] = (menu, bar)
    # A page being cached for its user (the member's home) keeps the mark; it gets each browser's token when served.
    token = CSRF_MARK if getattr(request, "sotay_csrf_placeholder", False) else get_token(request)
    return {
        "nav": entries,  # every item, for pages that list them (without "current": base.html uses the HTML above)
        "nav_tabs": tabs,
        "nav_groups": groups,
        "nav_shortcuts": shortcuts,
        "nav_menu_html": mark_safe(html[0].replace(CSRF_MARK, token)),
        "nav_tabs_html": mark_safe(_with_badge(html[1], user)),
        "nav_unread": _unread(user),
    }


def nav_key(user) -> tuple:
    """What the navigation of this user depends on (their roles, name and language), for a page cached per user."""
    return _key(user) + (user.display_name(),)


def unread_notifications(user) -> int:
    """The user's unread notifications (one query per request)."""
    return _unread(user)


def _unread(user) -> int:
    from sotay.notifications.models import Notification  # core must not import domain apps at module load

    cached = getattr(user, "_sotay_unread", None)
    if cached is None:
        cached = user._sotay_unread = _count_unread(Notification, user.pk)
    return cached


def _count_unread(model, user_id: int) -> int:
    """Notification.objects.filter(recipient=user, read_at__isnull=True).count() in plain SQL (the index
    notif_recipient_unread): it runs on every page, and building it through the ORM cost ten times its execution
    (P4)."""
    from django.db import connection

    meta, quote = model._meta, connection.ops.quote_name
    recipient, read_at = (quote(meta.get_field(name).column) for name in ("recipient", "read_at"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {quote(meta.db_table)} WHERE {recipient} = %s AND {read_at} IS NULL", [user_id]
        )
        return cursor.fetchone()[0]


def _with_badge(bar: str, user) -> str:
    """The tab bar with the number on "Thông báo" that settings.SOTAY_TAB_BADGE counts (the unread announcements,
    sotay/web/badge.py: core may not import the apps above it)."""
    if BADGE_MARK not in bar:
        return bar
    counter = getattr(settings, "SOTAY_TAB_BADGE", "")
    n = import_string(counter)(user) if counter else 0
    if not n:
        return bar.replace(BADGE_MARK, "").replace(BADGE_LABEL_MARK, "")
    label = ngettext("%(n)s chưa đọc", "%(n)s chưa đọc", n) % {"n": n}
    shown = "99+" if n > 99 else str(n)
    badge = f'<span class="tab-badge" aria-hidden="true">{shown}</span>'
    return bar.replace(BADGE_MARK, badge).replace(BADGE_LABEL_MARK, f", {label}")
