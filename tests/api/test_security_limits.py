"""Issue 22, findings 3 and 7: limits checked before the work (declared XLSX sizes, rows
counted while streaming, bodies cut off while received) in the API and the CLI, and inputs
that used to leak server paths or end in a 500 / a traceback."""

from __future__ import annotations

import asyncio
import io
import json
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_support import Keys, auth, client, copy_store
from fastapi.testclient import TestClient
from openpyxl import Workbook

from partnernet.foundation.errors import InvalidInput, TooLarge
from partnernet.ingest import limits
from partnernet.ingest.tabular import IngestFileError, read_tables

V1 = "/api/v1"
HEADER = "kind,name_th,province\n"


def _files(*items: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, data, "application/octet-stream")) for name, data in items]


def xlsx_declaring(ref: str) -> bytes:
    """A tiny real workbook (a header and one row) whose sheet declares the range `ref`."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "organizations"
    sheet.append(["kind", "name_th", "province"])
    sheet.append(["academic", "สถาบันทดสอบ", "40"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data
                )
                assert n == 1
            dst.writestr(item, data)
    return out.getvalue()


@pytest.fixture
def limited(sample_db: Path, tmp_path: Path, keys: Keys) -> Iterator[TestClient]:
    store = copy_store(sample_db, tmp_path / "store")
    with client(store, keys, tmp_path, max_upload_rows=1000, max_upload_cells=100_000) as c:
        yield c
    store.close()


@pytest.mark.parametrize("ref", ["A1:C8000000", "A1:XFD20000"])
def test_xlsx_declaring_a_huge_sheet_is_refused_before_reading(
    limited: TestClient, keys: Keys, ref: str
) -> None:
    data = xlsx_declaring(ref)
    assert len(data) < 10_000
    before = limited.get(f"{V1}/stats", headers=auth(keys.viewer)).json()["nodes"]
    started = time.monotonic()
    response = limited.post(
        f"{V1}/ingest", headers=auth(keys.editor), files=_files(("orgs.xlsx", data))
    )
    assert response.status_code == 413, response.text
    assert time.monotonic() - started < 5  # was 248 s / 34 s of CPU
    detail = response.json()["detail"]
    assert "declares" in detail and "PARTNERNET_MAX_UPLOAD" in detail
    assert "/tmp" not in detail and "uploads" not in detail  # no server path
    assert limited.get(f"{V1}/stats", headers=auth(keys.viewer)).json()["nodes"] == before


def test_rows_are_counted_while_streaming_and_reading_stops(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text(HEADER + "academic,x,40\n" * 5000, encoding="utf-8")
    with limits.applied(limits.Limits(max_rows=100)) as budget, pytest.raises(TooLarge):
        read_tables(path)
    assert budget.rows == 101  # stopped at the first row past the limit, not at the end
    with limits.applied(limits.Limits(max_rows=5000)):
        assert len(read_tables(path)[0].rows) == 5000


def test_a_big_csv_of_tiny_rows_is_refused(limited: TestClient, keys: Keys) -> None:
    data = (HEADER + "a,b,4\n" * 1_000_000).encode()  # ~6 MB, a million rows
    started = time.monotonic()
    response = limited.post(
        f"{V1}/ingest", headers=auth(keys.editor), files=_files(("o.csv", data))
    )
    assert response.status_code == 413 and "1,000 rows" in response.json()["detail"]
    assert time.monotonic() - started < 10


def test_the_cli_applies_the_limits_with_a_one_line_message(tmp_path: Path) -> None:
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(xlsx_declaring("A1:C8000000"))
    store = tmp_path / "cli.sqlite"
    base = [sys.executable, "-m", "partnernet.cli", "ingest", "--store", str(store)]
    refused = subprocess.run([*base, str(path)], capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2, refused.stderr
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "--max-rows" in lines[0] and "Traceback" not in refused.stderr
    raised = subprocess.run(
        [*base, "--max-rows", "9000000", "--max-cells", "30000000", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert raised.returncode == 0, raised.stderr  # the declared size was a lie: 1 row read


@pytest.mark.parametrize("encoding", ["rot13", "hex", "zlib", "base64", "klingon"])
def test_non_text_encodings_are_422_not_500(
    limited: TestClient, keys: Keys, encoding: str, tmp_path: Path
) -> None:
    response = limited.post(
        f"{V1}/ingest",
        headers=auth(keys.editor),
        data={"encoding": encoding},
        files=_files(("o.csv", (HEADER + "academic,x,40\n").encode())),
    )
    assert response.status_code == 422, response.text
    assert encoding in response.json()["detail"]
    with pytest.raises(InvalidInput):
        limits.check_encoding(encoding)
    path = tmp_path / "o.csv"
    path.write_text(HEADER + "academic,x,40\n", encoding="utf-8")
    with pytest.raises(IngestFileError):
        read_tables(path, encoding)


def test_cli_encoding_error_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "o.csv"
    path.write_bytes((HEADER + "academic,สถาบัน,40\n").encode("cp874"))
    done = subprocess.run(
        [
            *(sys.executable, "-m", "partnernet.cli", "ingest"),
            *("--store", str(tmp_path / "s.sqlite"), "--encoding", "rot13", str(path)),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_deeply_nested_json_is_4xx(limited: TestClient, keys: Keys) -> None:
    deep = "[" * 5000 + "]" * 5000
    upload = limited.post(
        f"{V1}/ingest",
        headers=auth(keys.editor),
        files=_files(("o.json", ('{"organizations": ' + deep + "}").encode())),
    )
    assert upload.status_code == 422 and "nested" in upload.json()["detail"]
    params = {"x": json.loads("[" * 50 + "]" * 50)}
    body = limited.post(
        f"{V1}/cypher",
        headers=auth(keys.admin),
        json={"query": "RETURN $x", "params": params},
    )
    assert body.status_code == 422 and "deep" in body.json()["detail"]
    raw = limited.post(
        f"{V1}/organizations",
        headers={**auth(keys.editor), "content-type": "application/json"},
        content=deep.encode(),
    )
    assert 400 <= raw.status_code < 500


def test_rejects_file_has_no_server_paths(limited: TestClient, keys: Keys, tmp_path: Path) -> None:
    orgs = HEADER + "academic,สถาบันดี,40\ncouncil,สภาไม่มีจังหวัด,Atlantis\n"
    report = limited.post(
        f"{V1}/ingest", headers=auth(keys.editor), files=_files(("orgs.csv", orgs.encode()))
    ).json()
    assert report["rejected"] == 1
    text = limited.get(report["rejects_url"], headers=auth(keys.editor)).text
    assert "orgs.csv" in text and "Atlantis" in text
    root = str(limited.app.state.partnernet.upload_root)  # type: ignore[attr-defined]
    assert root not in text and "/tmp" not in text and str(tmp_path) not in text


def test_uploads_over_the_size_limit_are_cut_off_while_received(
    sample_db: Path, tmp_path: Path, keys: Keys
) -> None:
    """Straight through the ASGI app with a chunked body (no Content-Length to refuse up
    front): the server stops asking for chunks once the limit is passed."""
    store = copy_store(sample_db, tmp_path / "store")
    with client(store, keys, tmp_path, max_upload_bytes=50_000) as c:
        app = c.app
        asked = 0
        sent: list[dict[str, object]] = []

        async def receive() -> dict[str, object]:
            nonlocal asked
            asked += 1
            head = (
                b'--b\r\nContent-Disposition: form-data; name="files"; filename="o.csv"\r\n'
                b"Content-Type: text/csv\r\n\r\n"
                if asked == 1
                else b""
            )
            return {"type": "http.request", "body": head + b"x" * 10_000, "more_body": True}

        async def send(message: dict[str, object]) -> None:
            sent.append(message)

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": f"{V1}/ingest",
            "raw_path": f"{V1}/ingest".encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [
                (b"host", b"testserver"),
                (b"x-api-key", keys.editor.encode()),
                (b"content-type", b"multipart/form-data; boundary=b"),
                (b"transfer-encoding", b"chunked"),
            ],
            "client": ("127.0.0.1", 5000),
            "server": ("testserver", 80),
        }
        asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
        assert sent[0]["status"] == 413
        assert asked < 20  # ~50 KB + framing of 10 MB offered
    store.close()
