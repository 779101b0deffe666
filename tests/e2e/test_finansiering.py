from conftest import console_errors, no_exception, open_app, screenshot
from playwright.sync_api import expect

from brannsam.funding import scenarios


def table_text(page) -> str:
    return page.locator("[data-testid='stDataFrame']").first.inner_text()


def test_moving_a_funding_slider_updates_the_numbers(page, server_url):
    open_app(page, server_url + "/finansiering")
    no_exception(page)
    page.wait_for_selector(".js-plotly-plot .bars", timeout=20_000)
    assert (
        page.locator("[data-testid='stMetric']")
        .first.inner_text()
        .startswith(f"Netto {scenarios.default_first_year()}")
    )
    metric = page.locator("[data-testid='stCaptionContainer']", has_text="Bidrag per innbygger fra")
    before = metric.inner_text()
    slider = page.locator("[data-testid='stSlider']", has_text="Areal").first.get_by_role("slider")
    slider.focus()
    page.keyboard.press("ArrowRight")
    expect(metric).not_to_have_text(before, timeout=20_000)
    assert "oppsett=" in page.url
    no_exception(page)
    screenshot(page, "finansiering")
    assert console_errors(page) == []
