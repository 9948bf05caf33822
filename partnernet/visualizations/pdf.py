"""HTML to PDF with Thai that is shaped on the page and comes back intact as text.

The engine is Debian's headless Chromium (`chromium --print-to-pdf`). Why not the others
(measured 2026-12-07 with `pdftotext` on "สภาองค์กรชุมชนตำบลบ้านเป็ด … น้ำ"):
- matplotlib's own PDF backend shapes Thai (libraqm) but writes one glyph per ToUnicode entry:
  text copies out garbled ("เครืรือข่ข่าย").
- WeasyPrint 70 with Debian's Pango 1.50 shapes correctly, but HarfBuzz splits SARA AM (ำ) into
  two glyphs and WeasyPrint maps glyphs, not clusters, to text: "ตำบล" copies out as "ตาบล",
  "น้ำ" as "นา" (every สำนักงาน, ตำบล, กำนัน in our data).
- Chromium (Skia's PDF backend) shapes with HarfBuzz and writes /ActualText for clusters whose
  glyphs are not one-to-one with characters: `pdftotext` returns exactly the strings we wrote,
  in the HTML body and in inline SVG `<text>` alike.
Chromium is already what the browser tests drive; `scripts/system-packages demo` installs it.
`$PARTNERNET_CHROMIUM` names another Chromium/Chrome binary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from partnernet.foundation.errors import Unavailable

CHROMIUM_ENV = "PARTNERNET_CHROMIUM"
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_S = 120


class PdfEngineError(Unavailable):
    """No Chromium to print PDFs with (the user can install it)."""


def chromium() -> str:
    """The Chromium binary that prints PDFs (see the module docstring)."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        if shutil.which(configured) is None:
            raise PdfEngineError(f"${CHROMIUM_ENV}={configured!r} is not an executable")
        return configured
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise PdfEngineError(
        "PDF output needs Chromium (Debian: apt-get install chromium, or "
        f"scripts/system-packages demo); or set {CHROMIUM_ENV}; .html and .svg work without it"
    )


def html_to_pdf(html: str, out: Path) -> Path:
    """Print a self-contained HTML document (its CSS `@page` sets size and margins) to `out`."""
    target = Path(out)
    if not target.parent.is_dir():
        raise FileNotFoundError(f"folder {str(target.parent)!r} does not exist")
    binary = chromium()
    with tempfile.TemporaryDirectory(prefix="partnernet-pdf-") as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html, encoding="utf-8")
        printed = Path(tmp) / "page.pdf"
        command = [
            binary,
            "--headless",
            "--no-sandbox",  # we run as root in containers; the page is our own file
            "--disable-gpu",
            "--disable-extensions",
            "--no-first-run",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--print-to-pdf={printed}",
            page.as_uri(),
        ]
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, check=False)
        if done.returncode != 0 or not printed.is_file() or printed.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise RuntimeError(f"Chromium did not print the PDF: {' | '.join(tail)}")
        shutil.move(str(printed), target)
    return target
