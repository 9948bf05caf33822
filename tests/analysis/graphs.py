"""Small NAMED test graphs, shared by every analysis test module.

Builders return fresh graphs on every call, so tests may modify what they get. Names and ids
are stable: other test modules (gaps, recommend) rely on them, so add builders rather than
changing existing ones.

Two families:
- typed graphs (`nx.MultiDiGraph` exactly as `graph_from_records` builds them from a store),
  made from validated model objects: `khon_kaen_star`, `broker_chain`, `two_provinces`,
  `event_and_proposals`;
- plain undirected graphs for hub/structure measures whose answers are known by hand:
  `star`, `path`, `two_triangles`, `gf_chain`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx

from partnernet.graph.model import (
    Academic,
    Agency,
    AgencyTier,
    AgencyType,
    CivilSocietyGroup,
    CivilSocietyType,
    Council,
    CouncilLevel,
    Event,
    Issue,
    Node,
    NodeKind,
    ParticipationRole,
    PartnershipForm,
    Person,
    Proposal,
    ProposalStatus,
    Relationship,
    RelType,
    check_endpoints,
)
from partnernet.graph.store import GraphRecords, graph_from_records

# --- ids (stable: other test modules import them) --------------------------------------------
KK_NET = "council:provincial:40"  # Khon Kaen provincial council network (the star's centre)
KK_GOV = "agency:governor_office:40"
KK_PAO = "agency:pao:40"
KK_MSDHS = "agency:msdhs_office:40"
KK_CDD = "agency:cdd_office:40"
KK_CODI = "agency:codi_office:40:สำนักงานภาคอีสาน"  # in no star: the missing template role
KK_UNI = "academic:40:มหาวิทยาลัยขอนแก่น"
KK_CSO = "cso:40:เครือข่ายประชาสังคมขอนแก่น"
KK_SUB1 = "council:subdistrict:400101"
KK_SUB2 = "council:subdistrict:400102"
KK_SUB3 = "council:subdistrict:400103"
KK_SAO1 = "agency:sao:400101"

RE_NET = "council:provincial:45"  # Roi Et
RE_PAO = "agency:pao:45"
RE_GOV = "agency:governor_office:45"
RE_ASSEMBLY = "cso:45:สภาสาเกตุนคร"
RE_SUB1 = "council:subdistrict:450101"

BROKER = "cso:40:มูลนิธิพัฒนาอีสาน"  # broker_chain's only bridge from councils to agencies

HOUSING = "issue:housing"
LAND = "issue:land"
FORUM = "event:40:เวทีสมัชชาขอนแก่น"
FORUM2 = "event:40:เวทีแผนจังหวัด"
PROPOSAL_HOUSING = "proposal:40:บ้านมั่นคง"
PROPOSAL_LAND = "proposal:40:โฉนดชุมชน"
PROPOSAL_UNSENT = "proposal:40:สวัสดิการชุมชน"
PERSON = "person:ทองใบ-สิงสีทา"


def typed_graph(nodes: Iterable[Node], rels: Iterable[Relationship]) -> nx.MultiDiGraph:
    """A MultiDiGraph built exactly as a store's `subgraph()` builds it (endpoints checked)."""
    records = GraphRecords()
    kinds: dict[str, NodeKind] = {}
    for node in nodes:
        records.nodes[node.id] = (node.kind, node.to_props())
        kinds[node.id] = node.kind
    for rel in rels:
        check_endpoints(rel, kinds[rel.source], kinds[rel.target])
        records.edges.append((rel.type, rel.source, rel.target, rel.to_props()))
    return graph_from_records(records)


def _rel(type_: RelType, source: str, target: str, **props: object) -> Relationship:
    return Relationship.model_validate({"type": type_, "source": source, "target": target, **props})


def _kk_agencies() -> list[Node]:
    return [
        Agency(
            id=KK_GOV,
            name_th="สำนักงานจังหวัดขอนแก่น",
            type=AgencyType.GOVERNOR_OFFICE,
            tier=AgencyTier.PROVINCIAL,
            province_code="40",
        ),
        Agency(
            id=KK_PAO,
            name_th="องค์การบริหารส่วนจังหวัดขอนแก่น",
            type=AgencyType.PAO,
            tier=AgencyTier.PROVINCIAL,
            province_code="40",
        ),
        Agency(
            id=KK_MSDHS,
            name_th="สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดขอนแก่น",
            type=AgencyType.MSDHS_OFFICE,
            tier=AgencyTier.PROVINCIAL,
            province_code="40",
        ),
        Agency(
            id=KK_CDD,
            name_th="สำนักงานพัฒนาชุมชนจังหวัดขอนแก่น",
            type=AgencyType.CDD_OFFICE,
            tier=AgencyTier.PROVINCIAL,
            province_code="40",
        ),
    ]


