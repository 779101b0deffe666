"""Upload a filled template in a real browser: a bad file is refused with its messages, a good one
is previewed, confirmed, logged and can be undone."""

from pathlib import Path

import pytest
from filled_templates import filled
from pagecheck import no_exception
from playwright.sync_api import expect

from brannsam.imports import importer
from harness.server import streamlit_server, wait_for_app


@pytest.fixture(scope="module")
def admin_server(tmp_path_factory):
    base = tmp_path_factory.mktemp("import")
    env = {"BRANNSAM_ADMIN_PASSWORD": "test-passord", "BRANNSAM_IMPORTS": str(base / "imports")}
    with streamlit_server(base / "db.duckdb", extra_env=env) as url:
        yield url, base / "imports"


def test_upload_preview_confirm_and_undo(open_tab, admin_server, tmp_path):
    url, store = admin_server
    page = open_tab()
    page.goto(url + "/data")
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Mal: Kostnader").click()
    assert Path(info.value.path()).read_bytes()[:2] == b"PK"
    page.get_by_label("Administratorpassord").fill("test-passord")
    page.keyboard.press("Enter")
    expect(page.locator("input[type='file']")).to_be_enabled(timeout=20_000)  # the password was accepted
    wait_for_app(page)

    bad = tmp_path / "feil.xlsx"
    bad.write_bytes(filled("kostnader", {"Kommunenummer": "9999"}))
    page.locator("input[type='file']").set_input_files(str(bad))
    expect(page.get_by_text("ukjent kommunenummer «9999»")).to_be_visible(timeout=20_000)
    no_exception(page)

    good = tmp_path / "kostnader.xlsx"
    good.write_bytes(filled("kostnader", {"Kilde": "KOSTRA 2024, Malvik kommune"}))
    page.locator("input[type='file']").set_input_files(str(good))
    expect(page.get_by_text("1 erstatter estimat")).to_be_visible(timeout=20_000)
    page.get_by_label("Ditt navn (føres i importloggen)").fill("Prosjektleder Hansen")
    page.keyboard.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Bekreft import").click()
    expect(
        page.get_by_text("Importerte 1 rad fra kostnader.xlsx (ført i loggen på «Prosjektleder Hansen»)")
    ).to_be_visible(timeout=20_000)
    assert [p.name for p in importer.stored_files(store)] == ["0001_kostnader_kostnader.xlsx"]

    page.get_by_label("Ditt navn (føres i importloggen)").fill("Hansen")  # any rerun
    page.keyboard.press("Enter")
    expect(page.get_by_text("Denne fila er allerede importert")).to_be_visible(timeout=20_000)
    expect(page.get_by_role("button", name="Bekreft import")).to_have_count(0)

    page.get_by_role("button", name="Angre siste import (0001_kostnader_kostnader.xlsx)").click()
    expect(page.get_by_text("Angret 0001_kostnader_kostnader.xlsx")).to_be_visible(timeout=20_000)
    expect(
        page.get_by_role("button", name="Angre siste import (0001_kostnader_kostnader.xlsx)")
    ).to_have_count(0, timeout=20_000)
    assert importer.stored_files(store) == []
    no_exception(page)


def test_imported_scores_and_stations_reach_the_other_pages(open_tab, admin_server, tmp_path):
    """Scores uploaded on /data rank the areas on /samarbeid; a station list is previewed with
    what its row does."""
    url, store = admin_server
    page = open_tab()
    page.goto(url + "/data")
    wait_for_app(page)
    page.get_by_label("Administratorpassord").fill("test-passord")
    page.keyboard.press("Enter")
    expect(page.locator("input[type='file']")).to_be_enabled(timeout=20_000)
    wait_for_app(page)

    stations = tmp_path / "stasjoner.xlsx"
    stations.write_bytes(filled("stasjoner"))
    page.locator("input[type='file']").set_input_files(str(stations))
    expect(page.get_by_text("Stasjoner: 1 rad – 1 endret")).to_be_visible(timeout=20_000)

    scores = tmp_path / "vurdering.xlsx"
    scores.write_bytes(filled("samarbeidsvurdering"))
    page.locator("input[type='file']").set_input_files(str(scores))
    expect(page.get_by_text("Samarbeidsvurdering: 1 rad – 1 ny")).to_be_visible(timeout=20_000)
    page.get_by_role("button", name="Bekreft import").click()
    expect(page.get_by_text("Importerte 1 rad fra vurdering.xlsx")).to_be_visible(timeout=20_000)
    assert [importer.dataset_of(p) for p in importer.stored_files(store)] == ["samarbeidsvurdering"]

    page.goto(url + "/samarbeid")
    wait_for_app(page)
    expect(page.get_by_text("1 vurderer(e)")).to_be_visible(timeout=20_000)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=20_000)
    expect(page.get_by_text("Ingen vurderinger er lagret ennå")).to_have_count(0)
    no_exception(page)
