"""The figures' and views' texts come from the translator's catalog
(`partnernet/locale/th/LC_MESSAGES/figures.po`): every text the code asks for is in it,
translated, and an edit of the catalog is what the legends show."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from partnernet.foundation.catalog import catalog_path, compile_po
from partnernet.visualizations import palette

VISUALIZATIONS = Path(palette.__file__).parent
THAI = re.compile("[\u0e00-\u0e7f]")


def _asked() -> set[tuple[str, str]]:
    """(context, English) of every `_pair` call, found as `make messages` finds them."""
    found = set()
    for path in VISUALIZATIONS.rglob("*.py"):
        for _, message, _, context in extract_from_file(
            "python", str(path), keywords={"_pair": ((1, "c"), 2)}
        ):
            found.add((str(context), str(message)))
    return found


def _catalog() -> dict[tuple[str, str], str]:
    with catalog_path("figures", "th").open("rb") as source:
        catalog = read_po(source, locale="th", domain="figures")
    return {
        (str(m.context), str(m.id)): str(m.string)
        for m in catalog
        if m.id and m.string and not m.fuzzy
    }


def test_every_text_the_figures_ask_for_is_translated() -> None:
    asked, catalog = _asked(), _catalog()
    assert len(asked) > 100
    assert asked == set(catalog)  # nothing missing (English would show), nothing stale
    assert all(THAI.search(th) for (_, en), th in catalog.items() if en != "PageRank")


def test_the_legends_show_the_catalog_s_thai(monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = _catalog()
    council = palette.kind_style("Council")
    assert (council.th, council.en) == (
        catalog[("kind", "Community organisation council")],
        "Community organisation council",
    )
    assert palette.ui("gap_ring", "th") == catalog[("ui", palette.UI["gap_ring"][1])]
    assert palette.ui("gap_ring", "en") == "Red ring = subject of a gap"
    # a translator's edit is what the code then says (read at run time, no build step)
    edited = catalog_path("figures", "th").read_text(encoding="utf-8")
    entry = 'msgctxt "kind"\nmsgid "Community organisation council"\nmsgstr "สภาองค์กรชุมชน"'
    assert entry in edited
    edited = edited.replace(entry, entry[:-1] + ' (แก้)"')
    compiled = compile_po(io.BytesIO(edited.encode("utf-8")), "figures", "th")
    monkeypatch.setattr(palette, "translations", lambda *_: compiled)
    assert palette._pair("kind", "Community organisation council")[0] == "สภาองค์กรชุมชน (แก้)"
