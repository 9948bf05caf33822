"""Snapshots from rosters: files that are the full state of a scope's ties on a day.

Staff re-send the same yearly spreadsheet. `partnernet ingest FILES --snapshot DATE --scope
province:P` reads them as "these are all the ties of P on DATE": the ties they list are
written as usual (confirmed), and the ties of P in force on DATE that they do not list end on
DATE (`until = DATE`, the first day they no longer hold). Without `--snapshot`, ingest never
ends a tie.

A tie is a (type, pair of organisations) whatever its direction, so a roster listing B-A
confirms the stored A->B. Rows must name organisations by id (as the templates do): a tie
written with names is matched by the ids it would resolve to only after ingest, so it could
not be told apart from a missing one in a dry run.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import networkx as nx

from partnernet.graph.model import ORGANIZATION_KINDS, Relationship, RelType
from partnernet.ingest.pipeline import _expand, _records
from partnernet.ingest.tabular import read_tables

TIE_TYPES: frozenset[str] = frozenset(
    t.value for t in (RelType.PARTNERS_WITH, RelType.MEMBER_OF, RelType.FUNDS, RelType.SUPPORTS)
)
_ORGS = frozenset(k.value for k in ORGANIZATION_KINDS)
TieKey = tuple[str, str, str]  # type, the smaller id, the larger id


def tie_key(type_: str, a: str, b: str) -> TieKey:
    return (type_, a, b) if a <= b else (type_, b, a)


def listed_ties(paths: Sequence[Path], encoding: str | None = None) -> set[TieKey]:
    """The ties the files list (rows that convert; rejected rows list nothing)."""
    warnings: list[str] = []
    tables = [t for file in _expand(paths, warnings) for t in read_tables(file, encoding)]
    found: set[TieKey] = set()
    for record in _records(tables):
        for rel in record.rels:
            if rel.type.value in TIE_TYPES:
                found.add(tie_key(rel.type.value, rel.source, rel.target))
    return found


def ties_to_end(
    graph: nx.MultiDiGraph, core: set[str], day: date, listed: set[TieKey]
) -> list[Relationship]:
    """The ties of `core` organisations in force on `day` that the snapshot does not list,
    each with `until = day`."""
    when = day.isoformat()
    ended: list[Relationship] = []
    kinds = dict(graph.nodes(data="kind"))
    for source, target, key, data in sorted(graph.edges(keys=True, data=True), key=_order):
        if key not in TIE_TYPES or (source not in core and target not in core):
            continue
        if kinds.get(source) not in _ORGS or kinds.get(target) not in _ORGS:
            continue
        since, until = data.get("since"), data.get("until")
        if (isinstance(since, str) and since > when) or (isinstance(until, str) and until <= when):
            continue  # not in force that day: nothing for the snapshot to end
        if tie_key(key, source, target) in listed:
            continue
        props = {k: v for k, v in data.items() if k != "type"}
        ended.append(Relationship.from_props(key, source, target, {**props, "until": when}))
    return ended


def lapsed_but_listed(
    graph: nx.MultiDiGraph, core: set[str], day: date, listed: set[TieKey]
) -> list[tuple[str, str, str, str]]:
    """Ties the snapshot lists that had ended by `day` and hold by no other relationship then:
    (type, source, target, until). The store keeps one period per relationship and an
    ingest cannot clear an `until`, so these are not reopened: the caller says so."""
    when = day.isoformat()
    holding: set[TieKey] = set()
    lapsed: dict[TieKey, tuple[str, str, str, str]] = {}
    for source, target, key, data in sorted(graph.edges(keys=True, data=True), key=_order):
        if key not in TIE_TYPES or (source not in core and target not in core):
            continue
        found = tie_key(key, source, target)
        if found not in listed:
            continue
        since, until = data.get("since"), data.get("until")
        if isinstance(until, str) and until <= when:
            lapsed.setdefault(found, (key, source, target, until))
        elif not (isinstance(since, str) and since > when):
            holding.add(found)
    return [row for found, row in sorted(lapsed.items()) if found not in holding]


def _order(edge: tuple[str, str, str, object]) -> tuple[str, str, str]:
    return (edge[0], edge[1], edge[2])
