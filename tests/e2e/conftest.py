"""A real Streamlit server and headless Debian Chromium, shared by the end-to-end tests."""

from __future__ import annotations

import contextlib
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from playwright.sync_api import expect, sync_playwright

from harness.server import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_for_app

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Every `expect` waits this long unless it says otherwise (Playwright's own default is 5 s, too
# short for a first run on a busy 2-core machine).
expect.set_options(timeout=20_000)


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory):
    """The database does not exist yet: the app must build it itself on first start."""
    db = tmp_path_factory.mktemp("e2e") / "brannsam.duckdb"
    with streamlit_server(db) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Fant ikke Chromium på {CHROMIUM}; kjør «make test» (installerer den).")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.failed_call = report.failed


@pytest.fixture
def open_tab(browser, request):
    """The one way a test opens a browser tab: a context of its own (cookies, cache), its console
    errors and failed responses recorded, a phone's touch screen if asked, the internet cut off
    if asked (only the local server answers), a screenshot when the test fails; closed after."""
    contexts = []

    def open_(width: int = 1600, height: int = 1000, phone: bool = False, offline: bool = False):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            accept_downloads=True,
            is_mobile=phone,
            has_touch=phone,
        )
        contexts.append(context)
        tab = context.new_page()
        tab.console_errors, tab.failed_responses, tab.blocked = [], [], []
        tab.on("console", lambda msg: msg.type == "error" and tab.console_errors.append(msg.text))
        tab.on("response", lambda r: r.status >= 400 and tab.failed_responses.append(r.url))
        if offline:

            def block(route):
                if urlparse(route.request.url).hostname != "127.0.0.1":
                    tab.blocked.append(route.request.url)
                    route.abort()
                else:
                    route.continue_()

            context.route("**/*", block)
        return tab

    yield open_
    failed = getattr(request.node, "failed_call", False)
    for n, context in enumerate(contexts):
        with contextlib.suppress(Exception):  # a context the test closed itself
            if failed and context.pages:
                screenshot(context.pages[0], f"FEIL-{request.node.name}-{n}")
            context.close()


@pytest.fixture
def page(open_tab):
    return open_tab()


def open_app(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


# On a deep link Streamlit's frontend probes `<page>/_stcore/health` and `/host-config` to find
# its base path, gets 404 and falls back to `/_stcore/...`: those two are expected, nothing else.
BASE_PATH_PROBES = re.compile(r"/[^/]+/_stcore/(health|host-config)$")
PROBE_404 = "Failed to load resource: the server responded with a status of 404 (Not Found)"


def console_errors(page) -> list[str]:
    """Browser console errors, less the 404s of Streamlit's own base-path probes."""
    probes = [u for u in page.failed_responses if BASE_PATH_PROBES.search(u)]
    errors = list(page.console_errors)
    for _ in probes:
        if PROBE_404 in errors:
            errors.remove(PROBE_404)
    unexpected = [u for u in page.failed_responses if not BASE_PATH_PROBES.search(u)]
    return errors + [f"HTTP-feil: {u}" for u in unexpected]


def no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0


def deck_drawn(page) -> None:
    """A deck.gl canvas exists and deck.gl has given it a real size (a bare canvas is 300×150
    until the map initialises, so wait for that rather than read it once)."""
    page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=20_000)
    page.wait_for_function(
        """() => [...document.querySelectorAll("[data-testid='stDeckGlJsonChart'] canvas")]
              .some(c => c.getBoundingClientRect().width > 300 && c.getBoundingClientRect().height > 200)""",
        timeout=20_000,
    )


def switch_on(page, label: str) -> None:
    """Click a toggle's label like a user and wait until the switch really is on."""
    page.get_by_text(label, exact=True).first.click()
    # During the rerun the old and the new toggle can both be in the page: wait until one is on.
    page.wait_for_function(
        "label => [...document.querySelectorAll('input[role=switch]')]"
        ".some(e => e.getAttribute('aria-label') === label && e.checked)",
        arg=label,
        timeout=20_000,
    )


@pytest.hookimpl(tryfirst=True)  # before xdist reads the marks to group the tests
def pytest_collection_modifyitems(config, items):
    """With `make test`'s two workers, every browser test runs on one of them (one Chromium and
    one server at a time, as on a laptop), while the other runs the unit and page tests."""
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.xdist_group("browser"))
