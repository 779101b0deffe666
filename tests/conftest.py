"""Shared fixtures: a database built once per test session from the real sources, and a
private copy of the sources for tests that break them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from brannsam.data import paths
from brannsam.pipeline import build
from brannsam.ui import password as ui_password
from harness import scores

E2E = Path(__file__).resolve().parent / "e2e"
# What a worker that has run any other test yields to the browser tests (0 is normal).
YIELD_TO_BROWSER_TESTS = 5


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the browser tests at the head of all but one worker's share. They are the run's
    longest chain but mostly wait (on a server's rerun, on Chromium): alone on two workers they
    use 0.7 of one core. A worker's share is the slice xdist's worksteal hands it at the start,
    and it steals only from a queue's tail, so each head stays where it is put. Whole files go
    together, so a file's module-scoped server starts once."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    chains = max(1, min(2, workers - 1))
    files: dict[Path, list[pytest.Item]] = {}
    others = []
    for item in items:
        if E2E in item.path.parents:
            files.setdefault(item.path, []).append(item)
        else:
            others.append(item)
    heads: list[list[pytest.Item]] = [[] for _ in range(chains)]
    for n, tests in enumerate(files.values()):
        heads[n % chains].extend(tests)
    ordered = []
    remaining = len(items)
    for share in range(workers):
        size = remaining // (workers - share)  # worksteal's own split of the list
        head = heads[share] if share < chains else []
        fill = max(0, size - len(head))
        ordered += head + others[:fill]
        others = others[fill:]
        remaining -= size
    items[:] = ordered + others


def pytest_runtest_setup(item: pytest.Item) -> None:
    """The browser tests are the run's longest chains: they wait on real servers and Chromium,
    one after the other at the head of two workers' shares (above). A worker that runs any other
    test lowers its priority, so on two cores the chains keep the CPU they need and the others
    fill what they leave (a process may lower its own priority, never raise it)."""
    if os.environ.get("PYTEST_XDIST_WORKER") and E2E not in item.path.parents:
        current = os.getpriority(os.PRIO_PROCESS, 0)
        os.setpriority(os.PRIO_PROCESS, 0, max(current, YIELD_TO_BROWSER_TESTS))


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("db") / "brannsam.duckdb"
    build.database(paths.SOURCES_DIR, target)
    return target


@pytest.fixture
def con(built_db: Path):
    connection = duckdb.connect(str(built_db), read_only=True)
    yield connection
    connection.close()


@pytest.fixture
def sources_copy(tmp_path: Path) -> Path:
    target = tmp_path / "sources"
    shutil.copytree(paths.SOURCES_DIR, target)
    return target


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built_db: Path) -> Path:
    """A private, writable copy of the built database, selected through BRANNSAM_DB."""
    target = tmp_path / "app.duckdb"
    shutil.copy(built_db, target)
    monkeypatch.setenv("BRANNSAM_DB", str(target))
    return target


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def run_page(app_db: Path):
    """Run app.py through st.navigation and switch to a page, like a user following a link. The
    server-wide count of wrong passwords starts afresh for each test, as on a new server."""
    ui_password.limiter.clear()

    def run(page: str | None = None, **query: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page is not None:
            at.switch_page(f"pages/views/{page}.py").run()
        return at

    return run


@pytest.fixture
def scored_db(app_db: Path) -> Path:
    """The app's database where two working groups have scored every area (synthetic); overordnet
    vakt scores highest and ledelse lowest on economy for both."""
    con = duckdb.connect(str(app_db))
    try:
        scores.score_every_area(
            con,
            ["Arbeidsgruppe A", "Arbeidsgruppe B"],
            seed=3,
            fixed={("overordnet_vakt", "okonomi"): 5, ("ledelse", "okonomi"): 1},
        )
    finally:
        con.close()
    return app_db
