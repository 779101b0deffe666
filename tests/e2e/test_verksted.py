"""A workshop round end to end: the facilitator's QR page, three phones answering, the projector
counting them, and every answer stored."""

from __future__ import annotations

import re

import duckdb
from conftest import ARTIFACTS
from playwright.sync_api import expect

from brannsam.cooperation import model as cooperation
from brannsam.data import build, paths
from brannsam.workshop import store
from harness.server import streamlit_server, wait_for_app

PHONE = (390, 844)
ANSWERED = 2  # of the round's ten areas, per participant


def facilitator_page(open_tab, url: str):
    """The facilitator's page at projector size, logged in."""
    page = open_tab(1366, 768)
    page.goto(url + "/verksted")
    wait_for_app(page)
    page.get_by_label("Administratorpassord").fill("hemmelig-123")
    page.keyboard.press("Enter")
    return page


def answer_everything(open_tab, url: str, name: str) -> None:
    page = open_tab(*PHONE, phone=True)
    page.goto(url)
    wait_for_app(page)
    page.get_by_label("Ditt navn").fill(name)
    page.get_by_role("button", name="Bli med").click()
    for step in range(ANSWERED):
        expect(page.get_by_text(f"{step + 1} av 10")).to_be_visible(timeout=20_000)
        wait_for_app(page)
        groups = page.locator("[data-testid='stButtonGroup']")
        expect(groups).to_have_count(len(cooperation.CRITERIA), timeout=20_000)
        for i in range(len(cooperation.CRITERIA)):
            choice = groups.nth(i).get_by_role("radio", name=str(1 + (i + step) % 5), exact=True)
            choice.click()
            expect(choice).to_have_attribute("aria-checked", "true")  # registered before the next
            wait_for_app(page)
        wait_for_app(page)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE[0]
        if step == 0 and name.endswith("1"):
            page.screenshot(path=str(ARTIFACTS / "verksted-mobil.png"), full_page=True)
        page.get_by_role("button", name="Lagre og gå videre").click()
        expect(page.get_by_text("Lagret:")).to_be_visible(timeout=20_000)
    expect(page.get_by_text(f"{ANSWERED + 1} av 10")).to_be_visible(timeout=20_000)  # moved on
    page.context.close()


def test_a_round_from_phones_to_the_projector_and_the_cooperation_page(open_tab, tmp_path):
    db = tmp_path / "verksted.duckdb"
    build.database(paths.SOURCES_DIR, db, imports=tmp_path / "imports")
    env = {"BRANNSAM_ADMIN_PASSWORD": "hemmelig-123", "BRANNSAM_IMPORTS": str(tmp_path / "imports")}
    with streamlit_server(db, extra_env=env) as url:
        facilitator = facilitator_page(open_tab, url)
        facilitator.get_by_label("Navn på runden").fill("Brannsjefsamling")
        facilitator.get_by_role("button", name="Åpne runden").click()  # every area, every criterion
        heading = facilitator.locator("h2").filter(has_text=re.compile(r"^[A-Z2-9]{6}$"))
        expect(heading).to_be_visible(timeout=20_000)
        code = heading.inner_text().strip()
        expect(facilitator.locator("[data-testid='stImage'] img").first).to_be_visible()
        facilitator.screenshot(path=str(ARTIFACTS / "verksted-tilrettelegger.png"), full_page=True)
        for n in range(1, 4):
            answer_everything(open_tab, f"{url}/verksted?kode={code}", f"Brannsjef {n}")
        joined = facilitator.locator("[data-testid='stMetric']", has_text="Med i runden")
        expect(joined).to_contain_text("3", timeout=20_000)  # the projector refreshes by itself
        expect(facilitator.locator(".js-plotly-plot").first).to_be_visible(timeout=20_000)
        facilitator.screenshot(path=str(ARTIFACTS / "verksted-lerret.png"), full_page=True)
        facilitator.get_by_role("button", name="Steng").click()
        expect(facilitator.locator("[data-testid='stMetric']", has_text="Status")).to_contain_text("stengt")
        facilitator.get_by_role("button", name="Avslør resultatet").click()
        expect(facilitator.locator(".js-plotly-plot")).to_have_count(2, timeout=20_000)  # + the matrix
        facilitator.goto(url + "/samarbeid")
        wait_for_app(facilitator)
        expect(facilitator.get_by_text("3 vurderer(e)")).to_be_visible(timeout=20_000)
        expect(facilitator.locator(".js-plotly-plot").first).to_be_visible()
        facilitator.close()
    con = duckdb.connect(str(db), read_only=True)
    stored = con.execute("SELECT count(*) FROM verksted_svar WHERE kode = ?", [code]).fetchall()[0][0]
    con.close()
    assert stored == 3 * ANSWERED * len(cooperation.CRITERIA)


