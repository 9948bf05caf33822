"""Uploads (CSV, XLSX, JSON, Thai reports), the rejects file, and the request limits."""

from __future__ import annotations

import asyncio
import io
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_support import Keys, auth, client, copy_store
from fastapi.testclient import TestClient
from openpyxl import Workbook

from partnernet.api.cache import AnalysisRunner
from partnernet.api.errors import Unavailable
from partnernet.graph.store import StoreError

V1 = "/api/v1"
ORGS = (
    "id,kind,name_th,name_en,province,issues\n"
    ",civil_society_group,เครือข่ายทดสอบอัปโหลด,Upload Test Network,ขอนแก่น,housing\n"
    ",council,สภาไม่มีจังหวัด,,Atlantis,\n"
)


def _files(*items: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, data, "application/octet-stream")) for name, data in items]


def test_csv_upload_reports_and_links_rejects(api: TestClient, keys: Keys) -> None:
    h = auth(keys.editor)
    response = api.post(f"{V1}/ingest", headers=h, files=_files(("องค์กร.csv", ORGS.encode())))
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["rows"], report["accepted"], report["rejected"]) == (2, 1, 1)
    assert report["created"] > 0 and report["files"] == ["องค์กร.csv"]
    (reject,) = report["rejects"]
    assert reject["line"] == 3 and "Atlantis" in reject["reason"]
    assert "/tmp" not in json.dumps(report, ensure_ascii=False)
    rejects = api.get(report["rejects_url"], headers=h)
    assert rejects.status_code == 200 and rejects.headers["content-type"].startswith("text/csv")
    assert "Atlantis" in rejects.content.decode("utf-8-sig")
    found = api.get(f"{V1}/organizations", params={"q": "Upload Test Network"}, headers=h)
    assert found.json()["total"] == 1
    again = api.post(f"{V1}/ingest", headers=h, files=_files(("organizations.csv", ORGS.encode())))
    assert again.json()["created"] == 0  # idempotent
    assert api.get(f"{V1}/ingest/{'a' * 32}/rejects.csv", headers=h).status_code == 404
    assert api.get(f"{V1}/ingest/../../etc/rejects.csv", headers=h).status_code in (404, 422)


def test_xlsx_json_and_report_uploads(api: TestClient, keys: Keys) -> None:
    h = auth(keys.editor)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "organizations"
    sheet.append(["kind", "name_th", "province"])
    sheet.append(["academic", "วิทยาลัยชุมชนทดสอบ", "40"])
    data = io.BytesIO()
    book.save(data)
    rows = [{"kind": "private_sector", "name_th": "บริษัททดสอบ", "province": "40"}]
    payload = json.dumps({"organizations": rows}, ensure_ascii=False).encode()
    report_text = (
        "ขอนแก่น 22 มีนาคม 2566 — สภาองค์กรชุมชนจังหวัดขอนแก่นร่วมกับองค์การบริหารส่วน"
        "จังหวัดขอนแก่นจัดเวทีเรื่องที่อยู่อาศัย"
    ).encode()
    response = api.post(
        f"{V1}/ingest",
        headers=h,
        files=_files(
            ("book.xlsx", data.getvalue()), ("orgs.json", payload), ("รายงาน.txt", report_text)
        ),
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["accepted"] >= 2 and report["rejected"] == 0
    assert set(report["files"]) == {"book.xlsx", "orgs.json", "รายงาน.txt"}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.pdf", b"%PDF", "unsupported file type"),
        ("broken.xlsx", b"not a zip", "cannot read the workbook"),
        ("bad.json", b"{", "invalid JSON"),
        ("cp.csv", "ชื่อ".encode("cp874"), ""),
    ],
)
def test_bad_files_are_422_and_write_nothing(
    api: TestClient, keys: Keys, name: str, data: bytes, message: str
) -> None:
    before = api.get(f"{V1}/stats", headers=auth(keys.viewer)).json()
    response = api.post(f"{V1}/ingest", headers=auth(keys.editor), files=_files((name, data)))
    assert response.status_code == 422
    assert message in response.json()["detail"] and "/tmp/" not in response.json()["detail"]
    after = api.get(f"{V1}/stats", headers=auth(keys.viewer)).json()
    assert before["nodes"] == after["nodes"]


def test_bad_encoding_name(api: TestClient, keys: Keys) -> None:
    response = api.post(
        f"{V1}/ingest",
        headers=auth(keys.editor),
        data={"encoding": "klingon"},
        files=_files(("o.csv", ORGS.encode())),
    )
    assert response.status_code == 422 and "klingon" in response.json()["detail"]


@pytest.fixture
def small(sample_db: Path, tmp_path: Path, keys: Keys) -> Iterator[TestClient]:
    store = copy_store(sample_db, tmp_path / "store")
    with client(
        store,
        keys,
        tmp_path,
        max_body_bytes=2048,
        max_upload_bytes=4096,
        max_upload_rows=3,
        max_upload_files=2,
    ) as c:
        yield c
    store.close()


