from pathlib import Path
from urllib.parse import quote, urlparse

from pagecheck import console_errors, deck_drawn, no_exception, open_app
from playwright.sync_api import expect


def test_bookmarked_service_page_with_map_checks_and_printable_profile(page, server_url):
    open_app(page, server_url + "/mitt-brannvesen?brannvesen=rindal-brannvesen")
    no_exception(page)
    deck_drawn(page)
    expect(page.get_by_role("heading", name="Rindal brannvesen")).to_be_visible()
    expect(page.get_by_text("Forskriftskrav").first).to_be_visible()
    page.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=20_000)
    with page.expect_download() as info:
        page.get_by_role("button", name="Last ned profilen (utskriftsvennlig HTML)").click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert "<h1>Rindal brannvesen</h1>" in html and "@media print" in html
    assert console_errors(page) == []


def test_a_link_carrying_markdown_shows_it_as_text(page, server_url):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    attack = "![x](http://angriper.invalid/p.png) [Logg inn](http://angriper.invalid/p)"
    open_app(page, server_url + "/mitt-brannvesen?brannvesen=" + quote(attack))
    alert = page.locator("[data-testid='stAlert']").filter(has_text="Fant ikke brannvesenet")
    expect(alert).to_contain_text("[Logg inn](http")
    assert alert.locator("img").count() == 0
    assert alert.locator("a").count() == 0
    assert not [url for url in requested if urlparse(url).hostname == "angriper.invalid"]