def join_from_phone(open_tab, url: str, name: str, typed_code: str | None = None):
    """A phone joins: from the round's link, or by typing the code on /verksted."""
    page = open_tab(*PHONE, phone=True)
    if typed_code:
        page.goto(url + "/verksted")
        wait_for_app(page)
        page.get_by_label("Deltaker? Skriv koden fra lerretet").fill(typed_code.lower())
        page.get_by_role("button", name="Bli med").click()
        expect(page.get_by_label("Ditt navn")).to_be_visible(timeout=20_000)
    else:
        page.goto(url)
        wait_for_app(page)
    page.get_by_label("Ditt navn").fill(name)
    page.get_by_role("button", name="Bli med").click()
    return page.context, page


def answer_area(page, step: int) -> None:
    expect(page.get_by_text(f"{step + 1} av 10")).to_be_visible(timeout=20_000)
    wait_for_app(page)
    groups = page.locator("[data-testid='stButtonGroup']")
    expect(groups).to_have_count(len(cooperation.CRITERIA), timeout=20_000)
    for i in range(len(cooperation.CRITERIA)):
        choice = groups.nth(i).get_by_role("radio", name="4", exact=True)
        choice.click()
        expect(choice).to_have_attribute("aria-checked", "true")
        wait_for_app(page)
    page.get_by_role("button", name="Lagre og gå videre").click()
    expect(page.get_by_text(f"{step + 2} av 10")).to_be_visible(timeout=20_000)


def test_a_round_in_a_hotel_conference_room(open_tab, tmp_path):
    """Issue 23: the new round is the one on the wall, a phone types the code, a name cannot be
    taken over and a reload continues, the wall is a view of its own that shows an anonymous
    area's score only from three answers."""
    db = tmp_path / "hotell.duckdb"
    build.database(paths.SOURCES_DIR, db, imports=tmp_path / "imports")
    con = duckdb.connect(str(db))
    earlier = store.create(con, "Formiddag", ["ledelse"])
    con.close()
    env = {"BRANNSAM_ADMIN_PASSWORD": "hemmelig-123", "BRANNSAM_IMPORTS": str(tmp_path / "imports")}
    with streamlit_server(db, extra_env=env) as url:
        facilitator = facilitator_page(open_tab, url)
        heading = facilitator.locator("h2").filter(has_text=re.compile(r"^[A-Z2-9]{6}$"))
        expect(heading).to_have_text(earlier, timeout=20_000)  # the round opened before
        facilitator.locator("[data-testid='stExpander'] summary", has_text="Ny runde").click()
        field = facilitator.get_by_label("Navn på runden")
        expect(field).to_be_visible(timeout=20_000)
        field.fill("Ettermiddag")
        facilitator.get_by_role("button", name="Åpne runden").click()
        expect(heading).not_to_have_text(earlier, timeout=20_000)  # the wall shows the new round
        code = heading.inner_text().strip()

        wall = open_tab(1366, 768)
        wall.goto(f"{url}/verksted?kode={code}&visning=projektor")
        wait_for_app(wall)
        expect(wall.locator("[data-testid='stTable']")).to_be_visible(timeout=20_000)
        assert wall.get_by_label("Administratorpassord").count() == 0
        assert wall.get_by_role("button").count() == 0

        kari, kari_page = join_from_phone(open_tab, url, "Kari", typed_code=code)
        answer_area(kari_page, 0)
        other, other_page = join_from_phone(open_tab, url + f"/verksted?kode={code}", "KARI")
        expect(other_page.get_by_text("allerede med i runden")).to_be_visible(timeout=20_000)
        kari_page.reload()  # the link in the address bar knows who this is
        expect(kari_page.get_by_text("2 av 10")).to_be_visible(timeout=20_000)

        first_area = wall.locator("[data-testid='stTable'] tbody tr").filter(has_text="Felles ledelse")
        for n, name in enumerate(("Per", "Ola"), start=2):
            context, phone = join_from_phone(open_tab, url + f"/verksted?kode={code}", name)
            answer_area(phone, 0)
            context.close()
            if n == 2:  # two answers to an anonymous area: the count, not the score
                expect(first_area).to_contain_text("2", timeout=20_000)
                expect(first_area).to_contain_text("–")
        expect(first_area).to_contain_text("4,0", timeout=20_000)  # three answers: the wall shows it
        wall.screenshot(path=str(ARTIFACTS / "verksted-lerretsvisning.png"))
        for context in (kari, other):
            context.close()
        wall.close()
        facilitator.close()


