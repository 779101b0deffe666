"""Min kommune: a bookmarkable page per municipality, with its brief to download."""

from brannsam.funding import scenarios
from brannsam.funding.settings import Settings


def test_a_municipality_link_shows_its_brief(run_page):
    at = run_page("min_kommune", kommune="5025")
    assert not at.exception
    assert any("konsekvenser for Røros" in s.value for s in at.subheader)
    assert any("5\u00a0685 innbyggere" in m.value for m in at.markdown)
    assert {b.label for b in at.get("download_button")} >= {
        "Last ned vedlegget (Word)",
        "Last ned vedlegget (PDF)",
        "Last ned vedleggene for alle 40 kommunene (zip med Word-filer)",
    }


def test_an_unknown_municipality_gives_a_message_and_the_list(run_page):
    at = run_page("min_kommune", kommune="9999")
    assert not at.exception
    assert any("Fant ikke kommunenummeret" in w.value for w in at.warning)
    assert any("?kommune=5001" in m.value for m in at.markdown)


def test_choosing_a_municipality_puts_it_in_the_link(run_page):
    at = run_page("min_kommune")
    at.selectbox(key="kommune_valg").set_value("5001").run()
    assert not at.exception
    assert at.query_params["kommune"] == "5001"
    assert any("konsekvenser for Trondheim" in s.value for s in at.subheader)


def test_the_briefs_link_uses_the_configured_address(run_page, monkeypatch):
    monkeypatch.setenv("BRANNSAM_URL", "http://10.0.0.12:8501/")
    at = run_page("min_kommune", kommune="5025")
    assert not at.exception
    shown = next(c.value for c in at.code if "oppsett=" in c.value)
    assert shown.startswith("http://10.0.0.12:8501/finansiering?oppsett=")
    assert "\u2060" not in shown  # copied as it stands, no invisible character in it
    assert not any("localhost" in w.value for w in at.warning)


def test_a_link_that_cannot_go_into_a_brief_is_left_out_and_the_zip_says_how_many(run_page):
    link = scenarios.encode(Settings(uten=["5025"]))
    at = run_page("min_kommune", kommune="5001", oppsett=link)
    assert not at.exception
    assert any("ingen lenke" in i.value and "denne maskinens" in i.value for i in at.info)
    assert not any("BRANNSAM_URL" in w.value for w in at.warning)
    assert any(
        "alle 40 kommunene" in b.label and "1 av dem om å stå utenfor" in b.label
        for b in at.get("download_button")
    )


def test_a_municipality_that_says_no_is_told_what_standing_outside_means(run_page):
    link = scenarios.encode(Settings(uten=["5025"]))
    at = run_page("min_kommune", kommune="5025", oppsett=link)
    assert not at.exception
    assert any("står utenfor samarbeidet" in i.value for i in at.info)
    assert any("stå utenfor for Røros" in s.value for s in at.subheader)