def _kk_subcouncils() -> list[Node]:
    return [
        Council(
            id=code,
            name_th=f"สภาองค์กรชุมชนตำบล{name}",
            level=CouncilLevel.SUBDISTRICT,
            province_code="40",
            district_code="4001",
            subdistrict_code=code.rsplit(":", 1)[1],
        )
        for code, name in ((KK_SUB1, "ในเมือง"), (KK_SUB2, "สำราญ"), (KK_SUB3, "โคกสี"))
    ]


def khon_kaen_star() -> nx.MultiDiGraph:
    """Khon Kaen's provincial council network at the centre of a star of 9 organisations.

    Spokes: PARTNERS_WITH (MOU) to the governor's office, PAO (weight 2), MSDHS and CDD offices,
    Khon Kaen University and the civil-society network; MEMBER_OF from three subdistrict
    councils. Known by hand: KK_NET is the only articulation point, betweenness 1 (normalised);
    every edge is a bridge; the template role missing is CODI's regional office; no
    subdistrict council ties to an SAO or municipality.
    """
    nodes: list[Node] = [
        Council(
            id=KK_NET,
            name_th="สภาองค์กรชุมชนจังหวัดขอนแก่น",
            name_en="Khon Kaen Provincial Community Organization Council",
            level=CouncilLevel.PROVINCIAL,
            province_code="40",
        ),
        *_kk_agencies(),
        Academic(
            id=KK_UNI, name_th="มหาวิทยาลัยขอนแก่น", name_en="Khon Kaen University", province_code="40"
        ),
        CivilSocietyGroup(
            id=KK_CSO,
            name_th="เครือข่ายประชาสังคมขอนแก่น",
            type=CivilSocietyType.NETWORK,
            province_code="40",
        ),
        *_kk_subcouncils(),
    ]
    rels = [
        _rel(RelType.PARTNERS_WITH, KK_NET, KK_GOV, form=PartnershipForm.MOU),
        _rel(RelType.PARTNERS_WITH, KK_NET, KK_PAO, form=PartnershipForm.MOU, weight=2.0),
        _rel(RelType.PARTNERS_WITH, KK_NET, KK_MSDHS, form=PartnershipForm.JOINT_PROJECT),
        _rel(RelType.PARTNERS_WITH, KK_NET, KK_CDD, form=PartnershipForm.COMMITTEE),
        _rel(RelType.PARTNERS_WITH, KK_NET, KK_UNI, form=PartnershipForm.TECHNICAL_SUPPORT),
        _rel(RelType.PARTNERS_WITH, KK_NET, KK_CSO, form=PartnershipForm.CO_ORGANISED),
        *(_rel(RelType.MEMBER_OF, sub, KK_NET) for sub in (KK_SUB1, KK_SUB2, KK_SUB3)),
    ]
    return typed_graph(nodes, rels)


def broker_chain() -> nx.MultiDiGraph:
    """Three subdistrict councils whose only path to any agency runs through one broker.

    KK_SUB1, KK_SUB2 and KK_SUB3 are MEMBER_OF KK_NET; KK_NET PARTNERS_WITH the foundation
    BROKER; BROKER PARTNERS_WITH the PAO and the governor's office, which partner each other.
    Known by hand: articulation points {KK_NET, BROKER}; bridges are the three MEMBER_OF ties
    and KK_NET-BROKER; BROKER is a single point of failure between councils and agencies
    (and, grouped by kind, a liaison-free gatekeeper/representative between Council and Agency).
    """
    nodes: list[Node] = [
        Council(
            id=KK_NET,
            name_th="สภาองค์กรชุมชนจังหวัดขอนแก่น",
            level=CouncilLevel.PROVINCIAL,
            province_code="40",
        ),
        *_kk_subcouncils(),
        CivilSocietyGroup(
            id=BROKER, name_th="มูลนิธิพัฒนาอีสาน", type=CivilSocietyType.FOUNDATION, province_code="40"
        ),
        *_kk_agencies()[:2],
    ]
    rels = [
        *(_rel(RelType.MEMBER_OF, sub, KK_NET) for sub in (KK_SUB1, KK_SUB2, KK_SUB3)),
        _rel(RelType.PARTNERS_WITH, KK_NET, BROKER),
        _rel(RelType.PARTNERS_WITH, BROKER, KK_PAO),
        _rel(RelType.PARTNERS_WITH, BROKER, KK_GOV),
        _rel(RelType.PARTNERS_WITH, KK_GOV, KK_PAO, form=PartnershipForm.COMMITTEE),
    ]
    return typed_graph(nodes, rels)


