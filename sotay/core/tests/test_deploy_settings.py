"""The production profile: secret key, DATABASE_URL, HTTPS settings and `check --deploy` with no warning."""

from __future__ import annotations

import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[3]
SETTINGS = ROOT / "sotay" / "settings.py"
PRODUCTION_VARS = (
    "SOTAY_PRODUCTION",
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "DATABASE_URL",
    "PYTEST_VERSION",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "SOTAY_VAR_DIR",
)


def load_settings(monkeypatch, tmp_path, **env) -> dict:
    """Run the settings module afresh with exactly these variables (no pytest marker unless given)."""
    for name in PRODUCTION_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SOTAY_VAR_DIR", str(tmp_path / "var"))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_no_secret_key_with_debug_off_refuses_to_start(monkeypatch, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_FILE"):
        load_settings(monkeypatch, tmp_path)


def test_the_published_development_key_is_refused_without_debug(monkeypatch, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="published development key"):
        load_settings(monkeypatch, tmp_path, SECRET_KEY="dev-only-insecure-key-change-me-in-production")


def test_the_local_key_file_of_make_run_is_used_outside_production(monkeypatch, tmp_path):
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "secret_key").write_text("local-random-key\n")
    assert load_settings(monkeypatch, tmp_path)["SECRET_KEY"] == "local-random-key"
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is not set"):
        load_settings(monkeypatch, tmp_path, SOTAY_PRODUCTION="1")


def test_secret_key_file_and_dev_fallbacks(monkeypatch, tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("from-a-file\n")
    assert load_settings(monkeypatch, tmp_path, SECRET_KEY_FILE=str(key_file))["SECRET_KEY"] == "from-a-file"
    assert load_settings(monkeypatch, tmp_path, DEBUG="1")["SECRET_KEY"].startswith("dev-only")
    assert load_settings(monkeypatch, tmp_path, PYTEST_VERSION="9")["SECRET_KEY"].startswith("dev-only")


def test_an_empty_database_url_means_the_sqlite_file(monkeypatch, tmp_path):
    loaded = load_settings(monkeypatch, tmp_path, DATABASE_URL="", PYTEST_VERSION="9")
    assert loaded["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["DATABASES"]["default"]["NAME"] == str(tmp_path / "var" / "sotay.sqlite3")


@pytest.mark.parametrize("url", ["nonsense", "postgres://u@h:notaport/db"])
def test_an_unparsable_database_url_is_refused_by_name(monkeypatch, tmp_path, url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        load_settings(monkeypatch, tmp_path, DATABASE_URL=url, PYTEST_VERSION="9")


def test_the_production_switch_turns_on_https_defaults(monkeypatch, tmp_path):
    loaded = load_settings(monkeypatch, tmp_path, SOTAY_PRODUCTION="1", SECRET_KEY=secrets.token_urlsafe(50))
    assert loaded["SECURE_SSL_REDIRECT"] and loaded["SESSION_COOKIE_SECURE"] and loaded["CSRF_COOKIE_SECURE"]
    assert loaded["SECURE_HSTS_SECONDS"] == 31536000 and loaded["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert loaded["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert loaded["SOTAY_TRUST_X_FORWARDED_FOR"]
    plain = load_settings(monkeypatch, tmp_path, PYTEST_VERSION="9")
    assert not plain["SECURE_SSL_REDIRECT"] and plain["SECURE_HSTS_SECONDS"] == 0
    assert "SECURE_PROXY_SSL_HEADER" not in plain and not plain["SOTAY_TRUST_X_FORWARDED_FOR"]
    tuned = load_settings(monkeypatch, tmp_path, SOTAY_PRODUCTION="1", SECRET_KEY="k" * 60, SECURE_HSTS_SECONDS="60")
    assert tuned["SECURE_HSTS_SECONDS"] == 60


def test_check_deploy_has_no_warning_in_the_production_profile(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_VARS or k == "DATABASE_URL"}
    # The browser tests set this for Playwright's event loop in the test process; a server never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        PYTHONPATH=str(ROOT),
        SOTAY_PRODUCTION="1",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="sotay.hungyen.example.vn",
        SOTAY_VAR_DIR=str(tmp_path),
    )
    proc = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr + proc.stdout
    # Only W021 (HSTS preload, a decision for the province's IT) is silenced, see settings.
    assert "System check identified no issues (1 silenced)." in proc.stdout
    assert "WARNING" not in proc.stderr + proc.stdout


def test_logs_go_to_rotated_files_and_the_terminal_keeps_warnings(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "argv", ["sotay", "worker"])
    worker = load_settings(monkeypatch, tmp_path, SECRET_KEY="k" * 60)["LOGGING"]
    assert worker["handlers"]["console"]["level"] == "WARNING"
    assert worker["handlers"]["file"]["class"] == "logging.handlers.RotatingFileHandler"
    assert worker["handlers"]["file"]["filename"] == str(tmp_path / "var" / "log" / "worker.log")
    assert worker["root"]["level"] == "INFO" and worker["root"]["handlers"] == ["console", "file"]
    monkeypatch.setattr(sys, "argv", ["gunicorn", "sotay.wsgi:application"])
    web = load_settings(monkeypatch, tmp_path, SECRET_KEY="k" * 60)["LOGGING"]
    assert web["handlers"]["file"]["filename"] == str(tmp_path / "var" / "log" / "web.log")
    assert "file" not in load_settings(monkeypatch, tmp_path, PYTEST_VERSION="9")["LOGGING"]["handlers"]
