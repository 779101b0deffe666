from pagecheck import clipped_bar_names, console_errors, no_exception, open_app
from playwright.sync_api import expect

from brannsam.funding import scenarios
from brannsam.funding.settings import Settings


def table_text(page) -> str:
    return page.locator("[data-testid='stDataFrame']").first.inner_text()


def test_a_link_without_two_councils_shows_the_rest_their_change_and_the_whiskers(page, server_url):
    """What a finance director asks first: the settings link carries who says no, the net-change
    chart draws each bar's range, and the page lists each remaining member's change."""
    link = scenarios.encode(Settings(uten=["5025", "1811"]))
    open_app(page, server_url + f"/finansiering?oppsett={link}")
    no_exception(page)
    page.wait_for_selector(".js-plotly-plot .bars", timeout=20_000)
    # plotly draws a bar's error bar as an «errorbar» group next to the bars
    expect(page.locator(".js-plotly-plot .errorbar").first).to_be_attached(timeout=20_000)
    assert clipped_bar_names(page) == []  # every municipality's name fits left of its bar
    members = page.locator("[data-testid='stDataFrame']", has_text="Netto, alle med")
    expect(members).to_be_visible(timeout=20_000)
    assert page.get_by_text("Uten Bindal, Røros").count() >= 1
    headline = page.locator("[data-testid='stMetric']", has_text="Dyrere enn i dag")
    expect(headline).to_contain_text("ukjent", timeout=20_000)
    expect(headline).to_contain_text("estimat: ", timeout=20_000)
    assert console_errors(page) == []
