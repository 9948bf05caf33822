"""Measure the report extractor on a labelled folder of real texts (``evaluate extract``).

The labels file (``labels.json`` in the folder unless given) maps each text's file name to
what a reader found in it; the format is described in ``docs/extraction.md``. Per field
(provinces, organisations, people, dates, proposals) the counts are pooled over all files
(micro-averaged): *precision* is the share of extracted items that a label accepts, *recall*
the share of labelled items that were extracted. Every miss (labelled, not extracted) and
every extra (extracted, not labelled) is listed with its file and sentence, so that a rule
can be judged on what it gets wrong, not only on a number.

Matching, as the labels' ``_about`` says: texts are compared after :func:`normalize_text` and
with all whitespace removed. An organisation label is a list of acceptable spellings; an
extracted organisation hits it when its name or one of its aliases *contains* one of them.
People match by name (as written, without title). The date is the main event's start date
(``event_date``, ISO, ``null`` when the text gives no full date: then any extracted date is an
extra). A labelled proposal is found when an extracted proposal's heading, title or text and
the label's title (without its bracketed remarks) contain one another.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from partnernet.extract.facts import Evidence, Extraction
from partnernet.extract.reports import extract_file
from partnernet.foundation import geography as geo
from partnernet.foundation.errors import InvalidInput, NotFound
from partnernet.foundation.thai import normalize_text

FIELDS = ("provinces", "organizations", "people", "dates", "proposals")
LABELS_FILE = "labels.json"


class FieldScore(BaseModel):
    field: str
    expected: int  # labelled items
    found: int  # labelled items that were extracted
    extracted: int  # extracted items
    correct: int  # extracted items that a label accepts
    precision: float
    recall: float


class Finding(BaseModel):
    """A miss (labelled, not extracted) or an extra (extracted, not labelled)."""

    field: str
    file: str
    value: str
    sentence: str | None = None
    rule: str | None = None  # the rule that produced an extra, when the extractor says


class ExtractEvaluation(BaseModel):
    directory: str
    labels: str
    files: list[str]
    fields: list[FieldScore]
    misses: list[Finding]
    extras: list[Finding]
    seconds: float = 0.0
    characters: int = 0

    def score(self, field: str) -> FieldScore:
        return next(f for f in self.fields if f.field == field)

    def describe(self) -> str:
        return describe(self)


def fold(text: str) -> str:
    """The form labels and extractions are compared in: normalised, no whitespace."""
    return re.sub(r"\s+", "", normalize_text(text))


def load_labels(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise NotFound(f"labels file not found: {path}") from None
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"cannot read labels file {path}: {exc}") from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{path}: expected a JSON object mapping file names to labels")
    return {k: v for k, v in data.items() if not k.startswith("_") and isinstance(v, dict)}


def evaluate_extraction(
    directory: str | Path,
    labels_path: str | Path | None = None,
    *,
    extract: Callable[[Path], Extraction] = extract_file,
) -> ExtractEvaluation:
    """Extract every labelled file of ``directory`` and score it against its labels."""
    import time

    folder = Path(directory)
    if not folder.is_dir():
        raise NotFound(f"not a folder: {folder}")
    lpath = Path(labels_path) if labels_path else folder / LABELS_FILE
    labels = load_labels(lpath)
    if not labels:
        raise InvalidInput(f"{lpath}: no labelled files")
    missing = [name for name in labels if not (folder / name).is_file()]
    if missing:
        raise InvalidInput(f"labelled files not in {folder}: {', '.join(sorted(missing))}")
    tally = {f: [0, 0, 0, 0] for f in FIELDS}  # expected, found, extracted, correct
    misses: list[Finding] = []
    extras: list[Finding] = []
    seconds, characters = 0.0, 0
    for name in sorted(labels):
        started = time.perf_counter()
        ex = extract(folder / name)
        seconds += time.perf_counter() - started
        characters += len(ex.text)
        for field, scorer in _SCORERS.items():
            counts, miss, extra = scorer(name, ex, labels[name])
            for i, n in enumerate(counts):
                tally[field][i] += n
            misses += miss
            extras += extra
    scores = [
        FieldScore(
            field=f,
            expected=e,
            found=fo,
            extracted=x,
            correct=c,
            precision=c / x if x else 1.0,
            recall=fo / e if e else 1.0,
        )
        for f, (e, fo, x, c) in tally.items()
    ]
    return ExtractEvaluation(
        directory=str(folder),
        labels=str(lpath),
        files=sorted(labels),
        fields=scores,
        misses=misses,
        extras=extras,
        seconds=round(seconds, 3),
        characters=characters,
    )


# ---------------------------------------------------------------------------- per field

_Counts = tuple[int, int, int, int]
_Scored = tuple[_Counts, list[Finding], list[Finding]]


def _sentence_of(text: str, needle: str) -> str | None:
    """The line (cut to a window) of ``text`` where ``needle`` is written, spaces ignored."""
    key = fold(needle)
    if not key:
        return None
    pattern = r"\s*".join(re.escape(ch) for ch in key)
    norm = normalize_text(text.replace("\n", " \u2029 "))
    m = re.search(pattern, norm)
    if m is None:
        return None
    ls = norm.rfind("\u2029", 0, m.start()) + 1
    le = norm.find("\u2029", m.end())
    le = len(norm) if le < 0 else le
    lo, hi = max(ls, m.start() - 110), min(le, m.end() + 110)
    return norm[lo:hi].strip()


def _first(evidence: Sequence[Evidence]) -> str | None:
    return evidence[0].sentence if evidence else None


def _provinces(name: str, ex: Extraction, label: dict[str, Any]) -> _Scored:
    want = {str(c) for c in label.get("provinces", [])}
    got = {p.code: p for p in ex.provinces}
    misses = [
        Finding(
            field="provinces",
            file=name,
            value=f"{code} {_province_name(code)}",
            sentence=_sentence_of(ex.text, _province_name(code)),
        )
        for code in sorted(want - set(got))
    ]
    extras = [
        Finding(
            field="provinces",
            file=name,
            value=f"{code} {p.name_th}",
            sentence=_first(p.evidence),
            rule=p.rule,
        )
        for code, p in sorted(got.items())
        if code not in want
    ]
    hits = len(want & set(got))
    return (len(want), hits, len(got), hits), misses, extras


def _province_name(code: str) -> str:
    try:
        return geo.province(code).name_th
    except Exception:  # an unknown code in the labels is shown as it is
        return code


def _org_hits(spellings: Iterable[str], names: Iterable[str]) -> bool:
    keys = [fold(s) for s in spellings if fold(s)]
    folded = [fold(n) for n in names]
    return any(k in n for k in keys for n in folded)


def _organizations(name: str, ex: Extraction, label: dict[str, Any]) -> _Scored:
    groups: list[list[str]] = [
        [g] if isinstance(g, str) else list(g) for g in label.get("organizations", [])
    ]
    orgs = [(o, [o.name, *o.aliases]) for o in ex.organizations]
    found = [g for g in groups if any(_org_hits(g, names) for _, names in orgs)]
    misses = [
        Finding(
            field="organizations",
            file=name,
            value=" | ".join(g),
            sentence=next((s for s in map(lambda x: _sentence_of(ex.text, x), g) if s), None),
        )
        for g in groups
        if g not in found
    ]
    correct, extras = 0, []
    for org, names in orgs:
        if any(_org_hits(g, names) for g in groups):
            correct += 1
        else:
            extras.append(
                Finding(
                    field="organizations",
                    file=name,
                    value=f"{org.name} ({org.kind})",
                    sentence=_first(org.evidence),
                    rule=org.rule,
                )
            )
    return (len(groups), len(found), len(orgs), correct), misses, extras


def _people(name: str, ex: Extraction, label: dict[str, Any]) -> _Scored:
    want = [str(p) for p in label.get("people", [])]
    got = {fold(p.name): p for p in ex.people}
    want_keys = {fold(w) for w in want}
    misses = [
        Finding(field="people", file=name, value=w, sentence=_sentence_of(ex.text, w))
        for w in want
        if fold(w) not in got
    ]
    extras = [
        Finding(
            field="people",
            file=name,
            value=f"{p.title or ''}{p.name} ({p.role or '-'})",
            sentence=_first(p.evidence),
            rule=p.rule,
        )
        for key, p in got.items()
        if key not in want_keys
    ]
    hits = sum(1 for w in want_keys if w in got)
    return (len(want_keys), hits, len(got), hits), misses, extras


def _dates(name: str, ex: Extraction, label: dict[str, Any]) -> _Scored:
    raw = label.get("event_date")
    want = date.fromisoformat(raw) if raw else None
    event = next((e for e in ex.events if e.start_date is not None), None)
    got = event.start_date if event else None
    hit = int(want is not None and got == want)
    misses = (
        [Finding(field="dates", file=name, value=want.isoformat())]
        if want is not None and not hit
        else []
    )
    extras = (
        [
            Finding(
                field="dates",
                file=name,
                value=f"{got.isoformat()} ({event.date_basis or 'written'})",
                sentence=_first(event.evidence),
                rule=event.rule,
            )
        ]
        if got is not None and event is not None and not hit
        else []
    )
    return (int(want is not None), hit, int(got is not None), hit), misses, extras


def _proposal_key(title: str) -> str:
    return fold(re.sub(r"\([^)]*\)", "", title)).strip("‘’'\"“”")


def _proposals(name: str, ex: Extraction, label: dict[str, Any]) -> _Scored:
    titles = [str(p.get("title", "")) for p in label.get("proposals", []) if p.get("title")]
    keys = [_proposal_key(t) for t in titles]

    def matches(key: str, texts: Iterable[str]) -> bool:
        return any(key and t and (key in t or t in key) for t in texts)

    extracted = [(p, [fold(p.heading), fold(p.title), fold(p.text)]) for p in ex.proposals]
    found = [
        t for t, k in zip(titles, keys, strict=True) if any(matches(k, f) for _, f in extracted)
    ]
    misses = [
        Finding(field="proposals", file=name, value=t, sentence=_sentence_of(ex.text, t))
        for t in titles
        if t not in found
    ]
    correct, extras = 0, []
    for prop, texts in extracted:
        if any(matches(k, texts) for k in keys):
            correct += 1
        else:
            extras.append(
                Finding(
                    field="proposals",
                    file=name,
                    value=prop.title,
                    sentence=_first(prop.evidence),
                    rule=prop.rule,
                )
            )
    return (len(titles), len(found), len(extracted), correct), misses, extras


_SCORERS: dict[str, Callable[[str, Extraction, dict[str, Any]], _Scored]] = {
    "provinces": _provinces,
    "organizations": _organizations,
    "people": _people,
    "dates": _dates,
    "proposals": _proposals,
}


def describe(result: ExtractEvaluation) -> str:
    """The evaluation as ``evaluate extract`` prints it (a table, then misses and extras)."""
    lines = [
        f"{len(result.files)} files / ไฟล์, {result.characters} characters / อักขระ, "
        f"{result.seconds:.2f} s",
        f"{'field / ช่องข้อมูล':<22}{'labelled':>9}{'found':>7}{'extracted':>10}{'correct':>8}"
        f"{'precision':>10}{'recall':>8}",
    ]
    for f in result.fields:
        lines.append(
            f"{f.field:<22}{f.expected:>9}{f.found:>7}{f.extracted:>10}{f.correct:>8}"
            f"{f.precision:>10.2f}{f.recall:>8.2f}"
        )
    for title, items in (
        ("misses / ที่ขาด (labelled, not extracted)", result.misses),
        ("extras / ที่เกิน (extracted, not labelled)", result.extras),
    ):
        lines.append(f"\n{title}: {len(items)}")
        for item in items:
            rule = f" [{item.rule}]" if item.rule else ""
            lines.append(f"  {item.field:<14}{item.file}: {item.value}{rule}")
            if item.sentence:
                lines.append(f"      … {item.sentence}")
    return "\n".join(lines)
