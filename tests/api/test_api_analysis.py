"""Analysis endpoints and exports."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from api_support import ORG, Keys, auth
from fastapi.testclient import TestClient

V1 = "/api/v1"


def test_structure(shared: TestClient, keys: Keys) -> None:
    data = shared.get(f"{V1}/analysis/structure", headers=auth(keys.viewer)).json()
    assert data["node_count"] == 288 and data["component_count"] >= 1
    assert data["communities"]["count"] > 1 and "membership" not in data["communities"]
    province = shared.get(f"{V1}/analysis/structure?province=40", headers=auth(keys.viewer)).json()
    assert 0 < province["node_count"] < data["node_count"]
    # a province with no data is said so, not answered with an empty structure
    empty = shared.get(f"{V1}/analysis/structure?province=50", headers=auth(keys.viewer))
    assert empty.status_code == 404 and "no organisation" in empty.json()["detail"]


def test_hubs_rank_and_page(shared: TestClient, keys: Keys) -> None:
    h = auth(keys.viewer)
    top = shared.get(f"{V1}/analysis/hubs?limit=5", headers=h).json()
    assert top["betweenness_method"] == "exact" and top["by"] == "betweenness"
    assert top["articulation_point_count"] > 0 and top["bridge_count"] >= 0
    values = [item["betweenness"] for item in top["items"]]
    assert values == sorted(values, reverse=True) and top["total"] == 288
    assert all(item["name_th"] for item in top["items"])
    nxt = shared.get(f"{V1}/analysis/hubs?limit=5&offset=5", headers=h).json()
    assert nxt["items"][0]["betweenness"] <= values[-1]
    brokers = shared.get(
        f"{V1}/analysis/hubs?by=constraint&region=Northeast&limit=3", headers=h
    ).json()
    constraints = [i["constraint"] for i in brokers["items"]]
    assert constraints == sorted(constraints)
    both = shared.get(f"{V1}/analysis/hubs?province=40&region=Northeast", headers=h)
    assert both.status_code == 422 and "not both" in both.json()["detail"]
    unknown = shared.get(f"{V1}/analysis/hubs?region=Atlantis", headers=h)
    assert unknown.status_code == 422 and unknown.json()["detail"]


def test_communities(shared: TestClient, keys: Keys) -> None:
    data = shared.get(
        f"{V1}/analysis/communities?limit=3&members=5", headers=auth(keys.viewer)
    ).json()
    assert data["summary"]["count"] == data["total"] > 3
    sizes = [c["size"] for c in data["items"]]
    assert sizes == sorted(sizes, reverse=True) == data["summary"]["sizes"][:3]
    assert all(len(c["members"]) <= 5 for c in data["items"])
    assert sum(data["items"][0]["provinces"].values()) == sizes[0]
    assert "province" in data["matches"]


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        ("gexf", "application/gexf+xml"),
        ("graphml", "application/graphml+xml"),
        ("gephi-csv", "application/zip"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("json", "application/json"),
        ("popolo", "application/json"),
    ],
)
def test_exports_stream_every_format(shared: TestClient, keys: Keys, fmt: str, media: str) -> None:
    response = shared.get(f"{V1}/exports/{fmt}?province=ขอนแก่น", headers=auth(keys.viewer))
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith(media)
    assert "attachment" in response.headers["content-disposition"]
    content = response.content
    assert len(content) > 1000
    if fmt == "gephi-csv":
        names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        assert sorted(names) == ["edges.csv", "nodes.csv"]
    if fmt == "json":
        assert any(n["id"] == ORG for n in json.loads(content)["nodes"])


def test_export_scopes(shared: TestClient, keys: Keys) -> None:
    h = auth(keys.viewer)
    ego = shared.get(f"{V1}/exports/json", params={"ego": ORG, "radius": 1}, headers=h)
    issue = shared.get(f"{V1}/exports/json?issue=housing", headers=h)
    assert ego.status_code == issue.status_code == 200
    assert len(json.loads(ego.content)["nodes"]) > 1
    two = shared.get(f"{V1}/exports/json?issue=housing&province=40", headers=h)
    assert two.status_code == 422
    assert shared.get(f"{V1}/exports/pdf", headers=h).status_code == 422
    assert shared.get(f"{V1}/exports/json?ego=no:one", headers=h).status_code == 404
