"""Each command reads the whole graph at most once (issue 16): the maps bundle, the national
view, the province map and the demo share one read of the whole graph, and cut regions and
provinces out of it instead of reading them again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import networkx as nx
import pytest

from partnernet.foundation import geography
from partnernet.graph.sqlite_store import SqliteStore
from partnernet.graph.store import WHOLE_GRAPH, GraphStore, Scope
from partnernet.service import demo, render
from partnernet.service.ingest import ingest_files
from partnernet.service.peers import meta_key


class CountingStore:
    """A store that counts its reads (whole graph and scoped) and passes everything on."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.whole = 0
        self.scoped: list[Scope] = []

    def subgraph(self, scope: Scope = WHOLE_GRAPH) -> nx.MultiDiGraph:
        if scope.is_whole:
            self.whole += 1
        else:
            self.scoped.append(scope)
        return self._store.subgraph(scope)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("whole-reads")
    path = folder / "sample.sqlite"
    store = SqliteStore(path)
    ingest_files(
        store,
        [*sorted(demo.sample_dir().glob("*.csv")), *demo.sample_reports()],
        rejects_path=folder / "rejects.csv",
    )
    store.close()
    return path


@pytest.fixture
def counting(sample_path: Path) -> Iterator[CountingStore]:
    store = SqliteStore(sample_path)
    # Stale peer summaries make the first analysis of a region read it: the rule must hold
    # then too, so every test starts with none stored.
    for system in geography.region_systems():
        for region in geography.regions(system):
            store.set_meta(meta_key(region), "")
    yield CountingStore(store)
    store.close()


def test_the_maps_bundle_reads_the_graph_once(counting: CountingStore, tmp_path: Path) -> None:
    files = render.render_maps(cast(GraphStore, counting), tmp_path)
    assert files
    assert counting.whole == 1
    assert counting.scoped == []


@pytest.mark.parametrize("kind", ["national", "map"])
def test_the_whole_views_read_the_graph_once(
    counting: CountingStore, tmp_path: Path, kind: str
) -> None:
    out = render.render_view(cast(GraphStore, counting), kind, None, tmp_path / f"{kind}.html")  # type: ignore[arg-type]
    assert out.exists()
    assert counting.whole == 1
    assert counting.scoped == []


def test_the_demo_reads_the_graph_once(
    counting: CountingStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "open_store", lambda uri: counting)
    demo.run_demo(tmp_path)
    assert counting.whole == 1
    assert counting.scoped == []


def test_the_counter_sees_a_second_read(counting: CountingStore) -> None:
    """The counting store itself: two reads are counted as two (else the tests above pass
    for nothing)."""
    counting.subgraph()
    counting.subgraph()
    counting.subgraph(Scope(provinces=frozenset({"40"})))
    assert counting.whole == 2
    assert len(counting.scoped) == 1
