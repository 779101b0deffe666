from pathlib import Path

from conftest import console_errors, deck_drawn, no_exception, open_app, screenshot


def test_bookmarked_service_page_with_map_checks_and_printable_profile(page, server_url):
    open_app(page, server_url + "/mitt-brannvesen?brannvesen=rindal-brannvesen")
    no_exception(page)
    deck_drawn(page)
    assert page.get_by_role("heading", name="Rindal brannvesen").is_visible()
    assert page.get_by_text("Forskriftskrav").first.is_visible()
    page.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=20_000)
    with page.expect_download() as info:
        page.get_by_role("button", name="Last ned profilen (utskriftsvennlig HTML)").click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert "<h1>Rindal brannvesen</h1>" in html and "@media print" in html
    screenshot(page, "mitt-brannvesen")
    assert console_errors(page) == []
