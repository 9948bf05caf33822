"""Peer summaries kept in the store, so that a province's analysis reads only its province.

A province's gaps and suggestions compare it with its regional peers (`analysis/peers.py`).
Reading the whole region for that is what made a province slow (a national region is 20
provinces, ~50k nodes); the peers' part of it sums up to a few KB per province. This module
keeps those summaries in the store's meta area (`GraphStore.set_meta`), one entry per region
and region system, stamped with what they were computed from:

- the store's `data_version` (any write that changes the graph makes them stale),
- the partnership template (its fingerprint: another template, other summaries),
- the days on which the ties they counted are the same (`peers.validity`).

`region_summaries` returns fresh summaries or recomputes them from one read of the region and
stores them (if the store refuses, e.g. a read-only file, they are only used for this call).
So the first analysis in a region after a write pays the region read once; the next ones, in
any process, read their own province and these summaries. Nothing here changes an answer:
summaries are recomputed whenever they could differ.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from dataclasses import dataclass
from datetime import date

import networkx as nx
from pydantic import BaseModel, ValidationError

from partnernet.analysis.gap_index import PartnershipIndex
from partnernet.analysis.peers import PeerSummary, summarise_provinces, validity
from partnernet.analysis.template import Template
from partnernet.foundation import geography
from partnernet.graph import scoped
from partnernet.graph.store import GraphStore, Scope, StoreError

log = logging.getLogger(__name__)

KEY_PREFIX = "peer_summaries"
FORMAT = 1


class StoredSummaries(BaseModel):
    """One region's summaries as kept in the store, with what they are valid for."""

    format: int = FORMAT
    region: str  # Region.key, e.g. "region6:Northeast"
    data_version: int
    template: str  # template fingerprint
    as_of: date
    valid_from: date | None  # None: unbounded
    valid_to: date | None
    provinces: dict[str, PeerSummary]

    def holds(self, data_version: int, template: str, day: date) -> bool:
        return (
            self.format == FORMAT
            and self.data_version == data_version
            and self.template == template
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_to is None or day <= self.valid_to)
        )


@dataclass(frozen=True)
class RegionPeers:
    """A region's summaries, and the region's graph when it had to be read for them."""

    summaries: dict[str, PeerSummary]
    graph: nx.MultiDiGraph | None = None


def template_fingerprint(template: Template) -> str:
    return hashlib.sha256(template.model_dump_json().encode("utf-8")).hexdigest()[:16]


def meta_key(region: geography.Region) -> str:
    return f"{KEY_PREFIX}:{region.key}"


def region_provinces(region: geography.Region) -> tuple[str, ...]:
    return tuple(p.code for p in geography.region_provinces(region))


def _stored(store: GraphStore, key: str) -> StoredSummaries | None:
    raw = store.get_meta(key)
    if raw is None:
        return None
    return _parsed(raw)


@functools.lru_cache(maxsize=16)
def _parsed(raw: str) -> StoredSummaries | None:
    """The summaries in `raw`, parsed once per distinct text: a region's are ~0.2 s to
    validate, and a brief of many provinces asks for the same region's again and again.
    Keyed by the whole text, so a changed entry is parsed anew; callers only read them."""
    try:
        return StoredSummaries.model_validate_json(raw)
    except ValidationError:
        return None  # written by another version of partnernet: recompute


def region_summaries(
    store: GraphStore,
    region: geography.Region,
    template: Template,
    day: date,
    *,
    source: nx.MultiDiGraph | None = None,
) -> RegionPeers:
    """Fresh summaries of `region`'s provinces as of `day`: stored ones if they still hold,
    else computed from one read of the region (then stored; see the module docstring). A
    caller holding the whole graph passes it as `source`: the region is cut out of it."""
    key = meta_key(region)
    fingerprint = template_fingerprint(template)
    # Read the version before the graph: a write in between leaves these stamped with the
    # older version, so they are recomputed next time rather than trusted.
    version = store.data_version()
    found = _stored(store, key)
    if found is not None and found.holds(version, fingerprint, day):
        return RegionPeers(found.provinces)
    codes = region_provinces(region)
    scope = Scope(provinces=frozenset(codes))
    graph = scoped.cut(source, scope) if source is not None else store.subgraph(scope)
    summaries = summarise_provinces(PartnershipIndex(graph, template, as_of=day), codes)
    first, last = validity(graph, day)
    entry = StoredSummaries(
        region=region.key,
        data_version=version,
        template=fingerprint,
        as_of=day,
        valid_from=first,
        valid_to=last,
        provinces=summaries,
    )
    try:
        store.set_meta(key, entry.model_dump_json())
    except StoreError as exc:  # e.g. a read-only store: still correct, only not kept
        log.info("peer summaries not kept in %s: %s", store.uri, exc)
    return RegionPeers(summaries, graph)


def carry_forward(store: GraphStore, before: int) -> None:
    """After a write that changes no summary (a planner's decision: RECOMMENDED is no tie),
    keep the summaries that were fresh before it: those stamped `before` get the version now,
    if that write was the only one since (the version moved on by one; else they stay stale
    and are recomputed, which is always safe)."""
    after = store.data_version()
    if after != before + 1:
        return
    for system in geography.region_systems():
        for region in geography.regions(system):
            key = meta_key(region)
            found = _stored(store, key)
            if found is not None and found.data_version == before:
                entry = found.model_copy(update={"data_version": after})
                try:
                    store.set_meta(key, entry.model_dump_json())
                except StoreError as exc:  # stale then, and recomputed when next needed
                    log.info("peer summaries not carried forward in %s: %s", store.uri, exc)
