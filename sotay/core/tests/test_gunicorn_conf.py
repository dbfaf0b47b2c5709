"""`sotay serve` runs gunicorn with sotay/core/gunicorn_conf.py: preloaded, frozen for the collector, sized by cores."""

from __future__ import annotations

import gc
import importlib

from django.core.management import call_command


def test_serve_passes_the_config_module_and_workers_only_when_asked(monkeypatch, tmp_path, settings):
    import os

    settings.LOG_DIR = tmp_path
    calls = []
    monkeypatch.setattr(os, "execv", lambda exe, argv: calls.append(argv))
    call_command("serve", "--port", "8163")
    argv = calls[0]
    assert argv[argv.index("--config") + 1] == "python:sotay.core.gunicorn_conf"
    assert "--workers" not in argv and "--threads" not in argv  # the config module decides
    call_command("serve", "--port", "8164", "--workers", "5")
    assert calls[1][calls[1].index("--workers") + 1] == "5"


def test_config_sizes_by_cores_and_environment(monkeypatch):
    from sotay.core import gunicorn_conf

    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("WEB_THREADS", raising=False)
    conf = importlib.reload(gunicorn_conf)
    assert conf.preload_app is True and conf.worker_class == "gthread"
    assert conf.workers == conf._cores() + 1 and conf.threads >= 2
    monkeypatch.setenv("WEB_CONCURRENCY", "7")
    monkeypatch.setenv("WEB_THREADS", "1")
    conf = importlib.reload(gunicorn_conf)
    assert (conf.workers, conf.threads) == (7, 1)


def test_hooks_freeze_after_load_and_close_connections_before_fork(monkeypatch):
    from django.db import connections

    from sotay.core import gunicorn_conf

    closed = []
    monkeypatch.setattr(connections, "close_all", lambda: closed.append(True))
    threshold = gc.get_threshold()
    try:
        gunicorn_conf.when_ready(None)
        assert gc.get_freeze_count() > 0
        gunicorn_conf.pre_fork(None, None)
        assert closed == [True]
        gunicorn_conf.post_fork(None, None)
        assert gc.get_threshold()[0] == 7000
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
