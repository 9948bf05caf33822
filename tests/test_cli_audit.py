"""`partnernet audit` and `partnernet audit undo`: the trail of an ingest and of undoing."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from partnernet.cli import app

runner = CliRunner()

ORGS = """id,kind,name_th,name_en,type,level,province,district,subdistrict,issues,aliases
agency:pao:40,agency,อบจ.ขอนแก่น,Khon Kaen PAO,pao,provincial,40,,,,
"""


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout


def test_audit_lists_an_ingest_and_undoes_a_change(tmp_path: Path) -> None:
    (tmp_path / "orgs.csv").write_text(ORGS, encoding="utf-8")
    db = str(tmp_path / "s.sqlite")
    assert invoke("ingest", str(tmp_path / "orgs.csv"), "--store", db)[0] == 0
    changed = ORGS.replace("Khon Kaen PAO", "KK PAO")
    (tmp_path / "changed.csv").write_text(changed, encoding="utf-8")
    assert invoke("ingest", str(tmp_path / "changed.csv"), "--store", db)[0] == 0

    code, out = invoke("audit", "--org", "agency:pao:40", "--json", "--store", db)
    assert code == 0, out
    listed = json.loads(out)
    assert listed["total"] == 3  # created, its LOCATED_IN tie, renamed
    newest = listed["items"][0]
    assert newest["source"] == "changed.csv" and newest["who"].startswith("cli")
    assert (newest["before"], newest["after"]) == (
        {"name_en": "Khon Kaen PAO"},
        {"name_en": "KK PAO"},
    )

    code, out = invoke("audit", "--province", "ขอนแก่น", "--store", db)
    assert code == 0 and "KK PAO" in out and "orgs.csv" in out

    code, out = invoke("audit", "undo", newest["id"], "--store", db)
    assert code == 0 and "undone" in out
    code, out = invoke("audit", "undo", newest["id"], "--store", db)
    assert code == 2  # the record no longer holds that change's "after"
    code, out = invoke("audit", "--org", "agency:pao:40", "--json", "--store", db)
    top = json.loads(out)["items"][0]
    assert top["undoes"] == newest["id"] and top["after"] == {"name_en": "Khon Kaen PAO"}
    assert invoke("audit", "undo", "nope", "--store", db)[0] == 2
