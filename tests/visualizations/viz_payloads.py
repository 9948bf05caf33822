"""XSS payloads for the rendering tests, and graphs that carry them in every field.

Each payload, if it ever ran, would bump `window.__xss` (or open a dialog, or load a URL that
the browser tests count): the tests assert none of that happens.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

HIT = "window.__xss=(window.__xss||0)+1"

PAYLOADS: tuple[str, ...] = (
    f"<img src=x onerror={HIT}>",
    f'<img src="x" onerror="{HIT}">',
    f"</script><script>{HIT}</script>",
    f"</SCRIPT ><script>{HIT}</script>",
    f"<script>{HIT}</script>",
    f'"><svg onload={HIT}>',
    f"'><svg/onload={HIT}>",
    f'" onmouseover="{HIT}" x="',
    f"' autofocus onfocus='{HIT}' x='",
    f"javascript:{HIT}",
    f'<a href="javascript:{HIT}">click</a>',
    f"${{{HIT}}}",
    f"`;{HIT};`",
    f'"}};{HIT};//',
    f"\u2028{HIT}\u2029",
    f"<!--<script>{HIT}</script>-->",
    f"</title><script>{HIT}</script>",
    f"</style><script>{HIT}</script>",
    f'<iframe srcdoc="<script>parent.{HIT}</script>"></iframe>',
    f"<details open ontoggle={HIT}>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={HIT}>",
    f"<body onload={HIT}>",
    f"&lt;img src=x onerror={HIT}&gt;",
    f"{{{{constructor.constructor('{HIT}')()}}}}",
    '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
    '<base href="http://127.0.0.1:9/">',
    f'<meta http-equiv="refresh" content="0;url=javascript:{HIT}">',
    "<style>@import 'http://127.0.0.1:9/i.css';</style>",
    f"\x00<img src=x onerror={HIT}>\x00",
)


def xss_graph(provinces: tuple[str, ...] = ("40",)) -> nx.MultiDiGraph:
    """Organisations, a proposal and an issue whose ids, names, aliases, titles, types and
    relationship properties are payloads; wired like a small province network."""
    graph = nx.MultiDiGraph()
    kinds = ("Council", "Agency", "CivilSocietyGroup", "Academic", "CommunityOrganization")
    ids: list[str] = []
    for i, payload in enumerate(PAYLOADS):
        node_id = f"council:x:{i}:{payload}"
        attrs: dict[str, Any] = {
            "id": node_id,
            "kind": kinds[i % len(kinds)],
            "name_th": f"สภา {payload}",
            "name_en": payload,
            "aliases": [payload, f"ชื่อ{payload}"],
            "type": payload,
            "level": payload,
            "province_code": provinces[i % len(provinces)],
            "source_ids": [payload],
        }
        graph.add_node(node_id, **attrs)
        ids.append(node_id)
    graph.add_node(
        "proposal:x",
        id="proposal:x",
        kind="Proposal",
        name_th=PAYLOADS[2],
        title_th=PAYLOADS[5],
        province_code=provinces[0],
    )
    graph.add_node("issue:x", id="issue:x", kind="Issue", name_th=PAYLOADS[0], code="x")
    graph.add_node(
        PAYLOADS[9], id=PAYLOADS[9], kind="Agency", name_th=PAYLOADS[10], province_code=PAYLOADS[0]
    )
    for i, node in enumerate(ids):
        other = ids[(i + 1) % len(ids)]
        graph.add_edge(
            node,
            other,
            key="PARTNERS_WITH",
            type="PARTNERS_WITH",
            form=PAYLOADS[i],
            weight=1.0,
            source_ids=[PAYLOADS[i]],
        )
        graph.add_edge(node, "issue:x", key="WORKS_ON", type="WORKS_ON")
    graph.add_edge(ids[0], "proposal:x", key="PROPOSED", type="PROPOSED")
    graph.add_edge(
        "proposal:x", PAYLOADS[9], key="SUBMITTED_TO", type="SUBMITTED_TO", status=PAYLOADS[3]
    )
    graph.add_edge(PAYLOADS[9], ids[1], key=PAYLOADS[4], type=PAYLOADS[4])
    return graph


class FakeGap:
    def __init__(self, subjects: list[str], text: str) -> None:
        self.kind = text
        self.severity = "high"
        self.subjects = subjects
        self.explanation_th = text
        self.explanation_en = text


class FakeReport:
    def __init__(self, graph: nx.MultiDiGraph) -> None:
        nodes = list(graph.nodes)
        self.gaps = [FakeGap([nodes[i % len(nodes)]], p) for i, p in enumerate(PAYLOADS)]
        self.coverage = 0.5
        self.metrics: dict[str, Any] = {}


class FakeRecommendation:
    def __init__(self, source: str, target: str, text: str) -> None:
        self.source, self.target, self.score = source, target, 0.5
        self.explanation_th = self.explanation_en = text


def fake_recommendations(graph: nx.MultiDiGraph) -> list[FakeRecommendation]:
    nodes = [n for n, k in graph.nodes(data="kind") if k != "Issue"]
    return [
        FakeRecommendation(nodes[i], nodes[(i + 3) % len(nodes)], p) for i, p in enumerate(PAYLOADS)
    ]
