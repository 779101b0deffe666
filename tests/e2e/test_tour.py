"""A new user's tour of every page in a real browser, twice on the smallest projector (1280×720;
what fits there fits on a laptop's 1366×768 and a 1920×1080 projector): as a desk user with the
network, and in presentation mode with the network cut off (every request to a host other than
127.0.0.1 blocked), as at the fire chiefs' gathering. On each page: it draws its main chart, map
or table without an error, the navigation labels and key figures are whole, the page's main
picture starts on the first screen, and slider numbers are Norwegian; with the sidebar, the
page's main widget is used as well. Screenshots are taken when a test fails."""

from __future__ import annotations

import re
import urllib.parse

import duckdb
import pytest
from pagecheck import clipped_bar_names, console_errors, no_exception, switch_on
from playwright.sync_api import expect

from brannsam.data import paths
from brannsam.funding import calendar, scenarios
from brannsam.funding.settings import Settings
from brannsam.pipeline import build
from harness import scores
from harness.server import streamlit_server, wait_for_app

# page path -> selector of the main chart, map or table that must be drawn
# The tour's database has synthetic area scores under which the analysis may rank today's
# arrangement first (then nothing is priced): the funding page is visited with B recommended.
WITH_B = "/finansiering?" + urllib.parse.urlencode({"oppsett": scenarios.encode(Settings(alternativ="B"))})
PAGES = {
    "/": "[data-testid='stDeckGlJsonChart'] canvas",
    "/risikobilde": "[data-testid='stDeckGlJsonChart'] canvas",
    "/samarbeid": ".js-plotly-plot .bars",
    "/organisering": "[data-testid='stDataFrame']",
    "/mitt-brannvesen?brannvesen=gauldal-brann-og-redning-iks": "[data-testid='stDeckGlJsonChart'] canvas",
    WITH_B: ".js-plotly-plot .bars",
    "/min-kommune?kommune=5025": "[data-testid='stImage'] img",
    "/alternativer": "[data-testid='stDataFrame']",
    "/verksted": "[data-testid='stTextInput']",
    "/data": "[data-testid='stDataFrame']",
}
SMALLEST_PROJECTOR = (1280, 720)
# What each page is for, which must start on the first screen (issue 18).
MAIN_PICTURE = {
    "/": "[data-testid='stDeckGlJsonChart']",
    "/risikobilde": "[data-testid='stDeckGlJsonChart']",
    "/samarbeid": ".js-plotly-plot",
    WITH_B: ".js-plotly-plot",
    "/mitt-brannvesen?brannvesen=gauldal-brann-og-redning-iks": (
        "[data-testid='stHeading']:has-text('Forskriftskrav')"
    ),
}
CUT_LABELS_JS = """(selector) => [...document.querySelectorAll(selector)].filter(el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const text = range.getBoundingClientRect(), box = el.getBoundingClientRect();
    return el.scrollWidth > el.clientWidth + 1 || text.right > box.right + 1 || box.right > innerWidth;
}).map(el => el.textContent)"""


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


