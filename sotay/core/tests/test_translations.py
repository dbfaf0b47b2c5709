"""English is offered through gettext: the catalogue must be complete and compiled."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _field(block: str, name: str) -> str | None:
    """The full (possibly multi-line) string of a .po field such as msgid or msgstr[0]."""
    match = re.search(rf'^{re.escape(name)} ("(?:.*)"(?:\n".*")*)', block, re.M)
    if match is None:
        return None
    return "".join(ast.literal_eval(line) for line in match.group(1).split("\n"))


def entries():
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        msgid = _field(block, "msgid")
        if msgid:  # the header has an empty msgid
            yield block, msgid


def test_every_entry_is_translated_and_none_is_fuzzy():
    untranslated = [
        msgid
        for block, msgid in entries()
        if not (_field(block, "msgstr") or (_field(block, "msgstr[0]") and _field(block, "msgstr[1]")))
    ]
    fuzzy = [msgid for block, msgid in entries() if "#, fuzzy" in block]
    assert not untranslated and not fuzzy
    assert sum(1 for _ in entries()) > 300


def test_compiled_catalogue_holds_every_source_entry():
    with PO.with_suffix(".mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    compiled = {key[0] if isinstance(key, tuple) else key for key in catalogue}
    missing = sorted({msgid for _block, msgid in entries()} - compiled)
    assert not missing, f"run `make messages`: {missing[:5]}"
