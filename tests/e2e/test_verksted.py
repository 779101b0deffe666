"""A workshop round end to end: the facilitator's QR page, three phones answering, the projector
counting them, and every answer stored."""

from __future__ import annotations

import re

import duckdb
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from brannsam.cooperation import model as cooperation
from brannsam.data import paths
from brannsam.pipeline import build
from brannsam.workshop import rounds, store
from harness.server import streamlit_server, wait_for_app

PHONE = (390, 844)
ANSWERED = 2  # of the round's ten areas, per participant


def facilitator_page(open_tab, url: str):
    """The facilitator's page at projector size, logged in."""
    page = open_tab(1366, 768)
    page.goto(url + "/verksted?visning=ordstyrer")
    wait_for_app(page)
    page.get_by_label("Administratorpassord").fill("hemmelig-123")
    page.keyboard.press("Enter")
    return page


def code_heading(page):
    """The «Kode: XXXXXX» heading beside the QR code."""
    return page.locator("h2").filter(has_text=re.compile(r"^Kode: [A-Z2-9]{6}$"))


def shown_code(heading) -> str:
    return heading.inner_text().strip().removeprefix("Kode: ")


# How far the phone's page is scrolled, wherever Streamlit scrolls it (its main container).
SCROLLED = """() => Math.max(window.scrollY,
    ...['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]']
    .map((s) => document.querySelector(s)).filter(Boolean).map((e) => e.scrollTop))"""


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
        save = page.get_by_role("button", name="Lagre og gå videre")
        save.scroll_into_view_if_needed()
        assert page.evaluate(SCROLLED) > 0  # the button sits below the fold of a phone
        save.click()
        expect(page.get_by_text(re.compile(r"^Lagret: "))).to_be_visible(timeout=20_000)
        # the next area starts at the top of the screen, not where the last one ended
        page.wait_for_function(f"() => ({SCROLLED})() === 0", timeout=10_000)
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
        heading = code_heading(facilitator)
        expect(heading).to_be_visible(timeout=20_000)
        code = shown_code(heading)
        expect(facilitator.locator("[data-testid='stImage'] img").first).to_be_visible()
        for n in range(1, 4):
            answer_everything(open_tab, f"{url}/verksted?kode={code}", f"Brannsjef {n}")
        joined = facilitator.locator("[data-testid='stMetric']", has_text="Med i runden")
        expect(joined).to_contain_text("3", timeout=20_000)  # the projector refreshes by itself
        # Hidden until the reveal, on the facilitator's own screen too (it may be the projector's).
        expect(facilitator.get_by_text(rounds.NOT_REVEALED).first).to_be_visible(timeout=20_000)
        expect(facilitator.locator(".js-plotly-plot")).to_have_count(0)
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
        page.get_by_label("Koden fra lerretet").fill(typed_code.lower())
        page.get_by_role("button", name="Bli med").click()
        expect(page.get_by_label("Ditt navn")).to_be_visible(timeout=20_000)
    else:
        page.goto(url)
        wait_for_app(page)
    page.get_by_label("Ditt navn").fill(name)
    page.get_by_role("button", name="Bli med").click()
    return page.context, page


def tap_fours_and_save(page) -> None:
    """A 4 on every criterion of the area the phone shows, each tap registered, then «Lagre»."""
    groups = page.locator("[data-testid='stButtonGroup']")
    expect(groups).to_have_count(len(cooperation.CRITERIA), timeout=20_000)
    for i in range(len(cooperation.CRITERIA)):
        choice = groups.nth(i).get_by_role("radio", name="4", exact=True)
        choice.click()
        expect(choice).to_have_attribute("aria-checked", "true")
        wait_for_app(page)
    page.get_by_role("button", name="Lagre og gå videre").click()


