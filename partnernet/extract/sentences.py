"""Text machinery shared by the Thai report extractor.

* :class:`Doc` -- a report normalised line by line with :func:`thai.normalize_text` (so that
  what is matched is what is stored), with a map from every normalised character back to the
  original text, the newmm tokens of every line and sentence windows for evidence.
* Tokenisation with pythainlp's ``newmm`` and its *bundled* word list, extended with a custom
  dictionary (province names and aliases, region names, acronyms, organisation head words,
  titles and position words) so that those stay whole. Dictionary words that are an
  organisation head plus a name (``มหาวิทยาลัยขอนแก่น``) are split into the two, so that a
  name reads the same whether or not the word list knows it; whole names are matched by the
  gazetteer. pythainlp is put in offline, read-only mode (``PYTHAINLP_OFFLINE``,
  ``PYTHAINLP_READ_ONLY``) before it is imported, and only ``thai_words()`` (a file inside the
  wheel), ``Trie`` and ``word_tokenize(engine="newmm")`` are used: nothing downloads.
* The lexicon data files: ``data/acronyms.csv`` (acronyms and known organisation names) and
  ``data/place_aliases.csv`` (old and short names of provinces, and names that are also
  ordinary words and need a place context).
"""

from __future__ import annotations

import bisect
import csv
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Final

from partnernet.extract.facts import Evidence
from partnernet.foundation.thai import normalize_key, normalize_text

if TYPE_CHECKING:
    from pythainlp.util import Trie

# pythainlp reads these when it is asked for data: never download automatically, never create
# or write its data directory. Set before pythainlp is first imported (it is imported lazily).
PYTHAINLP_ENV: Final = {"PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1"}

THAI: Final = "\u0e01-\u0e4e"  # Thai letters, vowels and marks (not digits, not ฿)
_ACRONYMS_FILE: Final = "data/acronyms.csv"
_PLACE_ALIASES_FILE: Final = "data/place_aliases.csv"
_SENTENCE_LIMIT: Final = 240  # longer lines are cut to a window around the mention
_WINDOW: Final = 110
# A single line break before an area word glued to its name, or before a legal suffix, wraps
# a name onto the next line ("สภาองค์กรชุมชน⏎ตำบลบ้านเป็ด", "สถาบัน…⏎(องค์การมหาชน)"): it is
# read as a space. A dateline ("จังหวัดเลย / …") on the next line is a line of its own.
_WRAPPED: Final = re.compile(r"(?:ตำบล|อำเภอ|จังหวัด|แขวง|เขต)[ก-ฮ]|\((?:องค์การมหาชน|มหาชน)\)")
_DATELINE_AHEAD: Final = re.compile(r"[^\n]{0,40}\s/\s")


def compact_key(text: str) -> str:
    """Identity key that also ignores spaces and the dots inside acronyms' spacing."""
    return re.sub(r"\s+", "", normalize_key(text))


# ---------------------------------------------------------------------------- tokenizer


def _offline_pythainlp() -> None:
    for name, value in PYTHAINLP_ENV.items():
        os.environ[name] = value


@cache
def _trie() -> Trie:
    _offline_pythainlp()
    from pythainlp.corpus import thai_words  # bundled file, read from the wheel
    from pythainlp.util import Trie

    base = set(thai_words())
    words = set(base)
    # The bundled list holds some organisation names as single words ("มหาวิทยาลัยขอนแก่น",
    # "สำนักงานประกันสังคม"). Split them into head + name (when the name is one or two words
    # of the list), so that a name reads the same whether or not the list knows it, and the
    # province inside it is a word of its own.
    known = base | extra_words()
    heads = re.compile("|".join(map(re.escape, sorted(_SPLIT_HEADS, key=len, reverse=True))))
    for word in base if _SPLIT_HEADS else ():
        m = heads.match(word)
        if m is not None and len(word) > m.end() and _words_of(word[m.end() :].strip(), known):
            words.discard(word)
    words.update(w for w in extra_words() if w)
    _WORDS.clear()
    _WORDS.update(words)
    return Trie(words)


_WORDS: set[str] = set()  # the words of the current trie