def two_provinces() -> nx.MultiDiGraph:
    """Khon Kaen (40) and Roi Et (45): two dense clusters joined by one inter-province tie.

    Khon Kaen: KK_NET, KK_GOV, KK_PAO, KK_UNI all partner each other (a 4-clique).
    Roi Et: RE_NET, RE_GOV, RE_PAO, RE_ASSEMBLY all partner each other (a 4-clique), and
    RE_SUB1 is MEMBER_OF RE_NET. The only tie across: KK_UNI PARTNERS_WITH RE_ASSEMBLY.
    Known by hand: bridge (KK_UNI, RE_ASSEMBLY); Louvain finds the two provinces (ARI = NMI = 1);
    both ends of the bridge and RE_NET are articulation points.
    """
    kk = [KK_NET, KK_GOV, KK_PAO, KK_UNI]
    re_ = [RE_NET, RE_GOV, RE_PAO, RE_ASSEMBLY]
    nodes: list[Node] = [
        Council(
            id=KK_NET,
            name_th="สภาองค์กรชุมชนจังหวัดขอนแก่น",
            level=CouncilLevel.PROVINCIAL,
            province_code="40",
        ),
        *_kk_agencies()[:2],
        Academic(id=KK_UNI, name_th="มหาวิทยาลัยขอนแก่น", province_code="40"),
        Council(
            id=RE_NET,
            name_th="สภาองค์กรชุมชนจังหวัดร้อยเอ็ด",
            level=CouncilLevel.PROVINCIAL,
            province_code="45",
        ),
        Agency(
            id=RE_GOV,
            name_th="สำนักงานจังหวัดร้อยเอ็ด",
            type=AgencyType.GOVERNOR_OFFICE,
            province_code="45",
        ),
        Agency(
            id=RE_PAO, name_th="องค์การบริหารส่วนจังหวัดร้อยเอ็ด", type=AgencyType.PAO, province_code="45"
        ),
        CivilSocietyGroup(
            id=RE_ASSEMBLY,
            name_th="สภาสาเกตุนคร",
            type=CivilSocietyType.CIVIC_ASSEMBLY,
            province_code="45",
        ),
        Council(
            id=RE_SUB1,
            name_th="สภาองค์กรชุมชนตำบลในเมือง",
            level=CouncilLevel.SUBDISTRICT,
            province_code="45",
            subdistrict_code="450101",
        ),
    ]
    rels = [
        *(_rel(RelType.PARTNERS_WITH, a, b) for group in (kk, re_) for a, b in _pairs(group)),
        _rel(RelType.MEMBER_OF, RE_SUB1, RE_NET),
        _rel(RelType.PARTNERS_WITH, KK_UNI, RE_ASSEMBLY),
    ]
    return typed_graph(nodes, rels)


