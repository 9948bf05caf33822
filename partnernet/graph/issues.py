"""The Issue vocabulary: the themes organisations work on and proposals concern.

The vocabulary is data (``partnernet/data/issues.csv``: ``code,name_th,name_en,aliases``,
aliases ``;``-separated). Spreadsheets name an issue by its code (``housing``), its English
name (``Housing``), its Thai name (``ที่อยู่อาศัย``) or a Thai synonym (``บ้านมั่นคง``);
:func:`resolve_issue` maps each of them to one entry through the shared identity key
(:func:`partnernet.foundation.thai.normalize_key`), so spelling variants meet.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from partnernet.foundation.errors import NotFound
from partnernet.foundation.thai import normalize_key, normalize_text
from partnernet.graph.model import Issue, issue_id

__all__ = [
    "IssueDef",
    "UnknownIssueError",
    "issue_node",
    "issues",
    "resolve_issue",
]

_ISSUES_FILE = "data/issues.csv"
_MAX_QUERY = 200  # longer texts are not issue names; do not let difflib chew on them


@dataclass(frozen=True, slots=True)
class IssueDef:
    code: str
    name_th: str
    name_en: str
    aliases: tuple[str, ...] = ()


class UnknownIssueError(NotFound, ValueError):
    """No issue matches the text; ``suggestions`` holds the closest codes (at most 3)."""

    def __init__(self, message: str, *, query: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.query = query
        self.suggestions = suggestions


def _key(text: str) -> str:
    # "food security", "food-security" and "food_security" meet.
    return normalize_key(text).replace("-", "_").replace(" ", "_")


@cache
def issues() -> tuple[IssueDef, ...]:
    """Every issue of the vocabulary, in file order."""
    text = files("partnernet").joinpath(_ISSUES_FILE).read_text(encoding="utf-8-sig")
    found: list[IssueDef] = []
    for row in csv.DictReader(io.StringIO(text)):
        aliases = tuple(
            a for a in (normalize_text(x) for x in (row.get("aliases") or "").split(";")) if a
        )
        found.append(
            IssueDef(
                code=row["code"].strip(),
                name_th=normalize_text(row["name_th"]),
                name_en=normalize_text(row["name_en"]),
                aliases=aliases,
            )
        )
    return tuple(found)


@cache
def _index() -> dict[str, IssueDef]:
    index: dict[str, IssueDef] = {}
    for issue in issues():
        for name in (issue.code, issue.name_th, issue.name_en, *issue.aliases):
            key = _key(name)
            other = index.setdefault(key, issue)
            if other is not issue:
                raise ValueError(
                    f"{_ISSUES_FILE}: {name!r} names both {other.code!r} and {issue.code!r}"
                )
    return index


def resolve_issue(text: str) -> IssueDef:
    """The issue named by a code, English or Thai name or alias (any case and spacing).

    Raises :class:`UnknownIssueError` naming up to 3 close matches and the known codes."""
    key = _key(text)
    found = _index().get(key)
    if found is not None:
        return found
    shown = text if len(text) <= 60 else text[:60] + "…"
    close: list[str] = []
    if len(text) <= _MAX_QUERY:
        for match in difflib.get_close_matches(key, list(_index()), n=6, cutoff=0.7):
            code = _index()[match].code
            if code not in close:
                close.append(code)
    message = f"unknown issue {shown!r}"
    if close:
        message += f"; did you mean {' or '.join(close[:3])}?"
    message += f" (known: {', '.join(i.code for i in issues())})"
    raise UnknownIssueError(message, query=text, suggestions=tuple(close[:3]))


def issue_node(issue: IssueDef | str) -> Issue:
    """The Issue node for an entry (or for anything :func:`resolve_issue` accepts)."""
    entry = resolve_issue(issue) if isinstance(issue, str) else issue
    return Issue(
        id=issue_id(entry.code),
        code=entry.code,
        name_th=entry.name_th,
        name_en=entry.name_en,
        aliases=list(entry.aliases),
    )
