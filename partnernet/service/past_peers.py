"""Peer summaries of past days, kept in the store like today's (`service/peers.py`).

A province's analysis as of a day needs its region's peer summaries as of that day. Today's
are kept per region and carried across writes; a past day's cost a read of the region (twenty
provinces) and a summary of it: on the national sample about ten seconds, where the
province's own analysis takes a fraction of one. So each region keeps the summaries of the
last `KEPT` past days asked, each valid for the span of days on which the region's graph as of
a day is the same (`timeline.dated_days`), stamped with the data version and template like
today's. A trend by year asks the same period ends every time; after its first run it reads
only the province.

Layout in the store's meta table: `peer_summaries_as_of:<region>` holds a small index (which
slot holds which span); `peer_summaries_as_of:<region>:<slot>` holds one `StoredSummaries`
(about 1.4 MB of JSON for the largest region), so a lookup parses only the entry it uses. Two
processes writing at once can leave the index naming a slot another process rewrote: a slot
is checked again on reading, and a mismatch is recomputed, never used.
"""

from __future__ import annotations

import logging
import weakref
from bisect import bisect_right
from datetime import date

import networkx as nx
from pydantic import BaseModel, ValidationError

from partnernet.analysis.gap_index import PartnershipIndex
from partnernet.analysis.peers import PeerSummary, summarise_provinces
from partnernet.analysis.template import Template
from partnernet.analysis.timeline import dated_days, graph_as_of, keep_as_of
from partnernet.foundation import geography
from partnernet.graph import scoped
from partnernet.graph.store import GraphStore, Scope, StoreError
from partnernet.service.peers import (
    StoredSummaries,
    parsed_summaries,
    region_provinces,
    template_fingerprint,
)
from partnernet.service.reading import ProvinceReading, province_cut

log = logging.getLogger(__name__)

AS_OF_PREFIX = "peer_summaries_as_of"
KEPT = 48  # past days kept per region: ten years by quarter, and a few more
SEEN = 16  # past days remembered per store by a process (no more than KEPT)

# Days already read or computed by this process, per store (weakly: a store's go with it),
# newest last: a trend asks the same periods every time, and on Neo4j fetching a kept day is
# a round trip with 1.4 MB of JSON (0.1 s a trend). An entry holds a region's summaries at one
# data version and template for its own span of days, so it stays true whatever another
# process later writes into its slot; `StoredSummaries.holds` picks it only for its own
# region's (the key) data version, template and days.
_SEEN: weakref.WeakKeyDictionary[object, list[tuple[str, StoredSummaries]]] = (
    weakref.WeakKeyDictionary()
)


class KeptSpan(BaseModel):
    slot: int
    data_version: int
    template: str
    valid_from: date | None
    valid_to: date | None


class KeptIndex(BaseModel):
    spans: list[KeptSpan]  # least recently written first