def answer_area(page, step: int) -> None:
    expect(page.get_by_text(f"{step + 1} av 10")).to_be_visible(timeout=20_000)
    wait_for_app(page)
    tap_fours_and_save(page)
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
        heading = code_heading(facilitator)
        expect(heading).to_have_text(f"Kode: {earlier}", timeout=20_000)  # the round opened before
        code = open_round_from_page(facilitator, "Ettermiddag", paced=False, previous=earlier)
        assert code != earlier  # the new round is the one shown
        # This room shows the result as it forms: the round's own setting, not the wall's link.
        facilitator.get_by_text("Skjul resultatet til det avsløres").click()
        wait_for_app(facilitator)

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
        facilitator.get_by_role("button", name="Neste ▶", exact=True).click()
        expect(facilitator.get_by_text("Alle svarer nå på «Overordnet vakt")).to_be_visible(timeout=20_000)
        expect(phone.get_by_text("2 av 3")).to_be_visible(timeout=20_000)  # no reload on the phone
        expect(wall.get_by_text("0 av 1 har svart")).to_be_visible(timeout=20_000)
        for page in (wall, facilitator):
            page.close()
        context.close()
    con = duckdb.connect(str(db), read_only=True)
    stored = con.execute("SELECT DISTINCT poeng FROM verksted_svar WHERE kode = ?", [code]).fetchall()
    con.close()
    assert stored == [(3,)]


def save_shown_area(page, told: list, code: str, name: str) -> None:
    """Score the area the phone shows and save it; what the phone then confirms is recorded in
    `told` as (round, name, area label): the phone's word that it was saved."""
    wait_for_app(page)
    area = page.locator("h3").last.inner_text().strip()  # the round's name is the first
    tap_fours_and_save(page)
    expect(page.get_by_text(f"Lagret: {area}.", exact=True)).to_be_visible(timeout=20_000)
    told.append((code, name, area))


def choose_round(page, option: str) -> None:
    """Pick a round in the «Runde» list like a user. The live view reruns every few seconds and
    can close an open list under the pointer, so a closed list is opened again."""
    for _ in range(5):
        page.get_by_label("Runde", exact=True).click()
        choice = page.get_by_role("option", name=option)
        try:
            choice.click(timeout=4_000)
            return
        except PlaywrightTimeoutError:
            page.keyboard.press("Escape")
    raise AssertionError(f"fikk ikke valgt {option}")


def open_round_from_page(page, name: str, paced: bool, previous: str | None = None) -> str:
    wait_for_app(page)
    expander = page.locator("[data-testid='stExpander'] details").filter(has_text="Ny runde")
    expect(expander).to_be_visible(timeout=20_000)
    if expander.get_attribute("open") is None:
        expander.locator("summary").click()
    field = page.get_by_label("Navn på runden")
    for _ in range(3):  # a rerun still drawing can replace the field under the typing: type again
        field.fill(name)
        wait_for_app(page)
        if field.input_value() == name:
            break
    if paced:
        page.get_by_text("Ordstyreren styrer tempoet", exact=False).click()
    expect(field).to_have_value(name)
    for _ in range(2):
        page.get_by_role("button", name="Åpne runden").click()
        try:  # a submitted form empties its field (clear_on_submit); a click lost to a rerun does not
            expect(field).to_have_value("", timeout=10_000)
            break
        except AssertionError:
            wait_for_app(page)  # still filled with the app idle: the click was lost, click again
    if previous:  # during the rerun the old heading can still be there: wait until it is gone
        expect(page.locator("h2", has_text=f"Kode: {previous}")).to_have_count(0, timeout=20_000)
    heading = code_heading(page)
    expect(heading).to_have_count(1, timeout=20_000)
    return shown_code(heading)


