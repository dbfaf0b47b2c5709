"""sotay.lib.pdf: templates to PDF, static files read from disk, nothing fetched from the network."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from sotay.lib.pdf import BASE_URL, StaticFilesFetcher, render_html, render_pdf
from sotay.reports.register import column_titles
from sotay.reports.tests import pdftext

A4 = (595.3, 841.9)


def register_context(rows=()):
    return {
        "org": SimpleNamespace(name="Chi bộ thôn Đông", code="HY.A.1"),
        "superior_name": "Đảng bộ xã Đông Tiến",
        "today": dt.date(2025, 9, 2),
        "rows": list(rows),
        "titles": column_titles(),
        "numbers": range(1, 15),
    }


def test_it_renders_a_template_with_its_stylesheet_to_pdf():
    content = render_pdf("reports/register.html", register_context())
    assert content.startswith(b"%PDF-")
    # The stylesheet (a static file) was applied: the register is landscape A4.
    ((width, height),) = pdftext.page_sizes(content)
    assert (round(width, 1), round(height, 1)) == (A4[1], A4[0])
    text = pdftext.text(content)
    assert "SỔ DANH SÁCH ĐẢNG VIÊN" in text and "ĐẢNG BỘ XÃ ĐÔNG TIẾN" in text


def test_the_document_can_be_laid_out_without_writing_it():
    document = render_html("reports/register.html", register_context()).render()
    assert len(document.pages) == 1


def test_the_fetcher_serves_static_files_only():
    fetcher = StaticFilesFetcher()
    response = fetcher.fetch(BASE_URL + "static/reports/pdf.css")
    assert b"@page" in response.read() and response.content_type == "text/css"
    response.close()
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"
    for url in (
        "https://example.com/logo.png",
        "http://127.0.0.1:8000/admin/",
        "file:///etc/passwd",
        BASE_URL + "static/../../sotay/settings.py",
        BASE_URL + "media/handovers/minutes.pdf",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
