"""The network over time, from a store: province analyses as of a day, what changed between
two days (`diff`), headline figures per period (`trend`).

All the time logic is in `analysis.timeline` (pure, on graphs), so both stores answer the same
without any store method of their own: this module reads a scope once and asks the graph of
each day from `timeline.graph_as_of`.

Peer summaries (`service.peers`) are kept in the store for today's ties only; a past day's are
computed here from the region's graph as of that day (never read from, nor written to, the
store's cache), which is correct whatever the day, at the price of one region read.
"""

from __future__ import annotations

from datetime import date

from partnernet.analysis.gap_index import PartnershipIndex
from partnernet.analysis.peers import summarise_provinces
from partnernet.analysis.template import Template
from partnernet.analysis.timeline import graph_as_of
from partnernet.foundation import geography
from partnernet.foundation.errors import UserError
from partnernet.foundation.thai import ThaiDateError, parse_thai_date
from partnernet.graph.store import GraphStore, Scope
from partnernet.service.analyses import ProvinceView, province_cut
from partnernet.service.peers import region_provinces


def parse_day(text: str | None) -> date | None:
    """A day given by a user: ISO (`2023-03-22`, or with a Buddhist-Era year `2566-03-22`)
    or Thai (`22 มี.ค. 2566`, `22/3/2566`); None stays None."""
    if text is None or not text.strip():
        return None
    try:
        return parse_thai_date(text)
    except ThaiDateError as exc:
        raise UserError(str(exc)) from None


def province_view_as_of(
    store: GraphStore, province: str, template: Template, day: date
) -> ProvinceView:
    """A province's view (`analyses.province_view`) as the network stood on `day`: the
    region is read, taken as of the day, summarised for the peers and the province cut out."""
    found = geography.resolve_province(province)
    region = geography.region_of(found.code, template.region_system)
    peers = region_provinces(region)
    regional = graph_as_of(store.subgraph(Scope(provinces=frozenset(peers))), day)
    summaries = summarise_provinces(PartnershipIndex(regional, template, as_of=day), peers)
    return ProvinceView(
        province=found,
        peers=peers,
        graph=province_cut(regional, found.code),
        summaries=summaries,
    )
