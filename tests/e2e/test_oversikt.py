import subprocess
from pathlib import Path

from pagecheck import console_errors, deck_drawn, no_exception, open_app
from playwright.sync_api import expect


def test_overview_in_a_real_browser(page, server_url):
    open_app(page, server_url + "/")
    no_exception(page)
    deck_drawn(page)
    metric = page.locator("[data-testid='stMetric']", has_text="Kommuner")
    assert "40" in metric.inner_text()
    expect(page.get_by_text("Estimat").first).to_be_visible()
    assert console_errors(page) == []


def test_the_region_report_is_built_when_its_download_is_clicked(page, server_url):
    open_app(page, server_url + "/")
    no_exception(page)
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Last ned rapporten (PDF)").click()
    pdf = Path(info.value.path())
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Forutsetninger i scenarioet" in text and "Trondheim" in text
    assert console_errors(page) == []
