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

A small edit does not cost the region read: the service's write paths log which provinces
they touched (`service/peer_changes.py`), and summaries stamped with an older version are
brought forward by recomputing only those provinces, each from its own province read (a
province's summary needs only its organisations and their direct partners, all in its
province scope), the rest carried over. Where the log has a hole (a write that did not say
what it touched), where most of the region was touched, or where the template counts derived
ties (shared events, proposals, people: a partner two steps away, outside the province
scope), the region is read as before.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from dataclasses import dataclass, field
from datetime import date

import networkx as nx
from pydantic import BaseModel, ValidationError

from partnernet.analysis.gap_index import PartnershipIndex
from partnernet.analysis.peers import (
    PeerSummary,
    summarise_province,
    summarise_provinces,
    validity,
)
from partnernet.analysis.template import Template
from partnernet.foundation import geography
from partnernet.graph import scoped
from partnernet.graph.store import GraphStore, Scope, StoreError
from partnernet.service import peer_changes

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
        return self.data_version == data_version and self.fits(template, day)

    def fits(self, template: str, day: date) -> bool:
        """Made with this template, and its ties are as on `day` (whatever the version)."""
        return (
            self.format == FORMAT
            and self.template == template
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_to is None or day <= self.valid_to)
        )


@dataclass(frozen=True)
class RegionPeers:
    """A region's summaries, and the region's graph when it had to be read for them; or,
    after a small edit, the provinces whose summaries were recomputed and the graph read for
    them (their province scope)."""

    summaries: dict[str, PeerSummary]
    graph: nx.MultiDiGraph | None = None
    # Province -> the index over its province scope its summary was recomputed from (the
    # province's analysis, on the same day and template, can use it rather than read again).
    refreshed: dict[str, PartnershipIndex] = field(default_factory=dict)


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
    return parsed_summaries(raw)


@functools.lru_cache(maxsize=16)
def parsed_summaries(raw: str) -> StoredSummaries | None:
    """The summaries in `raw`, parsed once per distinct text: a region's are ~0.2 s to
    validate, and a brief of many provinces asks for the same region's again and again (a
    trend, `gaps --as-of` and `diff`: the same past days' again, service/past_peers.py).
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
    if found is not None and found.fits(fingerprint, day) and found.data_version < version:
        brought = _bring_forward(store, key, found, version, template, day, codes, source)
        if brought is not None:
            return brought
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
    _keep(store, key, entry)
    return RegionPeers(summaries, graph)


def _keep(store: GraphStore, key: str, entry: StoredSummaries) -> None:
    try:
        store.set_meta(key, entry.model_dump_json())
    except StoreError as exc:  # e.g. a read-only store: still correct, only not kept
        log.info("peer summaries not kept in %s: %s", store.uri, exc)


def direct_ties_only(template: Template) -> bool:
    """Whether only direct relationships make ties (then a province's summary needs only its
    province scope; see the module docstring)."""
    ties = template.ties
    return ties.co_participation == 0 and ties.proposal_channel == 0 and ties.holds_role == 0


def _bring_forward(
    store: GraphStore,
    key: str,
    found: StoredSummaries,
    version: int,
    template: Template,
    day: date,
    codes: tuple[str, ...],
    source: nx.MultiDiGraph | None,
) -> RegionPeers | None:
    """`found` (older than `version`, else fitting) made current by recomputing the provinces
    the writes since touched; None where that is not known to give the full recompute's
    answer (see the module docstring)."""
    if not direct_ties_only(template):
        return None
    touched = peer_changes.touched_between(store, found.data_version, version)
    if touched is None:
        return None
    stale = tuple(sorted(touched & set(codes)))
    if len(stale) * 2 > len(codes):  # most of the region: one region read is as cheap
        return None
    summaries = dict(found.provinces)
    first, last = found.valid_from, found.valid_to
    indexes: dict[str, PartnershipIndex] = {}
    for code in stale:  # one read each: the analysis of one of them can reuse its index
        scope = Scope(provinces=frozenset({code}))
        graph = scoped.cut(source, scope) if source is not None else store.subgraph(scope)
        index = indexes[code] = PartnershipIndex(graph, template, as_of=day)
        summaries[code] = summarise_province(index, code)
        # The other provinces' ties are as before: the window they held for, narrowed to
        # the days on which the recomputed province's ties are as on `day`.
        since, until = validity(graph, day)
        first = max((d for d in (first, since) if d is not None), default=None)
        last = min((d for d in (last, until) if d is not None), default=None)
    entry = found.model_copy(
        update={
            "data_version": version,
            "as_of": day,
            "valid_from": first,
            "valid_to": last,
            "provinces": summaries,
        }
    )
    _keep(store, key, entry)
    return RegionPeers(summaries, refreshed=indexes)


def carry_forward(store: GraphStore, before: int) -> None:
    """After a write that changes no summary (a planner's decision: RECOMMENDED is no tie),
    keep the summaries that were fresh before it: those stamped `before` get the version now,
    if that write was the only one since (the version moved on by one; else they stay stale
    and are recomputed, which is always safe)."""
    after = store.data_version()
    if after != before + 1:
        return
    # Also in the change log: summaries older than `before` are brought forward through it.
    peer_changes.log_change(store, before, after, ())
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
