"""The analyses as users run them: pick the part of the graph a question needs from a store,
hand it to the pure functions of `analysis/`, and return their reports.

The CLI, the API (through its cache), the web pages, the demo and the benchmarks all call
these, so every face of the tool shows the same numbers. Functions that may be asked to work
on many provinces or on the whole network take an optional `whole` graph: a caller that
already read the whole graph passes it, so no command reads the whole graph twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import networkx as nx

from partnernet.analysis import projection, timeline
from partnernet.analysis.evaluate import EvaluationReport, evaluate_recommendations
from partnernet.analysis.gap_index import PartnershipIndex
from partnernet.analysis.gap_models import GapReport
from partnernet.analysis.gaps import gaps_from_index
from partnernet.analysis.hubs import HubReport, hub_scores
from partnernet.analysis.peers import PeerSummary
from partnernet.analysis.provinces import ProvinceRow, province_table
from partnernet.analysis.recommend import (
    RecommendationReport,
    decision_relationship,
    recommend_from_index,
)
from partnernet.analysis.structure import StructureReport, structure_report
from partnernet.analysis.template import Template, load_template
from partnernet.foundation import geography
from partnernet.foundation.errors import InvalidInput, NotFound
from partnernet.graph import scoped
from partnernet.graph.model import ORGANIZATION_KINDS, RecommendationDecision
from partnernet.graph.store import GraphStore, Scope, WriteReport
from partnernet.service.peers import carry_forward, region_provinces, region_summaries
from partnernet.service.reading import ProvinceReading, province_cut
from partnernet.service.scopes import scope_for


def _template(path: Path | None) -> Template:
    return load_template(path) if path else load_template()


def read_province(
    store: GraphStore,
    province: str,
    template: Template,
    today: date | None = None,
    *,
    whole: nx.MultiDiGraph | None = None,
    as_of: date | None = None,
) -> ProvinceReading:
    """With `as_of`, the province and its peers as they stood that day (`service/past_peers.py`:
    the stored peer summaries are for today's ties, so they are computed from the region)."""
    if as_of is not None:
        from partnernet.service.past_peers import read_province_as_of

        reading = read_province_as_of(store, province, template, as_of, whole=whole)
        require_data(reading.graph, reading.province)
        return reading
    found = geography.resolve_province(province)
    region = geography.region_of(found.code, template.region_system)
    peers = region_provinces(region)
    regional = region_summaries(store, region, template, today or date.today(), source=whole)
    source = regional.graph if regional.graph is not None else whole
    index = regional.refreshed.get(found.code)  # read to refresh its summary (a small edit)
    if index is not None:
        graph = index.graph
    elif source is not None:
        # The region (or everything) is already in memory: cut the province out of it (the
        # same nodes and relationships as the store's province scope) instead of reading.
        graph = province_cut(source, found.code)
    else:
        graph = store.subgraph(Scope(provinces=frozenset({found.code})))
    require_data(graph, found)
    return ProvinceReading(
        province=found,
        peers=peers,
        graph=graph,
        summaries=regional.summaries,
        region_nodes=None if regional.graph is None else regional.graph.number_of_nodes(),
        summaries_refreshed=tuple(regional.refreshed),
        index=index,
    )


def reading_index(reading: ProvinceReading, template: Template, today: date) -> PartnershipIndex:
    """The partnership index of a reading: the one built while refreshing its province's peer
    summary if it is for the same template and day, else a new one."""
    kept = reading.index
    if kept is not None and kept.as_of == today and kept.template == template:
        return kept
    return PartnershipIndex(reading.graph, template, as_of=today)


def require_data(graph: nx.MultiDiGraph, province: geography.Province) -> None:
    """Refuse to analyse a province the store holds no organisation of: its answer would be
    an empty success ("coverage 0%, no suggestions") that reads like a finding."""
    if province.code not in provinces_with_data(graph):
        raise NotFound(
            f"no organisation of {province.name_th} ({province.name_en}, {province.code}) "
            "in the store; load its data with `partnernet ingest`"
        )


def province_gaps(
    store: GraphStore,
    province: str,
    *,
    template_path: Path | None = None,
    today: date | None = None,
    unanswered_after_days: int = 90,
    as_of: date | None = None,
) -> GapReport:
    """`as_of`: the gaps as the network stood that day (that day is also "today" for the
    unanswered-proposal ages)."""
    template = _template(template_path)
    today = as_of or today or date.today()
    reading = read_province(store, province, template, today, as_of=as_of)
    index = reading_index(reading, template, today)
    return gaps_from_index(
        index,
        reading.province.code,
        today=today,
        unanswered_after_days=unanswered_after_days,
        peers=reading.peers,
        peer_summaries=reading.summaries,
    )


def recommendations(
    store: GraphStore,
    province: str | None = None,
    *,
    org_id: str | None = None,
    top: int = 10,
    template_path: Path | None = None,
    as_of: date | None = None,
) -> RecommendationReport:
    """Suggestions for a province's councils, or for one organisation (its province's
    region is loaded; an organisation without a province is looked at in the whole graph);
    `as_of`: as the network stood that day."""
    template = _template(template_path)
    if province is None and org_id is not None:
        node = store.get_node(org_id)
        if node is None:
            raise NotFound(f"no organisation with the id {org_id!r} in the store")
        province = getattr(node, "province_code", None)
    today = as_of or date.today()
    if province is None:
        graph = _as_of(store.subgraph(), as_of)
        peers: tuple[str, ...] | None = None
        summaries: dict[str, PeerSummary] | None = None
    else:
        reading = read_province(store, province, template, today, as_of=as_of)
        graph, peers, summaries = reading.graph, reading.peers, reading.summaries
        province = reading.province.code
    index = PartnershipIndex(graph, template, as_of=today)
    return recommend_from_index(
        index,
        None if org_id else province,
        org_id=org_id,
        top=top,
        peers=peers,
        peer_summaries=summaries,
    )


def province_analysis(
    store: GraphStore,
    province: str,
    *,
    top: int = 10,
    template_path: Path | None = None,
    whole: nx.MultiDiGraph | None = None,
    today: date | None = None,
    unanswered_after_days: int = 90,
    as_of: date | None = None,
) -> tuple[GapReport, RecommendationReport]:
    """Gaps and suggestions of one province from one shared projection (what a planner's
    page shows, and what the maps annotate). `bench/cold.py` times its two steps. `as_of`:
    as the network stood that day (also "today" for the unanswered-proposal ages)."""
    template = _template(template_path)
    today = as_of or today or date.today()
    reading = read_province(store, province, template, today, whole=whole, as_of=as_of)
    return analyse_reading(reading, template, today, top, unanswered_after_days)


def analyse_reading(
    reading: ProvinceReading,
    template: Template,
    today: date,
    top: int | None,
    unanswered_after_days: int = 90,
) -> tuple[GapReport, RecommendationReport]:
    index = reading_index(reading, template, today)
    code = reading.province.code
    gaps = gaps_from_index(
        index,
        code,
        today=today,
        unanswered_after_days=unanswered_after_days,
        peers=reading.peers,
        peer_summaries=reading.summaries,
    )
    recs = (
        recommend_from_index(
            index, code, top=top, peers=reading.peers, peer_summaries=reading.summaries
        )
        if top
        else RecommendationReport(recommendations=[])
    )
    return gaps, recs


def provinces_analyses(
    store: GraphStore,
    codes: Iterable[str],
    *,
    top: int | None = 10,
    template_path: Path | None = None,
    whole: nx.MultiDiGraph | None = None,
    as_of: date | None = None,
) -> dict[str, tuple[GapReport, RecommendationReport]]:
    """`province_analysis` for many provinces, reading each region at most once (or nothing,
    given the `whole` graph) and cutting each province out of it; `top=None`: gaps only;
    `as_of`: as the network stood that day."""
    template = _template(template_path)
    if as_of is not None:
        # Past days' peer summaries are kept per region (service/past_peers.py): the first
        # province of a region computes them, the others reuse them.
        return {
            code: analyse_reading(
                read_province(store, code, template, as_of, whole=whole, as_of=as_of),
                template,
                as_of,
                top,
            )
            for code in codes
        }
    today = date.today()
    by_region: dict[str, tuple[geography.Region, list[str]]] = {}
    for code in codes:
        region = geography.region_of(code, template.region_system)
        by_region.setdefault(region.key, (region, []))[1].append(code)
    out: dict[str, tuple[GapReport, RecommendationReport]] = {}
    for region, members in by_region.values():
        peers = region_provinces(region)
        regional = region_summaries(store, region, template, today, source=whole)
        region_scope = Scope(provinces=frozenset(peers))
        if regional.graph is not None:
            graph = regional.graph
        elif whole is not None:
            # Cut the region once, then its provinces out of it: cutting each province out of
            # the whole graph would scan every node of the country once per province.
            graph = scoped.cut(whole, region_scope)
        else:
            graph = store.subgraph(region_scope)
        for code in members:
            reading = ProvinceReading(
                geography.province(code), peers, province_cut(graph, code), regional.summaries
            )
            out[code] = analyse_reading(reading, template, today, top)
    return out


def provinces_with_data(graph: nx.MultiDiGraph) -> list[str]:
    """Codes of the provinces where the graph has at least one organisation."""
    kinds = {k.value for k in ORGANIZATION_KINDS}
    known = {p.code for p in geography.provinces()}
    return sorted(
        {
            str(code)
            for _, code, kind in _province_kinds(graph)
            if code and kind in kinds and str(code) in known
        }
    )


def _province_kinds(graph: nx.MultiDiGraph) -> Iterable[tuple[object, object, object]]:
    for node, attrs in graph.nodes(data=True):
        yield node, attrs.get("province_code"), attrs.get("kind")


@dataclass(frozen=True)
class ProvincesOverview:
    """Every province's row of the coverage table (counts from the graph, the rest from its
    gap report) and the gap reports of the provinces that have organisations."""

    rows: dict[str, ProvinceRow]
    reports: dict[str, GapReport]


def provinces_overview(
    store: GraphStore,
    template_path: Path | None = None,
    *,
    whole: nx.MultiDiGraph | None = None,
    known: Mapping[str, GapReport] | None = None,
    as_of: date | None = None,
) -> ProvincesOverview:
    """The national table behind the home page and the province map: one read of the whole
    graph (unless given), each region's analyses cut out of it; gap reports the caller
    already has (`known`) are used as they are; `as_of`: as the network stood that day."""
    graph = whole if whole is not None else store.subgraph()
    reports = dict(known or {})
    dated = _as_of(graph, as_of)
    missing = [code for code in provinces_with_data(dated) if code not in reports]
    found = provinces_analyses(
        store, missing, top=None, template_path=template_path, whole=graph, as_of=as_of
    )
    reports.update({code: gaps for code, (gaps, _) in found.items()})
    return ProvincesOverview(rows=province_table(dated, reports), reports=reports)


def partnership_graph(
    store: GraphStore,
    province: str | None = None,
    region: str | None = None,
    *,
    whole: nx.MultiDiGraph | None = None,
    as_of: date | None = None,
) -> nx.Graph:
    """The organisation-to-organisation partnership graph of a scope, as of a day (NotFound
    if the scope holds no organisation: an empty answer would read like a finding)."""
    scope = scope_for(province=province, region=region)
    graph = scoped.cut(whole, scope) if whole is not None else store.subgraph(scope)
    projected = projection.project_partnerships(_as_of(graph, as_of))
    if (province or region) and projected.number_of_nodes() == 0:
        raise NotFound(f"no organisation of {province or region} in the store")
    return projected


def _as_of(graph: nx.MultiDiGraph, as_of: date | None) -> nx.MultiDiGraph:
    """The graph as it stood on `as_of` (None: as stored)."""
    return graph if as_of is None else timeline.graph_as_of(graph, as_of)


def hubs(
    store: GraphStore,
    *,
    province: str | None = None,
    region: str | None = None,
    samples: int = 256,
    seed: int = 42,
    whole: nx.MultiDiGraph | None = None,
    as_of: date | None = None,
) -> HubReport:
    graph = partnership_graph(store, province, region, whole=whole, as_of=as_of)
    return hub_scores(graph, samples=samples, seed=seed)


def structure(
    store: GraphStore,
    *,
    province: str | None = None,
    region: str | None = None,
    seed: int = 42,
    whole: nx.MultiDiGraph | None = None,
    as_of: date | None = None,
) -> StructureReport:
    region_of = {p.code: p.region6 for p in geography.provinces()}
    graph = partnership_graph(store, province, region, whole=whole, as_of=as_of)
    return structure_report(graph, seed=seed, region_of=region_of)


def province_codes(
    store: GraphStore, province: str | None = None, region: str | None = None
) -> dict[str, str | None]:
    """The province code of every node in a scope (one subgraph read)."""
    graph = store.subgraph(scope_for(province=province, region=region))
    return {str(n): (str(c) if c else None) for n, c in graph.nodes(data="province_code")}


def evaluate(
    store: GraphStore,
    *,
    hide_fraction: float = 0.1,
    seed: int = 42,
    k: int = 10,
    split_date: date | None = None,
) -> EvaluationReport:
    """Random hiding, or with `split_date` the temporal split (analysis/evaluate_temporal)."""
    if split_date is not None:
        from partnernet.analysis.evaluate_temporal import evaluate_temporal

        return evaluate_temporal(store.subgraph(), split_date, seed=seed, k=k)
    return evaluate_recommendations(store.subgraph(), hide_fraction=hide_fraction, seed=seed, k=k)


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
        raise InvalidInput(report.rejected[0].reason)
    carry_forward(store, before)  # a decision is no tie: the peer summaries still hold
    return report
