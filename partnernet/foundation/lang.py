"""The languages every view, report and message can be shown in (Thai first: the users')."""

from __future__ import annotations

from typing import Literal

from partnernet.foundation.errors import InvalidInput

Lang = Literal["th", "en"]
LANGS: tuple[Lang, ...] = ("th", "en")


def check_lang(lang: str) -> Lang:
    if lang == "th":
        return "th"
    if lang == "en":
        return "en"
    raise InvalidInput(f"lang must be 'th' or 'en', not {lang!r}")
