"""Hostile input never gives a 5xx (security review, issue 11 item 10).

The test walks the site as each role of the cast (provincial officer, commune committee, cell secretary, member,
outsider), from a set of pages holding one object of each kind (a meeting, an admission case, a campaign, a
document…), follows the links, collects every POST form it meets, and posts hostile values to each: huge strings,
NUL bytes, control characters, right-to-left overrides, emoji, impossible dates (00/00/0000, 31/02/2025,
31/12/9999), negative and huge numbers, SQL and HTML fragments; then the same form as JSON, as text/plain and as an
empty body, and JSON endpoints as multipart. Every answer must be below 500; the failures are listed together.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import traceback
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOSTILE = [
    "a" * 100_000,  # huge
    "\x00",
    "An\x00Bình\x1b[31m\x07\x08",  # NUL, ESC, BEL, backspace
    "\u202eNguyễn Văn An\u202c\u200b\ufeff",  # right-to-left override, zero-width characters
    "😀👨‍👩‍👧‍👦🇻🇳" * 200,
    "00/00/0000",
    "31/02/2025",
    "31/12/9999",
    "-1",
    "-999999999999999999999",
    "99999999999999999999999999999",
    "1e308",
    "' OR 1=1 --",
    "<script>alert(1)</script>%_%{{ 7*7 }}",
    "",
]
# One field at a time, so that the rest of the form is valid and the value reaches the service: the dates and
# numbers, where overflows live.
PER_FIELD = ["31/12/9999", "01/01/0001", "99999999999999999999999999999", "-1"]

SKIP_ACTIONS = ("/accounts/logout/", "/i18n/setlang/", "/admin/")
SKIP_LINKS = re.compile(r"(\.(pdf|xlsx|docx|ics|json|js)$)|/files/|/admin/|/accounts/logout|/file/|/material/|/ical/")
PAGE_BUDGET = 140  # pages visited per role


class _Forms(HTMLParser):
    """The links and the POST forms of a page, with their fields and a valid-looking value for each."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {
                "method": a.get("method", "get").lower(),
                "action": a.get("action", ""),
                "multipart": "multipart" in a.get("enctype", ""),
                "fields": {},
                "kinds": {},
            }
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if kind == "radio" and a["name"] in self._form["fields"] and "checked" not in a:
                    return
                if kind == "checkbox" and "checked" not in a:
                    self._form["kinds"].setdefault(a["name"], kind)
                    return
            self._form["fields"][a["name"]] = a.get("value", "")
            self._form["kinds"][a["name"]] = kind
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form["fields"].setdefault(a["name"], "")
            self._form["kinds"][a["name"]] = "select"
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if value and (not self._form["fields"][self._select] or "selected" in a):
                self._form["fields"][self._select] = value
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form["fields"][a["name"]] = ""
            self._form["kinds"][a["name"]] = "textarea"

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def _valid_looking(name: str, kind: str, value: str) -> str:
    if value:
        return value
    if kind == "file":
        return ""
    n = name.lower()
    if kind == "date" or n.endswith(("_on", "date", "_from", "_to")) or n in ("on", "day"):
        return "15/06/2025"
    if kind == "time" or n.endswith(("time", "_at")):
        return "19:30"
    if kind == "number" or n.endswith(("amount", "count", "year", "month", "score", "votes", "total", "number")):
        return "1"
    if kind == "email" or "email" in n:
        return "an@example.vn"
    if "phone" in n:
        return "0912345678"
    if "citizen" in n:
        return "033180000009"
    return "Kiểm thử"


def _seed_pages(cast) -> list[str]:
    """One object of each kind the cast can reach, and the pages that hold them."""
    from sotay.admissions.tests.helpers import open_case
    from sotay.documents.tests.factories import DocumentFactory
    from sotay.evaluation.tests.helpers import open_2025
    from sotay.meetings.tests.helpers import meeting_of

    meeting = meeting_of(cast)
    case = open_case(cast)
    campaign = open_2025(cast)
    doc = DocumentFactory(organization=cast.province)
    today = dt.date.today()
    return [
        reverse("web:home"),
        reverse("web:org_tree"),
        reverse("web:org_detail", args=[cast.cell_a.pk]),
        reverse("web:org_detail", args=[cast.commune_a.pk]),
        reverse("members:list"),
        reverse("members:detail", args=[cast.member_member.pk]),
        reverse("members:edit", args=[cast.member_member.pk]),
        reverse("members:create", args=[cast.cell_a.pk]),
        reverse("members:arrival", args=[cast.cell_a.pk]),
        reverse("members:status", args=[cast.member_member.pk]),
        reverse("members:transfer", args=[cast.member_member.pk]),
        reverse("members:gap", args=[cast.member_member.pk]),
        reverse("members:file_lend", args=[cast.member_member.pk]),
        reverse("members:badge", args=[cast.member_member.pk]),
        reverse("admissions:list"),
        reverse("admissions:targets"),
        reverse("admissions:create", args=[cast.cell_a.pk]),
        reverse("admissions:detail", args=[case.pk]),
        reverse("admissions:edit", args=[case.pk]),
        reverse("dues:member", args=[cast.member_member.pk]),
        reverse("dues:sheet", args=[cast.cell_a.pk, today.year, today.month]),
        reverse("meetings:list"),
        reverse("meetings:mine"),
        reverse("meetings:schedule", args=[cast.cell_a.pk]),
        reverse("meetings:create", args=[cast.cell_a.pk]),
        reverse("meetings:detail", args=[meeting.pk]),
        reverse("meetings:minutes", args=[meeting.pk]),
        reverse("meetings:checkin", args=[meeting.pk]),
        reverse("meetings:agenda_add", args=[meeting.pk]),
        reverse("evaluation:index"),
        reverse("evaluation:campaign", args=[campaign.pk]),
        reverse("evaluation:member", args=[campaign.pk, cast.member_member.pk]),
        reverse("evaluation:org", args=[campaign.pk, cast.cell_a.pk]),
        reverse("evaluation:schemes"),
        reverse("evaluation:grade_preview"),
        reverse("documents:library"),
        reverse("documents:create"),
        reverse("documents:detail", args=[doc.pk]),
        reverse("documents:edit", args=[doc.pk]),
        reverse("documents:article_create"),
        reverse("documents:guide_create"),
        reverse("handbook:home"),
        reverse("handbook:announcement_create"),
        reverse("handbook:feedback_create"),
        reverse("handbook:feedback_list"),
        reverse("handbook:study_create"),
        reverse("notifications:preferences"),
        reverse("imports:list"),
        reverse("web:audit_log"),
    ]