def _repair(tokens: list[str]) -> list[str]:
    """A custom word broken by a dictionary word that straddles it ("โดยสำนักพัฒนา" read as
    สำ|นักพัฒนา): split the pair again as custom word + rest when the rest is a word."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        # only a short fragment (สำ) is re-read: a whole word before is the tokenizer's choice
        if nxt.strip() and tok.strip() and len(tok) <= 3:
            pair = tok + nxt
            for cut in range(len(pair) - 2, len(tok), -1):
                if pair[:cut] in _EXTRA_WORDS and pair[cut:] in _WORDS:
                    out += [pair[:cut], pair[cut:]]
                    i += 2
                    break
            else:
                out.append(tok)
                i += 1
            continue
        out.append(tok)
        i += 1
    return out


def _words_of(text: str, known: set[str]) -> bool:
    if len(text) >= 2 and text in known:
        return True
    return any(text[:i] in known and text[i:] in known for i in range(2, len(text) - 1))


_EXTRA_WORDS: set[str] = set()
_SPLIT_HEADS: set[str] = set()


def add_split_heads(heads: Iterable[str]) -> None:
    """Organisation head words: dictionary words made of a head and a name are split."""
    _SPLIT_HEADS.update(normalize_text(h) for h in heads if h.strip())
    _trie.cache_clear()


def add_dictionary_words(words: Iterable[str]) -> None:
    """Words the tokenizer must keep whole (called by the gazetteer modules at import)."""
    _EXTRA_WORDS.update(normalize_text(w) for w in words if w.strip())
    _trie.cache_clear()


def extra_words() -> frozenset[str]:
    return frozenset(_EXTRA_WORDS)


def tokenize(text: str) -> list[str]:
    """newmm tokens of ``text`` (whitespace kept) with the custom dictionary; offline."""
    _offline_pythainlp()
    from pythainlp.tokenize import word_tokenize

    tokens: list[str] = word_tokenize(
        text, custom_dict=_trie(), engine="newmm", keep_whitespace=True
    )
    return _repair(tokens)


# ---------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, slots=True)
class OrgDef:
    """A row of ``data/acronyms.csv``.

    ``scope``: ``national`` (one organisation), ``province`` / ``district`` / ``subdistrict``
    (one per area: the acronym or name is followed by the area), ``class`` (a kind of
    organisation, never one organisation by itself)."""

    acronym: str
    name_th: str
    name_en: str
    kind: str
    type: str
    tier: str
    scope: str
    province: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlaceAlias:
    alias: str
    province_code: str
    context: str  # "" | place | not_after_number


def _data_rows(name: str) -> list[dict[str, str]]:
    text = files("partnernet").joinpath(name).read_text(encoding="utf-8-sig")
    return [
        {k.strip(): (v or "").strip() for k, v in row.items() if k}
        for row in csv.DictReader(io.StringIO(text))
    ]


@cache
def org_defs() -> tuple[OrgDef, ...]:
    return tuple(
        OrgDef(
            acronym=normalize_text(row["acronym"]),
            name_th=normalize_text(row["name_th"]),
            name_en=row["name_en"],
            kind=row["kind"],
            type=row["type"],
            tier=row["tier"],
            scope=row["scope"] or "national",
            province=row["province"],
            aliases=tuple(
                normalize_text(a) for a in row.get("aliases", "").split(";") if a.strip()
            ),
        )
        for row in _data_rows(_ACRONYMS_FILE)
    )


@cache
def place_aliases() -> tuple[PlaceAlias, ...]:
    return tuple(
        PlaceAlias(normalize_text(row["alias"]), row["province_code"], row["context"])
        for row in _data_rows(_PLACE_ALIASES_FILE)
    )


# ---------------------------------------------------------------------------- the document


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str


class Doc:
    """A report: original text, normalised text, offset map, tokens, sentences."""

    def __init__(self, raw: str) -> None:
        self.raw = raw[1:] if raw.startswith("\ufeff") else raw
        self._offset = len(raw) - len(self.raw)
        self.text, self._starts, self._ends = _normalise(self.raw)
        self.tokens: list[Token] = []
        self.bounds: set[int] = {0, len(self.text)}
        self.line_starts: list[int] = [0]
        for i, ch in enumerate(self.text):
            if ch == "\n":
                self.line_starts.append(i + 1)
        for ls in self.line_starts:
            le = self.line_end(ls)
            self.bounds.update((ls, le))
            pos = ls
            for tok in tokenize(self.text[ls:le]) if le > ls else []:
                end = pos + len(tok)
                if tok.strip():
                    self.tokens.append(Token(pos, end, tok))
                self.bounds.update((pos, end))
                pos = end
            if pos != le:  # the tokenizer changed the text: fall back to spaces only
                self.bounds.update(m.start() for m in re.finditer(r"\s", self.text[ls:le]))
        self._token_starts = [t.start for t in self.tokens]

    # -- offsets
    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original text (as passed in, BOM included) of ``text[start:end]``."""
        if end <= start:
            pos = self._starts[start] if start < len(self._starts) else len(self.raw)
            return pos + self._offset, pos + self._offset
        return self._starts[start] + self._offset, self._ends[end - 1] + self._offset

    def evidence(self, start: int, end: int) -> Evidence:
        rs, re_ = self.raw_span(start, end)
        return Evidence(
            start=rs,
            end=re_,
            text=self.raw[rs - self._offset : re_ - self._offset],
            sentence=self.sentence(start, end),
        )

    # -- structure
    def line_start(self, i: int) -> int:
        j = self.text.rfind("\n", 0, i)
        return j + 1

    def line_end(self, i: int) -> int:
        j = self.text.find("\n", i)
        return len(self.text) if j < 0 else j

    def is_boundary(self, i: int) -> bool:
        return i in self.bounds

    def tokens_from(self, i: int) -> list[Token]:
        """Tokens starting at or after ``i`` on the same line."""
        le = self.line_end(i)
        k = bisect.bisect_left(self._token_starts, i)
        out: list[Token] = []
        while k < len(self.tokens) and self.tokens[k].start < le:
            out.append(self.tokens[k])
            k += 1
        return out

    def token_before(self, i: int) -> Token | None:
        k = bisect.bisect_left(self._token_starts, i) - 1
        while k >= 0 and self.tokens[k].end > i:
            k -= 1
        return self.tokens[k] if k >= 0 else None

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        ls, le = self.line_start(start), self.line_end(max(start, end - 1))
        if le - ls <= _SENTENCE_LIMIT:
            return ls, le
        s = self.text.rfind(" ", ls, max(ls, start - _WINDOW))
        s = ls if s < 0 else s + 1
        e = self.text.find(" ", min(le, end + _WINDOW), le)
        e = le if e < 0 else e
        return s, e

    def sentence(self, start: int, end: int) -> str:
        s, e = self.sentence_bounds(start, end)
        return self.text[s:e].strip()


