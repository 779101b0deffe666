"""A real Streamlit server and headless Debian Chromium, shared by the end-to-end tests."""

from __future__ import annotations

import contextlib
from pathlib import Path
from urllib.parse import urlparse

import pytest
from pagecheck import screenshot
from playwright.sync_api import expect, sync_playwright

from harness.server import CHROMIUM, CHROMIUM_ARGS, free_port, streamlit_server

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


def _is_error(msg) -> bool:
    """An error in the console, or a plotly.js warning: plotly.js writes those with a stack trace
    (`console.trace`), and a chart that warned for every bar cost 15 ms of each slider move."""
    return msg.type == "error" or (msg.type == "trace" and msg.text.startswith("WARN:"))


@pytest.fixture
def open_tab(browser, request):
    """The one way a test opens a browser tab: a context of its own (cookies, cache), its console
    errors and failed responses recorded, a phone's touch screen if asked, the internet cut off
    if asked (only the local server answers), a screenshot when the test fails; closed after."""
    contexts = []

    def open_(width: int = 1600, height: int = 1000, phone: bool = False, offline: bool = False):
        # Offline, every host but the local server goes through a proxy that is not there, so
        # nothing reaches the internet; unlike intercepting each request in Playwright, this
        # keeps the browser's cache, as a real laptop has it.
        nowhere = {"server": f"http://127.0.0.1:{free_port()}", "bypass": "127.0.0.1"} if offline else None
        context = browser.new_context(
            viewport={"width": width, "height": height},
            accept_downloads=True,
            is_mobile=phone,
            has_touch=phone,
            proxy=nowhere,
        )
        contexts.append(context)
        tab = context.new_page()
        tab.console_errors, tab.failed_responses, tab.blocked = [], [], []
        tab.on("console", lambda msg: _is_error(msg) and tab.console_errors.append(msg.text))
        tab.on("response", lambda r: r.status >= 400 and tab.failed_responses.append(r.url))
        tab.on(
            "requestfailed",
            lambda r: urlparse(r.url).hostname not in ("127.0.0.1", None) and tab.blocked.append(r.url),
        )
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
