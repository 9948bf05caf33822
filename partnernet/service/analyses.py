"""What the CLI and the HTTP API both do: pick the right part of the graph from a store, hand
it to the pure analysis functions, and store planners' decisions.

Routers and commands stay thin by calling these; analyses stay pure because only this module
(and the stores) touch a `GraphStore`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import networkx as nx

from partnernet.analysis import projection
from partnernet.analysis.evaluate import EvaluationReport, evaluate_recommendations
from partnernet.analysis.gap_index import PartnershipIndex
from partnernet.analysis.gap_models import GapReport
from partnernet.analysis.gaps import gaps_from_index
from partnernet.analysis.hubs import HubReport, hub_scores
from partnernet.analysis.peers import PeerSummary
from partnernet.analysis.projection import ORGANIZATION_KIND_VALUES
from partnernet.analysis.recommend import (
    RecommendationReport,
    decision_relationship,
    recommend_from_index,
)
from partnernet.analysis.structure import StructureReport, structure_report
from partnernet.analysis.template import Template, load_template
from partnernet.extract.reports import REPORT_SUFFIXES, ingest_reports
from partnernet.foundation import geography
from partnernet.foundation.errors import NotFound
from partnernet.graph.model import RecommendationDecision
from partnernet.graph.store import GraphStore, Scope, WriteReport
from partnernet.ingest.pipeline import IngestReport, ingest_paths
from partnernet.service.peers import carry_forward, region_provinces, region_summaries


def ingest_files(
    store: GraphStore,
    paths: list[Path],
    *,
    rejects_path: Path | None = None,
    encoding: str | None = None,
    batch_size: int = 5000,
    progress: bool = False,
) -> IngestReport:
    """Ingest tabular files and Thai narrative reports (`.txt`/`.md`) in one call; the
    report adds both up, so `accepted + rejected + duplicates = rows` still holds."""
    reports = [p for p in paths if p.suffix.lower() in REPORT_SUFFIXES]
    tabular = [p for p in paths if p.suffix.lower() not in REPORT_SUFFIXES]
    parts: list[IngestReport] = []
    if tabular:
        parts.append(
            ingest_paths(
                store,
                tabular,
                rejects_path=rejects_path,
                encoding=encoding,
                batch_size=batch_size,
                progress=progress,
            )
        )
    if reports:
        target = (
            rejects_path.with_name(rejects_path.stem + ".reports.csv")
            if (rejects_path and tabular)
            else rejects_path
        )
        parts.append(
            ingest_reports(
                store, reports, rejects_path=target, batch_size=batch_size, progress=progress
            )
        )
    return parts[0] if len(parts) == 1 else IngestReport.combined(parts)


@dataclass(frozen=True)
class ProvinceView:
    """What a province's analysis reads: the province's subgraph (its organisations and their
    direct neighbours) and its region's peer summaries (`peer_summaries.py`), which stand in
    for the peers' organisations."""

    province: geography.Province
    peers: tuple[str, ...]
    graph: nx.MultiDiGraph
    summaries: dict[str, PeerSummary]


def province_view(
    store: GraphStore, province: str, template: Template, today: date | None = None
) -> ProvinceView:
    found = geography.resolve_province(province)
    region = geography.region_of(found.code, template.region_system)
    peers = region_provinces(region)
    regional = region_summaries(store, region, template, today or date.today())
    if regional.graph is not None:
        # The region was just read for the summaries: cut the province out of it (the same
        # nodes and relationships as the store's province scope) instead of reading again.
        graph = province_cut(regional.graph, found.code)
    else:
        graph = store.subgraph(Scope(provinces=frozenset({found.code})))
    require_data(graph, found)
    return ProvinceView(province=found, peers=peers, graph=graph, summaries=regional.summaries)


def require_data(graph: nx.MultiDiGraph, province: geography.Province) -> None:
    """Refuse to analyse a province the store holds no organisation of: its answer would be
    an empty success ("coverage 0%, no suggestions") that reads like a finding."""
    code = province.code
    if not any(
        attrs.get("province_code") == code and attrs.get("kind") in ORGANIZATION_KIND_VALUES
        for attrs in graph.nodes.values()
    ):
        raise NotFound(
            f"no organisation of {province.name_th} ({province.name_en}, {code}) in the store; "
            "load its data with `partnernet ingest`"
        )


def province_cut(region_graph: nx.MultiDiGraph, code: str) -> nx.MultiDiGraph:
    """A province's scope (`Scope(provinces={code})`: its nodes, their direct neighbours and
    every relationship among them) taken from its region's graph, in the stores' order
    (nodes by id, relationships by source, target, type) so that it equals a store's read."""
    core = [n for n, attrs in region_graph.nodes(data=True) if attrs.get("province_code") == code]
    keep = set(core)
    for node in core:
        keep.update(region_graph.successors(node))
        keep.update(region_graph.predecessors(node))
    graph = nx.MultiDiGraph()
    graph.add_nodes_from((node, dict(region_graph.nodes[node])) for node in sorted(keep))
    edges = sorted(
        (source, target, key)
        for source in keep
        for target, keyed in region_graph.adj[source].items()
        if target in keep
        for key in keyed
    )
    graph.add_edges_from(
        (source, target, key, dict(region_graph.adj[source][target][key]))
        for source, target, key in edges
    )
    return graph


