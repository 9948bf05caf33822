"""Safe assembly of single-file HTML pages: escaping, JSON embedding, inlined assets, CSP.

Every page is one file: our CSS and scripts and the vendored vis-network are inlined, the data
travels as JSON inside `<script type="application/json">` and the page script builds every
data-derived piece of the DOM with text nodes (`textContent`), never `innerHTML`.

Defence in depth: each page carries a Content-Security-Policy that only allows its own inline
scripts (by SHA-256 hash) and no network access at all (`default-src 'none'`), so even a
hypothetical escaping mistake could neither run injected script nor fetch anything.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

VIS_NETWORK_VERSION = "10.1.5"
_TEMPLATES = "partnernet.visualizations.templates"
_VENDOR = ("data", "vendor", "vis-network", "vis-network.min.js")
_SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S*\s*$")
# Characters that must not appear raw inside an inline <script> element or a JS string.
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


def text(value: object) -> str:
    """HTML-escape text for element content or a quoted attribute value."""
    return html.escape(str(value), quote=True)


def script_json(data: Any) -> str:
    """JSON safe to place inside `<script type="application/json">…</script>`.

    `<`, `>` and `&` become `\\u003c`, `\\u003e`, `\\u0026` (so no `</script>`, `<!--` or
    `]]>` can appear), and U+2028/U+2029 are escaped too; `JSON.parse` restores them all.
    NaN and infinities are refused rather than written as invalid JSON.
    """
    raw = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group(0)], raw)


@cache
def template(name: str) -> str:
    """A file from `partnernet/visualizations/templates/` (our own CSS and JS)."""
    return resources.files(_TEMPLATES).joinpath(name).read_text(encoding="utf-8")


@cache
def vis_network_js() -> str:
    """The vendored vis-network standalone build, without its source-map comment."""
    path = resources.files("partnernet")
    for part in _VENDOR:
        path = path.joinpath(part)
    source = path.read_text(encoding="utf-8")
    return _SOURCE_MAP.sub("\n", source)


def check_script(source: str) -> str:
    """Refuse a script body that would end its own `<script>` element early."""
    if re.search(r"</script|<!--", source, re.IGNORECASE):
        raise ValueError("an inline script must not contain '</script' or '<!--'")
    return source


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp(scripts: Sequence[str]) -> str:
    """The page's Content-Security-Policy: these inline scripts only, no network at all."""
    hashes = " ".join(_hash(s) for s in scripts)
    return (
        "default-src 'none'; "
        f"script-src {hashes}; "
        "style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; connect-src 'none'; media-src 'none'; "
        "object-src 'none'; frame-src 'none'; worker-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def page(
    *,
    lang: str,
    title: str,
    css: str,
    body: str,
    data: Any,
    scripts: Sequence[str],
) -> str:
    """A complete HTML document.

    `body` is trusted markup built by the caller from constants and `text()`-escaped values;
    `data` goes into `<script type="application/json" id="pn-data">`; `scripts` are inlined in
    order after it and are the only scripts the CSP allows.
    """
    bodies = [check_script(s) for s in scripts]
    if "</style" in css.lower():
        raise ValueError("inline CSS must not contain '</style'")
    script_tags = "\n".join(f"<script>{s}</script>" for s in bodies)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{text(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{text(csp(bodies))}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{text(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}\n"
        f'<script type="application/json" id="pn-data">{script_json(data)}</script>\n'
        f"{script_tags}\n</body>\n</html>\n"
    )


def write_exact(path: Path, content: str) -> Path:
    """Write `content` to exactly `path` (UTF-8) and nowhere else; the folder must exist."""
    target = Path(path)
    if not target.parent.is_dir():
        raise FileNotFoundError(f"folder {str(target.parent)!r} does not exist")
    target.write_text(content, encoding="utf-8")
    return target
