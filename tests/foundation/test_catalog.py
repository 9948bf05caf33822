"""The gettext loader: a `.po` a translator edits is read at run time, with contexts, fuzzy
entries left out and English (the source language) as the fallback."""

from __future__ import annotations

import io

from partnernet.foundation.catalog import catalog_path, compile_po, translations

PO = """\
msgid ""
msgstr ""
"Language: th\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgctxt "kind"
msgid "Province"
msgstr "จังหวัด"

msgctxt "size"
msgid "Province"
msgstr "ขนาดตามจังหวัด"

#, fuzzy
msgctxt "ui"
msgid "Close"
msgstr "ปิดไม่แน่ใจ"
"""


def test_a_po_file_is_read_with_its_contexts() -> None:
    found = compile_po(io.BytesIO(PO.encode("utf-8")), "figures", "th")
    assert found.pgettext("kind", "Province") == "จังหวัด"
    assert found.pgettext("size", "Province") == "ขนาดตามจังหวัด"  # same English, other Thai
    assert found.pgettext("ui", "Close") == "Close"  # fuzzy: not trusted, as msgfmt does
    assert found.pgettext("ui", "Never translated") == "Never translated"


def test_english_needs_no_catalog_and_the_figures_catalog_ships() -> None:
    assert translations("figures", "en").pgettext("kind", "Province") == "Province"
    assert catalog_path("figures", "th").is_file()
    assert translations("figures", "th").pgettext("kind", "Province") == "จังหวัด"
