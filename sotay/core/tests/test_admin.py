from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_admin_is_read_only_for_system_administrators(client, cast):
    from sotay.accounts.models import User
    from sotay.orgs.models import Role, RoleGrant

    admin_user = User.objects.create_superuser(username="quantri", password="x")
    RoleGrant.objects.create(user=admin_user, organization=cast.province, role=Role.SYSTEM_ADMIN)
    client.force_login(admin_user)
    assert client.get(reverse("admin:members_member_changelist")).status_code == 200
    page = client.get(reverse("admin:members_member_change", args=[cast.member_member.pk]))
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.get(reverse("admin:members_member_add")).status_code == 403
    assert (
        client.post(reverse("admin:members_member_delete", args=[cast.member_member.pk]), {"post": "yes"}).status_code
        == 403
    )


def test_admin_is_closed_to_ordinary_staff(client, cast):
    client.force_login(cast.provincial_officer)
    response = client.get(reverse("admin:members_member_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
