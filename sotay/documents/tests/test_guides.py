"""The handbook of organisation-building guides: the starter set written from docs/rules/, each guide linking the
regulations it rests on; editing by Organization Committee staff holding editor rights on the branch."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from sotay.documents import search, services
from sotay.documents.models import Citation, Guide, GuideEditor
from sotay.documents.starter import GUIDES, load_library
from sotay.orgs import policy
from sotay.orgs.actor import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def handbook(cast, immediate_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return load_library(cast.province, actor=Actor.system("command:test"))


def _count(items):
    return sum(1 + _count(children) for _t, _b, _r, children in items)


def test_the_starter_set_covers_the_organisation_work_and_links_its_regulations(handbook):
    assert Guide.objects.count() == _count(GUIDES)
    titles = set(Guide.objects.values_list("title", flat=True))
    for topic in (
        "Kết nạp đảng viên",
        "Chuyển sinh hoạt đảng",
        "Đảng phí",
        "Kiểm điểm, đánh giá, xếp loại",
        "Sinh hoạt chi bộ",
        "Đại hội và bầu cử trong Đảng",
    ):
        assert topic in titles
    for guide in Guide.objects.all():
        assert guide.regulations.exists(), guide.title
    dues = Guide.objects.get(title="Đảng phí")
    assert set(dues.regulations.values_list("reference", flat=True)) == {"01-QĐ/TW", "342-QĐ/TW"}
    # The citations in a guide's text link to the library: "Quy định 294-QĐ/TW" in the transfer guide.
    transfer = Guide.objects.get(title="Chuyển sinh hoạt đảng")
    assert Citation.objects.filter(
        source_type="documents.guide", source_id=transfer.pk, target=handbook["documents"]["294-QĐ/TW"]
    ).exists()


def test_guides_are_searched_with_documents(cast, handbook):
    hits = search.search(cast.member, "chuyen sinh hoat").hits
    assert hits[0].source == "guide" and hits[0].title == "Chuyển sinh hoạt đảng"


def test_loading_twice_adds_nothing(cast, handbook):
    out = StringIO()
    call_command("load_library", stdout=out)
    assert Guide.objects.count() == _count(GUIDES)
    assert "0 hướng dẫn" in out.getvalue()


def test_only_editors_of_the_branch_may_edit(cast, handbook):
    """EDIT_GUIDES (sotay/orgs/policy.py) belongs to Organization Committee staff; each edits the branches granted."""
    admission = Guide.objects.get(title="Kết nạp đảng viên")
    child = Guide.objects.get_children(admission).first()
    dues = Guide.objects.get(title="Đảng phí")
    officer = cast.provincial_officer
    assert not services.may_edit_guide(officer, child)
    GuideEditor.objects.create(user=officer, guide=admission)
    assert services.may_edit_guide(officer, child) and not services.may_edit_guide(officer, dues)
    services.save_guide(
        actor=Actor.for_user(officer), guide=child, title=child.title, body="Nội dung mới theo 294-QĐ/TW."
    )
    with pytest.raises(policy.NotAllowed):
        services.save_guide(actor=Actor.for_user(officer), guide=dues, title="Đảng phí", body="x")
    for user in (cast.member, cast.commune_committee):
        assert not services.may_edit_guide(user, child)


def test_an_editor_grant_needs_the_committee_staff_right(cast, handbook):
    admission = Guide.objects.get(title="Kết nạp đảng viên")
    GuideEditor.objects.create(user=cast.provincial_officer, guide=admission)
    with pytest.raises(Exception, match="Ban Tổ chức"):
        services.grant_guide_editor(
            user=cast.commune_committee, guide=admission, actor=Actor.for_user(cast.provincial_officer)
        )


def test_guide_pages(client, cast, handbook):
    client.force_login(cast.member)
    index = client.get(reverse("documents:guides")).content.decode()
    assert "Kết nạp đảng viên" in index and "Thêm mục lớn" not in index
    body = client.get(reverse("documents:guide", args=[Guide.objects.get(title="Đảng phí").slug])).content.decode()
    assert "01-QĐ/TW" in body and 'class="citation"' in body
    assert client.get(reverse("documents:guide_edit", args=["dang-phi"])).status_code == 403
    officer = cast.provincial_officer
    GuideEditor.objects.create(user=officer, guide=Guide.objects.get(title="Đảng phí"))
    client.force_login(officer)
    response = client.post(
        reverse("documents:guide_edit", args=["dang-phi"]), {"title": "Đảng phí", "body": "Theo Quy định 01-QĐ/TW."}
    )
    assert response.status_code == 302
    assert Guide.objects.get(slug="dang-phi").body == "Theo Quy định 01-QĐ/TW."


def test_guides_need_a_role(client, db, handbook):
    from sotay.accounts.models import User

    client.force_login(User.objects.create_user(username="khach", password="x"))
    assert client.get(reverse("documents:guide", args=["dang-phi"])).status_code == 404


def test_an_editor_gives_a_colleague_rights_on_the_branch(client, cast, handbook):
    from sotay.accounts.models import User
    from sotay.orgs.models import Role, RoleGrant

    colleague = User.objects.create_user(username="bantochuc2", password="x")
    RoleGrant.objects.create(user=colleague, organization=cast.province, role=Role.ORG_DEPT_OFFICER)
    dues = Guide.objects.get(slug="dang-phi")
    GuideEditor.objects.create(user=cast.provincial_officer, guide=dues)
    client.force_login(cast.provincial_officer)
    client.post(reverse("documents:guide_editor_add", args=["dang-phi"]), {"username": "bantochuc2"})
    assert GuideEditor.objects.filter(user=colleague, guide=dues).exists()
    response = client.post(
        reverse("documents:guide_editor_add", args=["dang-phi"]), {"username": "dangvien"}, follow=True
    )
    assert "Chỉ cán bộ Ban Tổ chức" in response.content.decode()
    client.force_login(cast.member)
    assert client.post(reverse("documents:guide_editor_add", args=["dang-phi"]), {"username": "x"}).status_code == 403
