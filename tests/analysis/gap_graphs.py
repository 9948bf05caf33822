"""Small NAMED graphs for the gap, recommendation and evaluation tests (answers known by hand),
and a seeded synthetic region for the evaluation harness and benchmarks.

Builders return fresh typed graphs (`nx.MultiDiGraph` exactly as a store's `subgraph()` builds
them). Ids are stable; add builders rather than changing existing ones.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import networkx as nx
from graphs import typed_graph

from partnernet.graph.model import (
    Academic,
    Agency,
    AgencyType,
    CivilSocietyGroup,
    CivilSocietyType,
    CommunityOrganization,
    Council,
    CouncilLevel,
    Issue,
    Node,
    Plan,
    Proposal,
    ProposalStatus,
    RecommendationDecision,
    Relationship,
    RelType,
)

TODAY = date(2024, 6, 1)

# --- Roi Et (45), with its regional partners in Khon Kaen (40) and Maha Sarakham (44) --------
RE_NET = "council:provincial:45"
RE_GOV = "agency:governor_office:45"
RE_PAO = "agency:pao:45"
RE_MSDHS = "agency:msdhs_office:45"
RE_CDD = "agency:cdd_office:45"
RE_ASSEMBLY = "cso:45:สภาสาเกตุนคร"
RE_DISTRICT = "council:district:4501"
RE_SUB1 = "council:subdistrict:450101"  # tied to its own SAO, member of the network
RE_SUB2 = "council:subdistrict:450102"  # tied to a municipality of its district, member
RE_SUB3 = "council:subdistrict:450201"  # tied to another district's SAO only: unlinked
RE_SAO1 = "agency:sao:450101"
RE_MUNI = "agency:municipality:45:เทศบาลเมืองร้อยเอ็ด"
CODI_NE = "agency:codi_office:40:สำนักงานภาคอีสาน"
MSU = "academic:44:มหาวิทยาลัยมหาสารคาม"

HOUSING = "issue:housing"
LAND = "issue:land"
WELFARE = "issue:welfare"
HEALTH = "issue:health"


def rel(type_: RelType, source: str, target: str, **props: object) -> Relationship:
    return Relationship.model_validate({"type": type_, "source": source, "target": target, **props})


def partners(pairs: Iterable[tuple[str, str]]) -> list[Relationship]:
    return [rel(RelType.PARTNERS_WITH, a, b) for a, b in pairs]


def _sub(code: str, name: str, level: CouncilLevel = CouncilLevel.SUBDISTRICT) -> Council:
    return Council(
        id=f"council:{level.value}:{code}",
        name_th=f"สภาองค์กรชุมชนตำบล{name}",
        level=level,
        province_code=code[:2],
        district_code=code[:4],
        subdistrict_code=code,
    )


def _roi_et_agencies() -> list[Node]:
    return [
        Agency(
            id=RE_GOV,
            name_th="สำนักงานจังหวัดร้อยเอ็ด",
            name_en="Roi Et Provincial Office",
            type=AgencyType.GOVERNOR_OFFICE,
            province_code="45",
        ),
        Agency(
            id=RE_PAO, name_th="องค์การบริหารส่วนจังหวัดร้อยเอ็ด", type=AgencyType.PAO, province_code="45"
        ),
        Agency(
            id=RE_MSDHS,
            name_th="สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดร้อยเอ็ด",
            type=AgencyType.MSDHS_OFFICE,
            province_code="45",
        ),
        Agency(
            id=RE_CDD,
            name_th="สำนักงานพัฒนาชุมชนจังหวัดร้อยเอ็ด",
            type=AgencyType.CDD_OFFICE,
            province_code="45",
        ),
    ]


def roi_et_network() -> nx.MultiDiGraph:
    """Roi Et's movement, every template role filled except the governor's office.

    RE_NET partners with the PAO, MSDHS and CDD offices, สภาสาเกตุนคร, Maha Sarakham
    University (province 44: same region) and CODI's Northeast office (province 40: same
    region); RE_GOV exists but is not tied. Subdistrict councils: RE_SUB1 ties to its own SAO,
    RE_SUB2 to a municipality of its district (known only by district), RE_SUB3 (district
    4502) only to RE_SUB1's SAO in district 4501, so it lacks local government; RE_SUB1 and
    RE_SUB2 are MEMBER_OF RE_NET, RE_SUB3 is not. RE_DISTRICT (district 4501) is MEMBER_OF
    RE_NET, so the province has a district mechanism.

    By hand: provincial roles 4.5 of 5.5; subdistrict roles (1.0 + 0.75) x 2/3; province
    expectations 1.5 of 1.5; coverage = (4.5 + 1.75 x 2/3 + 1.5) / 8.75 = 0.8190.
    """
    nodes: list[Node] = [
        Council(
            id=RE_NET,
            name_th="สภาองค์กรชุมชนจังหวัดร้อยเอ็ด",
            level=CouncilLevel.PROVINCIAL,
            province_code="45",
        ),
        *_roi_et_agencies(),
        CivilSocietyGroup(
            id=RE_ASSEMBLY,
            name_th="สภาสาเกตุนคร",
            type=CivilSocietyType.CIVIC_ASSEMBLY,
            province_code="45",
        ),
        Academic(
            id=MSU,
            name_th="มหาวิทยาลัยมหาสารคาม",
            name_en="Mahasarakham University",
            province_code="44",
        ),
        Agency(
            id=CODI_NE,
            name_th="สำนักงานภาคอีสาน สถาบันพัฒนาองค์กรชุมชน",
            type=AgencyType.CODI_OFFICE,
            province_code="40",
        ),
        Council(
            id=RE_DISTRICT,
            name_th="สภาองค์กรชุมชนอำเภอเมืองร้อยเอ็ด",
            level=CouncilLevel.DISTRICT,
            province_code="45",
            district_code="4501",
        ),
        _sub("450101", "ในเมือง"),
        _sub("450102", "รอบเมือง"),
        _sub("450201", "เกษตรวิสัย"),
        Agency(
            id=RE_SAO1,
            name_th="องค์การบริหารส่วนตำบลในเมือง",
            type=AgencyType.SAO,
            province_code="45",
            district_code="4501",
            subdistrict_code="450101",
        ),
        Agency(
            id=RE_MUNI,
            name_th="เทศบาลเมืองร้อยเอ็ด",
            type=AgencyType.MUNICIPALITY,
            province_code="45",
            district_code="4501",
        ),
    ]
    rels = [
        *partners((RE_NET, x) for x in (RE_PAO, RE_MSDHS, RE_CDD, RE_ASSEMBLY, MSU, CODI_NE)),
        *partners([(RE_SUB1, RE_SAO1), (RE_SUB2, RE_MUNI), (RE_SUB3, RE_SAO1)]),
        *(rel(RelType.MEMBER_OF, x, RE_NET) for x in (RE_SUB1, RE_SUB2, RE_DISTRICT)),
    ]
    return typed_graph(nodes, rels)


# --- proposals ------------------------------------------------------------------------------
P_UNSENT_OLD = "proposal:45:unsent-old"  # raised 200 days ago, never sent: not submitted
P_UNSENT_NEW = "proposal:45:unsent-new"  # raised 10 days ago: not a gap yet
P_WAIT_120 = "proposal:45:wait-120"  # sent to the PAO 120 days ago, no answer: medium
P_WAIT_400 = "proposal:45:wait-400"  # sent to the PAO 400 days ago, no answer: high
P_WAIT_30 = "proposal:45:wait-30"  # sent to the governor 30 days ago: not a gap yet
P_ACK = "proposal:45:acknowledged"  # MSDHS answered 100 days ago, no plan: not adopted (low)
P_IN_PLAN = "proposal:45:in-plan"  # status in_plan: fine
P_ADOPTED = "proposal:45:adopted"  # ADOPTED_IN a plan: fine
P_REJECTED = "proposal:45:rejected"  # CDD rejected it 95 days ago: not adopted (medium)
RE_PLAN = "plan:45:แผนพัฒนาจังหวัด"


def _days_ago(n: int) -> str:
    return (TODAY - timedelta(days=n)).isoformat()


def proposals_ledger() -> nx.MultiDiGraph:
    """Roi Et's proposals, judged on TODAY with the default 90-day window.

    RE_SUB1 proposed P_WAIT_120 and P_WAIT_400 and never heard back (council_never_heard,
    high: 2 proposals); the PAO received both and answered neither (agency_never_responds);
    RE_SUB2 proposed P_WAIT_30 only (inside the window: nothing); RE_NET proposed the rest.
    """
    nodes: list[Node] = [
        Council(
            id=RE_NET,
            name_th="สภาองค์กรชุมชนจังหวัดร้อยเอ็ด",
            level=CouncilLevel.PROVINCIAL,
            province_code="45",
        ),
        _sub("450101", "ในเมือง"),
        _sub("450102", "รอบเมือง"),
        *_roi_et_agencies(),
        Plan(id=RE_PLAN, name_th="แผนพัฒนาจังหวัดร้อยเอ็ด", province_code="45"),
    ]

    def proposal(pid: str, title: str, status: ProposalStatus, raised: int) -> Proposal:
        return Proposal(
            id=pid,
            name_th=title,
            status=status,
            province_code="45",
            raised_on=TODAY - timedelta(days=raised),
        )

    raised, sub = ProposalStatus.RAISED, ProposalStatus.SUBMITTED
    nodes += [
        proposal(P_UNSENT_OLD, "กองทุนสวัสดิการชุมชน", raised, 200),
        proposal(P_UNSENT_NEW, "ตลาดชุมชน", raised, 10),
        proposal(P_WAIT_120, "บ้านมั่นคงชนบท", sub, 130),
        proposal(P_WAIT_400, "โฉนดชุมชน", sub, 410),
        proposal(P_WAIT_30, "น้ำประปาหมู่บ้าน", sub, 40),
        proposal(P_ACK, "ศูนย์ดูแลผู้สูงอายุ", ProposalStatus.ACKNOWLEDGED, 300),
        proposal(P_IN_PLAN, "ถนนเพื่อการเกษตร", ProposalStatus.IN_PLAN, 300),
        proposal(P_ADOPTED, "ธนาคารน้ำใต้ดิน", ProposalStatus.ACKNOWLEDGED, 300),
        proposal(P_REJECTED, "ป่าชุมชน", ProposalStatus.REJECTED, 300),
    ]
    proposed = RelType.PROPOSED
    to = RelType.SUBMITTED_TO
    rels = [
        rel(proposed, RE_NET, P_UNSENT_OLD),
        rel(proposed, RE_NET, P_UNSENT_NEW),
        rel(proposed, RE_SUB1, P_WAIT_120),
        rel(proposed, RE_SUB1, P_WAIT_400),
        rel(proposed, RE_SUB2, P_WAIT_30),
        *(rel(proposed, RE_NET, p) for p in (P_ACK, P_IN_PLAN, P_ADOPTED, P_REJECTED)),
        rel(to, P_WAIT_120, RE_PAO, on=_days_ago(120), status=sub),
        rel(to, P_WAIT_400, RE_PAO, on=_days_ago(400), status=sub),
        rel(to, P_WAIT_30, RE_GOV, on=_days_ago(30), status=sub),
        rel(
            to,
            P_ACK,
            RE_MSDHS,
            on=_days_ago(250),
            status=ProposalStatus.ACKNOWLEDGED,
            responded_on=_days_ago(100),
        ),
        rel(to, P_IN_PLAN, RE_GOV, on=_days_ago(250), responded_on=_days_ago(200)),
        rel(to, P_ADOPTED, RE_GOV, on=_days_ago(250), responded_on=_days_ago(200)),
        rel(RelType.ADOPTED_IN, P_ADOPTED, RE_PLAN),
        rel(
            to,
            P_REJECTED,
            RE_CDD,
            on=_days_ago(250),
            status=ProposalStatus.REJECTED,
            responded_on=_days_ago(95),
        ),
    ]
    return typed_graph(nodes, rels)


# --- issues ---------------------------------------------------------------------------------
NATIONAL_HOUSING = "agency:th:การเคหะแห่งชาติ"


def _issues() -> list[Node]:
    return [
        Issue(id=HOUSING, name_th="ที่อยู่อาศัย", name_en="housing", code="housing"),
        Issue(id=LAND, name_th="ที่ดิน", name_en="land", code="land"),
        Issue(id=WELFARE, name_th="สวัสดิการ", name_en="welfare", code="welfare"),
        Issue(id=HEALTH, name_th="สุขภาพ", name_en="health", code="health"),
    ]


def issue_partners() -> nx.MultiDiGraph:
    """Who works on which issue in Roi Et.

    RE_SUB1 and RE_SUB2 work on housing; RE_SUB1 also on land. RE_SUB1 partners with the PAO
    (land only); RE_SUB2 with the CDD office (no issue). The MSDHS office works on housing but
    partners with neither: housing is an issue without an agency partner (candidate: MSDHS).
    Land is fine (RE_SUB1's partner, the PAO, works on it). RE_SUB3 works on welfare and
    partners with the national housing authority (no province), which works on welfare: fine.
    """
    nodes: list[Node] = [
        _sub("450101", "ในเมือง"),
        _sub("450102", "รอบเมือง"),
        _sub("450201", "เกษตรวิสัย"),
        *_roi_et_agencies(),
        Agency(id=NATIONAL_HOUSING, name_th="การเคหะแห่งชาติ", type=AgencyType.OTHER),
        *_issues(),
    ]
    works = RelType.WORKS_ON
    rels = [
        rel(works, RE_SUB1, HOUSING),
        rel(works, RE_SUB1, LAND),
        rel(works, RE_SUB2, HOUSING),
        rel(works, RE_PAO, LAND),
        rel(works, RE_MSDHS, HOUSING),
        rel(works, RE_SUB3, WELFARE),
        rel(works, NATIONAL_HOUSING, WELFARE),
        *partners([(RE_SUB1, RE_PAO), (RE_SUB2, RE_CDD), (RE_SUB3, NATIONAL_HOUSING)]),
    ]
    return typed_graph(nodes, rels)


# --- structure ------------------------------------------------------------------------------
FR_SUBS = [f"council:subdistrict:4501{i:02d}" for i in range(1, 8)]
FR_CSO = "cso:45:เครือข่ายเกษตรอินทรีย์"


def fragmented() -> nx.MultiDiGraph:
    """Roi Et in pieces.

    - RE_NET partners with the PAO; FR_SUBS[0] and FR_SUBS[1] are MEMBER_OF RE_NET, and
      FR_SUBS[2] is MEMBER_OF FR_SUBS[1]: RE_NET alone holds 3 councils' path to an agency
      (single point of failure, k = 3) and FR_SUBS[1] holds 1 (below the threshold of 2).
    - FR_SUBS[3] and FR_SUBS[4] partner with each other and with FR_CSO; nobody there reaches
      an agency: a disconnected component of 3 organisations, 2 councils.
    - FR_SUBS[5] and FR_SUBS[6] have no partner at all: isolated (2 of 8 councils).
    """
    subs = [_sub(s.rsplit(":", 1)[1], f"ที่{i + 1}") for i, s in enumerate(FR_SUBS)]
    nodes: list[Node] = [
        Council(
            id=RE_NET,
            name_th="สภาองค์กรชุมชนจังหวัดร้อยเอ็ด",
            level=CouncilLevel.PROVINCIAL,
            province_code="45",
        ),
        Agency(
            id=RE_PAO, name_th="องค์การบริหารส่วนจังหวัดร้อยเอ็ด", type=AgencyType.PAO, province_code="45"
        ),
        CivilSocietyGroup(id=FR_CSO, name_th="เครือข่ายเกษตรอินทรีย์", province_code="45"),
        *subs,
    ]
    rels = [
        rel(RelType.PARTNERS_WITH, RE_NET, RE_PAO),
        rel(RelType.MEMBER_OF, FR_SUBS[0], RE_NET),
        rel(RelType.MEMBER_OF, FR_SUBS[1], RE_NET),
        rel(RelType.MEMBER_OF, FR_SUBS[2], FR_SUBS[1]),
        *partners([(FR_SUBS[3], FR_SUBS[4]), (FR_SUBS[3], FR_CSO), (FR_SUBS[4], FR_CSO)]),
    ]
    return typed_graph(nodes, rels)


# --- regional peers -------------------------------------------------------------------------
PEER_PROVINCES = ("40", "44", "45", "46")


def region_peers() -> nx.MultiDiGraph:
    """Four Northeast provinces, each: a provincial network, three subdistrict councils
    (district XX01, subdistricts XX0101..XX0103), their SAOs, the PAO and governor's office.

    In 40, 44 and 46 every subdistrict council ties to its own SAO and is MEMBER_OF the
    network, and the network partners with the PAO and the governor's office: each council
    has 2 partners except the network (5), partners per council (5 + 2 x 3) / 4 = 2.75.
    In 45 the subdistrict councils are members of the network only, and the network partners
    with the PAO only: partners per council (4 + 1 x 3) / 4 = 1.75; no local council tied to
    local government (share 0 against a peer median of 1.0).
    """
    nodes: list[Node] = []
    rels: list[Relationship] = []
    for p in PEER_PROVINCES:
        net = f"council:provincial:{p}"
        pao, gov = f"agency:pao:{p}", f"agency:governor_office:{p}"
        nodes += [
            Council(
                id=net,
                name_th=f"สภาองค์กรชุมชนจังหวัด{p}",
                level=CouncilLevel.PROVINCIAL,
                province_code=p,
            ),
            Agency(id=pao, name_th=f"อบจ.{p}", type=AgencyType.PAO, province_code=p),
            Agency(
                id=gov, name_th=f"สำนักงานจังหวัด{p}", type=AgencyType.GOVERNOR_OFFICE, province_code=p
            ),
        ]
        rels.append(rel(RelType.PARTNERS_WITH, net, pao))
        if p != "45":
            rels.append(rel(RelType.PARTNERS_WITH, net, gov))
        for i in (1, 2, 3):
            code = f"{p}01{i:02d}"
            nodes += [
                _sub(code, f"{code}"),
                Agency(
                    id=f"agency:sao:{code}",
                    name_th=f"อบต.{code}",
                    type=AgencyType.SAO,
                    province_code=p,
                    district_code=code[:4],
                    subdistrict_code=code,
                ),
            ]
            rels.append(rel(RelType.MEMBER_OF, f"council:subdistrict:{code}", net))
            if p != "45":
                rels.append(
                    rel(RelType.PARTNERS_WITH, f"council:subdistrict:{code}", f"agency:sao:{code}")
                )
    return typed_graph(nodes, rels)


def province_subgraph(graph: nx.MultiDiGraph, code: str) -> nx.MultiDiGraph:
    """What a store's `subgraph(Scope(provinces={code}))` returns: the province's nodes and
    their direct neighbours, with every relationship among them."""
    core = {n for n, a in graph.nodes(data=True) if a.get("province_code") == code}
    keep = set(core)
    for node in core:
        keep.update(graph.successors(node))
        keep.update(graph.predecessors(node))
    subgraph: nx.MultiDiGraph = graph.subgraph(keep).copy()
    return subgraph


# --- recommendation feedback and kind pairs -------------------------------------------------
CBO = "cbo:45:กลุ่มออมทรัพย์บ้านหนองแวง"
MINISTRY = "agency:th:กระทรวงการพัฒนาสังคมฯ"


def kind_pairs() -> nx.MultiDiGraph:
    """A savings group (CBO) MEMBER_OF RE_SUB1; RE_SUB1 partners with a ministry and its SAO.
    The ministry is 2 hops from the CBO but a CBO is never pointed at a ministry; the SAO is
    allowed (CBO -> sao)."""
    nodes: list[Node] = [
        _sub("450101", "ในเมือง"),
        CommunityOrganization(
            id=CBO,
            name_th="กลุ่มออมทรัพย์บ้านหนองแวง",
            type="savings_group",
            province_code="45",
            subdistrict_code="450101",
        ),
        Agency(
            id=MINISTRY, name_th="กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์", type=AgencyType.MINISTRY
        ),
        Agency(
            id=RE_SAO1,
            name_th="องค์การบริหารส่วนตำบลในเมือง",
            type=AgencyType.SAO,
            province_code="45",
            district_code="4501",
            subdistrict_code="450101",
        ),
    ]
    rels = [
        rel(RelType.MEMBER_OF, CBO, RE_SUB1),
        *partners([(RE_SUB1, MINISTRY), (RE_SUB1, RE_SAO1)]),
    ]
    return typed_graph(nodes, rels)


def with_decisions(
    graph: nx.MultiDiGraph, decisions: Sequence[tuple[str, str, RecommendationDecision]]
) -> nx.MultiDiGraph:
    """A copy of `graph` with RECOMMENDED decisions added as a store would hold them."""
    out = graph.copy()
    for source, target, decision in decisions:
        props = rel(
            RelType.RECOMMENDED, source, target, decision=decision, decided_on=TODAY
        ).to_props()
        out.add_edge(
            source, target, key=RelType.RECOMMENDED.value, **props, type=RelType.RECOMMENDED.value
        )
    return out


# --- synthetic region -----------------------------------------------------------------------


def synthetic_region(
    provinces: Sequence[str] = PEER_PROVINCES,
    districts: int = 3,
    subdistricts: int = 5,
    seed: int = 7,
    p_role: float = 0.85,
    p_local: float = 0.85,
    p_noise: float = 0.08,
    proposals_per_council: int = 0,
) -> nx.MultiDiGraph:
    """`synthetic_region_records` as a typed graph."""
    shape = (districts, subdistricts, seed, p_role, p_local, p_noise, proposals_per_council)
    return typed_graph(*synthetic_region_records(provinces, *shape))


def synthetic_region_records(
    provinces: Sequence[str] = PEER_PROVINCES,
    districts: int = 3,
    subdistricts: int = 5,
    seed: int = 7,
    p_role: float = 0.85,
    p_local: float = 0.85,
    p_noise: float = 0.08,
    proposals_per_council: int = 0,
) -> tuple[list[Node], list[Relationship]]:
    """A seeded region shaped like the partnership template (with noise).

    Per province: a provincial network tied (each with probability `p_role`) to the
    governor's office, PAO, MSDHS and CDD offices, the region's CODI office (in the first
    province), its university and civil-society network; per district a district council
    (MEMBER_OF the network) and a health office; per subdistrict a council and its SAO (the
    first of each district a municipality). A subdistrict council ties to its own SAO or
    municipality with probability `p_local`, is MEMBER_OF the network and of its district
    council, works on 1-2 issues, partners with the health office if it works on health
    (0.6) and with the MSDHS office if on welfare (0.3), and with other councils of its
    district or the civil-society network with probability `p_noise`.
    """
    rng = random.Random(seed)
    issues = ["housing", "land", "welfare", "health", "agriculture"]
    nodes: list[Node] = [
        Issue(id=f"issue:{code}", name_th=code, name_en=code, code=code) for code in issues
    ]
    rels: list[Relationship] = []
    codi = f"agency:codi_office:{provinces[0]}:ภาคอีสาน"
    nodes.append(
        Agency(
            id=codi,
            name_th="สำนักงาน พอช. ภาคอีสาน",
            type=AgencyType.CODI_OFFICE,
            province_code=provinces[0],
        )
    )

    def maybe(p: float, r: Relationship) -> None:
        if rng.random() < p:
            rels.append(r)

    proposal_count = 0
    for p in provinces:
        net = f"council:provincial:{p}"
        agencies = {
            t: f"agency:{t.value}:{p}"
            for t in (
                AgencyType.GOVERNOR_OFFICE,
                AgencyType.PAO,
                AgencyType.MSDHS_OFFICE,
                AgencyType.CDD_OFFICE,
            )
        }
        uni, cso = f"academic:{p}:university", f"cso:{p}:network"
        nodes += [
            Council(
                id=net,
                name_th=f"สภาองค์กรชุมชนจังหวัด{p}",
                level=CouncilLevel.PROVINCIAL,
                province_code=p,
            ),
            *(
                Agency(id=i, name_th=f"{t.value} {p}", type=t, province_code=p)
                for t, i in agencies.items()
            ),
            Academic(id=uni, name_th=f"มหาวิทยาลัย {p}", province_code=p),
            CivilSocietyGroup(
                id=cso,
                name_th=f"เครือข่ายประชาสังคม {p}",
                type=CivilSocietyType.NETWORK,
                province_code=p,
            ),
        ]
        rels.append(rel(RelType.WORKS_ON, agencies[AgencyType.MSDHS_OFFICE], "issue:welfare"))
        rels.append(rel(RelType.WORKS_ON, agencies[AgencyType.PAO], "issue:housing"))
        for target in (*agencies.values(), codi, uni, cso):
            maybe(p_role, rel(RelType.PARTNERS_WITH, net, target))
        for d in range(1, districts + 1):
            dcode = f"{p}{d:02d}"
            dcouncil, health = f"council:district:{dcode}", f"agency:health:{dcode}"
            nodes += [
                Council(
                    id=dcouncil,
                    name_th=f"สภาองค์กรชุมชนอำเภอ {dcode}",
                    level=CouncilLevel.DISTRICT,
                    province_code=p,
                    district_code=dcode,
                ),
                Agency(
                    id=health,
                    name_th=f"สาธารณสุขอำเภอ {dcode}",
                    type=AgencyType.HEALTH,
                    province_code=p,
                    district_code=dcode,
                ),
            ]
            rels.append(rel(RelType.MEMBER_OF, dcouncil, net))
            rels.append(rel(RelType.WORKS_ON, health, "issue:health"))
            district_councils: list[str] = []
            for s in range(1, subdistricts + 1):
                scode = f"{dcode}{s:02d}"
                council = f"council:subdistrict:{scode}"
                kind = AgencyType.MUNICIPALITY if s == 1 else AgencyType.SAO
                local = f"agency:{kind.value}:{scode}"
                nodes += [
                    Council(
                        id=council,
                        name_th=f"สภาองค์กรชุมชนตำบล {scode}",
                        level=CouncilLevel.SUBDISTRICT,
                        province_code=p,
                        district_code=dcode,
                        subdistrict_code=scode,
                    ),
                    Agency(
                        id=local,
                        name_th=f"{kind.value} {scode}",
                        type=kind,
                        province_code=p,
                        district_code=dcode,
                        subdistrict_code=scode,
                    ),
                ]
                maybe(p_local, rel(RelType.PARTNERS_WITH, council, local))
                maybe(0.9, rel(RelType.MEMBER_OF, council, net))
                maybe(0.7, rel(RelType.MEMBER_OF, council, dcouncil))
                mine = rng.sample(issues, rng.choice((1, 2)))
                rels += [rel(RelType.WORKS_ON, council, f"issue:{i}") for i in mine]
                if "health" in mine:
                    maybe(0.6, rel(RelType.PARTNERS_WITH, council, health))
                if "welfare" in mine:
                    maybe(
                        0.3, rel(RelType.PARTNERS_WITH, council, agencies[AgencyType.MSDHS_OFFICE])
                    )
                maybe(p_noise, rel(RelType.PARTNERS_WITH, council, cso))
                for other in district_councils:
                    maybe(p_noise, rel(RelType.PARTNERS_WITH, council, other))
                district_councils.append(council)
                for _ in range(proposals_per_council):
                    proposal_count += 1
                    pid = f"proposal:{p}:{proposal_count}"
                    status = rng.choice(list(ProposalStatus))
                    nodes.append(
                        Proposal(
                            id=pid,
                            name_th=f"ข้อเสนอ {proposal_count}",
                            status=status,
                            province_code=p,
                            raised_on=TODAY - timedelta(days=rng.randint(0, 700)),
                        )
                    )
                    rels.append(rel(RelType.PROPOSED, council, pid))
                    if status is not ProposalStatus.RAISED:
                        rels.append(
                            rel(
                                RelType.SUBMITTED_TO,
                                pid,
                                rng.choice(
                                    [
                                        local,
                                        agencies[AgencyType.PAO],
                                        agencies[AgencyType.GOVERNOR_OFFICE],
                                    ]
                                ),
                                on=_days_ago(rng.randint(0, 600)),
                            )
                        )
    return nodes, rels