def _normalise(raw: str) -> tuple[str, list[int], list[int]]:
    """Line-preserving normalisation: each run of non-space characters through
    ``normalize_text``, spaces collapsed to one, line breaks to one ``\\n``.

    Returns the text and, per character, its start and end offset in ``raw``."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in re.finditer(r"\s+|\S+", raw):
        seg = m.group()
        if seg.isspace():
            if not out:
                continue
            sep = "\n" if any(c in seg for c in "\n\r\u2028\u2029\x0b\x0c\x85") else " "
            if sep == "\n" and _wrapped_name(raw, seg, m.end(), out[-1]):
                sep = " "
            if out[-1] in " \n":
                if sep == "\n" and out[-1] == " ":
                    out[-1] = "\n"
                    ends[-1] = m.end()
                continue
            out.append(sep)
            starts.append(m.start())
            ends.append(m.end())
            continue
        norm = normalize_text(seg)
        if not norm:
            continue
        n, r = len(norm), len(seg)
        for j, ch in enumerate(norm):
            out.append(ch)
            if n == r:
                starts.append(m.start() + j)
                ends.append(m.start() + j + 1)
            else:
                starts.append(m.start() + (j * r) // n)
                ends.append(m.start() + (r if j == n - 1 else max(((j + 1) * r) // n, 1)))
    while out and out[-1] in " \n":
        out.pop()
        starts.pop()
        ends.pop()
    return "".join(out), starts, ends


def _wrapped_name(raw: str, space: str, nxt: int, last: str) -> bool:
    """Whether a line break (``space``, ending at ``nxt``) only wraps a name."""
    if space.replace("\r", "").count("\n") != 1 or not "\u0e01" <= last <= "\u0e4e":
        return False
    return bool(_WRAPPED.match(raw, nxt)) and not _DATELINE_AHEAD.match(raw, nxt)


def words(text: str) -> frozenset[str]:
    """A word list written as one space-separated string."""
    return frozenset(text.split())
