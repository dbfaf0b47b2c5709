"""The committee's oversight list of its cells' meetings (issue 14, "Lists on phones"): filtered by status, parent and
cell name (ignoring diacritics), the filters kept in the URL, paginated, each cell shown with its parent."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.meetings import checkin
from sotay.orgs.actor import Actor

from .helpers import at, meeting_of

pytestmark = pytest.mark.django_db


def _page(client, cast, **params):
    query = {"org": cast.province.pk, "month": "2026-03", **params}
    response = client.get(reverse("meetings:oversight"), query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def held(cast):
    meeting = meeting_of(cast, starts_at=at(2026, 3, 19))
    checkin.close_checkin(meeting=meeting, actor=Actor.for_user(cast.cell_secretary))
    return meeting


def test_each_cell_is_shown_with_its_parent(client, cast, held):
    client.force_login(cast.provincial_officer)
    html = _page(client, cast)
    assert 'Chi bộ tổ dân phố số 3</a> <span class="muted">— Đảng bộ phường Phố Hiến</span>' in html
    assert 'Chi bộ giáo viên</a> <span class="muted">— Đảng bộ Trường THPT Đông Tiến</span>' in html


def test_status_parent_and_name_filters(client, cast, held):
    client.force_login(cast.provincial_officer)
    html = _page(client, cast, status="held")
    assert "Chi bộ thôn Đông" in html and "Chi bộ tổ dân phố số 3" not in html
    html = _page(client, cast, status="missed")
    assert "Chi bộ thôn Đông" not in html and "Chi bộ tổ dân phố số 3" in html and "Chi bộ giáo viên" in html
    assert '<option value="missed" selected>' in html  # the filter is kept in the URL and shown
    html = _page(client, cast, parent=cast.commune_b.pk)
    assert "Chi bộ tổ dân phố số 3" in html and "Chi bộ thôn Đông" not in html
    html = _page(client, cast, q="THON DONG")  # no diacritics, any case
    assert "Chi bộ thôn Đông" in html and "Chi bộ giáo viên" not in html
    html = _page(client, cast, status="nonsense")  # an unknown status filters nothing out
    assert "Chi bộ thôn Đông" in html and "Chi bộ tổ dân phố số 3" in html


def test_pages_keep_the_filters(client, cast, held, monkeypatch):
    from sotay.meetings import report_views

    monkeypatch.setattr(report_views, "OVERSIGHT_PAGE", 1)
    client.force_login(cast.provincial_officer)
    html = _page(client, cast, status="missed")
    assert "Trang 1/2" in html and "status=missed" in html and "page=2" in html
    html = _page(client, cast, status="missed", page=2)
    assert "Trang 2/2" in html


def test_outsiders_get_404(client, cast):
    client.force_login(cast.member)
    assert client.get(reverse("meetings:oversight"), {"org": cast.province.pk}).status_code == 404
