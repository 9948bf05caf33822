"""The time commands end to end on the tiny dated network (tests/analysis/dated_graphs.py):
`--as-of` in ISO, Buddhist-Era and Thai, `diff`, `trend` with its chart, `ingest --snapshot`,
and bad days answered in one line with exit 2."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "analysis"))  # the shared dated network

from dated_graphs import C1, C2, CSO, PAO, SAO1, dated_nodes, dated_relationships

from partnernet.cli import app
from partnernet.graph.sqlite_store import SqliteStore

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def store(tmp_path: Path) -> str:
    path = tmp_path / "dated.sqlite"
    graph = SqliteStore(path)
    graph.upsert_nodes(dated_nodes())
    graph.upsert_relationships(dated_relationships())
    graph.close()
    return str(path)


def test_as_of_in_each_writing_of_a_day(store: str) -> None:
    def ties(day: str) -> int:
        code, out, err = invoke("hubs", "-p", "40", "--as-of", day, "--store", store, "--json")
        assert code == 0, err
        return int(json.loads(out)["edge_count"])

    # The MOU lapsed on 2022-10-01 and the forum is 2023-03-22 (see dated_graphs.py).
    assert ties("2021-01-01") == ties("2564-01-01") == 2
    assert ties("1 ธ.ค. 2565") == 1
    assert ties("2023-07-01") == 4


def test_gaps_as_of_a_day_before_the_answer(store: str) -> None:
    def kinds(day: str) -> set[str]:
        code, out, err = invoke("gaps", "-p", "40", "--as-of", day, "--store", store, "--json")
        assert code == 0, err
        return {g["kind"] for g in json.loads(out)["gaps"]}

    assert "proposal_unanswered" in kinds("31 ส.ค. 2566")
    assert "proposal_unanswered" not in kinds("2566-09-01")


def test_diff_json_and_thai_summary(store: str) -> None:
    args = ("diff", "-p", "ขอนแก่น", "--from", "2565-01-01", "--to", "2566-07-01", "--store", store)
    code, out, err = invoke(*args, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["ties_added"] == [[C2, CSO]] and report["ties_renewed"] == [[SAO1, C1]]
    assert report["suggestions_realised"] == [[C2, CSO]]
    code, out, _ = invoke(*args)
    assert code == 0
    assert out.startswith("ระหว่าง 1 ม.ค. 2565 ถึง 1 ก.ค. 2566 สภาองค์กรชุมชน 1 แห่งได้ภาคีใหม่")
    code, out, _ = invoke(*args, "--csv")
    assert code == 0
    assert f"ties_added,{C2} — {CSO}" in out.splitlines()


def test_trend_table_json_and_chart(store: str, tmp_path: Path) -> None:
    chart = tmp_path / "trend.png"
    args = ("trend", "-p", "40", "--from", "2021-01-01", "--to", "2024-06-30", "--store", store)
    code, out, err = invoke(*args, "--json", "-o", str(chart))
    assert code == 0, err
    report = json.loads(out)
    assert report["periods"] == ["2021", "2022", "2023", "2024"]
    assert [f["partners_per_council"] for f in report["figures"]] == [1.0, 0.5, 1.5, 1.5]
    assert chart.read_bytes()[:4] == b"\x89PNG"
    code, out, _ = invoke(*args, "--lang", "th")
    assert code == 0
    assert "2567" in out  # the periods of a Thai table are Buddhist-Era years


def test_snapshot_dry_run_then_for_real(store: str, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "source,target,type,form,since,until,weight,source_ref\n"
        f"{PAO},{C1},PARTNERS_WITH,,,,,roster-2567\n",
        encoding="utf-8",
    )
    base = ("ingest", str(roster), "--snapshot", "2567-05-01", "--scope", "province:40")
    code, out, err = invoke(*base, "--dry-run", "--store", store, "--json")
    assert code == 0, err
    dry = json.loads(out)
    assert dry["dry_run"] and dry["ingest"] is None
    assert sorted(dry["ended"]) == sorted([["PARTNERS_WITH", SAO1, C1], ["PARTNERS_WITH", C2, CSO]])
    code, out, _ = invoke("hubs", "-p", "40", "--as-of", "2024-06-01", "--store", store, "--json")
    assert json.loads(out)["edge_count"] == 4  # the dry run wrote nothing
    code, out, err = invoke(*base, "--store", store, "--json")
    assert code == 0, err
    assert json.loads(out)["ended"] == dry["ended"]
    code, out, _ = invoke("hubs", "-p", "40", "--as-of", "2024-06-01", "--store", store, "--json")
    assert json.loads(out)["edge_count"] == 2  # C1-PAO and the forum's C1-C2 remain


@pytest.mark.parametrize(
    "args",
    [
        ("gaps", "-p", "40", "--as-of", "last year"),
        ("diff", "-p", "40", "--from", "2566-01-01", "--to", "2565-01-01"),
        ("trend", "-p", "40", "--by", "month"),
        ("diff", "-p", "40", "--region", "NE", "--from", "2565-01-01", "--to", "2566-01-01"),
    ],
)
def test_bad_days_and_options_are_one_line_and_exit_2(store: str, args: tuple[str, ...]) -> None:
    code, _, err = invoke(*args, "--store", store)
    assert code == 2, err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1


def test_render_diff_draws_the_ties_made_and_ended(store: str, tmp_path: Path) -> None:
    out = tmp_path / "diff.html"
    code, _, err = invoke(
        "render", "diff", "-o", str(out), "-p", "40", "--from", "2022-01-01", "--to",
        "2566-07-01", "--store", store, "--lang", "en",
    )  # fmt: skip
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert "Tie made in the period" in page
    assert "Tie ended in the period" not in page  # the legend lists only what is drawn
    assert "Partnership network changes: Khon Kaen, 2022-01-01 to 2023-07-01" in page
    code, _, err = invoke(
        "render", "diff", "-o", str(out), "-p", "40", "--from", "2022-01-01", "--to",
        "2022-12-01", "--store", store, "--lang", "en",
    )  # fmt: skip
    assert code == 0, err
    assert "Tie ended in the period" in out.read_text(encoding="utf-8")
