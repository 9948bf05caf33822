"""The region, issue and organisation pages: headline figures from the store and a download
panel whose every link answers with its file."""

from __future__ import annotations

import html
import re
import urllib.parse

import pytest
from api_support import Keys, auth
from fastapi.testclient import TestClient

from partnernet.graph.store import Scope

ORG = "council:subdistrict:400118"


def _links(page: str) -> dict[str, str]:
    found = re.findall(r'<a class="pn-button" href="([^"]+)" download data-format="([^"]+)"', page)
    return {fmt: html.unescape(href) for href, fmt in found}


@pytest.mark.parametrize(
    ("path", "kind", "value"),
    [
        ("/regions/อีสาน", "region", "region6%3ANortheast"),
        ("/issues/housing", "issue", "housing"),
        (f"/organisations/{ORG}", "org", "council%3Asubdistrict%3A400118"),
    ],
)
def test_pages_offer_every_download(
    shared: TestClient, keys: Keys, path: str, kind: str, value: str
) -> None:
    page = shared.get(f"{path}?lang=en", headers=auth(keys.viewer))
    assert page.status_code == 200, page.text[:300]
    links = _links(page.text)
    wanted = {"xlsx", "gexf", "graphml", "gephi-csv", "json", "popolo"}
    if kind != "org":
        wanted |= {"pdf", "html"}
    assert set(links) == wanted
    # The map: a GET form with the scope, the language and a layout, sent as PNG or SVG.
    form = page.text.split('id="pn-map-downloads"')[1].split("</form>")[0]
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]+)">', form))
    assert hidden == {kind: urllib.parse.unquote(value), "lang": "en"}
    assert re.findall(r'<option value="([^"]+)"', form) == ["tiers", "district", "force"]
    assert re.findall(r'name="format" value="([^"]+)"', form) == ["png", "svg"]
    links["svg"] = "/api/v1/figure?" + urllib.parse.urlencode(
        {**hidden, "layout": "district", "format": "svg"}
    )
    data_scope = "ego" if kind == "org" else kind
    assert links["xlsx"] == f"/api/v1/exports/xlsx?{data_scope}={value}"
    for fmt in ("svg", "graphml", "html" if kind != "org" else "gexf"):
        got = shared.get(links[fmt], headers=auth(keys.viewer))
        assert got.status_code == 200, (fmt, got.text[:300])
        assert len(got.content) > 200


def test_region_figures_match_the_store(shared: TestClient, keys: Keys) -> None:
    page = shared.get("/regions/Northeast?lang=en", headers=auth(keys.viewer)).text
    assert "/provinces/40?lang=en" in page  # its provinces, linked
    rows = shared.get("/api/v1/provinces?limit=100", headers=auth(keys.viewer)).json()["items"]
    northeast = [r for r in rows if "Northeast" in str(r.get("region_en")) and r["organizations"]]
    assert northeast
    total = sum(r["organizations"] for r in northeast)
    assert re.search(rf"<th>Organisations</th><td class=\"pn-num\">{total:,}</td>", page)


def test_organisation_page_counts_its_neighbours(shared: TestClient, keys: Keys) -> None:
    store = shared.app.state.partnernet.store  # type: ignore[attr-defined]
    graph = store.subgraph(Scope(ego=ORG, radius=1))
    kinds = {"Council", "Agency", "CivilSocietyGroup", "CommunityOrganization", "Academic",
             "PrivateSector"}  # fmt: skip
    near = sum(1 for n, k in graph.nodes(data="kind") if k in kinds and n != ORG)
    page = shared.get(f"/organisations/{ORG}?lang=th", headers=auth(keys.viewer)).text
    assert f'<td class="pn-num">{near:,}</td>' in page
    assert "ไม่มีสรุปสำหรับองค์กรเดียว" in page  # no brief of one organisation, said so


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/regions/Atlantis", 404),
        ("/issues/no-such-issue", 404),
        ("/organisations/council:nowhere:1", 404),
    ],
)
def test_unknown_scopes(shared: TestClient, keys: Keys, path: str, status: int) -> None:
    assert shared.get(path, headers=auth(keys.viewer)).status_code == status


def test_pages_need_a_key(shared: TestClient) -> None:
    assert shared.get("/issues/housing").status_code == 401


def test_the_province_page_links_its_region(shared: TestClient, keys: Keys) -> None:
    page = shared.get("/provinces/40?lang=th", headers=auth(keys.viewer)).text
    link = re.search(r'<p class="pn-muted" id="pn-region">[^<]*<a href="([^"]+)">([^<]+)</a>', page)
    assert link and link.group(2) == "ภาคตะวันออกเฉียงเหนือ"
    region = shared.get(html.unescape(link.group(1)), headers=auth(keys.viewer))
    assert region.status_code == 200 and "/provinces/40?lang=th" in region.text
