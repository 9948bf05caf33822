"""The `partnernet` command end to end on the shipped sample, in the JSON shapes of DESIGN.md."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnernet.cli import app
from partnernet.service.demo import sample_dir

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "sample.sqlite"
    code, out, err = invoke(
        "ingest", *map(str, sorted(sample_dir().glob("*.csv"))), "--store", str(path), "--json"
    )
    assert code == 0, err
    report = json.loads(out)
    assert report["rejected"] == 0
    assert report["accepted"] + report["rejected"] + report["duplicates"] == report["rows"]
    return str(path)


def test_second_ingest_creates_nothing(store: str) -> None:
    code, out, _ = invoke("ingest", str(sample_dir()), "--store", store, "--json")
    assert code == 0
    report = json.loads(out)
    assert set(report) >= {
        "rows",
        "accepted",
        "rejected",
        "duplicates",
        "created",
        "updated",
        "unchanged",
        "rejects_file",
    }
    assert (report["created"], report["updated"]) == (0, 0)
    assert report["unchanged"] > 0


def test_stats_json_shape(store: str) -> None:
    code, out, _ = invoke("stats", "--store", store, "--json")
    assert code == 0
    stats = json.loads(out)
    assert set(stats) == {"nodes", "relationships"}
    kinds = (
        "Council",
        "Agency",
        "CommunityOrganization",
        "CivilSocietyGroup",
        "Academic",
        "PrivateSector",
    )
    assert stats["nodes"]["Organization"] == sum(stats["nodes"].get(k, 0) for k in kinds)
    assert stats["relationships"]["PARTNERS_WITH"] > 100


def test_stats_table_shows_counts(store: str) -> None:
    code, out, _ = invoke("stats", "--store", store)
    assert code == 0
    assert "Organization" in out and "PARTNERS_WITH" in out


@pytest.mark.parametrize("province", ["40", "ขอนแก่น", "จ.ขอนแก่น", "Khon Kaen", "TH-40"])
def test_gaps_json_accepts_every_province_form(store: str, province: str) -> None:
    code, out, err = invoke("gaps", "--province", province, "--store", store, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["province"]["code"] == "40"
    assert 0.0 <= report["coverage"] <= 1.0
    assert report["gaps"], "the sample plants gaps in Khon Kaen"
    for gap in report["gaps"]:
        assert set(gap) >= {
            "kind",
            "severity",
            "subjects",
            "explanation_th",
            "explanation_en",
            "evidence",
        }


def test_gaps_finds_the_planted_unlinked_council(store: str) -> None:
    _, out, _ = invoke("gaps", "-p", "40", "--store", store, "--json")
    kinds = {(g["kind"], tuple(g["subjects"])) for g in json.loads(out)["gaps"]}
    assert (
        "subdistrict_council_unlinked_local_government",
        ("council:subdistrict:400118",),
    ) in kinds


def test_unknown_province_is_a_clear_error(store: str) -> None:
    code, _, err = invoke("gaps", "--province", "ขอนแกน", "--store", store)
    assert code == 2
    assert "ขอนแก่น" in err  # the suggestion
    assert "Traceback" not in err


def test_recommend_and_decisions_are_respected(tmp_path: Path, store: str) -> None:
    own = tmp_path / "own.sqlite"
    own.write_bytes(Path(store).read_bytes())
    code, out, err = invoke(
        "recommend", "--province", "40", "--top", "3", "--store", str(own), "--json"
    )
    assert code == 0, err
    recs = json.loads(out)["recommendations"]
    assert len(recs) == 3
    assert set(recs[0]) >= {
        "source",
        "target",
        "score",
        "components",
        "explanation_th",
        "explanation_en",
    }
    first = recs[0]
    code, _, err = invoke(
        "decide", first["source"], first["target"], "rejected", "--store", str(own)
    )
    assert code == 0, err
    _, out, _ = invoke("recommend", "--province", "40", "--top", "3", "--store", str(own), "--json")
    pairs = {(r["source"], r["target"]) for r in json.loads(out)["recommendations"]}
    assert (first["source"], first["target"]) not in pairs


def test_hubs_csv_neutralises_nothing_it_should_not(store: str) -> None:
    code, out, _ = invoke("hubs", "--store", store, "--top", "5", "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5
    assert rows[0]["rank"] == "1"
    assert float(rows[0]["betweenness"]) >= float(rows[1]["betweenness"])


def test_hubs_json_reports_method(store: str) -> None:
    _, out, _ = invoke("hubs", "--store", store, "--province", "40", "--json")
    report = json.loads(out)
    assert report["betweenness_method"] == "exact"
    assert report["sample_size"] == report["node_count"]


def test_structure_and_evaluate(store: str) -> None:
    code, out, _ = invoke("structure", "--store", store, "--json")
    assert code == 0
    assert json.loads(out)["component_count"] >= 1
    code, out, _ = invoke("evaluate", "recommend", "--store", store, "--json")
    assert code == 0
    methods = {m["method"]: m for m in json.loads(out)["methods"]}
    assert methods["partnernet"]["hits_at_k"] > methods["adamic_adar"]["hits_at_k"]


def test_cp874_file_is_refused_with_the_option_named(tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_bytes(
        "id,kind,name_th,level\nc:1,council,สภาองค์กรชุมชนตำบลบ้านเป็ด,subdistrict\n".encode("cp874")
    )
    code, _, err = invoke("ingest", str(path), "--store", str(tmp_path / "g.sqlite"))
    assert code == 2
    assert "--encoding cp874" in err
    code, out, err = invoke(
        "ingest", str(path), "--store", str(tmp_path / "g.sqlite"), "--encoding", "cp874", "--json"
    )
    assert code == 0, err
    assert json.loads(out)["accepted"] == 1
    from partnernet.graph.sqlite_store import SqliteStore

    node = SqliteStore(tmp_path / "g.sqlite").get_node("c:1")
    assert node is not None
    assert node.name_th == "สภาองค์กรชุมชนตำบลบ้านเป็ด"


@pytest.mark.parametrize(
    ("args", "suffix"),
    [
        (["province", "ขอนแก่น"], ".html"),
        (["region", "อีสาน"], ".html"),
        (["ego", "council:provincial:40", "--radius", "2"], ".html"),
        (["issue", "housing"], ".html"),
        (["national"], ".html"),
        (["map", "--metric", "gap_count"], ".html"),
        (["province", "40", "--lang", "en"], ".svg"),
    ],
)
def test_render_writes_only_the_file_asked_for(
    tmp_path: Path, store: str, args: list[str], suffix: str
) -> None:
    out = tmp_path / "views" / f"view{suffix}"
    code, stdout, err = invoke("render", *args, "-o", str(out), "--store", store)
    assert code == 0, err
    assert f"wrote {out}" in stdout
    assert [p.name for p in out.parent.iterdir()] == [out.name]
    text = out.read_text(encoding="utf-8")
    assert "ขอนแก่น" in text or "Khon Kaen" in text or suffix == ".svg"
    if suffix == ".html":
        assert "https://" not in text.split("<body", 1)[0]  # nothing fetched from a CDN


def test_render_unknown_targets_are_clear_errors(tmp_path: Path, store: str) -> None:
    code, _, err = invoke("render", "ego", "nope", "-o", str(tmp_path / "x.html"), "--store", store)
    assert code == 2
    assert "no organisation with the id 'nope'" in err


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "gephi-csv", "xlsx", "json", "popolo"])
def test_export_every_format(tmp_path: Path, store: str, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    code, stdout, err = invoke(
        "export", "--format", fmt, "-o", str(out), "-p", "40", "--store", store
    )
    assert code == 0, err
    written = [Path(line.removeprefix("wrote ")) for line in stdout.splitlines()]
    assert written and all(p.stat().st_size > 0 for p in written)


def test_extract_prints_the_documented_shape(tmp_path: Path) -> None:
    from partnernet.service.demo import sample_reports

    code, out, err = invoke("extract", *map(str, sample_reports()), "--json")
    assert code == 0, err
    docs = json.loads(out)
    assert len(docs) == 2
    for doc in docs:
        assert set(doc) >= {
            "organizations",
            "people",
            "provinces",
            "events",
            "proposals",
            "partnerships",
        }
        assert len(doc["proposals"]) == 6
    meeting = docs[1]
    assert {p["code"] for p in meeting["provinces"]} == {
        "40",
        "45",
        "44",
        "46",
        "36",
        "47",
        "49",
        "35",
    }
    assert meeting["events"][0]["start_date"] == "2023-03-22"


def test_keys_add_list_revoke(tmp_path: Path) -> None:
    keys = tmp_path / "partnernet.keys"
    code, out, err = invoke(
        "keys", "add", "--role", "editor", "--name", "staff", "--file", str(keys)
    )
    assert code == 0, err
    plain = out.strip()
    assert len(plain) >= 24
    assert plain not in keys.read_text(encoding="utf-8")  # only the hash is stored
    code, out, _ = invoke("keys", "list", "--file", str(keys))
    key_id, role, name = out.split()
    assert (role, name) == ("editor", "staff")
    assert invoke("keys", "revoke", key_id, "--file", str(keys))[0] == 0
    assert invoke("keys", "list", "--file", str(keys))[1].strip() == ""
    assert invoke("keys", "revoke", key_id, "--file", str(keys))[0] == 2
