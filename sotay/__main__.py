"""The `sotay` console script: `.venv/bin/sotay <command>` is `manage.py <command>`.

Command names may be written with dashes, for example `sotay import-members`: Django's module names use
underscores (`import_members`), so the dashes of the command name are turned into underscores. Both spellings work.
"""

from __future__ import annotations

import os
import sys


def command_line(argv: list[str]) -> list[str]:
    """The argument list for Django: the command name (the first argument that is not an option) with dashes as
    underscores; every other argument unchanged."""
    args = list(argv)
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    return args


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sotay", *command_line(sys.argv[1:])])


if __name__ == "__main__":
    main()
