"""The user guide: a page and a PDF per role, every "?" pointing at a section that exists, every screenshot there."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sotay.help.guides import GUIDES, HELP_FOR

SHOTS = Path(__file__).resolve().parents[1] / "static" / "help" / "shots"
pytestmark = pytest.mark.django_db


def test_a_guide_per_role_for_training():
    assert set(GUIDES) == {"dang-vien", "bi-thu-chi-bo", "cap-uy", "ban-to-chuc", "quan-tri"}
    for guide in GUIDES.values():
        anchors = [s.anchor for s in guide.sections]
        assert len(anchors) == len(set(anchors)) and len(anchors) >= 5


def test_every_question_mark_points_at_an_existing_section():
    for name, (slug, anchor) in HELP_FOR.items():
        assert anchor in {s.anchor for s in GUIDES[slug].sections}, name


def test_every_screenshot_the_guides_show_was_taken_by_the_browser_tests():
    for guide in GUIDES.values():
        for section in guide.sections:
            if section.shot:
                assert (SHOTS / f"{section.shot}.png").is_file(), section.shot


def test_guide_pages_and_pdfs(client):
    for slug, guide in GUIDES.items():
        page = client.get(reverse("help:guide", args=[slug])).content.decode()
        assert str(guide.title) in page and all(f'id="{s.anchor}"' in page for s in guide.sections)
        response = client.get(reverse("help:guide_pdf", args=[slug]))
        assert response["Content-Type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        assert str(guide.sections[0].title) in text
    assert client.get(reverse("help:guide", args=["khong-co"])).status_code == 404


def test_each_page_has_a_question_mark_to_its_section(client, cast):
    client.force_login(cast.cell_secretary)
    page = client.get(reverse("members:accounts")).content.decode()
    assert f'href="{reverse("help:guide", args=["bi-thu-chi-bo"])}#tao-tai-khoan"' in page
    assert reverse("help:index") in page  # and the menu links to all guides
