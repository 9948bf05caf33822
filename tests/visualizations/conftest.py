"""Fixtures for the visualisation tests: the sample graph, and headless Chromium.

Browser tests (`@pytest.mark.browser`) drive Debian's `chromium` through Playwright's Python
package (never a Playwright-downloaded browser). When chromium or Playwright is missing they are
skipped with a message, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from viz_browser_support import Opened

from partnernet.graph.sqlite_store import SqliteStore
from partnernet.graph.store import Scope
from partnernet.ingest.pipeline import ingest_paths

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHROMIUM_ENV = "PARTNERNET_CHROMIUM"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: opens pages in headless Chromium (Debian's chromium + Playwright)"
    )


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _sample_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "partnernet" / "data" / "sample"


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteStore]:
    folder = tmp_path_factory.mktemp("sample")
    store = SqliteStore(folder / "sample.sqlite")
    ingest_paths(store, sorted(_sample_dir().glob("*.csv")), rejects_path=folder / "rejects.csv")
    yield store
    store.close()


@pytest.fixture(scope="session")
def sample_graph(sample_store: SqliteStore) -> nx.MultiDiGraph:
    return sample_store.subgraph()


@pytest.fixture(scope="session")
def kk_graph(sample_store: SqliteStore) -> nx.MultiDiGraph:
    return sample_store.subgraph(Scope(provinces=frozenset({"40"})))


# ---------------------------------------------------------------------------------------------
# Browser


def chromium_executable() -> str | None:
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        return configured if Path(configured).is_file() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_executable()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        executable = None
        reason = "the playwright Python package is not installed (pip install playwright)"
    else:
        reason = "Debian's chromium is not installed (apt-get install chromium)"
    if executable is None:
        if _in_ci():
            pytest.fail(f"browser tests cannot run under CI: {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Opened]]:
    contexts: list[Any] = []

    def opener(path: Path, *, wait_ready: bool = True, timeout: float = 20_000) -> Opened:
        context = browser.new_context(viewport={"width": 1280, "height": 860})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)

        def route(route: Any) -> None:
            url = route.request.url
            if url.startswith("file:"):
                route.continue_()
            else:
                opened.blocked.append(url)
                route.abort()

        context.route("**/*", route)

        def dialog(d: Any) -> None:
            opened.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.goto(path.resolve().as_uri())
        if wait_ready:
            page.wait_for_selector("body[data-ready='1']", state="attached", timeout=timeout)
        return opened

    yield opener
    for context in contexts:
        context.close()
