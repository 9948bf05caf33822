"""What a province's analysis reads, and cutting a province out of a larger graph already in
memory. Shared by today's readings (`analyses.py`) and past days' (`past_peers.py`)."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from partnernet.analysis.gap_index import PartnershipIndex
from partnernet.analysis.peers import PeerSummary
from partnernet.foundation import geography
from partnernet.graph import scoped
from partnernet.graph.store import Scope


@dataclass(frozen=True)
class ProvinceReading:
    """What a province's analysis reads: the province's subgraph (its organisations and their
    direct neighbours) and its region's peer summaries (`service/peers.py`), which stand in
    for the peers' organisations."""

    province: geography.Province
    peers: tuple[str, ...]
    graph: nx.MultiDiGraph
    summaries: dict[str, PeerSummary]
    # Nodes of the region read to recompute stale peer summaries (None: they were stored).
    region_nodes: int | None = None
    # Provinces whose summaries a small edit had made stale, recomputed from their own read.
    summaries_refreshed: tuple[str, ...] = ()
    # The index over `graph` built for that (`analyses.reading_index` reuses it).
    index: PartnershipIndex | None = None


def province_cut(graph: nx.MultiDiGraph, code: str) -> nx.MultiDiGraph:
    """A province's scope taken from a graph holding its region (equal to the store's read)."""
    return scoped.cut(graph, Scope(provinces=frozenset({code})))