def _crawl(client: Client, seeds: list[str]) -> dict[str, tuple[str, str, dict]]:
    """The forms reachable from the seeds: (page, action, form) by method and the action's pattern (ids as N)."""
    queue, seen, forms = list(seeds), set(), {}
    while queue and len(seen) < PAGE_BUDGET:
        url = urldefrag(queue.pop(0))[0]
        if url in seen or not url.startswith("/") or SKIP_LINKS.search(url):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(response.content.decode())
        for form in parser.forms:
            action = form["action"] or urlsplit(url).path
            if not action.startswith(SKIP_ACTIONS) and action.startswith("/"):
                key = form["method"].upper() + " " + re.sub(r"\d+", "N", action)
                forms.setdefault(key, (url, action, form))  # one form of each kind
        queue.extend(link for link in parser.links if link.startswith("/") and link not in seen)
    return forms


def _variants(form: dict):
    """(label, body, extra client kwargs) of the hostile posts to one form."""
    kinds = form["kinds"]
    base = {
        n: _valid_looking(n, kinds.get(n, "text"), v)
        for n, v in form["fields"].items()
        if kinds.get(n) != "file" and n != "csrfmiddlewaretoken"
    }
    for k, name in enumerate(kinds):
        if kinds[name] == "checkbox" and name not in base:
            base[name] = "on" if k % 2 else ""
    for i, value in enumerate(HOSTILE):
        body = {n: (value if kinds.get(n) not in ("hidden",) or i % 2 else v) for n, v in base.items()}
        yield f"all={value[:20]!r}", body, {}
    for name, value in base.items():
        if kinds.get(name) in ("date", "number") or re.fullmatch(r"-?\d+|\d\d/\d\d/\d{4}|\d\d:\d\d", value or ""):
            for hostile in PER_FIELD:
                yield f"{name}={hostile[:20]!r}", {**base, name: hostile}, {}
    yield "json-body", json.dumps(base), {"content_type": "application/json"}
    yield "text/plain", "x=1\x00&y=" + "a" * 10_000, {"content_type": "text/plain"}
    yield "empty", "", {"content_type": "application/x-www-form-urlencoded"}
    yield "bad-json", "{" * 10_000, {"content_type": "application/json"}


@pytest.fixture
def failures():
    caught: list[str] = []

    def record(sender, request=None, **kwargs):
        import sys

        caught.append(f"{request.method} {request.path}: {''.join(traceback.format_exception(*sys.exc_info())[-3:])}")

    got_request_exception.connect(record, weak=False)
    yield caught
    got_request_exception.disconnect(record)


ROLES = ["provincial_officer", "commune_committee", "cell_secretary", "member", "outsider"]


@pytest.mark.parametrize("role", ROLES)
def test_no_form_answers_hostile_input_with_a_5xx(cast, role, failures, settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
    client = Client(raise_request_exception=False)
    client.force_login(getattr(cast, role))
    forms = _crawl(client, _seed_pages(cast))
    posted, bad = 0, []
    for page, action, form in sorted(forms.values(), key=lambda f: f[:2]):
        if form["method"] != "post":  # a search or filter form: the hostile values go in the query string
            if SKIP_LINKS.search(action):
                continue
            for value in HOSTILE:
                query = {n: value[:2000] for n in form["fields"]}
                response = client.get(action, query)
                posted += 1
                if response.status_code >= 500:
                    bad.append(f"{response.status_code} GET {action} (form of {page}) {value[:20]!r}")
            continue
        for label, body, kwargs in _variants(form):
            response = client.post(action, body, **kwargs)
            posted += 1
            if response.status_code >= 500:
                bad.append(f"{response.status_code} POST {action} (form of {page}) {label}")
            client.force_login(getattr(cast, role))  # a form may have changed the session
    for url in (reverse("notifications:push_subscribe"), reverse("notifications:push_unsubscribe")):
        for body in ({"endpoint": "https://x.example/1"}, {"endpoint": "\x00" * 10}):
            response = client.post(url, body)  # multipart where JSON is expected
            posted += 1
            if response.status_code >= 500:
                bad.append(f"{response.status_code} POST {url} multipart")
    print(f"{role}: {len(forms)} forms, {posted} hostile posts, {len(bad)} answered 5xx: {' '.join(sorted(forms))}")
    assert len(forms) > (3 if role in ("member", "outsider") else 10), sorted(forms)
    assert not bad, "\n".join(bad[:50] + failures[:10])
