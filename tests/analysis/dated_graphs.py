"""A tiny dated network of Khon Kaen with hand-known answers on every day (timeline tests).

- C1 (subdistrict council 400101) and its SAO: an MOU from 2020-01-01 that lapses on
  2022-10-01 (`until`, the first day it no longer holds), renewed from 2023-01-01 by a new
  relationship (SAO -> C1);
- C1 and the PAO: a tie with no dates ("before any dated record");
- C2 (400102) and a foundation: a tie from 2023-06-01, which a planner had accepted as a
  suggestion on 2023-02-01;
- proposal P1 of C1, raised 2022-11-01, sent to the PAO 2022-12-01, answered only on
  2023-09-01 (status acknowledged); proposal P2 of C2 raised 2024-01-15, never sent;
- a forum on 2023-03-22 both councils attended.
"""

from __future__ import annotations

from datetime import date

import networkx as nx
from graphs import typed_graph

from partnernet.graph.model import (
    Agency,
    AgencyType,
    CivilSocietyGroup,
    Council,
    CouncilLevel,
    Event,
    Node,
    Plan,
    PlanType,
    Proposal,
    ProposalStatus,
    RecommendationDecision,
    Relationship,
    RelType,
)

C1 = "council:subdistrict:400101"
C2 = "council:subdistrict:400102"
SAO1 = "agency:sao:400101"
PAO = "agency:pao:40"
CSO = "cso:40:มูลนิธิชุมชนขอนแก่น"
P1 = "proposal:40:บ้านมั่นคง"
P2 = "proposal:40:สวัสดิการชุมชน"
FORUM = "event:40:เวทีจังหวัด"


def dated_nodes() -> list[Node]:
    return [
        Council(id=C1, name_th="สภาองค์กรชุมชนตำบลหนึ่ง", level=CouncilLevel.SUBDISTRICT,
                province_code="40", district_code="4001", subdistrict_code="400101"),
        Council(id=C2, name_th="สภาองค์กรชุมชนตำบลสอง", level=CouncilLevel.SUBDISTRICT,
                province_code="40", district_code="4001", subdistrict_code="400102"),
        Agency(id=SAO1, name_th="อบต.หนึ่ง", type=AgencyType.SAO, province_code="40",
               district_code="4001", subdistrict_code="400101"),
        Agency(id=PAO, name_th="อบจ.ขอนแก่น", type=AgencyType.PAO, province_code="40"),
        CivilSocietyGroup(id=CSO, name_th="มูลนิธิชุมชนขอนแก่น", province_code="40"),
        Proposal(id=P1, name_th="บ้านมั่นคง", status=ProposalStatus.ACKNOWLEDGED,
                 raised_on=date(2022, 11, 1), province_code="40"),
        Proposal(id=P2, name_th="สวัสดิการชุมชน", raised_on=date(2024, 1, 15), province_code="40"),
        Event(id=FORUM, name_th="เวทีจังหวัด", start_date=date(2023, 3, 22), province_code="40"),
    ]  # fmt: skip


def dated_relationships() -> list[Relationship]:
    pw = RelType.PARTNERS_WITH
    return [
        Relationship(type=pw, source=C1, target=SAO1, since=date(2020, 1, 1),
                     until=date(2022, 10, 1)),
        Relationship(type=pw, source=SAO1, target=C1, since=date(2023, 1, 1)),
        Relationship(type=pw, source=C1, target=PAO),
        Relationship(type=pw, source=C2, target=CSO, since=date(2023, 6, 1)),
        Relationship(type=RelType.RECOMMENDED, source=C2, target=CSO,
                     decision=RecommendationDecision.ACCEPTED, decided_on=date(2023, 2, 1)),
        Relationship(type=RelType.PROPOSED, source=C1, target=P1),
        Relationship(type=RelType.SUBMITTED_TO, source=P1, target=PAO, on=date(2022, 12, 1),
                     responded_on=date(2023, 9, 1), status=ProposalStatus.ACKNOWLEDGED),
        Relationship(type=RelType.PROPOSED, source=C2, target=P2),
        Relationship(type=RelType.PARTICIPATED_IN, source=C1, target=FORUM),
        Relationship(type=RelType.PARTICIPATED_IN, source=C2, target=FORUM),
    ]  # fmt: skip


