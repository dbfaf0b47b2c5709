"""`make audit` (scripts/audit.py) tells "vulnerabilities found" from "could not check", and never passes silently."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "audit.py"
spec = importlib.util.spec_from_file_location("sotay_audit_script", SCRIPT)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def test_pip_audit_skipping_every_package_is_unreachable_not_clean():
    # What pip-audit 2.10 writes (and exits 0 with) when PyPI's JSON API does not answer for the packages.
    report = {
        "dependencies": [
            {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited: django (5.2.9)"},
            {
                "name": "gunicorn",
                "skip_reason": "Dependency not found on PyPI and could not be audited: gunicorn (27.0.1)",
            },
        ],
        "fixes": [],
    }
    status, message = audit.classify_pip(report)
    assert status == audit.UNREACHABLE and "could not check 2 of 2" in message


def test_pip_audit_without_a_report_is_unreachable():
    status, message = audit.classify_pip(None, "Traceback …\nrequests.exceptions.ConnectionError: api.osv.dev\n")
    assert status == audit.UNREACHABLE and "ConnectionError" in message


@pytest.mark.parametrize(
    ("deps", "expected"),
    [
        ([{"name": "django", "version": "5.2.9", "vulns": []}], audit.CLEAN),
        (
            [
                {"name": "django", "version": "5.2.1", "vulns": [{"id": "PYSEC-1", "fix_versions": ["5.2.2"]}]},
                {"name": "x", "skip_reason": "not found"},
            ],
            audit.FOUND,
        ),
    ],
)
def test_pip_audit_clean_and_found(deps, expected):
    status, message = audit.classify_pip({"dependencies": deps})
    assert status == expected
    if expected == audit.FOUND:
        assert "django 5.2.1: PYSEC-1 (fixed in 5.2.2)" in message and "1 more could not be checked" in message


def test_npm_audit_results():
    refused = {
        "message": "405 Method Not Allowed - POST …/-/npm/v1/security/advisories/bulk",
        "statusCode": 405,
        "error": {"summary": ""},
    }
    assert audit.classify_npm(refused)[0] == audit.UNREACHABLE
    assert audit.classify_npm(None, "npm error network")[0] == audit.UNREACHABLE
    clean = {"vulnerabilities": {}, "metadata": {"vulnerabilities": {"low": 0, "high": 0, "total": 0}}}
    assert audit.classify_npm(clean)[0] == audit.CLEAN
    found = {"vulnerabilities": {"htmx.org": {}}, "metadata": {"vulnerabilities": {"high": 1, "total": 1}}}
    status, message = audit.classify_npm(found)
    assert status == audit.FOUND and "htmx.org" in message and "1 high" in message


def test_main_exit_status(monkeypatch, capsys):
    monkeypatch.setattr(audit, "run_pip_audit", lambda _p: (audit.CLEAN, "pip ok"))
    monkeypatch.setattr(audit, "run_npm_audit", lambda: (audit.UNREACHABLE, "npm unreachable"))
    assert audit.main([]) == audit.UNREACHABLE
    assert "AUDIT INCOMPLETE" in capsys.readouterr().out
    monkeypatch.setattr(audit, "run_npm_audit", lambda: (audit.FOUND, "npm found"))
    assert audit.main([]) == audit.FOUND
    monkeypatch.setattr(audit, "run_npm_audit", lambda: (audit.CLEAN, "npm ok"))
    assert audit.main([]) == audit.CLEAN