def event_and_proposals() -> nx.MultiDiGraph:
    """Evidence other than declared partnerships, for the projection.

    - FORUM: KK_NET (organiser), KK_SUB1, KK_SUB2, KK_PAO participate; a Person too (ignored).
    - FORUM2: KK_NET, KK_SUB1, KK_GOV participate. So KK_NET-KK_SUB1 share 2 events.
    - PROPOSAL_HOUSING: proposed by KK_NET and KK_SUB1, submitted to KK_PAO and KK_GOV.
    - PROPOSAL_LAND: proposed by KK_SUB2, submitted to KK_PAO (status acknowledged).
    - PROPOSAL_UNSENT: proposed by KK_SUB2, never submitted (no channel).
    - PERSON HOLDS_ROLE in KK_NET and KK_SUB1 (a holds_role tie when the mix weighs it).
    - KK_NET PARTNERS_WITH KK_PAO (weight 3) and KK_PAO SUPPORTS PROPOSAL_HOUSING (not an
      organisation, so no tie); KK_PAO FUNDS KK_SUB1; both WORK_ON HOUSING (no tie).
    """
    nodes: list[Node] = [
        Council(
            id=KK_NET,
            name_th="สภาองค์กรชุมชนจังหวัดขอนแก่น",
            level=CouncilLevel.PROVINCIAL,
            province_code="40",
        ),
        *_kk_subcouncils()[:2],
        *_kk_agencies()[:2],
        Event(id=FORUM, name_th="เวทีสมัชชาขอนแก่น", province_code="40"),
        Event(id=FORUM2, name_th="เวทีแผนจังหวัด", province_code="40"),
        Proposal(
            id=PROPOSAL_HOUSING,
            name_th="บ้านมั่นคง",
            status=ProposalStatus.SUBMITTED,
            province_code="40",
        ),
        Proposal(
            id=PROPOSAL_LAND,
            name_th="โฉนดชุมชน",
            status=ProposalStatus.ACKNOWLEDGED,
            province_code="40",
        ),
        Proposal(id=PROPOSAL_UNSENT, name_th="สวัสดิการชุมชน", province_code="40"),
        Person(id=PERSON, name_th="ทองใบ สิงสีทา", title="ประธาน"),
        Issue(id=HOUSING, name_th="ที่อยู่อาศัย", name_en="housing", code="housing"),
    ]
    part = RelType.PARTICIPATED_IN
    rels = [
        _rel(part, KK_NET, FORUM, role=ParticipationRole.ORGANISER),
        *(_rel(part, org, FORUM) for org in (KK_SUB1, KK_SUB2, KK_PAO, PERSON)),
        *(_rel(part, org, FORUM2) for org in (KK_NET, KK_SUB1, KK_GOV)),
        _rel(RelType.PROPOSED, KK_NET, PROPOSAL_HOUSING),
        _rel(RelType.PROPOSED, KK_SUB1, PROPOSAL_HOUSING),
        _rel(RelType.SUBMITTED_TO, PROPOSAL_HOUSING, KK_PAO),
        _rel(RelType.SUBMITTED_TO, PROPOSAL_HOUSING, KK_GOV),
        _rel(RelType.PROPOSED, KK_SUB2, PROPOSAL_LAND),
        _rel(RelType.SUBMITTED_TO, PROPOSAL_LAND, KK_PAO, status=ProposalStatus.ACKNOWLEDGED),
        _rel(RelType.PROPOSED, KK_SUB2, PROPOSAL_UNSENT),
        _rel(RelType.HOLDS_ROLE, PERSON, KK_NET, role_th="ประธาน"),
        _rel(RelType.HOLDS_ROLE, PERSON, KK_SUB1, role_th="กรรมการ"),
        _rel(RelType.PARTNERS_WITH, KK_NET, KK_PAO, weight=3.0),
        _rel(RelType.SUPPORTS, KK_PAO, PROPOSAL_HOUSING),
        _rel(RelType.FUNDS, KK_PAO, KK_SUB1, amount_thb=50000.0, year=2023),
        _rel(RelType.WORKS_ON, KK_NET, HOUSING),
        _rel(RelType.WORKS_ON, KK_PAO, HOUSING),
    ]
    return typed_graph(nodes, rels)


def _pairs(items: Sequence[str]) -> list[tuple[str, str]]:
    return [(a, b) for i, a in enumerate(items) for b in items[i + 1 :]]


# --- plain undirected graphs ------------------------------------------------------------------


def star(leaves: int = 5) -> nx.Graph:
    """Centre "c" and leaves "l0".."l{n-1}"; the centre is a Council, leaves are Agencies."""
    g = nx.Graph()
    g.add_node("c", kind="Council", province_code="40")
    for i in range(leaves):
        g.add_node(f"l{i}", kind="Agency", province_code="40")
        g.add_edge("c", f"l{i}", weight=1.0)
    return g


def path(n: int = 4) -> nx.Graph:
    """Nodes "p0".."p{n-1}" in a line; every edge is a bridge, inner nodes cut vertices."""
    g = nx.Graph()
    for i in range(n):
        g.add_node(f"p{i}", kind="Council", province_code="40")
    g.add_edges_from((f"p{i}", f"p{i + 1}", {"weight": 1.0}) for i in range(n - 1))
    return g


def two_triangles() -> nx.Graph:
    """Triangles a1-a2-a3 (province 40, Councils) and b1-b2-b3 (province 45, Agencies) joined by
    the single edge a3-b1: the bridge; a3 and b1 are the brokers (articulation points)."""
    g = nx.Graph()
    for side, province, kind in (("a", "40", "Council"), ("b", "45", "Agency")):
        ids = [f"{side}{i}" for i in (1, 2, 3)]
        for node in ids:
            g.add_node(node, kind=kind, province_code=province)
        g.add_edges_from((a, b, {"weight": 1.0}) for a, b in _pairs(ids))
    g.add_edge("a3", "b1", weight=1.0)
    return g


def gf_chain(groups: tuple[str, str, str], attribute: str = "kind") -> nx.Graph:
    """The 3-node chain x - y - z with groups (x, y, z) on `attribute`; y is the broker.

    Gould–Fernandez role of y on the symmetric directed version (both x->y->z and z->y->x):
    A,A,A coordinator (2); B,A,B itinerant (2); A,A,B representative + gatekeeper (1 each);
    A,B,C liaison (2).
    """
    g = nx.Graph()
    for node, group in zip(("x", "y", "z"), groups, strict=True):
        g.add_node(node, **{attribute: group})
    g.add_edges_from([("x", "y"), ("y", "z")])
    return g
