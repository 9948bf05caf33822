"""bench.upload_bench: the 10k-row preview benchmark, run small, and its budget line."""

from __future__ import annotations

from pathlib import Path

from bench import upload_bench
from bench.budgets import ABSENT, MET, MISSED, budgets


def test_previews_confirm_and_the_budget_line(tmp_path: Path) -> None:
    found = upload_bench.run(tmp_path, seed=1, rows=300, scale="S")
    orgs, ties = found["organisations"], found["ties"]
    assert orgs["rows"] == ties["rows"] == 300
    assert orgs["accepted"] + orgs["rejected"] == 300
    assert orgs["confirm_same_as_preview"] is True
    assert orgs["changes"] > 300  # organisations, their areas and their LOCATED_IN ties
    assert orgs["again_unchanged"] == orgs["changes"]  # once stored, a re-upload changes nothing
    assert ties["changes"] > 0 and found["worst_preview_seconds"] > 0
    [line] = [b for b in budgets({"upload": found}) if b["budget"] == "Upload preview of 10k rows"]
    assert line["measured"].endswith("300 rows") and line["verdict"] == ABSENT  # too few rows
    full = {**found, "organisations": {**orgs, "rows": 10_000}, "worst_preview_seconds": 3.0}
    [line] = [b for b in budgets({"upload": full}) if b["budget"] == "Upload preview of 10k rows"]
    assert line["verdict"] == MET and line["measured"] == "3.0 s (worst of three)"
    slow = {**full, "worst_preview_seconds": 12.0}
    [line] = [b for b in budgets({"upload": slow}) if b["budget"] == "Upload preview of 10k rows"]
    assert line["verdict"] == MISSED


def test_no_upload_run_is_said(tmp_path: Path) -> None:
    [line] = [b for b in budgets({}) if b["budget"] == "Upload preview of 10k rows"]
    assert line["measured"] is None and line["note"] == "no upload run"
