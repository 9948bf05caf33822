"""A seeded synthetic partnership network at national scale, with planted gaps and their truth.

Built on geothai's real provinces, districts and subdistricts:

- a Community Organization Council in about 58% of subdistricts (the published 4,331 councils
  of 7,455 areas), municipal councils where a municipality governs the subdistrict, district
  councils in about a third of the districts, one provincial council network per province,
  one regional network per region and the national assembly;
- member community organisations (savings groups, welfare funds, housing cooperatives, ...;
  ~25 per council at national scale), partnering each other by preferential attachment,
  mostly within their district (heavy-tailed, regionally clustered);
- each province's governor's office, PAO, MSDHS and CDD offices, health office, line offices
  and integrated-administration committee (ก.บ.จ.); an SAO or municipality per subdistrict;
  health-promoting hospitals; CODI's headquarters and six regional offices (Khon Kaen for the
  Northeast); ministries; real universities where they are; civil-society networks, civic
  assemblies and the private sector in every province;
- proposals with statuses and addressees, and events (assemblies, planning forums, district
  forums) with organisers, speakers and participants.

Scales (`SCALES`, seed 1): S (4 northeastern provinces, ~4k nodes, ~19k relationships),
M (the Northeast, ~23k / ~117k), L (all provinces at lower density, ~63k / ~327k), national
(~146k nodes, ~960k relationships; generated in ~20 s on one core).

Public API:

- :func:`generate` → :class:`SyntheticNetwork` (rows of the four templates and the planted
  gaps); the same scale and seed give the same rows, and :func:`write_templates` the same
  bytes, on every run;
- :func:`write_templates` writes ``organizations.csv``, ``relationships.csv``,
  ``proposals.csv``, ``events.csv`` (the headers of DESIGN.md) and ``ground_truth.json``;
- :func:`iter_nodes` / :func:`iter_relationships` / :func:`model_objects` build the model
  objects directly — the same graph that loading the files through the tabular pipeline
  gives, without parsing them (benchmarks load this way);
- :func:`synth` is what ``partnernet synth`` runs; ``python -m partnernet.synth.generate``
  runs it too.

Gap recovery: run ``find_gaps(graph, province, today=REFERENCE_DATE,
unanswered_after_days=UNANSWERED_AFTER_DAYS)`` and compare with ``ground_truth.json``.

Size: about 600 lines: the order of the generation steps in one place; each step's detail
lives in its own module (build, ties, plants, proposals, events, names).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from partnernet.foundation import geography as geo
from partnernet.foundation.errors import InvalidInput
from partnernet.graph.issues import issue_node, resolve_issue
from partnernet.graph.model import (
    NODE_CLASSES,
    AgencyType,
    CivilSocietyType,
    CouncilLevel,
    Event,
    Node,
    NodeKind,
    ParticipationRole,
    Proposal,
    Relationship,
    RelType,
)
from partnernet.ingest.rows import area_records
from partnernet.synth.build import Builder
from partnernet.synth.events import add_events
from partnernet.synth.plants import Planter
from partnernet.synth.proposals import ProposalWriter
from partnernet.synth.rows import (
    REFERENCE_DATE,
    SCALE_NAMES,
    SCALES,
    UNANSWERED_AFTER_DAYS,
    EventRow,
    OrgRow,
    PlantedGap,
    ProposalRow,
    RelRow,
    Scale,
    ScaleSpec,
)
from partnernet.synth.ties import baseline

__all__ = [
    "HEADERS",
    "REFERENCE_DATE",
    "SCALES",
    "SCALE_NAMES",
    "UNANSWERED_AFTER_DAYS",
    "EventRow",
    "OrgRow",
    "PlantedGap",
    "ProposalRow",
    "RelRow",
    "Scale",
    "ScaleSpec",
    "SyntheticNetwork",
    "generate",
    "ground_truth",
    "iter_nodes",
    "iter_relationships",
    "model_objects",
    "synth",
    "write_templates",
]

HEADERS: dict[str, tuple[str, ...]] = {
    "organizations": (
        "id",
        "kind",
        "name_th",
        "name_en",
        "type",
        "level",
        "province",
        "district",
        "subdistrict",
        "issues",
        "aliases",
    ),
    "relationships": ("source", "target", "type", "form", "since", "until", "weight", "source_ref"),
    "proposals": (
        "id",
        "title_th",
        "title_en",
        "proposed_by",
        "submitted_to",
        "status",
        "raised_on",
        "issues",
        "model",
    ),
    "events": ("id", "title", "start_date", "end_date", "province", "place", "participants"),
}
GROUND_TRUTH_FILE = "ground_truth.json"


@dataclass
class SyntheticNetwork:
    """The rows of the four templates, and the gaps planted in them."""

    scale: Scale
    seed: int
    spec: ScaleSpec
    provinces: list[str]
    organizations: list[OrgRow]
    relationships: list[RelRow]
    proposals: list[ProposalRow]
    events: list[EventRow]
    gaps: list[PlantedGap]
    seconds: float = 0.0  # time generate() took

    @property
    def reference_date(self) -> date:
        return REFERENCE_DATE

    def counts(self) -> dict[str, Any]:
        """Rows per template, and the nodes and relationships the graph will have."""
        nodes: Counter[str] = Counter()
        rels: Counter[str] = Counter()
        areas: dict[str, None] = {}
        issues: dict[str, None] = {}
        for org in self.organizations:
            nodes[org.kind.value] += 1
            area = _area_code(org)
            if area:
                areas[area] = None
                rels[RelType.LOCATED_IN.value] += 1
            rels[RelType.WORKS_ON.value] += len(org.issues)
            issues.update(dict.fromkeys(org.issues))
        for rel in self.relationships:
            rels[rel.type.value] += 1
        for proposal in self.proposals:
            rels[RelType.PROPOSED.value] += len(proposal.proposed_by)
            rels[RelType.SUBMITTED_TO.value] += len(proposal.submitted_to)
            rels[RelType.CONCERNS.value] += len(proposal.issues)
            issues.update(dict.fromkeys(proposal.issues))
        for event in self.events:
            rels[RelType.PARTICIPATED_IN.value] += len(event.participants)
        nodes[NodeKind.PROPOSAL.value] += len(self.proposals)
        nodes[NodeKind.EVENT.value] += len(self.events)
        nodes[NodeKind.ISSUE.value] += len(issues)
        geo_nodes, geo_rels = _areas(areas)
        for node in geo_nodes:
            nodes[node.kind.value] += 1
        rels[RelType.IN.value] += len(geo_rels)
        return {
            "rows": {
                "organizations": len(self.organizations),
                "relationships": len(self.relationships),
                "proposals": len(self.proposals),
                "events": len(self.events),
            },
            "nodes": sum(nodes.values()),
            "relationships": sum(rels.values()),
            "nodes_by_kind": dict(sorted(nodes.items())),
            "relationships_by_type": dict(sorted(rels.items())),
            "councils_by_level": dict(
                sorted(
                    Counter(
                        o.level
                        for o in self.organizations
                        if o.kind is NodeKind.COUNCIL and o.level
                    ).items()
                )
            ),
        }

    def tie_stats(self) -> dict[str, Any]:
        """How clustered and heavy-tailed the ties are: the share of PARTNERS_WITH ties
        within a district / province / region (between organisations placed there), and
        the degree distribution over the ties the gap template counts (PARTNERS_WITH,
        MEMBER_OF, FUNDS, SUPPORTS)."""
        regions = {p.code: p.region6 for p in geo.provinces()}
        place = {o.id: (o.district, o.province) for o in self.organizations}
        tie_types = {RelType.PARTNERS_WITH, RelType.MEMBER_OF, RelType.FUNDS, RelType.SUPPORTS}
        degree: Counter[str] = Counter()
        same = Counter[str]()
        placed = 0
        for rel in self.relationships:
            if rel.type not in tie_types:
                continue
            degree[rel.source] += 1
            degree[rel.target] += 1
            if rel.type is not RelType.PARTNERS_WITH:
                continue
            (d1, p1), (d2, p2) = place[rel.source], place[rel.target]
            if not (p1 and p2):
                continue
            placed += 1
            same["district"] += bool(d1 and d1 == d2)
            same["province"] += p1 == p2
            same["region"] += regions.get(p1) == regions.get(p2)
        values = sorted(degree.values())

        def pct(q: float) -> int:
            return values[min(len(values) - 1, int(q * len(values)))] if values else 0

        return {
            "partnerships_between_placed_organisations": placed,
            "same_district_share": round(same["district"] / placed, 3) if placed else None,
            "same_province_share": round(same["province"] / placed, 3) if placed else None,
            "same_region_share": round(same["region"] / placed, 3) if placed else None,
            "degree": {
                "median": pct(0.5),
                "p90": pct(0.9),
                "p99": pct(0.99),
                "max": values[-1] if values else 0,
            },
        }


def generate(scale: Scale, seed: int) -> SyntheticNetwork:
    """The synthetic network of a scale (``S``, ``M``, ``L``, ``national``) for a seed."""
    if scale not in SCALES:
        raise InvalidInput(f"unknown scale {scale!r}; expected one of {', '.join(SCALES)}")
    started = time.perf_counter()
    builder = Builder(SCALES[scale], seed)
    builder.build()
    planter = Planter(builder)
    planter.choose()
    baseline(builder)
    planter.assemblies = add_events(builder)
    ProposalWriter(planter).write()
    planter.implied()
    return SyntheticNetwork(
        scale=scale,
        seed=seed,
        spec=builder.spec,
        provinces=list(builder.provinces),
        organizations=list(builder.orgs.values()),
        relationships=builder.rels,
        proposals=builder.proposals,
        events=builder.events,
        gaps=sorted(planter.truth, key=lambda g: (g.province, g.kind, g.role or "", g.subjects)),
        seconds=time.perf_counter() - started,
    )


# -- files -----------------------------------------------------------------------------------


def _join(items: Sequence[str]) -> str:
    return ";".join(items)


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _template_rows(network: SyntheticNetwork) -> dict[str, Iterator[tuple[str, ...]]]:
    def organizations() -> Iterator[tuple[str, ...]]:
        for o in network.organizations:
            yield (
                o.id,
                o.kind.value,
                o.name_th,
                o.name_en or "",
                o.type or "",
                o.level or "",
                o.province or "",
                o.district or "",
                o.subdistrict or "",
                _join(o.issues),
                _join(o.aliases),
            )

    def relationships() -> Iterator[tuple[str, ...]]:
        for r in network.relationships:
            yield (
                r.source,
                r.target,
                r.type.value,
                r.form.value if r.form else "",
                _iso(r.since),
                "",
                f"{r.weight:g}" if r.weight is not None else "",
                "",
            )

    def proposals() -> Iterator[tuple[str, ...]]:
        for p in network.proposals:
            yield (
                p.id,
                p.title_th,
                p.title_en,
                _join(p.proposed_by),
                _join(p.submitted_to),
                p.status.value,
                p.raised_on.isoformat(),
                _join(p.issues),
                p.model.value if p.model else "",
            )

    def events() -> Iterator[tuple[str, ...]]:
        for e in network.events:
            people = [
                i if r is ParticipationRole.PARTICIPANT else f"{i}:{r.value}"
                for i, r in e.participants
            ]
            yield (
                e.id,
                e.title,
                e.start_date.isoformat(),
                _iso(e.end_date),
                e.province,
                e.place,
                _join(people),
            )

    return {
        "organizations": organizations(),
        "relationships": relationships(),
        "proposals": proposals(),
        "events": events(),
    }


def ground_truth(network: SyntheticNetwork) -> dict[str, Any]:
    """The content of ground_truth.json."""
    return {
        "generator": "partnernet.synth.generate",
        "scale": network.scale,
        "seed": network.seed,
        "description": network.spec.description,
        "reference_date": REFERENCE_DATE.isoformat(),
        "unanswered_after_days": UNANSWERED_AFTER_DAYS,
        "provinces": network.provinces,
        "counts": network.counts(),
        "how_to_check": (
            "run partnernet.analysis.gaps.find_gaps(graph, province, today=reference_date, "
            "unanswered_after_days=unanswered_after_days) for each province and compare "
            "(kind, province, role, subject) items; 'planted': false marks gaps a plant "
            "implies (an isolated council is also unlinked from its local government)"
        ),
        "gaps": [
            {
                "kind": g.kind,
                "province": g.province,
                "role": g.role,
                "subjects": g.subjects,
                "planted": g.planted,
                "cause": g.cause,
            }
            for g in network.gaps
        ],
    }


def write_templates(network: SyntheticNetwork, out_dir: Path) -> dict[str, Path]:
    """Write the four templates (UTF-8, `\\n` line ends) and ground_truth.json; returns
    {"organizations": path, ..., "ground_truth": path}."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, rows in _template_rows(network).items():
        path = out_dir / f"{name}.csv"
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(HEADERS[name])
        writer.writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
        written[name] = path
    path = out_dir / GROUND_TRUTH_FILE
    path.write_text(
        json.dumps(ground_truth(network), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    written["ground_truth"] = path
    return written


# -- model objects ---------------------------------------------------------------------------


def _area_code(org: OrgRow) -> str | None:
    return org.subdistrict or org.district or org.province


def _area(code: str) -> geo.Area:
    if len(code) == 6:
        return geo.subdistrict(code)
    if len(code) == 4:
        return geo.district(code)
    return geo.province(code)


def _areas(codes: dict[str, None]) -> tuple[list[Node], list[Relationship]]:
    """Geography nodes (regions first, then provinces, districts, subdistricts) and IN edges
    of the areas named, as the tabular pipeline creates them."""
    nodes: dict[str, Node] = {}
    rels: dict[tuple[str, str, str], Relationship] = {}
    for code in sorted(codes):
        found, ins = area_records(_area(code))
        for node in found:
            nodes.setdefault(node.id, node)
        for rel in ins:
            rels.setdefault(rel.key, rel)
    order = {
        NodeKind.REGION: 0,
        NodeKind.PROVINCE: 1,
        NodeKind.DISTRICT: 2,
        NodeKind.SUBDISTRICT: 3,
    }
    return (
        sorted(nodes.values(), key=lambda n: (order.get(n.kind, 4), n.id)),
        sorted(rels.values(), key=lambda r: r.key),
    )


def _org_node(org: OrgRow) -> Node:
    props: dict[str, Any] = {
        "id": org.id,
        "name_th": org.name_th,
        "name_en": org.name_en,
        "aliases": org.aliases,
        "province_code": org.province,
        "district_code": org.district,
        "subdistrict_code": org.subdistrict,
    }
    if org.kind is NodeKind.COUNCIL:
        props["level"] = CouncilLevel(str(org.level))
    elif org.kind is NodeKind.AGENCY:
        props["type"] = AgencyType(str(org.type))
    elif org.kind is NodeKind.CIVIL_SOCIETY_GROUP:
        props["type"] = CivilSocietyType(org.type) if org.type else None
    elif org.type:
        props["type"] = org.type
    return NODE_CLASSES[org.kind].model_validate(props)


def iter_nodes(network: SyntheticNetwork) -> Iterator[Node]:
    """Every node of the network's graph: issues, areas, organisations, proposals, events."""
    codes: dict[str, None] = {}
    issues: dict[str, None] = {}
    for org in network.organizations:
        code = _area_code(org)
        if code:
            codes[code] = None
        issues.update(dict.fromkeys(org.issues))
    for proposal in network.proposals:
        issues.update(dict.fromkeys(proposal.issues))
    for code in issues:
        yield issue_node(resolve_issue(code))
    yield from _areas(codes)[0]
    for org in network.organizations:
        yield _org_node(org)
    for p in network.proposals:
        yield Proposal(
            id=p.id,
            name_th=p.title_th,
            name_en=p.title_en,
            title_th=p.title_th,
            status=p.status,
            raised_on=p.raised_on,
            model=p.model,
        )
    for e in network.events:
        yield Event(
            id=e.id,
            name_th=e.title,
            title=e.title,
            start_date=e.start_date,
            end_date=e.end_date,
            place=e.place,
            province_code=e.province,
        )


def iter_relationships(network: SyntheticNetwork) -> Iterator[Relationship]:
    """Every relationship of the network's graph (endpoints all in `iter_nodes`)."""
    codes: dict[str, None] = {}
    for org in network.organizations:
        code = _area_code(org)
        if code:
            codes[code] = None
    yield from _areas(codes)[1]
    area_ids: dict[str, str] = {}
    for org in network.organizations:
        code = _area_code(org)
        if code:
            target = area_ids.get(code)
            if target is None:
                target = area_ids[code] = area_records(_area(code))[0][0].id
            yield Relationship(type=RelType.LOCATED_IN, source=org.id, target=target)
        for issue in org.issues:
            yield Relationship(type=RelType.WORKS_ON, source=org.id, target=f"issue:{issue}")
    for r in network.relationships:
        yield Relationship(
            type=r.type,
            source=r.source,
            target=r.target,
            form=r.form,
            since=r.since,
            weight=r.weight,
        )
    for p in network.proposals:
        for org_id in p.proposed_by:
            yield Relationship(type=RelType.PROPOSED, source=org_id, target=p.id)
        for org_id in p.submitted_to:
            yield Relationship(type=RelType.SUBMITTED_TO, source=p.id, target=org_id)
        for issue in p.issues:
            yield Relationship(type=RelType.CONCERNS, source=p.id, target=f"issue:{issue}")
    for e in network.events:
        for org_id, role in e.participants:
            yield Relationship(type=RelType.PARTICIPATED_IN, source=org_id, target=e.id, role=role)


def model_objects(network: SyntheticNetwork) -> tuple[list[Node], list[Relationship]]:
    """`iter_nodes` and `iter_relationships` as lists."""
    return list(iter_nodes(network)), list(iter_relationships(network))


# -- command ---------------------------------------------------------------------------------


def synth(scale: Scale, seed: int, out_dir: Path) -> dict[str, Any]:
    """Generate and write a scale; returns a summary (files, counts, seconds) to print."""
    network = generate(scale, seed)
    started = time.perf_counter()
    files = write_templates(network, Path(out_dir))
    written = time.perf_counter() - started
    counts = network.counts()
    planted = Counter(g.kind for g in network.gaps if g.planted)
    return {
        "scale": scale,
        "seed": seed,
        "files": {name: str(path) for name, path in files.items()},
        "nodes": counts["nodes"],
        "relationships": counts["relationships"],
        "rows": counts["rows"],
        "planted_gaps": dict(sorted(planted.items())),
        "generate_seconds": round(network.seconds, 2),
        "write_seconds": round(written, 2),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m partnernet.synth.generate",
        description="Write a seeded synthetic national network (four CSV templates and "
        "ground_truth.json).",
    )
    parser.add_argument("--scale", choices=SCALE_NAMES, default="S")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--out", type=Path, required=True, help="output folder")
    args = parser.parse_args(argv)
    summary = synth(args.scale, args.seed, args.out)
    json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
