"""Who reads which document: the audience rules (339-QĐ/TW asks that internal documents reach only their readers)."""

from __future__ import annotations

import pytest

from sotay.documents.models import Audience, Document

from .factories import DocumentFactory

pytestmark = pytest.mark.django_db


def _ids(user):
    return set(Document.objects.visible_to(user).values_list("pk", flat=True))


def test_province_wide_documents_reach_everyone_with_a_role(cast):
    doc = DocumentFactory(organization=cast.province)
    for user in (cast.member, cast.outsider, cast.provincial_officer, cast.cell_secretary):
        assert doc.pk in _ids(user)


def test_a_subtree_document_reaches_the_subtree_and_the_levels_above_but_not_outsiders(cast):
    doc = DocumentFactory(organization=cast.commune_a, audience=Audience.SUBTREE, audience_org=cast.commune_a)
    assert doc.pk in _ids(cast.member)  # inside (cell_a under commune_a)
    assert doc.pk in _ids(cast.commune_committee)
    assert doc.pk in _ids(cast.provincial_officer)  # above
    assert doc.pk not in _ids(cast.outsider)


def test_committee_only_documents_skip_plain_members_and_lower_committees(cast):
    doc = DocumentFactory(organization=cast.commune_a, audience=Audience.COMMITTEE, audience_org=cast.commune_a)
    assert doc.pk in _ids(cast.commune_committee)
    assert doc.pk in _ids(cast.provincial_officer)
    assert doc.pk not in _ids(cast.member)
    assert doc.pk not in _ids(cast.cell_secretary)
    assert doc.pk not in _ids(cast.outsider)


def test_anonymous_sees_nothing(cast):
    from django.contrib.auth.models import AnonymousUser

    DocumentFactory(organization=cast.province)
    assert not _ids(AnonymousUser())
