"""Message catalogs a translator edits (gettext `.po`), read at run time with no build step.

Texts users see in the figures and views are written in English in the code, each with its
context (`pgettext`: the same English can need two Thai words), and translated in
`partnernet/locale/<lang>/LC_MESSAGES/<domain>.po`: any PO editor opens it, and `make
messages` adds the entries new code brings. Babel reads the `.po` and compiles it in memory
at first use (as `api/web.py` does for the web pages' catalog), so a fresh clone needs no
`msgfmt` step and nothing is fetched at run time.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from typing import IO


def catalog_path(domain: str, lang: str) -> Traversable:
    """Where the `.po` file of `domain` in `lang` lives (inside the package)."""
    return resources.files("partnernet").joinpath("locale", lang, "LC_MESSAGES", domain + ".po")


def compile_po(source: IO[bytes], domain: str, lang: str) -> gettext.GNUTranslations:
    """A `.po` file's translations (fuzzy entries left out, as `msgfmt` does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    compiled = io.BytesIO()
    write_mo(compiled, read_po(source, locale=lang, domain=domain))
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@cache
def translations(domain: str, lang: str) -> gettext.NullTranslations:
    """The catalog of `domain` in `lang`; English is the source language (no catalog)."""
    path = catalog_path(domain, lang)
    if lang == "en" or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as source:
        return compile_po(source, domain, lang)