def _template(path: Path | None) -> Template:
    return load_template(path) if path else load_template()


def province_gaps(
    store: GraphStore,
    province: str,
    *,
    template_path: Path | None = None,
    today: date | None = None,
    unanswered_after_days: int = 90,
) -> GapReport:
    template = _template(template_path)
    today = today or date.today()
    view = province_view(store, province, template, today)
    index = PartnershipIndex(view.graph, template, as_of=today)
    return gaps_from_index(
        index,
        view.province.code,
        today=today,
        unanswered_after_days=unanswered_after_days,
        peers=view.peers,
        peer_summaries=view.summaries,
    )


def recommendations(
    store: GraphStore,
    province: str | None = None,
    *,
    org_id: str | None = None,
    top: int = 10,
    template_path: Path | None = None,
) -> RecommendationReport:
    """Suggestions for a province's councils, or for one organisation (its province's
    region is loaded; an organisation without a province is looked at in the whole graph)."""
    template = _template(template_path)
    if province is None and org_id is not None:
        node = store.get_node(org_id)
        if node is None:
            raise NotFound(f"no organisation with the id {org_id!r} in the store")
        province = getattr(node, "province_code", None)
    today = date.today()
    if province is None:
        graph = store.subgraph()
        peers: tuple[str, ...] | None = None
        summaries: dict[str, PeerSummary] | None = None
    else:
        view = province_view(store, province, template, today)
        graph, peers, summaries = view.graph, view.peers, view.summaries
        province = view.province.code
    index = PartnershipIndex(graph, template, as_of=today)
    return recommend_from_index(
        index,
        None if org_id else province,
        org_id=org_id,
        top=top,
        peers=peers,
        peer_summaries=summaries,
    )


def record_decision(
    store: GraphStore,
    source: str,
    target: str,
    decision: RecommendationDecision,
    *,
    note: str | None = None,
    score: float | None = None,
    decided_on: date | None = None,
) -> WriteReport:
    """Store a planner's accept/reject of a suggestion; later runs respect it."""
    rel = decision_relationship(
        source, target, decision, decided_on or date.today(), score=score, note=note
    )
    before = store.data_version()
    report = store.upsert_relationships([rel])
    if report.rejected:
        raise ValueError(report.rejected[0].reason)
    carry_forward(store, before)  # a decision is no tie: the peer summaries still hold
    return report


def scope_for(store: GraphStore, province: str | None, region: str | None) -> Scope:
    """The scope a `--province` / `--region` option names (neither: the whole graph)."""
    if province and region:
        raise ValueError("give a province or a region, not both")
    if province:
        return Scope(provinces=frozenset({geography.resolve_province(province).code}))
    if region:
        found = geography.resolve_region(region)
        return Scope(provinces=frozenset(p.code for p in geography.region_provinces(found)))
    return Scope()


def partnership_graph(
    store: GraphStore, province: str | None = None, region: str | None = None
) -> nx.Graph:
    """The organisation-to-organisation partnership graph of a scope (NotFound if the scope
    holds no organisation: an empty answer would read like a finding)."""
    graph = projection.project_partnerships(store.subgraph(scope_for(store, province, region)))
    if (province or region) and graph.number_of_nodes() == 0:
        raise NotFound(f"no organisation of {province or region} in the store")
    return graph


def hubs(
    store: GraphStore,
    *,
    province: str | None = None,
    region: str | None = None,
    samples: int = 256,
    seed: int = 42,
) -> HubReport:
    return hub_scores(partnership_graph(store, province, region), samples=samples, seed=seed)


def structure(
    store: GraphStore, *, province: str | None = None, region: str | None = None, seed: int = 42
) -> StructureReport:
    region_of = {p.code: p.region6 for p in geography.provinces()}
    return structure_report(
        partnership_graph(store, province, region), seed=seed, region_of=region_of
    )


def evaluate(
    store: GraphStore, *, hide_fraction: float = 0.1, seed: int = 42, k: int = 10
) -> EvaluationReport:
    return evaluate_recommendations(store.subgraph(), hide_fraction=hide_fraction, seed=seed, k=k)


def province_analysis(
    store: GraphStore, province: str, *, top: int = 10, template_path: Path | None = None
) -> tuple[GapReport, RecommendationReport]:
    """Gaps and suggestions of one province from one shared projection (what a planner's
    page shows, and what the maps annotate)."""
    template = _template(template_path)
    today = date.today()
    view = province_view(store, province, template, today)
    index = PartnershipIndex(view.graph, template, as_of=today)
    code = view.province.code
    gaps = gaps_from_index(
        index, code, today=today, peers=view.peers, peer_summaries=view.summaries
    )
    recs = recommend_from_index(
        index, code, top=top, peers=view.peers, peer_summaries=view.summaries
    )
    return gaps, recs


def provinces_present(store: GraphStore) -> list[str]:
    """Codes of the provinces that have at least one organisation in the store."""
    graph = store.subgraph()
    return sorted(
        {str(code) for _, code in graph.nodes(data="province_code") if code}
        & {p.code for p in geography.provinces()}
    )
