"""Input that would be silently misread is refused or reported (issue 17): a text with no
fact creates nothing, not even its Source node."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnernet.foundation.errors import InvalidInput
from partnernet.graph.model import NodeKind
from partnernet.graph.sqlite_store import SqliteStore
from partnernet.service.ingest import ingest_files

REPORTS = Path(__file__).parents[2] / "partnernet" / "data" / "reports"


def test_a_text_without_facts_is_reported_and_creates_nothing(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n", encoding="utf-8")
    store = SqliteStore(":memory:")
    with pytest.raises(InvalidInput, match=r"notes\.txt: no organisation"):
        ingest_files(store, [notes])
    assert list(store.iter_nodes()) == []
    report = sorted(REPORTS.glob("*.txt"))[0]
    done = ingest_files(store, [notes, report])
    assert "notes.txt: no fact found in the text; nothing stored" in done.warnings
    sources = [n.id for n in store.iter_nodes(NodeKind.SOURCE)]
    assert len(sources) == 1 and "notes" not in sources[0]
