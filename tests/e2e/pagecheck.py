"""What the browser tests check on a page: it opened, it has no exception, its console is clean,
its map is drawn, a toggle is on; and where screenshots go. A module of its own (not conftest),
so a test imports it by name whatever else pytest has collected."""

from __future__ import annotations

import re
from pathlib import Path

from harness.server import wait_for_app

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def open_app(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


# On a deep link Streamlit's frontend probes `<page>/_stcore/health` and `/host-config` to find
# its base path, gets 404 and falls back to `/_stcore/...`: those two are expected, nothing else.
BASE_PATH_PROBES = re.compile(r"/[^/]+/_stcore/(health|host-config)$")
PROBE_404 = "Failed to load resource: the server responded with a status of 404 (Not Found)"


def console_errors(page) -> list[str]:
    """Browser console errors, less the 404s of Streamlit's own base-path probes."""
    probes = [u for u in page.failed_responses if BASE_PATH_PROBES.search(u)]
    errors = list(page.console_errors)
    for _ in probes:
        if PROBE_404 in errors:
            errors.remove(PROBE_404)
    unexpected = [u for u in page.failed_responses if not BASE_PATH_PROBES.search(u)]
    return errors + [f"HTTP-feil: {u}" for u in unexpected]


def no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0


def deck_drawn(page) -> None:
    """A deck.gl canvas exists and deck.gl has given it a real size (a bare canvas is 300×150
    until the map initialises, so wait for that rather than read it once)."""
    page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=20_000)
    page.wait_for_function(
        """() => [...document.querySelectorAll("[data-testid='stDeckGlJsonChart'] canvas")]
              .some(c => c.getBoundingClientRect().width > 300 && c.getBoundingClientRect().height > 200)""",
        timeout=20_000,
    )


def clipped_bar_names(page) -> list[str]:
    """The names on the first plotly chart's y axis that do not fit inside the chart: the bar
    charts fix their left margin from the longest name instead of letting plotly measure."""
    page.wait_for_selector(".js-plotly-plot .ytick text", timeout=20_000)
    return page.evaluate(
        """() => {
            const plot = document.querySelector(".js-plotly-plot");
            const left = plot.getBoundingClientRect().left;
            return [...plot.querySelectorAll(".ytick text")]
                .filter(t => t.getBoundingClientRect().left < left)
                .map(t => t.textContent);
        }"""
    )


def switch_on(page, label: str) -> None:
    """Click a toggle's label like a user and wait until the switch really is on."""
    page.get_by_text(label, exact=True).first.click()
    # During the rerun the old and the new toggle can both be in the page: wait until one is on.
    page.wait_for_function(
        "label => [...document.querySelectorAll('input[role=switch]')]"
        ".some(e => e.getAttribute('aria-label') === label && e.checked)",
        arg=label,
        timeout=20_000,
    )