def test_a_paced_round_moves_the_phones_with_the_facilitator(open_tab, tmp_path):
    """Issue 23 item 11: the phone that has answered waits, the facilitator moves on, the phone
    shows the next area by itself and the wall says «X av Y har svart»; a second tap on a chosen
    score keeps it."""
    db = tmp_path / "styrt.duckdb"
    build.database(paths.SOURCES_DIR, db, imports=tmp_path / "imports")
    con = duckdb.connect(str(db))
    code = store.create(con, "Styrt", ["ledelse", "overordnet_vakt", "forebyggende"], paced=True)
    con.close()
    env = {"BRANNSAM_ADMIN_PASSWORD": "hemmelig-123", "BRANNSAM_IMPORTS": str(tmp_path / "imports")}
    with streamlit_server(db, extra_env=env) as url:
        context, phone = join_from_phone(open_tab, url + f"/verksted?kode={code}", "Kari")
        expect(phone.get_by_text("1 av 3")).to_be_visible(timeout=20_000)
        wait_for_app(phone)
        groups = phone.locator("[data-testid='stButtonGroup']")
        expect(groups).to_have_count(len(cooperation.CRITERIA), timeout=20_000)
        for i in range(len(cooperation.CRITERIA)):
            groups.nth(i).get_by_role("radio", name="3", exact=True).click()
        chosen = groups.nth(0).get_by_role("radio", name="3", exact=True)
        chosen.click(force=True)  # the same score tapped again
        expect(chosen).to_have_attribute("aria-checked", "true", timeout=5_000)
        phone.get_by_role("button", name="Lagre og gå videre").click()
        expect(phone.get_by_text("Vent til ordstyreren går videre")).to_be_visible(timeout=20_000)

        wall = open_tab(1366, 768)
        wall.goto(f"{url}/verksted?kode={code}&visning=projektor")
        expect(wall.get_by_text("1 av 1 har svart")).to_be_visible(timeout=20_000)

        facilitator = facilitator_page(open_tab, url)
        facilitator.get_by_role("button", name="Neste område ▶").click()
        expect(facilitator.get_by_text("Alle svarer nå på «Overordnet vakt")).to_be_visible(timeout=20_000)
        expect(phone.get_by_text("2 av 3")).to_be_visible(timeout=20_000)  # no reload on the phone
        expect(wall.get_by_text("0 av 1 har svart")).to_be_visible(timeout=20_000)
        wall.screenshot(path=str(ARTIFACTS / "verksted-styrt-lerret.png"))
        for page in (wall, facilitator):
            page.close()
        context.close()
    con = duckdb.connect(str(db), read_only=True)
    stored = con.execute("SELECT DISTINCT poeng FROM verksted_svar WHERE kode = ?", [code]).fetchall()
    con.close()
    assert stored == [(3,)]
