"""`?as_of=` on the analysis routes, on the tiny dated network (tests/analysis/dated_graphs.py):
each day its own answer and its own cache entry; a bad day is a 422 problem."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from api_support import Keys, auth, client
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parents[1] / "analysis"))  # the shared dated network

from dated_graphs import C1, C2, CSO, P1, SAO1, dated_nodes, dated_relationships

from partnernet.graph.sqlite_store import SqliteStore

V1 = "/api/v1"


@pytest.fixture(scope="module")
def dated_api(tmp_path_factory: pytest.TempPathFactory, keys: Keys) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("api-time")
    store = SqliteStore(folder / "dated.sqlite")
    store.upsert_nodes(dated_nodes())
    store.upsert_relationships(dated_relationships())
    with client(store, keys, folder) as test_client:
        yield test_client
    store.close()


def test_hubs_as_of_each_day(dated_api: TestClient, keys: Keys) -> None:
    h = auth(keys.viewer)

    def ties(day: str) -> int:
        response = dated_api.get(f"{V1}/analysis/hubs?province=40&as_of={day}", headers=h)
        assert response.status_code == 200, response.text
        return int(response.json()["edge_count"])

    assert ties("2021-01-01") == 2
    assert ties("2565-12-01") == 1  # Buddhist Era: 2022-12-01, the MOU lapsed
    assert ties("1 ก.ค. 2566") == 4


def test_gaps_as_of_and_today_are_separate_entries(dated_api: TestClient, keys: Keys) -> None:
    h = auth(keys.viewer)

    def unanswered(query: str) -> bool:
        response = dated_api.get(f"{V1}/provinces/40/gaps{query}", headers=h)
        assert response.status_code == 200, response.text
        gaps = response.json()["gaps"]
        return any(g["kind"] == "proposal_unanswered" and P1 in g["subjects"] for g in gaps)

    assert unanswered("?as_of=2023-08-31")
    assert not unanswered("?as_of=2023-09-01")  # answered that day
    assert not unanswered("")  # today


def test_structure_and_suggestions_take_as_of(dated_api: TestClient, keys: Keys) -> None:
    h = auth(keys.viewer)
    early = dated_api.get(f"{V1}/analysis/structure?province=40&as_of=2022-12-01", headers=h)
    late = dated_api.get(f"{V1}/analysis/structure?province=40&as_of=2023-07-01", headers=h)
    assert early.status_code == late.status_code == 200
    assert early.json()["edge_count"] < late.json()["edge_count"]
    recs = dated_api.get(f"{V1}/provinces/40/recommendations?as_of=2022-12-01", headers=h)
    assert recs.status_code == 200 and recs.json()["recommendations"]


def test_a_bad_day_is_422(dated_api: TestClient, keys: Keys) -> None:
    response = dated_api.get(f"{V1}/provinces/40/gaps?as_of=last+year", headers=auth(keys.viewer))
    assert response.status_code == 422
    assert "last year" in response.json()["detail"]


def test_a_provinces_trend_and_changes(dated_api: TestClient, keys: Keys) -> None:
    h = auth(keys.viewer)
    trend = dated_api.get(f"{V1}/provinces/ขอนแก่น/trend?from=2021-01-01&to=2024-06-30", headers=h)
    assert trend.status_code == 200, trend.text
    body = trend.json()
    assert body["scope"] == "province:40" and body["periods"] == ["2021", "2022", "2023", "2024"]
    assert [f["partners_per_council"] for f in body["figures"]] == [1.0, 0.5, 1.5, 1.5]
    again = dated_api.get(f"{V1}/provinces/40/trend?from=2021-01-01&to=2024-06-30", headers=h)
    assert again.headers["X-Partnernet-Cache"] == "hit"
    changes = dated_api.get(f"{V1}/provinces/40/changes?from=2565-01-01&to=2566-07-01", headers=h)
    assert changes.status_code == 200, changes.text
    report = changes.json()
    assert report["ties_renewed"] == [[SAO1, C1]] and report["suggestions_realised"] == [[C2, CSO]]
    assert report["summary_th"].startswith("ระหว่าง 1 ม.ค. 2565 ถึง 1 ก.ค. 2566")
    default = dated_api.get(f"{V1}/provinces/40/changes", headers=h).json()
    assert (date.fromisoformat(default["end"]) - date.fromisoformat(default["start"])).days in (
        365,
        366,
    )


@pytest.mark.parametrize(
    "query",
    ["trend?by=month", "changes?from=2566-01-01&to=2565-01-01", "changes?from=someday"],
)
def test_bad_periods_are_422(dated_api: TestClient, keys: Keys, query: str) -> None:
    response = dated_api.get(f"{V1}/provinces/40/{query}", headers=auth(keys.viewer))
    assert response.status_code == 422, response.text


def test_the_province_page_shows_the_rest_while_the_trend_is_computed(
    tmp_path: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first trend can take long (the region's summaries of every year): the page waits a
    moment only, then says the figures are being computed; the next visit has them."""
    import threading

    from partnernet.api import page_history
    from partnernet.service import history

    store = SqliteStore(tmp_path / "dated.sqlite")
    store.upsert_nodes(dated_nodes())
    store.upsert_relationships(dated_relationships())
    release = threading.Event()
    real = history.trend

    def slow(*args: object, **kwargs: object) -> history.TrendReport:
        release.wait(10)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(history, "trend", slow)
    monkeypatch.setattr(page_history, "WAIT_SECONDS", 0.2)
    with client(store, keys, tmp_path) as test_client:
        first = test_client.get("/provinces/40?lang=en", headers=auth(keys.viewer))
        assert first.status_code == 200
        assert "being computed" in first.text and 'id="pn-trend"' not in first.text
        assert 'id="pn-suggestions"' in first.text
        release.set()
        for _ in range(50):
            later = test_client.get("/provinces/40?lang=en", headers=auth(keys.viewer))
            if 'id="pn-trend"' in later.text:
                break
            time.sleep(0.1)
        assert 'id="pn-trend"' in later.text and 'data-period="2022"' in later.text
    store.close()
