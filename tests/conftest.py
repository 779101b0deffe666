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


def pytest_runtest_setup(item: pytest.Item) -> None:
    """The browser tests wait on real servers and Chromium. A worker that runs any other test
    lowers its priority, so on two cores the browser tests keep the CPU they need and the others
    fill what they leave (a process may lower its own priority, never raise it). Which worker
    runs what is xdist's own work stealing: a reordering of the collected tests, modelled on
    xdist's internal split, was measured against it (506 s with it, 523 s without, 769 tests)
    and went."""
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
