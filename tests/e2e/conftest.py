"""A real Streamlit server and headless Debian Chromium, shared by the end-to-end tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from server import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_for_app

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory):
    """The database does not exist yet: the app must build it itself on first start."""
    db = tmp_path_factory.mktemp("e2e") / "brannsam.duckdb"
    with streamlit_server(db) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Fant ikke Chromium på {CHROMIUM}; kjør «make test» (installerer den).")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
    tab = context.new_page()
    tab.console_errors = []
    tab.on("console", lambda msg: msg.type == "error" and tab.console_errors.append(msg.text))
    yield tab
    context.close()


def open_app(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0


def deck_drawn(page) -> None:
    """A deck.gl canvas exists and has been given a real size."""
    page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=20_000)
    size = page.locator("[data-testid='stDeckGlJsonChart'] canvas").first.bounding_box()
    assert size and size["width"] > 300 and size["height"] > 200