def test_a_facilitator_runs_two_rounds_and_every_answer_a_phone_confirmed_is_stored(open_tab, tmp_path):
    """Issue 33: status buttons on the round the list shows, a double «Neste», a «Forrige», a phone
    that closes its tab and rejoins by scanning again, a phone that switches rounds; every answer
    a phone was told was saved is in the database, and nothing else."""
    db = tmp_path / "to-runder.duckdb"
    build.database(paths.SOURCES_DIR, db, imports=tmp_path / "imports")
    env = {"BRANNSAM_ADMIN_PASSWORD": "hemmelig-123", "BRANNSAM_IMPORTS": str(tmp_path / "imports")}
    told: list[tuple[str, str, str]] = []
    with streamlit_server(db, extra_env=env) as url:
        facilitator = facilitator_page(open_tab, url)
        first = open_round_from_page(facilitator, "Runde én", paced=True)
        kari, kari_page = join_from_phone(open_tab, f"{url}/verksted?kode={first}", "Kari")
        per, per_page = join_from_phone(open_tab, f"{url}/verksted?kode={first}", "Per")
        for page, name in ((kari_page, "Kari"), (per_page, "Per")):
            expect(page.get_by_text("1 av 10")).to_be_visible(timeout=20_000)
            save_shown_area(page, told, first, name)

        facilitator.get_by_role("button", name="Neste ▶", exact=True).dblclick()  # a double click
        expect(facilitator.get_by_text(re.compile(r"Alle svarer nå på «Overordnet vakt"))).to_be_visible()
        wait_for_app(facilitator)
        expect(kari_page.get_by_text("2 av 10")).to_be_visible(timeout=20_000)  # followed, not skipped
        save_shown_area(kari_page, told, first, "Kari")

        facilitator.get_by_role("button", name="◀ Forrige", exact=True).click()
        expect(facilitator.get_by_text(re.compile(r"Alle svarer nå på «Felles ledelse"))).to_be_visible()
        expect(per_page.get_by_text("Vent til ordstyreren går videre")).to_be_visible(timeout=20_000)

        # Kari closes the tab and scans the QR code again: the same phone continues as Kari.
        kari_page.close()
        again = kari.new_page()
        again.goto(f"{url}/verksted?kode={first}")
        wait_for_app(again)
        expect(again.get_by_text("Vent til ordstyreren går videre")).to_be_visible(timeout=20_000)
        assert again.get_by_label("Ditt navn").count() == 0

        facilitator.get_by_role("button", name="Steng").click()
        expect(facilitator.get_by_text("Status: stengt")).to_be_visible(timeout=20_000)
        second = open_round_from_page(facilitator, "Runde to", paced=False, previous=first)
        assert second != first

        # Per types the second round's code: he must join it before answering.
        per_page.goto(f"{url}/verksted")
        wait_for_app(per_page)
        per_page.get_by_label("Koden fra lerretet").fill(second)
        per_page.get_by_role("button", name="Bli med").click()
        expect(per_page.get_by_label("Ditt navn")).to_be_visible(timeout=20_000)
        per_page.get_by_label("Ditt navn").fill("Per")
        per_page.get_by_role("button", name="Bli med").click()
        expect(per_page.get_by_text("1 av 10")).to_be_visible(timeout=20_000)
        save_shown_area(per_page, told, second, "Per")
        # The phone loses the network once its page has drawn the save (on a loaded machine the
        # confirmation can come before the rest): it says so, and which answer was saved last.
        last_saved = per_page.get_by_text(re.compile(r"^Sist lagret: «"))
        expect(last_saved).to_be_visible(timeout=20_000)
        banner = per_page.get_by_role("alert").filter(has_text="Ingen nettforbindelse")
        per.set_offline(True)
        expect(banner).to_be_visible(timeout=10_000)
        expect(last_saved).to_be_visible()
        per.set_offline(False)
        expect(banner).to_be_hidden(timeout=10_000)

        # Back to the first round in the list: «Avslør» acts on it, not on the newest.
        choose_round(facilitator, f"Runde én ({first})")
        expect(facilitator.get_by_text("Status: stengt")).to_be_visible(timeout=20_000)
        facilitator.get_by_role("button", name="Avslør resultatet").click()
        expect(facilitator.get_by_text("Status: avslørt")).to_be_visible(timeout=20_000)
        expect(code_heading(facilitator)).to_have_text(f"Kode: {first}")  # still the chosen round
        for context in (kari, per):
            context.close()
        facilitator.close()
    con = duckdb.connect(str(db), read_only=True)
    try:
        ids = dict(con.execute("SELECT navn, omrade_id FROM samarbeidsomrade").fetchall())
        stored = con.execute(
            "SELECT kode, navn, omrade_id, count(*) FROM verksted_svar GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        statuses = dict(con.execute("SELECT kode, status FROM verksted_runde").fetchall())
    finally:
        con.close()
    assert all(n == len(cooperation.CRITERIA) for *_, n in stored)
    assert sorted((code, ids[area]) for code, _, area in told) == sorted((s[0], s[2]) for s in stored)
    # Both rounds were opened anonymous: no participant's name is stored, and each person's
    # answers are under one identity per round.
    assert all(who.startswith("anonym-") for _, who, _, _ in stored)
    assert len({(c, w) for c, w, _, _ in stored}) == len({(c, n) for c, n, _ in told})
    assert statuses == {first: "avslort", second: "aapen"}