class PastPeers:
    """One region's peer summaries on past days: kept ones looked up, others computed from
    the region's graph, read at most once per instance (or cut from a `whole` graph)."""

    def __init__(
        self,
        store: GraphStore,
        region: geography.Region,
        template: Template,
        *,
        whole: nx.MultiDiGraph | None = None,
    ) -> None:
        self.store = store
        self.region = region
        self.template = template
        self.peers = region_provinces(region)
        self.version = store.data_version()  # before any read: see service/peers.py
        self.fingerprint = template_fingerprint(template)
        self.key = f"{AS_OF_PREFIX}:{region.key}"
        self._whole = whole
        self._area: nx.MultiDiGraph | None = None
        self._days: list[date] | None = None
        self.computed = 0  # days summarised from the region by this instance
        try:
            self._seen = _SEEN.setdefault(store, [])
        except TypeError:  # a store that cannot be referenced weakly: remember nothing
            self._seen = []

    @property
    def area_read(self) -> nx.MultiDiGraph | None:
        """The region's graph if this instance has it already (None: not read)."""
        return self._area

    def area(self) -> nx.MultiDiGraph:
        if self._area is None:
            scope = Scope(provinces=frozenset(self.peers))
            if self._whole is not None:
                self._area = scoped.cut(self._whole, scope)
            else:
                self._area = self.store.subgraph(scope)
        return self._area

    def summaries(self, day: date) -> dict[str, PeerSummary]:
        for region, seen in reversed(self._seen):
            if region == self.region.key and seen.holds(self.version, self.fingerprint, day):
                return seen.provinces
        entry = self._kept(day)
        if entry is None:
            area = self.area()
            index = PartnershipIndex(graph_as_of(area, day), self.template, as_of=day)
            summaries = summarise_provinces(index, self.peers)
            self.computed += 1
            if self._days is None:
                self._days = dated_days(area)
            first, last = _span(self._days, day)
            entry = StoredSummaries(
                region=self.region.key,
                data_version=self.version,
                template=self.fingerprint,
                as_of=day,
                valid_from=first,
                valid_to=last,
                provinces=summaries,
            )
            self._keep(entry)
        self._seen.append((self.region.key, entry))
        del self._seen[: -min(SEEN, KEPT)]
        return entry.provinces

    def _index(self) -> KeptIndex:
        raw = self.store.get_meta(self.key)
        if raw is not None:
            try:
                return KeptIndex.model_validate_json(raw)
            except ValidationError:
                pass  # an older layout (one entry) or damage: start afresh
        return KeptIndex(spans=[])

    def _holds(self, span: KeptSpan | StoredSummaries, day: date) -> bool:
        return (
            span.data_version == self.version
            and span.template == self.fingerprint
            and (span.valid_from is None or span.valid_from <= day)
            and (span.valid_to is None or day <= span.valid_to)
        )

    def _kept(self, day: date) -> StoredSummaries | None:
        for span in reversed(self._index().spans):
            if not self._holds(span, day):
                continue
            raw = self.store.get_meta(f"{self.key}:{span.slot}")
            entry = parsed_summaries(raw) if raw is not None else None
            if entry is not None and entry.holds(self.version, self.fingerprint, day):
                return entry
        return None

    def _keep(self, entry: StoredSummaries) -> None:
        index = self._index()
        # Entries of another data version or template never hold again: their slots first.
        live = [
            s
            for s in index.spans
            if (s.data_version, s.template) == self._stamp() and 0 <= s.slot < KEPT
        ]
        live = live[len(live) - KEPT + 1 :] if len(live) >= KEPT else live  # the oldest go
        slot = min(set(range(KEPT)) - {s.slot for s in live})
        span = KeptSpan(
            slot=slot,
            data_version=self.version,
            template=self.fingerprint,
            valid_from=entry.valid_from,
            valid_to=entry.valid_to,
        )
        try:
            self.store.set_meta(f"{self.key}:{slot}", entry.model_dump_json())
            self.store.set_meta(self.key, KeptIndex(spans=[*live, span]).model_dump_json())
        except StoreError as exc:  # a read-only store: still correct, only not kept
            log.info("past peer summaries not kept in %s: %s", self.store.uri, exc)

    def _stamp(self) -> tuple[int, str]:
        return self.version, self.fingerprint


def _span(days: list[date], day: date) -> tuple[date | None, date | None]:
    """The days around `day` on which the graph as of a day is the same as on `day`: from
    the last dated day on or before it to the day before the next one (None: unbounded)."""
    at = bisect_right(days, day)
    first = days[at - 1] if at else None
    last = date.fromordinal(days[at].toordinal() - 1) if at < len(days) else None
    return first, last


def read_province_as_of(
    store: GraphStore,
    province: str,
    template: Template,
    day: date,
    *,
    whole: nx.MultiDiGraph | None = None,
) -> ProvinceReading:
    """A province's reading (`analyses.read_province`) as the network stood on `day`: the
    province's graph as of the day and its peers' summaries as of the day (kept, or computed
    from the region). With `whole` (the whole graph, already read), nothing more is read."""
    found = geography.resolve_province(province)
    region = geography.region_of(found.code, template.region_system)
    past = PastPeers(store, region, template, whole=whole)
    summaries = past.summaries(day)
    source = past.area_read if past.area_read is not None else whole
    if source is not None:
        own = province_cut(source, found.code)
    else:
        own = store.subgraph(Scope(provinces=frozenset({found.code})))
    # Cut first, then take the day: the same graph as the province's own read as of the day.
    # `own` is this reading's alone (a read or a cut copies): the day is taken in place.
    return ProvinceReading(found, past.peers, keep_as_of(own, day), summaries)
