"""Given ids in one form (issue 22, finding 8): clean_id and the rows that use it."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnernet.graph.sqlite_store import SqliteStore
from partnernet.ingest.cells import RowError
from partnernet.ingest.ids import LookalikeId, clean_id, clean_ref
from partnernet.service.ingest import ingest_files


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("org:40:x", "org:40:x"),
        ("ＯＲＧ：40：Ｘ", "org:40:x"),
        ("Org:40:X", "org:40:x"),
        ("org:40:x\u200b", "org:40:x"),
        ("agency:th:สถาบันพัฒนาองค์กรชุมชน", "agency:th:สถาบันพัฒนาองค์กรชุมชน"),
    ],
)
def test_plain_forms(given: str, stored: str) -> None:
    assert clean_id(given) == stored


@pytest.mark.parametrize(
    ("given", "plain"),
    [
        ("org:40:x\u0430", "org:40:xa"),  # Cyrillic a
        ("org:40:\u03bfx", "org:40:ox"),  # Greek omicron
        ("org:40:xe\u0301", "org:40:xe"),  # combining acute
        ("org:40:xé", "org:40:xe"),  # precomposed
    ],
)
def test_lookalikes_name_the_plain_id(given: str, plain: str) -> None:
    with pytest.raises(LookalikeId) as caught:
        clean_id(given)
    assert caught.value.plain == plain and plain in str(caught.value)


def test_other_characters_are_refused_and_names_pass_as_refs() -> None:
    with pytest.raises(RowError, match="U\\+2192"):
        clean_id("org:40:\u2192")
    with pytest.raises(RowError):
        clean_id("\u200b")
    assert clean_ref("สภาองค์กรชุมชนตำบลบ้านเป็ด", "source") == "สภาองค์กรชุมชนตำบลบ้านเป็ด"
    assert clean_ref("Org：40：X", "target") == "org:40:x"


def test_a_file_of_lookalikes_makes_one_organisation(tmp_path: Path) -> None:
    table = tmp_path / "organizations.csv"
    rows = [
        "civil_society_group:40:forest-net",
        "CIVIL_SOCIETY_GROUP：40：forest-net",
        "civil_society_group:40:forest-n\u0435t",
    ]
    table.write_text(
        "id,kind,name_th,province\n"
        + "".join(f"{r},civil_society_group,เครือข่ายป่า,40\n" for r in rows),
        encoding="utf-8",
    )
    store = SqliteStore(str(tmp_path / "s.db"))
    try:
        report = ingest_files(store, [table], rejects_path=tmp_path / "rejects.csv")
        ids = [n.id for n in store.iter_nodes() if n.id.startswith("civil_society_group:")]
        assert ids == ["civil_society_group:40:forest-net"]
        assert report.rejected == 1
        assert "looks like 'civil_society_group:40:forest-net'" in report.rejected_rows[0].reason
    finally:
        store.close()
