"""The CLI walked with every bad input of issue 17: each ends in one line on stderr (or one JSON
error object with --json), exit code 2, no traceback, and nothing created by a read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from partnernet.cli import app
from partnernet.graph.sqlite_store import SqliteStore
from partnernet.service.demo import sample_dir

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.stdout, result.stderr


def refused(*args: str, says: str) -> str:
    """Run a command that must fail as the user's mistake: exit 2, one line, no traceback."""
    code, out, err = invoke(*args)
    assert code == 2, (code, out, err)
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert says in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli-errors") / "sample.sqlite"
    code, _, err = invoke(
        "ingest", *map(str, sorted(sample_dir().glob("*.csv"))), "--store", str(path)
    )
    assert code == 0, err
    return str(path)


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


def test_reads_never_create_a_store(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARTNERNET_STORE", raising=False)
    # the default ./partnernet.sqlite, missing
    refused("gaps", "--province", "ขอนแก่น", says="partnernet ingest")
    # a mistyped path, and a path in a missing folder
    refused("gaps", "-p", "40", "--store", "out/demo/partnernet.sqlit", says="partnernet ingest")
    refused("recommend", "-p", "40", "--store", "nowhere/x.sqlite", says="no partnernet store")
    refused("render", "province", "40", "-o", "map.pdf", "--store", "x.sqlite", says="ingest")
    refused("decisions", "--store", "x.sqlite", says="no partnernet store")
    refused("decide", "a", "b", "accepted", "--store", "x.sqlite", says="no partnernet store")
    assert sorted(p.name for p in in_tmp.iterdir()) == []


def test_a_file_that_is_not_a_store_is_refused(in_tmp: Path) -> None:
    (in_tmp / "notes.txt").write_text("hello\n", encoding="utf-8")
    refused("stats", "--store", "notes.txt", says="not a partnernet store")
    refused("ingest", str(sample_dir()), "--store", "notes.txt", says="not a partnernet store")
    assert (in_tmp / "notes.txt").read_text(encoding="utf-8") == "hello\n"


def test_a_province_or_organisation_with_no_data(store: str, tmp_path: Path) -> None:
    refused("gaps", "-p", "เชียงใหม่", "--store", store, says="no organisation of เชียงใหม่")
    refused("recommend", "-p", "Chiang Mai", "--store", store, says="no organisation")
    refused("recommend", "--org", "council:subdistrict:999999", "--store", store, says="no org")
    refused("hubs", "-p", "50", "--store", store, says="no organisation")
    pdf = tmp_path / "out" / "cm.pdf"
    refused("render", "province", "50", "-o", str(pdf), "--store", store, says="no organisation")
    refused("render", "region", "South", "-o", str(pdf), "--store", store, says="no organisation")
    refused("render", "ego", "x:y", "-o", str(pdf), "--store", store, says="no organisation")
    refused("export", "-f", "gexf", "-o", str(pdf), "-p", "50", "--store", store, says="nothing")
    assert not (tmp_path / "out").exists()  # no empty PDF, not even its folder
    code, out, err = invoke("gaps", "-p", "50", "--store", store, "--json")
    assert code == 2 and err == ""
    error = json.loads(out)["error"]
    assert error["type"] == "NotFound" and "เชียงใหม่" in error["message"]


def test_tables_that_fit_no_template_and_texts_without_facts(tmp_path: Path) -> None:
    target = str(tmp_path / "new.sqlite")
    book = Workbook()
    book.active.append(["name", "province"])
    book.active.append(["สภาองค์กรชุมชนตำบลโนนท่อน", "ขอนแก่น"])
    book.save(tmp_path / "list.xlsx")
    line = refused("ingest", str(tmp_path / "list.xlsx"), "--store", target, says="list.xlsx")
    assert "name, province" in line and "organizations (lacks kind)" in line
    (tmp_path / "notes.txt").write_text("hello\n", encoding="utf-8")
    refused("ingest", str(tmp_path / "notes.txt"), "--store", target, says="no organisation")
    code, out, _ = invoke("stats", "--store", target, "--json")
    assert code == 0 and json.loads(out)["nodes"].get("Source", 0) == 0


def test_decisions_with_names_that_fit_several_or_none(store: str) -> None:
    line = refused(
        "decide",
        "สภาองค์กรชุมชนตำบล",
        "agency:sao:400118",
        "accepted",
        "--store",
        store,
        says="give an id",
    )
    assert "council:subdistrict:" in line  # the candidates, with their ids
    refused("decide", "nobody", "agency:sao:400118", "accepted", "--store", store, says="nobody")
    refused(
        "decide",
        "council:subdistrict:400118",
        "agency:sao:400118",
        "undo",
        "--store",
        store,
        says="no decision to undo",
    )
    refused(
        "decide",
        "council:subdistrict:400118",
        "agency:sao:400118",
        "maybe",
        "--store",
        store,
        says="accepted, rejected or undo",
    )


def test_the_loop_through_the_cli(store: str, tmp_path: Path) -> None:
    own = tmp_path / "own.sqlite"
    own.write_bytes(Path(store).read_bytes())
    s = str(own)
    code, out, _ = invoke("recommend", "--org", "council:subdistrict:400118", "--store", s, "--csv")
    assert code == 0 and "target_id" in out.splitlines()[0] and "agency:sao:400118" in out
    code, out, err = invoke(
        "decide",
        "สภาองค์กรชุมชนตำบลโนนท่อน",
        "agency:sao:400118",
        "accepted",
        "--by",
        "ทดสอบ",
        "--store",
        s,
    )
    assert code == 0, err
    assert "council:subdistrict:400118 -> agency:sao:400118: accepted (planned, score" in out
    code, out, _ = invoke("gaps", "-p", "40", "--store", s, "--lang", "en")
    assert "planned" in out.split("วางแผนแล้ว / planned")[1]
    code, out, _ = invoke("decisions", "-p", "40", "--store", s, "--json")
    [found] = json.loads(out)["decisions"]
    assert (found["status"], found["decided_by"]) == ("planned", "ทดสอบ")
    code, out, _ = invoke(
        "decide", "agency:sao:400118", "council:subdistrict:400118", "undo", "--store", s
    )
    assert code == 0 and "undone" in out
    code, out, _ = invoke("decisions", "--store", s, "--csv")
    assert out.splitlines()[0].startswith("status,decision,decided_on")
    assert out.splitlines()[1].startswith("undone,undone,")


def test_a_past_decision_then_the_tie_and_its_lapse(store: str, tmp_path: Path) -> None:
    """`decide --on DAY` dates a decision taken earlier; a tie recorded after it realises it,
    and when that tie ends the gap is open again (the decision is `lapsed`)."""
    own = tmp_path / "own.sqlite"
    own.write_bytes(Path(store).read_bytes())
    s = str(own)
    refused(
        "decide", "council:subdistrict:400118", "agency:sao:400118", "accepted",
        "--on", "2999-01-01", "--store", s, says="future",
    )  # fmt: skip
    refused(
        "decide", "council:subdistrict:400118", "agency:sao:400118", "accepted",
        "--on", "yesterday-ish", "--store", s, says="yesterday-ish",
    )  # fmt: skip
    code, out, err = invoke(
        "decide", "council:subdistrict:400118", "agency:sao:400118", "accepted",
        "--on", "1 ก.ย. 2567", "--store", s,
    )  # fmt: skip
    assert code == 0 and "accepted (planned" in out and "2024-09-01" in out, err
    tie = tmp_path / "tie.csv"
    tie.write_text(
        "source,target,type,form,since,until\n"
        "council:subdistrict:400118,agency:sao:400118,PARTNERS_WITH,mou,2024-10-01,2025-09-30\n",
        encoding="utf-8",
    )
    assert invoke("ingest", str(tie), "--store", s)[0] == 0
    code, out, _ = invoke("decisions", "-p", "40", "--store", s, "--json")
    [found] = json.loads(out)["decisions"]
    assert (found["status"], found["tie"]["until"]) == ("lapsed", "2025-09-30")
    code, out, _ = invoke("gaps", "-p", "40", "--store", s, "--json")
    statuses = [
        g["status"]
        for g in json.loads(out)["gaps"]
        if g["kind"] == "subdistrict_council_unlinked_local_government"
        and "council:subdistrict:400118" in g["subjects"]
    ]
    assert statuses == ["open"]


def test_a_reader_that_stops_reading_is_not_an_error(tmp_path: Path) -> None:
    """`partnernet … | head`: the pipe closes under the command's output. That is the
    reader's choice, not a bug: click's quiet exit 1, nothing on stderr, no bug report."""
    store = tmp_path / "s.sqlite"
    SqliteStore(store).close()
    # The pipe closes while the store is open (output written inside `with _store(...)`,
    # whose error handler must let it pass rather than report a bug).
    script = (
        "import sys, partnernet.cli as cli, partnernet.cli.common as common\n"
        "opened = common.open_store\n"
        "class Closing:\n"
        "    def __init__(self, store):\n"
        "        self.store = store\n"
        "    def stats(self):\n"
        "        raise BrokenPipeError(32, 'Broken pipe')\n"
        "    def close(self):\n"
        "        self.store.close()\n"
        "common.open_store = lambda uri, **kw: Closing(opened(uri, **kw))\n"
        f"sys.argv = ['partnernet', 'stats', '--store', {str(store)!r}]\n"
        "cli.main()\n"
    )
    logs = tmp_path / "logs"
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "PARTNERNET_LOG_DIR": str(logs)},
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    assert not logs.exists() or not any(logs.iterdir())
