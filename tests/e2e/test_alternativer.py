import io
from pathlib import Path

import openpyxl
from pagecheck import console_errors, no_exception, open_app
from playwright.sync_api import expect


def test_the_alternatives_chart_draws_every_alternative_with_its_range_and_downloads(page, server_url):
    """What AppTest cannot see: the cost–effect chart with a marker and a whisker per alternative,
    the Excel file a finance director takes away, (the projector view is in the tour)."""
    open_app(page, server_url + "/alternativer")
    no_exception(page)
    expect(page.get_by_text("rangeres først").first).to_be_visible(timeout=30_000)
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
