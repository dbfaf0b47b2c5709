"""The library's topic filter is a QuickSelect (issue 18): the topic typed by its name, without diacritics, filters
as the select did."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.documents.models import Topic

pytestmark = pytest.mark.django_db


def test_a_topic_typed_without_diacritics_filters_the_library(client, cast, library):
    topic = Topic.objects.get(slug="dang-phi")
    client.force_login(cast.member)
    html = client.get(reverse("documents:library"), {"topic": "dang phi"}).content.decode()
    assert f'value="{topic.name}"' in html and 'list="id_topic-options"' in html  # shown back by its name
    assert "01-QĐ/TW" in html and "342-QĐ/TW" in html
    assert "144-QĐ/TW" not in html
