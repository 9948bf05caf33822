"""/api/v1/brief and /api/v1/figure: the brief and the map as downloads, through the heavy lane."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from api_support import Keys, auth
from fastapi.testclient import TestClient
from test_api_browser import server  # noqa: F401  (a real server on loopback, for curl)

from partnernet.graph.sqlite_store import SqliteStore

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _names_of_province(sample_db: Path, code: str) -> list[str]:
    store = SqliteStore(sample_db)
    try:
        from partnernet.graph.store import Scope

        graph = store.subgraph(Scope(provinces=frozenset({code})))
    finally:
        store.close()
    return [
        str(d["name_th"])
        for _, d in graph.nodes(data=True)
        if d.get("province_code") == code and d.get("kind") == "Council" and d.get("name_th")
    ]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_province_brief_pdf_has_the_thai_names(
    shared: TestClient, keys: Keys, sample_db: Path, tmp_path: Path
) -> None:
    response = shared.get("/api/v1/brief?province=40&lang=th", headers=auth(keys.viewer))
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == "application/pdf"
    assert "partnernet-brief-province-40.pdf" in response.headers["content-disposition"]
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "จังหวัดขอนแก่น" in text
    names = _names_of_province(sample_db, "40")
    assert names and any(name in text for name in names)


@pytest.mark.parametrize(
    ("query", "kind"),
    [("region=Northeast&format=html", "text/html"), ("issue=housing&format=html", "text/html")],
)
def test_area_brief_html(shared: TestClient, keys: Keys, query: str, kind: str) -> None:
    response = shared.get(f"/api/v1/brief?{query}&lang=en", headers=auth(keys.viewer))
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith(kind)
    assert "<html" in response.text.lower()


@pytest.mark.parametrize(
    ("query", "magic"),
    [
        ("province=40&format=png&layout=tiers", b"\x89PNG"),
        ("org=council:subdistrict:400118&format=svg", b"<svg"),
        ("issue=housing&format=png&layout=force", b"\x89PNG"),
    ],
)
def test_figure_formats(shared: TestClient, keys: Keys, query: str, magic: bytes) -> None:
    response = shared.get(f"/api/v1/figure?{query}", headers=auth(keys.viewer))
    assert response.status_code == 200, response.text[:300]
    assert magic in response.content[:400]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/brief", 422),  # no scope
        ("/api/v1/brief?province=40&region=Northeast", 422),  # two scopes
        ("/api/v1/figure?province=40&format=gif", 422),
        ("/api/v1/figure?province=40&layout=spiral", 422),
        ("/api/v1/figure?org=council:nowhere:1", 404),
        ("/api/v1/brief?province=ไม่มีจังหวัดนี้", 422),  # unknown place: with suggestions
    ],
)
def test_refusals(shared: TestClient, keys: Keys, url: str, status: int) -> None:
    response = shared.get(url, headers=auth(keys.viewer))
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("application/problem+json")


def test_needs_a_key(shared: TestClient) -> None:
    assert shared.get("/api/v1/figure?province=40").status_code == 401


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl not installed")
def test_the_documented_curl_commands_download_the_files(
    server: str,  # noqa: F811
    keys: Keys,
    tmp_path: Path,
) -> None:
    """The /docs page's curl examples of /brief and /figure, run as printed (with a real
    server and the key in $PARTNERNET_KEY), save the files under the server's names."""
    import html
    import os
    import re
    import urllib.request

    request = urllib.request.Request(f"{server}/docs")
    with urllib.request.urlopen(request) as answer:
        page = answer.read().decode("utf-8")
    commands = [
        html.unescape(c)
        for c in re.findall(r'<pre class="pn-example"><code>(.*?)</code>', page, re.S)
        if re.search(r"/api/v1/(brief|figure) ", html.unescape(c))
    ]
    assert len(commands) == 2
    env = {**os.environ, "PARTNERNET_KEY": keys.viewer}
    for command in commands:
        assert command.rstrip().endswith("-OJ")
        done = subprocess.run(
            ["sh", "-c", "curl --fail --silent --show-error \\\n  " + command.split(None, 1)[1]],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, (command, done.stderr)
    saved = {p.name: p.read_bytes()[:4] for p in tmp_path.iterdir()}
    assert saved == {
        "partnernet-brief-province-40.pdf": b"%PDF",
        "partnernet-map-province-40.png": b"\x89PNG",
    }
