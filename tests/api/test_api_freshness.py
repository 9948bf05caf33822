"""One notion of freshness: a running server's cached answers follow the store's
`data_version()`, so writes made elsewhere (here: the `partnernet` command on the same file)
show in the very next answer, even when they change no node or relationship count."""

from __future__ import annotations

import csv
from pathlib import Path

from api_support import Keys, auth, client, copy_store
from typer.testing import CliRunner

from partnernet.cli import app
from partnernet.service.demo import sample_dir

V1 = "/api/v1"
CACHE = "x-partnernet-cache"


def _proposal_statuses(report: dict[str, object]) -> dict[str, str]:
    found: dict[str, str] = {}
    for gap in report["gaps"]:  # type: ignore[attr-defined]
        evidence = gap.get("evidence") or {}
        if "status" in evidence:
            for subject in gap["subjects"]:
                if subject.startswith("proposal:"):
                    found[subject] = evidence["status"]
    return found


def _cli(*args: str) -> None:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output


def test_cli_writes_reach_a_running_server(sample_db: Path, tmp_path: Path, keys: Keys) -> None:
    store = copy_store(sample_db, tmp_path / "store")
    path = store.uri
    h = auth(keys.viewer)
    with client(store, keys, tmp_path) as api:
        # A proposal's status: the gaps show it in their evidence.
        before = api.get(f"{V1}/provinces/40/gaps", headers=h)
        assert before.headers[CACHE] == "miss"
        statuses = _proposal_statuses(before.json())
        proposal = next(p for p, s in statuses.items() if s not in ("implemented", "rejected"))
        assert api.get(f"{V1}/provinces/40/gaps", headers=h).headers[CACHE] == "hit"
        with (sample_dir() / "proposals.csv").open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        row = next(r for r in rows if r["id"] == proposal)
        row["status"] = "rejected"
        changed = tmp_path / "proposals.csv"
        with changed.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(row))
            writer.writeheader()
            writer.writerow(row)
        counts = api.get(f"{V1}/stats", headers=h).json()
        _cli("ingest", str(changed), "--store", path, "--rejects", str(tmp_path / "r.csv"))
        assert api.get(f"{V1}/stats", headers=h).json()["nodes"] == counts["nodes"]
        after = api.get(f"{V1}/provinces/40/gaps", headers=h)
        assert after.headers[CACHE] == "miss"
        assert _proposal_statuses(after.json()).get(proposal) in (None, "rejected")
        assert after.json() != before.json()

        # A decision accepted, then flipped to rejected: no count changes the second time.
        suggested = api.get(f"{V1}/provinces/40/recommendations", headers=h).json()
        first = suggested["recommendations"][0]
        pair = (first["source"], first["target"])
        _cli("decide", *pair, "accepted", "--store", path)
        accepted = api.get(f"{V1}/provinces/40/recommendations", headers=h).json()
        assert (pair[0], pair[1]) in {(a["source"], a["target"]) for a in accepted["accepted"]}
        _cli("decide", *pair, "rejected", "--store", path)
        flipped = api.get(f"{V1}/provinces/40/recommendations", headers=h)
        assert flipped.headers[CACHE] == "miss"
        body = flipped.json()
        assert (pair[0], pair[1]) not in {(a["source"], a["target"]) for a in body["accepted"]}
        assert (pair[0], pair[1]) not in {
            (r["source"], r["target"]) for r in body["recommendations"]
        }
    store.close()
