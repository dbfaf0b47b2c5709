"""The `sotay` console script: `.venv/bin/sotay <command>` is `manage.py <command>`."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sotay", *sys.argv[1:]])


if __name__ == "__main__":
    main()
