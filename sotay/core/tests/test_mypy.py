"""The type check is part of `make test`: mypy with the django-stubs plugin over the whole `sotay` package, with
the configuration in pyproject.toml ([tool.mypy]), must report no error.

The incremental cache lives in var/mypy_cache, so a run after a small change takes a second or two (a cold run
about 20 s)."""

from __future__ import annotations

import os
from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[3]


def test_mypy_reports_no_error():
    cwd = os.getcwd()
    os.chdir(ROOT)  # the configuration's paths (files, cache_dir) are relative to the repository
    try:
        stdout, stderr, status = api.run(["--config-file", str(ROOT / "pyproject.toml")])
    finally:
        os.chdir(cwd)
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    assert status == 0 and not errors, f"mypy found {len(errors)} errors:\n{stdout}\n{stderr}"