def dated_graph() -> nx.MultiDiGraph:
    return typed_graph(dated_nodes(), dated_relationships())


PLAN = "plan:40:แผนพัฒนาจังหวัด"


def dated_graph_with_plan() -> nx.MultiDiGraph:
    """The hand-made dated network, P1 adopted in the province plan: on the days before its
    answer (2023-09-01) P1 is only submitted and its ADOPTED_IN is left out."""
    nodes = [
        *(
            n.model_copy(update={"status": ProposalStatus.IN_PLAN}) if n.id == P1 else n
            for n in dated_nodes()
        ),
        Plan(id=PLAN, name_th="แผนพัฒนาจังหวัด", type=PlanType.PROVINCIAL, province_code="40"),
    ]
    rels = [*dated_relationships(), Relationship(type=RelType.ADOPTED_IN, source=P1, target=PLAN)]
    return typed_graph(nodes, rels)


def random_dated_region(seed: int = 11) -> tuple[list[Node], list[Relationship]]:
    """`gap_graphs.synthetic_region` (four provinces, proposals) with random dates: most ties
    start on a random day of 2016-2024 and some end later, a few issues are worked on for a
    while only, proposals are raised, sent and answered on random days, and forums (events)
    on random days gather a few councils. Seeded: the same records every time."""
    import random
    from datetime import timedelta

    from gap_graphs import synthetic_region_records

    rng = random.Random(seed)
    nodes, rels = synthetic_region_records(proposals_per_council=1, seed=seed)

    def day(first: int = 2016, last: int = 2024) -> date:
        return date(first, 1, 1) + timedelta(days=rng.randint(0, (last - first + 1) * 365))

    ties = {RelType.PARTNERS_WITH, RelType.MEMBER_OF, RelType.FUNDS, RelType.SUPPORTS}
    dated: list[Relationship] = []
    for rel in rels:
        if rel.type in ties and rng.random() < 0.8:
            since = day()
            until = since + timedelta(days=rng.randint(30, 2000)) if rng.random() < 0.3 else None
            weight = rng.choice([None, None, 0.3, 0.7, 2.0])  # sums in float order
            rel = rel.model_copy(update={"since": since, "until": until, "weight": weight})
        elif rel.type is RelType.WORKS_ON and rng.random() < 0.1:
            rel = rel.model_copy(update={"since": day()})
        elif rel.type is RelType.SUBMITTED_TO:
            sent = day(2021, 2024)
            answered = sent + timedelta(days=rng.randint(10, 400)) if rng.random() < 0.6 else None
            rel = rel.model_copy(update={"on": sent, "responded_on": answered})
        dated.append(rel)
    councils = [n.id for n in nodes if isinstance(n, Council)]
    # Yearly funding (a FUNDS of a year counts from its first day), some dated besides.
    agencies = [n.id for n in nodes if isinstance(n, Agency)]
    for _ in range(12):
        since = day() if rng.random() < 0.3 else None
        dated.append(
            Relationship(type=RelType.FUNDS, source=rng.choice(agencies),
                         target=rng.choice(councils), year=rng.randint(2016, 2024), since=since)
        )  # fmt: skip
    dated_nodes: list[Node] = []
    for node in nodes:
        if isinstance(node, Proposal):
            node = node.model_copy(update={"raised_on": day(2020, 2023)})
        dated_nodes.append(node)
    for i in range(6):
        event = f"event:forum:{i}"
        dated_nodes.append(Event(id=event, name_th=f"เวที {i}", start_date=day()))
        dated += [
            Relationship(type=RelType.PARTICIPATED_IN, source=c, target=event)
            for c in rng.sample(councils, 4)
        ]
    return dated_nodes, dated


def random_dated_graph(seed: int = 11) -> nx.MultiDiGraph:
    return typed_graph(*random_dated_region(seed))
