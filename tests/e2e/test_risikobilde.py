from pathlib import Path

from pagecheck import clipped_bar_names, console_errors, deck_drawn, no_exception, open_app, switch_on
from playwright.sync_api import expect

from harness.server import wait_for_app


def test_risk_page_draws_map_legend_and_chart(page, server_url):
    open_app(page, server_url + "/risikobilde")
    no_exception(page)
    deck_drawn(page)
    assert page.get_by_text("Risikoindeks").first.is_visible()
    assert page.locator("[data-testid='stHtml']", has_text="døgnkasernert").first.is_visible()
    page.wait_for_selector(".js-plotly-plot .bars", timeout=20_000)
    assert clipped_bar_names(page) == []  # every municipality's name fits left of its bar
    assert console_errors(page) == []


def test_coverage_layer_and_excel_download(page, server_url):
    open_app(page, server_url + "/risikobilde")
    switch_on(page, "Responstid (rutenett)")
    expect(page.locator("[data-testid='stHtml']", has_text="over 30 min").first).to_be_visible(timeout=20_000)
    wait_for_app(page)
    deck_drawn(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Last ned Excel").click()
    download = info.value
    assert download.suggested_filename == "risikobilde.xlsx"
    assert Path(download.path()).read_bytes()[:2] == b"PK"  # a real xlsx (zip) file
    no_exception(page)
