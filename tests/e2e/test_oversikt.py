from conftest import console_errors, deck_drawn, no_exception, open_app, screenshot
from playwright.sync_api import expect


def test_overview_in_a_real_browser(page, server_url):
    open_app(page, server_url + "/")
    no_exception(page)
    deck_drawn(page)
    metric = page.locator("[data-testid='stMetric']", has_text="Kommuner")
    assert "40" in metric.inner_text()
    expect(page.get_by_text("Estimat").first).to_be_visible()
    screenshot(page, "oversikt")
    assert console_errors(page) == []


def test_presentation_mode_link_enlarges_type_and_hides_sidebar(page, server_url):
    open_app(page, server_url + "/?presentasjon=1")
    no_exception(page)
    assert page.locator("[data-testid='stSidebar']").is_hidden()
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
    assert size >= 60
    screenshot(page, "oversikt-presentasjon")