def test_body_limit_refuses_before_parsing(small: TestClient, keys: Keys) -> None:
    h = {**auth(keys.editor), "Content-Type": "application/json"}
    big = json.dumps({"kind": "council", "name_th": "x" * 5000})
    response = small.post(f"{V1}/organizations", content=big, headers=h)
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert "2,048" in response.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        yield b'{"kind": "council", "name_th": "'
        for _ in range(10):
            yield b"x" * 500
        yield b'"}'

    streamed = small.post(f"{V1}/organizations", content=chunks(), headers=h)
    assert streamed.status_code == 413
    fine = small.post(
        f"{V1}/organizations",
        headers=auth(keys.editor),
        json={"kind": "academic", "name_th": "สถาบันเล็ก", "province": "40"},
    )
    assert fine.status_code == 201


def test_upload_limits(small: TestClient, keys: Keys) -> None:
    h = auth(keys.editor)
    too_big = small.post(
        f"{V1}/ingest", headers=h, files=_files(("o.csv", ORGS.encode() + b"#" * 10_000))
    )
    assert too_big.status_code == 413
    rows = "kind,name_th,province\n" + "".join(f"academic,สถาบัน {i},40\n" for i in range(5))
    too_many = small.post(f"{V1}/ingest", headers=h, files=_files(("o.csv", rows.encode())))
    assert too_many.status_code == 413 and "rows" in too_many.json()["detail"]
    files = small.post(
        f"{V1}/ingest",
        headers=h,
        files=_files(
            ("a.csv", b"kind,name_th\n"), ("b.csv", b"kind,name_th\n"), ("c.csv", b"kind,name_th\n")
        ),
    )
    assert files.status_code == 413 and "files" in files.json()["detail"]


def test_rate_limit_per_key(sample_db: Path, tmp_path: Path, keys: Keys) -> None:
    store = copy_store(sample_db, tmp_path / "store")
    with client(store, keys, tmp_path, rate_limit_per_minute=60, rate_limit_burst=3) as c:
        codes = [c.get(f"{V1}/stats", headers=auth(keys.viewer)).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = c.get(f"{V1}/stats", headers=auth(keys.viewer))
        assert int(limited.headers["retry-after"]) >= 1
        assert limited.json()["status"] == 429
        assert c.get(f"{V1}/stats", headers=auth(keys.editor)).status_code == 200
    store.close()


def test_store_errors_are_503(api: TestClient, keys: Keys, monkeypatch: pytest.MonkeyPatch) -> None:
    store = api.app.state.partnernet.store  # type: ignore[attr-defined]

    def down(*_: object, **__: object) -> None:
        raise StoreError("cannot reach Neo4j at bolt://db:7687")

    monkeypatch.setattr(store, "nodes_page", down)
    response = api.get(f"{V1}/organizations", headers=auth(keys.viewer))
    assert response.status_code == 503 and response.headers["retry-after"]
    # The address and the driver's message go to the log, not to callers (issue 22).
    assert "bolt://" not in response.text and "not reachable" in response.json()["detail"]


def test_runner_is_single_flight_and_times_out() -> None:
    runner = AnalysisRunner(workers=2, queue=2, entries=8, timeout=0.2)
    calls: list[int] = []
    gate = threading.Event()

    def slow() -> int:
        calls.append(1)
        gate.wait(5)
        return 42

    async def scenario() -> None:
        with pytest.raises(Unavailable, match="longer than"):
            await runner.run("k", slow)
        with pytest.raises(Unavailable):
            await runner.run("k", slow)  # joins the same computation
        assert len(calls) == 1
        runner.executor.submit(lambda: None)
        with pytest.raises(Unavailable):
            await runner.run("other", slow)
        with pytest.raises(Unavailable, match="busy"):
            await runner.run("third", slow)  # queue of 2 is full
        gate.set()
        time.sleep(0.1)
        assert await runner.run("k", slow) == (42, True)

    asyncio.run(scenario())
    runner.shutdown()


def test_runner_does_not_cache_failures() -> None:
    runner = AnalysisRunner(workers=1, queue=4, entries=8, timeout=5)
    attempts: list[int] = []

    def flaky() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise ValueError("first time fails")
        return "ok"

    async def scenario() -> None:
        with pytest.raises(ValueError):
            await runner.run("k", flaky)
        assert await runner.run("k", flaky) == ("ok", False)
        assert await runner.run("k", flaky) == ("ok", True)

    asyncio.run(scenario())
    runner.shutdown()


def test_analysis_timeout_answers_503(
    sample_db: Path, tmp_path: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnernet.service import analyses

    original = analyses.province_gaps

    def slow_gaps(*args: object, **kwargs: object) -> object:
        time.sleep(0.5)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(analyses, "province_gaps", slow_gaps)
    store = copy_store(sample_db, tmp_path / "store")
    with client(store, keys, tmp_path, analysis_timeout_seconds=0.05) as c:
        response = c.get(f"{V1}/provinces/40/gaps", headers=auth(keys.viewer))
        assert response.status_code == 503 and response.headers["retry-after"]
        # The computation carried on and fills the cache; wait for it (a loaded machine may
        # need more than the 0.5 s + analysis time), then the answer is a cache hit.
        deadline = time.monotonic() + 30
        while True:
            done = c.get(f"{V1}/provinces/40/gaps", headers=auth(keys.viewer))
            if done.status_code != 503 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert done.status_code == 200 and done.headers["x-partnernet-cache"] == "hit"
    store.close()
