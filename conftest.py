"""The fixed test cast: provincial staff, commune committee, cell secretary, member, outsider."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from hypothesis import settings as hypothesis_settings

# Property tests are reproducible by default: "ci" draws the same examples on every run and machine (derandomize),
# with no per-example deadline (the machine is shared and slow examples are not failures). `make test-explore`
# loads "explore": a random search with ten times the examples, to find new counterexamples to save as @example.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
hypothesis_settings.register_profile("explore", derandomize=False, max_examples=1000, deadline=None, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# The migrated database the live-process tests (web server, task worker) copy.
pytest_plugins = ["sotay.core.tests.live"]


@pytest.fixture(autouse=True)
def _vietnamese_and_dummy_tasks(settings):
    settings.LANGUAGE_CODE = "vi"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Staff pages are tested through force_login; the second factor itself is tested in accounts/tests, which
    # switch this back on.
    settings.SOTAY_REQUIRE_SECOND_FACTOR = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.utils import translation

    translation.activate("vi")
    from sotay.core import config
    from sotay.rules import calendar, registry

    # A rule or calendar day created by an earlier test was rolled back without a signal.
    registry.clear_cache()
    calendar.clear_cache()
    config.forget()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _seeded_rules_in_transactional_tests(request):
    """Transactional tests flush the database between tests, which removes the rules the migrations seeded."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from sotay.rules import calendar_seed, seed

    seed.load()
    calendar_seed.load()


def build_cast():
    from sotay.accounts.models import User
    from sotay.members.tests.factories import MemberFactory
    from sotay.orgs.models import OrgKind, Role, RoleGrant
    from sotay.orgs.tests.factories import cell, commune, province

    prov = province(code="HY")
    commune_a = commune(prov, name="Đảng bộ xã Đông Tiến", code="HY.A")
    commune_b = commune(prov, name="Đảng bộ phường Phố Hiến", code="HY.B")
    cell_a = cell(commune_a, name="Chi bộ thôn Đông", code="HY.A.1")
    base_a = cell(commune_a, kind=OrgKind.BASE_COMMITTEE, name="Đảng bộ Trường THPT Đông Tiến", code="HY.A.2")
    cell_a2 = cell(base_a, kind=OrgKind.CELL, name="Chi bộ giáo viên", code="HY.A.2.1")
    cell_b = cell(commune_b, name="Chi bộ tổ dân phố số 3", code="HY.B.1")
    secretary_m = MemberFactory(full_name="Trần Thị Bình", organization=cell_a, gender="F", citizen_id="033180000001")
    member_m = MemberFactory(full_name="Nguyễn Văn Ấn", organization=cell_a)
    others_a = [MemberFactory(full_name=n, organization=cell_a) for n in ("Lê Văn Cường", "Phạm Đức Dũng")]
    teacher = MemberFactory(full_name="Hoàng Thị Lan", organization=cell_a2, gender="F", citizen_id="033180000002")
    outsider_members = [
        MemberFactory(full_name=n, organization=cell_b) for n in ("Đỗ Văn Hải", "Vũ Văn Khoa", "Bùi Văn Long")
    ]

    def user(username, role, org, member=None, phone=None):
        u = User.objects.create_user(username=username, password="mat-khau-thu", member=member, phone=phone)
        RoleGrant.objects.create(user=u, organization=org, role=role)
        return u

    return SimpleNamespace(
        province=prov,
        commune_a=commune_a,
        commune_b=commune_b,
        cell_a=cell_a,
        base_a=base_a,
        cell_a2=cell_a2,
        cell_b=cell_b,
        secretary_member=secretary_m,
        member_member=member_m,
        others_a=others_a,
        teacher=teacher,
        outsider_members=outsider_members,
        provincial_officer=user("bantochuc", Role.ORG_DEPT_OFFICER, prov),
        commune_committee=user("xa", Role.COMMITTEE, commune_a),
        cell_secretary=user("chibo", Role.CELL_COMMITTEE, cell_a, member=secretary_m, phone="0912000001"),
        member=user("dangvien", Role.MEMBER, cell_a, member=member_m),
        outsider=user("ngoai", Role.CELL_COMMITTEE, cell_b, member=outsider_members[0]),
    )


@pytest.fixture
def cast(db):
    return build_cast()


@pytest.fixture
def actor_of():
    """`actor_of(user)`: the Actor a service takes for a user of the cast (their role grants loaded)."""
    from sotay.orgs.actor import Actor

    def make(user):
        user.__dict__.pop("_sotay_grants", None)  # grants given since the user was loaded count
        return Actor.for_user(user)

    return make


@pytest.fixture(autouse=True)
def _block_service_workers_in_browser_tests(request, monkeypatch):
    """Browser contexts block the service worker unless the test is marked `service_worker`: the worker keeps pages
    for offline use by fetching them in the background, and on SQLite those late requests to the live server hold
    the shared in-memory database while the test's teardown flushes it ("database table is locked")."""
    if request.node.get_closest_marker("service_worker") is not None:
        return
    try:
        from playwright.sync_api import Browser
    except ImportError:  # pragma: no cover - playwright is a test dependency
        return
    original = Browser.new_context

    def new_context(self, *args, **kwargs):
        kwargs.setdefault("service_workers", "block")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Browser, "new_context", new_context)
