"""Reading PDFs back as a user would copy them: `pdftotext` (Debian's poppler-utils).

Missing poppler-utils fails the tests under CI=true and skips them elsewhere with the
install line (scripts/system-packages test installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest

_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    page: int


def need_pdftotext() -> str:
    found = shutil.which("pdftotext")
    if found is None:
        message = "pdftotext missing: apt-get install poppler-utils (scripts/system-packages test)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def pdf_text(path: Path) -> str:
    done = subprocess.run(
        [need_pdftotext(), "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


def pdf_words(path: Path) -> list[Word]:
    done = subprocess.run(
        [need_pdftotext(), "-enc", "UTF-8", "-bbox", str(path), "-"],
        capture_output=True,
        check=True,
    )
    words: list[Word] = []
    for page, chunk in enumerate(done.stdout.decode("utf-8").split("<page ")[1:], start=1):
        for m in _WORD.finditer(chunk):
            x0, y0, x1, y1 = (float(m[i]) for i in range(1, 5))
            words.append(Word(unescape(m[5]), x0, y0, x1, y1, page))
    return words


def overlapping(words: list[Word], tolerance: float = 0.6) -> list[tuple[Word, Word]]:
    """Pairs of words on one page whose boxes overlap by more than `tolerance` points in both
    directions (a sweep over x keeps it near-linear)."""
    pairs: list[tuple[Word, Word]] = []
    ordered = sorted(words, key=lambda w: (w.page, w.x0))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.page != a.page or b.x0 >= a.x1 - tolerance:
                break
            dx = min(a.x1, b.x1) - max(a.x0, b.x0)
            dy = min(a.y1, b.y1) - max(a.y0, b.y0)
            if dx > tolerance and dy > tolerance:
                pairs.append((a, b))
    return pairs
