"""A new user's tour of every page in a real browser, on a projector and a laptop screen, and
again with the network cut off (every request to a host other than 127.0.0.1 blocked)."""

from __future__ import annotations

import re

import duckdb
import pytest
from pagecheck import ARTIFACTS, console_errors, no_exception, screenshot, switch_on
from playwright.sync_api import expect

from brannsam.data import paths
from brannsam.pipeline import build
from harness import scores
from harness.server import streamlit_server, wait_for_app

# page path -> selector of the main chart, map or table that must be drawn
PAGES = {
    "/": "[data-testid='stDeckGlJsonChart'] canvas",
    "/risikobilde": "[data-testid='stDeckGlJsonChart'] canvas",
    "/samarbeid": ".js-plotly-plot .bars",
    "/organisering": "[data-testid='stDataFrame']",
    "/mitt-brannvesen?brannvesen=gauldal-brann-og-redning-iks": "[data-testid='stDeckGlJsonChart'] canvas",
    "/finansiering": ".js-plotly-plot .bars",
    "/min-kommune?kommune=5025": "[data-testid='stImage'] img",
    "/data": "[data-testid='stDataFrame']",
}
VIEWPORTS = {"projektor": (1920, 1080), "laptop": (1366, 768)}


@pytest.fixture(scope="module")
def tour_server(tmp_path_factory):
    """A database with two (synthetic, test-only) working-group assessments, so the
    cooperation page has a ranking to draw."""
    base = tmp_path_factory.mktemp("tour")
    db = base / "tour.duckdb"
    build.database(paths.SOURCES_DIR, db)
    con = duckdb.connect(str(db))
    scores.score_every_area(con, ["Testgruppe 1", "Testgruppe 2"], seed=8)
    con.close()
    with streamlit_server(db, extra_env={"BRANNSAM_IMPORTS": str(base / "imports")}) as url:
        yield url


