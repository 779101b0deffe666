import io
from pathlib import Path

import openpyxl
from pagecheck import console_errors, no_exception, open_app
from playwright.sync_api import expect

# The side-by-side grid's scroller: wider content than box means columns cut off to the right.
GRID_OVERFLOW_JS = """() => [...document.querySelectorAll("[data-testid='stDataFrame'] .dvn-scroller")]
    .map(el => el.scrollWidth - el.clientWidth)"""


def test_the_alternatives_chart_draws_every_alternative_with_its_range_and_downloads(page, server_url):
    """What AppTest cannot see: the cost–effect chart with a marker and a whisker per alternative,
    the Excel file a finance director takes away, (the projector view is in the tour)."""
    open_app(page, server_url + "/alternativer")
    no_exception(page)
    expect(page.get_by_text("Studien anbefaler").first).to_be_visible(timeout=30_000)
    page.locator("[data-testid='stExpander'] summary", has_text="Sekundær visning").click()
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=30_000)
    assert page.locator(".js-plotly-plot .scatterlayer .point").count() == 5
    expect(page.locator(".js-plotly-plot .errorbar").first).to_be_attached(timeout=20_000)
    with page.expect_download() as info:
        page.get_by_role("button", name="Last ned sammenligningen (Excel)").click()
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    sheet = book["Side om side"]
    header = [c.value for c in sheet[1]]
    assert "Nåverdi" in header and sheet.max_row >= 6
    assert console_errors(page) == []


def test_the_side_by_side_comparison_is_whole_on_a_1366_screen(open_tab, server_url):
    """At 1366×768 the old table was cut off after «Spenn»: present value, rotas, reach and points
    were out of sight. Every alternative is now a column, and no grid scrolls sideways."""
    tab = open_tab(1366, 768)
    open_app(tab, server_url + "/alternativer")
    no_exception(tab)
    expect(tab.get_by_text("Side om side").first).to_be_visible(timeout=30_000)
    tab.wait_for_selector("[data-testid='stDataFrame'] .dvn-scroller", timeout=30_000)
    overflow = tab.evaluate(GRID_OVERFLOW_JS)
    assert len(overflow) >= 2 and overflow[1] <= 1, overflow  # the switching values, then side by side