def visit(page, url: str, selector: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.wait_for_selector(selector, timeout=30_000)
    no_exception(page)


def presenting(path: str) -> str:
    return path + ("&" if "?" in path else "?") + "presentasjon=1"


def nav_labels(presentation: bool) -> str:
    return "[data-testid='stPageLink'] p" if presentation else "[data-testid='stSidebarNav'] a span"


def first_screen_is_readable(page, path: str, presentation: bool) -> None:
    """Whole navigation labels and key figures, the main picture starting on the first screen,
    slider numbers in Norwegian."""
    labels = page.locator(nav_labels(presentation))
    assert labels.count() >= 8, path
    assert page.evaluate(CUT_LABELS_JS, nav_labels(presentation)) == [], path
    figures = "[data-testid='stMetricValue'] div, [data-testid='stMetricLabel'] p"
    assert page.evaluate(CUT_LABELS_JS, figures) == [], path  # a key figure is read whole
    if path in MAIN_PICTURE:
        main = page.locator(MAIN_PICTURE[path]).first
        main.wait_for(timeout=30_000)
        top = main.evaluate("el => el.getBoundingClientRect().top")
        assert top < SMALLEST_PROJECTOR[1] - 60, (path, top)  # it starts, visibly, on the first screen
    shown = page.locator("[data-testid='stSliderThumbValue'], [data-testid='stSliderTickBar'] > *")
    for text in shown.all_text_contents():
        assert not re.search(r"\d\.\d|\d{5,}", text), (path, text)  # Norwegian numbers only


def press(page, slider_label: str, key: str = "ArrowRight") -> None:
    slider = page.locator("[data-testid='stSlider']", has_text=slider_label).first.get_by_role("slider")
    slider.focus()
    page.keyboard.press(key)


def risk_weights_move_the_index(page) -> None:
    caption = page.get_by_text("Risikoindeks (0–100) =")
    before = caption.inner_text()
    press(page, "Areal")
    expect(caption).not_to_have_text(before, timeout=20_000)


def cooperation_weights_move_the_ranking(page) -> None:
    weights = page.get_by_text("Vekter:").first
    before = weights.inner_text()
    press(page, "Juridiske forhold")
    expect(weights).not_to_have_text(before, timeout=20_000)
    assert clipped_bar_names(page) == []  # the longest area's name fits left of its bar


NET_CHART_JS = "() => JSON.stringify(document.querySelector('.js-plotly-plot').data.map(t => t.x))"


def a_funding_setting_is_saved_and_loaded(page) -> None:
    first_year = page.locator("[data-testid='stMetric']").first.inner_text()
    assert first_year.startswith(f"Netto {calendar.default_first_year()}")
    metric = page.locator("[data-testid='stCaptionContainer']", has_text="Bidrag per innbygger fra")
    # The package's largest block's key is shown first (prevention, for B).
    expect(page.get_by_role("radio", name="Forebyggende", exact=True).first).to_have_attribute(
        "aria-checked", "true"
    )
    before, address = metric.inner_text(), page.url
    drawn = page.evaluate(NET_CHART_JS)
    press(page, "Areal")
    expect(metric).not_to_have_text(before, timeout=20_000)
    # The summary above the budget is redrawn in place by the keys' fragment, not added again.
    page.wait_for_function(f"old => ({NET_CHART_JS})() !== old", arg=drawn, timeout=20_000)
    assert page.locator("[data-testid='stMetric']").count() == 4
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


def another_service_is_chosen_into_the_link(page) -> None:
    page.locator("[data-testid='stSelectbox']").first.click()
    page.get_by_role("option", name="Rindal brannvesen").click()
    expect(page.get_by_role("heading", name="Rindal brannvesen")).to_be_visible(timeout=20_000)
    assert "brannvesen=rindal-brannvesen" in page.url


def a_template_downloads(page) -> None:
    with page.expect_download() as info:
        page.get_by_role("button", name="Mal: Hendelser").click()
    assert info.value.suggested_filename == "brannsam-mal-hendelser.xlsx"


# What a user does on each page in the tour with the sidebar (the main widget, and its result).
WIDGETS = {
    "/risikobilde": risk_weights_move_the_index,
    "/samarbeid": cooperation_weights_move_the_ranking,
    WITH_B: a_funding_setting_is_saved_and_loaded,
    "/mitt-brannvesen?brannvesen=gauldal-brann-og-redning-iks": another_service_is_chosen_into_the_link,
    "/data": a_template_downloads,
}


def presentation_mode_is_switched_on_and_follows_the_links(page, base: str) -> None:
    switch_on(page, "Presentasjonsmodus")
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden(timeout=20_000)
    assert "presentasjon=1" in page.url
    page.goto(base + "/risikobilde?presentasjon=1")
    wait_for_app(page)
    page.get_by_role("link", name="Finansiering").click()  # the page links stay reachable on top
    expect(page.get_by_role("heading", name="Budsjett og finansieringsmodell")).to_be_visible(timeout=20_000)
    assert "presentasjon=1" in page.url  # the mode follows to the next page
    page.get_by_text("Presentasjonsmodus", exact=True).click()
    expect(page.locator("[data-testid='stSidebar']")).to_be_visible(timeout=20_000)
    no_exception(page)


@pytest.mark.parametrize("presentation", [False, True], ids=["med-nett", "presentasjon-uten-nett"])
def test_every_page_draws_whole_and_without_errors(open_tab, tour_server, presentation):
    """With the sidebar, each page's main widget is used too, and presentation mode is switched
    on from the last page."""
    page = open_tab(*SMALLEST_PROJECTOR, offline=presentation)
    for path, selector in PAGES.items():
        visit(page, tour_server + (presenting(path) if presentation else path), selector)
        sidebar = page.locator("[data-testid='stSidebar']")
        assert (sidebar.count() == 0 or sidebar.is_hidden()) if presentation else sidebar.is_visible(), path
        first_screen_is_readable(page, path, presentation)
        if presentation and path == "/":  # type that reads from the back of the hall
            size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
            assert size >= 60
        if not presentation and path in WIDGETS:
            WIDGETS[path](page)
    if not presentation:
        presentation_mode_is_switched_on_and_follows_the_links(page, tour_server)
    errors = [e for e in console_errors(page) if not presentation or "ERR_FAILED" not in e]
    assert errors == []
    assert not presentation or page.blocked == []  # nothing in the app even tried to reach the internet