def visit(page, url: str, selector: str, name: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.wait_for_selector(selector, timeout=30_000)
    no_exception(page)
    screenshot(page, name)


@pytest.mark.parametrize("offline", [False, True], ids=["nett", "uten-nett"])
@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_every_page_draws_without_errors(open_tab, tour_server, screen, offline):
    page = open_tab(*VIEWPORTS[screen], offline=offline)
    for path, selector in PAGES.items():
        slug = path.strip("/").split("?")[0] or "oversikt"
        visit(page, tour_server + path, selector, f"tur-{screen}-{'uten-nett' if offline else 'nett'}-{slug}")
    errors = [e for e in console_errors(page) if not (offline and "ERR_FAILED" in e)]
    assert errors == []


def press(page, slider_label: str, key: str = "ArrowRight") -> None:
    slider = page.locator("[data-testid='stSlider']", has_text=slider_label).first.get_by_role("slider")
    slider.focus()
    page.keyboard.press(key)


def test_main_widgets_on_every_page(open_tab, tour_server):
    page = open_tab(*VIEWPORTS["projektor"], offline=True)
    base = tour_server

    visit(page, base + "/risikobilde", PAGES["/risikobilde"], "tur-risiko-for")
    caption = page.get_by_text("Risikoindeks (0–100) =")
    before = caption.inner_text()
    press(page, "Areal")
    expect(caption).not_to_have_text(before, timeout=20_000)

    visit(page, base + "/samarbeid", PAGES["/samarbeid"], "tur-samarbeid-for")
    weights = page.get_by_text("Vekter:").first
    before = weights.inner_text()
    press(page, "Juridiske forhold")
    expect(weights).not_to_have_text(before, timeout=20_000)

    visit(page, base + "/finansiering", PAGES["/finansiering"], "tur-finansiering")
    metric = page.locator("[data-testid='stCaptionContainer']", has_text="Bidrag per innbygger fra")
    before, address = metric.inner_text(), page.url
    press(page, "Areal")
    expect(metric).not_to_have_text(before, timeout=20_000)
    page.wait_for_function("old => location.href !== old", arg=address, timeout=20_000)  # settings stored
    wait_for_app(page)
    changed = metric.inner_text()
    page.get_by_label("Navn på scenarioet").fill("Turscenario")
    page.get_by_role("button", name="Lagre gjeldende oppsett").click()
    expect(page.get_by_text("Lagret «Turscenario».")).to_be_visible(timeout=20_000)
    press(page, "Areal")
    expect(metric).not_to_have_text(changed, timeout=20_000)
    wait_for_app(page)
    page.get_by_role("button", name="Hent scenarioet").click()
    expect(metric).to_have_text(changed, timeout=20_000)

    visit(page, base + "/mitt-brannvesen", "[data-testid='stSelectbox']", "tur-mitt-tom")
    page.locator("[data-testid='stSelectbox']").first.click()
    page.get_by_role("option", name="Rindal brannvesen").click()
    expect(page.get_by_role("heading", name="Rindal brannvesen")).to_be_visible(timeout=20_000)
    assert "brannvesen=rindal-brannvesen" in page.url

    visit(page, base + "/data", PAGES["/data"], "tur-data")
    with page.expect_download() as info:
        page.get_by_role("button", name="Mal: Hendelser").click()
    assert info.value.suggested_filename == "brannsam-mal-hendelser.xlsx"

    switch_on(page, "Presentasjonsmodus")
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden(timeout=20_000)
    assert "presentasjon=1" in page.url
    page.goto(base + "/risikobilde?presentasjon=1")
    wait_for_app(page)
    screenshot(page, "tur-presentasjon-risikobilde")
    page.get_by_role("link", name="Finansiering").click()  # the page links stay reachable on top
    expect(page.get_by_role("heading", name="Budsjett og finansieringsmodell")).to_be_visible(timeout=20_000)
    assert "presentasjon=1" in page.url  # the mode follows to the next page
    page.get_by_text("Presentasjonsmodus", exact=True).click()
    expect(page.locator("[data-testid='stSidebar']")).to_be_visible(timeout=20_000)
    no_exception(page)
    assert console_errors(page) == []
    assert page.blocked == []  # nothing in the app even tried to reach the internet


# What each page is for, which must start on the first screen (issue 18).
MAIN_PICTURE = {
    "/": "[data-testid='stDeckGlJsonChart']",
    "/risikobilde": "[data-testid='stDeckGlJsonChart']",
    "/samarbeid": ".js-plotly-plot",
    "/finansiering": ".js-plotly-plot",
    "/mitt-brannvesen?brannvesen=gauldal-brann-og-redning-iks": (
        "[data-testid='stHeading']:has-text('Forskriftskrav')"
    ),
}
PROJECTORS = {"1366x768": (1366, 768), "1280x720": (1280, 720)}
CUT_LABELS_JS = """(selector) => [...document.querySelectorAll(selector)].filter(el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const text = range.getBoundingClientRect(), box = el.getBoundingClientRect();
    return el.scrollWidth > el.clientWidth + 1 || text.right > box.right + 1 || box.right > innerWidth;
}).map(el => el.textContent)"""


def nav_labels(presenting: bool) -> str:
    return "[data-testid='stPageLink'] p" if presenting else "[data-testid='stSidebarNav'] a span"


@pytest.mark.parametrize("presenting", [True, False], ids=["presentasjon", "vanlig"])
@pytest.mark.parametrize("screen", list(PROJECTORS))
def test_whole_labels_and_the_main_picture_on_the_first_screen(open_tab, tour_server, screen, presenting):
    width, height = PROJECTORS[screen]
    page = open_tab(width, height, offline=True)
    for path, selector in MAIN_PICTURE.items():
        joiner = "&" if "?" in path else "?"
        url = tour_server + path + (f"{joiner}presentasjon=1" if presenting else "")
        page.goto(url)
        wait_for_app(page)
        main = page.locator(selector).first
        main.wait_for(timeout=30_000)
        slug = path.strip("/").split("?")[0] or "oversikt"
        mode = "presentasjon" if presenting else "vanlig"
        page.screenshot(path=str(ARTIFACTS / f"forste-skjerm-{screen}-{mode}-{slug}.png"))
        labels = page.locator(nav_labels(presenting))
        assert labels.count() >= 8, path
        assert page.evaluate(CUT_LABELS_JS, nav_labels(presenting)) == [], (path, screen, mode)
        cut_figures = page.evaluate(
            CUT_LABELS_JS, "[data-testid='stMetricValue'] div, [data-testid='stMetricLabel'] p"
        )
        assert cut_figures == [], (path, screen, mode)  # a key figure is read whole
        top = main.evaluate("el => el.getBoundingClientRect().top")
        assert top < height - 60, (path, screen, mode, top)  # it starts, visibly, on the first screen
        shown = page.locator("[data-testid='stSliderThumbValue'], [data-testid='stSliderTickBar'] > *")
        for text in shown.all_text_contents():
            assert not re.search(r"\d\.\d|\d{5,}", text), (path, text)  # Norwegian numbers only
