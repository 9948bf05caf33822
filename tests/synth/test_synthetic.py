"""The synthetic national network (partnernet.synth.generate): determinism, shape, truth."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from partnernet.foundation import geography as geo
from partnernet.graph.model import (
    AgencyType,
    CouncilLevel,
    Node,
    NodeKind,
    Relationship,
    RelType,
    make_id,
)
from partnernet.graph.sqlite_store import SqliteStore
from partnernet.ingest.pipeline import ingest_paths
from partnernet.synth import generate as syn

SEED = 11
Models = tuple[list[Node], list[Relationship]]


@pytest.fixture(scope="module")
def network() -> syn.SyntheticNetwork:
    return syn.generate("S", SEED)


@pytest.fixture(scope="module")
def files(
    network: syn.SyntheticNetwork, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    return syn.write_templates(network, tmp_path_factory.mktemp("synth-S"))


@pytest.fixture(scope="module")
def models(network: syn.SyntheticNetwork) -> Models:
    return syn.model_objects(network)


def test_same_seed_gives_the_same_bytes(files: dict[str, Path], tmp_path: Path) -> None:
    again = syn.write_templates(syn.generate("S", SEED), tmp_path)
    assert set(again) == set(files)
    for name, path in files.items():
        assert again[name].read_bytes() == path.read_bytes(), name


def test_another_seed_gives_another_network(network: syn.SyntheticNetwork) -> None:
    other = syn.generate("S", SEED + 1)
    assert [o.id for o in other.organizations] != [o.id for o in network.organizations]


def test_files_have_the_template_headers(files: dict[str, Path]) -> None:
    for name, headers in syn.HEADERS.items():
        with files[name].open(encoding="utf-8", newline="") as handle:
            assert tuple(next(csv.reader(handle))) == headers
    truth = json.loads(files["ground_truth"].read_text(encoding="utf-8"))
    assert truth["scale"] == "S" and truth["seed"] == SEED
    assert truth["reference_date"] == syn.REFERENCE_DATE.isoformat()


def test_s_scale_counts_are_in_range(network: syn.SyntheticNetwork) -> None:
    counts = network.counts()
    assert network.provinces == ["40", "44", "45", "46"]
    assert 2_000 <= counts["nodes"] <= 6_000
    assert 8_000 <= counts["relationships"] <= 40_000
    kinds = counts["nodes_by_kind"]
    for kind in (
        "Council",
        "CommunityOrganization",
        "Agency",
        "CivilSocietyGroup",
        "Academic",
        "Proposal",
        "Event",
        "Subdistrict",
        "District",
        "Province",
    ):
        assert kinds.get(kind, 0) > 0, kind
    levels = counts["councils_by_level"]
    assert {"subdistrict", "municipal", "district", "provincial", "regional", "national"} <= set(
        levels
    )


def test_councils_in_about_60_percent_of_subdistricts(network: syn.SyntheticNetwork) -> None:
    subdistricts = sum(len(geo.subdistricts(province_code=p)) for p in network.provinces)
    local = [
        o
        for o in network.organizations
        if o.kind is NodeKind.COUNCIL
        and o.level in (CouncilLevel.SUBDISTRICT.value, CouncilLevel.MUNICIPAL.value)
    ]
    assert 0.50 <= len(local) / subdistricts <= 0.66
    # One council per subdistrict at most, each on a real subdistrict of its province.
    assert len({o.subdistrict for o in local}) == len(local)
    for council in local:
        area = geo.subdistrict(str(council.subdistrict))
        assert area.province_code == council.province
        assert area.district_code == council.district


def test_every_province_has_its_agencies(network: syn.SyntheticNetwork) -> None:
    ids = {o.id for o in network.organizations}
    for code in network.provinces:
        for type_ in (
            AgencyType.GOVERNOR_OFFICE,
            AgencyType.PAO,
            AgencyType.MSDHS_OFFICE,
            AgencyType.CDD_OFFICE,
        ):
            assert f"agency:{type_.value}:{code}" in ids
    codi = [o for o in network.organizations if o.type == AgencyType.CODI_OFFICE.value]
    assert any(o.province == "40" and "ตะวันออกเฉียงเหนือ" in o.name_th for o in codi)


def test_ids_follow_the_model_conventions(network: syn.SyntheticNetwork) -> None:
    for org in network.organizations:
        if org.kind is NodeKind.COMMUNITY_ORGANIZATION:
            assert org.id == make_id(org.kind, org.name_th, org.province)
        if org.kind is NodeKind.COUNCIL and org.level == CouncilLevel.SUBDISTRICT.value:
            assert org.id == f"council:subdistrict:{org.subdistrict}"
    for proposal in network.proposals:
        assert proposal.id == make_id(NodeKind.PROPOSAL, proposal.title_th, proposal.province)
    for event in network.events:
        name = f"{event.start_date.isoformat()} {event.title}"
        assert event.id == make_id(NodeKind.EVENT, name, event.province)


def test_every_relationship_endpoint_exists(models: Models) -> None:
    nodes, rels = models
    ids = [n.id for n in nodes]
    assert len(ids) == len(set(ids))
    known = set(ids)
    keys = [r.key for r in rels]
    assert len(keys) == len(set(keys))
    for rel in rels:
        assert rel.source in known and rel.target in known, rel.key


def test_degrees_are_heavy_tailed(models: Models) -> None:
    _, rels = models
    degree: Counter[str] = Counter()
    for rel in rels:
        if rel.type in (RelType.PARTNERS_WITH, RelType.MEMBER_OF, RelType.FUNDS, RelType.SUPPORTS):
            degree[rel.source] += 1
            degree[rel.target] += 1
    values = sorted(degree.values())
    median = values[len(values) // 2]
    assert values[-1] > 20 * median


def test_planted_gaps_refer_to_existing_ids(network: syn.SyntheticNetwork, models: Models) -> None:
    ids = {n.id for n in models[0]}
    kinds = Counter(g.kind for g in network.gaps if g.planted)
    for kind in (
        "missing_partner_role",
        "proposal_unanswered",
        "single_point_of_failure",
        "isolated_council",
        "subdistrict_council_unlinked_local_government",
        "issue_without_agency_partner",
    ):
        assert kinds[kind] >= 1, kind
    for gap in network.gaps:
        assert gap.province in network.provinces
        assert gap.subjects and all(s in ids for s in gap.subjects), gap
        if gap.kind == "missing_partner_role":
            assert gap.role and gap.subjects == [f"council:provincial:{gap.province}"]


def test_files_load_through_the_tabular_pipeline(
    files: dict[str, Path], models: Models, tmp_path: Path
) -> None:
    """The CSV files load with no rejects into the same graph the model objects make."""
    from_files = SqliteStore(tmp_path / "files.sqlite")
    direct = SqliteStore(tmp_path / "direct.sqlite")
    try:
        report = ingest_paths(from_files, [files[name] for name in syn.HEADERS])
        assert report.rejected == 0 and report.duplicates == 0
        assert report.accepted == report.rows
        nodes, rels = models
        assert not direct.upsert_nodes(nodes).rejected
        assert not direct.upsert_relationships(rels).rejected
        assert from_files.stats() == direct.stats()
        a, b = from_files.subgraph(), direct.subgraph()
        assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
        assert sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))
    finally:
        from_files.close()
        direct.close()


def test_unknown_scale_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown scale"):
        syn.generate("XL", 1)  # type: ignore[arg-type]


def test_synth_summary(tmp_path: Path) -> None:
    summary = syn.synth("S", 2, tmp_path / "out")
    assert Path(summary["files"]["organizations"]).is_file()
    assert summary["nodes"] > 0 and summary["planted_gaps"]
