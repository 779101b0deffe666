"""The very first request to a fresh server is a deep link: it must open that page through
app.py (navigation, page config), never a bare page script and never the wrong page. And
`make run` warms the server: the database is built and opened and the shared caches filled
before the first visitor, and the log says when it is ready, with nothing alarming on the way."""

import time

import pytest
from pagecheck import deck_drawn, no_exception
from playwright.sync_api import expect

from harness.server import streamlit_process, streamlit_server, wait_for_app

READY = "Brannsam er klar"


def first_request(open_tab, url: str):
    page = open_tab()
    page.goto(url + "/risikobilde")
    wait_for_app(page)
    return page


def assert_risk_page_through_app(page) -> None:
    no_exception(page)
    assert page.url.endswith("/risikobilde")
    expect(page.locator("h1", has_text="Regionalt risikobilde")).to_be_visible()
    assert page.title() == "Brannsam"  # set_page_config names the app; the page names itself in h1
    nav = page.locator("[data-testid='stSidebarNav']")
    expect(nav.get_by_text("Oversikt")).to_be_visible()


def test_a_fresh_server_warms_up_then_opens_a_deep_link_first(open_tab, tmp_path):
    with streamlit_process(tmp_path / "fresh.duckdb") as (url, proc):
        deadline = time.monotonic() + 60
        while READY not in proc.log_path.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        log = proc.log_path.read_text()
        assert READY in log, log[-3000:]
        assert "Traceback" not in log and "No runtime found" not in log and "ScriptRunContext" not in log
        page = first_request(open_tab, url)
        assert_risk_page_through_app(page)
        assert page.get_by_text("Page not found").count() == 0
        deck_drawn(page)


@pytest.mark.parametrize("plain", [True], ids=["streamlit run app.py"])
def test_plain_streamlit_run_still_routes_through_app(open_tab, tmp_path, plain):
    """Without our launcher Streamlit shows a «Page not found» notice on the very first request,
    but the requested page is still run through app.py's navigation."""
    with streamlit_server(tmp_path / "fresh.duckdb", plain=plain) as url:
        page = first_request(open_tab, url)
        assert_risk_page_through_app(page)
        # The notice is why `python -m brannsam serve` exists: when an upgraded Streamlit stops
        # showing it, this fails, and the launcher's patch (brannsam/ui/serve.py) can go.
        expect(page.get_by_text("Page not found").first).to_be_visible(timeout=15_000)
