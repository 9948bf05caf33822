"""Ids given in a file or by the API, in one form (issue 22, finding 8).

An attack stored `org:40:x` typed with a fullwidth colon, a Cyrillic `а`, a combining accent or
other capitals as four new organisations beside the real one. Generated ids never look like
that (they are built from `slug_key`), so a given id is held to the same form:

- NFKC, then `normalize_key` (fullwidth ASCII to ASCII, case folded, invisible characters and
  NBSP gone): `ＯＲＧ：40：X` and `Org:40:x` are `org:40:x`, the id that exists;
- after that only printable ASCII and Thai may remain. Anything else is refused; when taking out
  accents and reading Cyrillic/Greek lookalikes as Latin gives a plain id, the error is a
  `LookalikeId` naming that id (the API answers 409 when it exists), else an ordinary row error.
"""

from __future__ import annotations

import unicodedata

from partnernet.foundation.thai import normalize_key
from partnernet.ingest.cells import RowError

# Cyrillic and Greek letters drawn like Latin ones (lower case: ids are case folded first).
_LOOKALIKES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j",
        "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y",
        "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g", "ı": "i",
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
    }
)  # fmt: skip


class LookalikeId(RowError):
    """A given id that only looks like a plain one; `plain` is the id it imitates."""

    def __init__(self, column: str, given: str, plain: str) -> None:
        super().__init__(
            column,
            f"id {given!r} looks like {plain!r} but uses other characters "
            "(another alphabet, accents or symbols); use the plain id",
        )
        self.plain = plain


def _allowed(ch: str) -> bool:
    return (" " <= ch <= "~") or ("\u0e01" <= ch <= "\u0e5b")


def _skeleton(text: str) -> str:
    """Accents off (Latin only: Thai marks stay) and lookalike letters read as Latin."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LOOKALIKES))
    kept = "".join(
        ch
        for ch in decomposed
        if not (unicodedata.combining(ch) and not "\u0e00" <= ch <= "\u0e7f")
    )
    return unicodedata.normalize("NFC", kept)


def clean_id(given: str, column: str = "id") -> str:
    """The stored form of a given id (see the module docstring); `RowError` if refused."""
    key = normalize_key(unicodedata.normalize("NFKC", given))
    if not key:
        raise RowError(column, "the id is empty once invisible characters are taken out")
    if all(_allowed(ch) for ch in key):
        return key
    plain = _skeleton(key)
    if plain != key and all(_allowed(ch) for ch in plain):
        raise LookalikeId(column, given, plain)
    bad = next(ch for ch in key if not _allowed(ch))
    raise RowError(
        column,
        f"id {given!r} has {bad!r} (U+{ord(bad):04X}); ids use ASCII letters, digits, "
        "punctuation and Thai",
    )


def clean_ref(given: str, column: str) -> str:
    """A relationship's end: an id (it has a colon) in its stored form; a name as given (the
    pipeline resolves names)."""
    return clean_id(given, column) if ":" in unicodedata.normalize("NFKC", given) else given
