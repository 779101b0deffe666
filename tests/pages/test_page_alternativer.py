"""The alternatives page: the zero alternative and four ways of cooperating side by side, a
recommendation that follows the steering group's settings, and what each alternative buys."""

from __future__ import annotations

import duckdb

from brannsam.alternatives import store as alternatives_store
from brannsam.funding import options, scenarios
from brannsam.funding.settings import Settings


def side_by_side(at):
    """The side-by-side view: one row per measure, one column per alternative (best ranked first)."""
    return next(df.value for df in at.dataframe if "" in df.value.columns and "Rang" in set(df.value[""]))


def cell(table, measure: str, option_id: str) -> str:
    column = next(c for c in table.columns if c.split(" ")[0] == option_id)
    return table.loc[table[""].str.startswith(measure), column].iloc[0]


def kroner(text: str) -> int:
    """«+1 900 000 kr» or «−2 830 000 kr» as a number."""
    sign = -1 if text.startswith(("−", "-")) else 1
    return sign * int("".join(ch for ch in text if ch.isdigit()) or 0)


def recommendation(at) -> str:
    return at.info[0].value


def test_the_page_compares_five_alternatives_and_recommends_one(run_page):
    at = run_page("alternativer")
    assert not at.exception
    table = side_by_side(at)
    assert len(table.columns) == 1 + 5
    assert kroner(cell(table, "Netto første år", "0")) == 0 and kroner(cell(table, "Nåverdi", "0")) == 0
    assert [int(table.loc[table[""] == "Rang", c].iloc[0]) for c in table.columns[1:]] == [1, 2, 3, 4, 5]
    first = table.columns[1].split(" ")[0]
    assert f"Studien anbefaler alternativ {first}" in recommendation(at).replace("\\", "")
    assert "(anbefalt)" in table.columns[1]
    assert any("⚠ Estimat" in c.value for c in at.caption)
    assert any("hviler på estimater" in m.value for m in at.markdown)


def test_paying_nothing_for_non_priced_effects_puts_todays_arrangement_first(run_page):
    at = run_page("alternativer")
    field = next(n for n in at.number_input if n.key and "alt_kr_poeng" in n.key)
    field.set_value(0).run()
    assert not at.exception
    assert "Studien anbefaler dagens ordning" in recommendation(at)
    assert side_by_side(at).columns[1].startswith("0 ")


def test_realising_every_saving_in_year_one_lowers_the_first_years_net_change(run_page):
    at = run_page("alternativer")
    before = kroner(cell(side_by_side(at), "Netto første år", "C"))
    slider = next(s for s in at.slider if s.key and s.key.startswith("fin_alt_real_0"))
    slider.set_value(100).run()
    assert not at.exception
    after = kroner(cell(side_by_side(at), "Netto første år", "C"))
    assert after < before
    assert at.query_params["oppsett"]  # the link reproduces the setting


def test_a_link_with_a_higher_rate_per_point_reproduces_its_ranking(run_page):
    linked = scenarios.encode(Settings(kr_per_poeng=50_000_000))
    at = run_page("alternativer", oppsett=linked)
    assert not at.exception
    table = side_by_side(at)
    points = [kroner(cell(table, "Ikke-prissatt", c.split(" ")[0])) for c in table.columns[1:]]
    assert points[0] == max(points)


def test_choosing_an_alternative_shows_what_it_buys_and_the_verdicts_that_change(run_page):
    at = run_page("alternativer")
    at.segmented_control(key="alt_valgt").set_value("B").run()
    assert not at.exception
    verdicts = next(df.value for df in at.dataframe if "Med alternativet" in df.value.columns)
    r11 = verdicts[verdicts["Krav"].str.startswith("R11")]
    assert len(r11) and (r11["Med alternativet"] == "oppfylt").any()
    # Rørosregionen is beyond the zone's reach: it keeps its own rota, so its verdict does not change
    assert not r11["Brannvesen"].str.startswith("Rørosregionen").any()
    rotas = next(df.value for df in at.dataframe if "Ledere å gå vakt" in df.value.columns)
    assert list(rotas["Vaktordning"])[:2] == ["Sør", "Nord"]
    roros = rotas[rotas["Vaktordning"].str.startswith("Rørosregionen")].iloc[0]
    assert roros["Grunnlag"].startswith("egen vakt beholdes") and "min unna" in roros["Grunnlag"]
    functions = next(df.value for df in at.dataframe if "Ledelse i dag" in df.value.columns)
    assert functions["Brannvesen"].iloc[-1] == "Regionen i alt"


def test_the_steering_groups_recommendation_is_the_budget_on_the_funding_page(run_page):
    """Marking C (not the analysis' first) as the recommendation carries it in the link; the
    funding page then prices C, and says which alternative its budget is."""
    at = run_page("alternativer")
    box = next(s for s in at.selectbox if s.key and "alt_anbefaling" in s.key)
    box.set_value("C").run()
    assert not at.exception
    link = at.query_params["oppsett"]
    assert scenarios.decode(link).alternativ == "C"
    assert "Studien anbefaler alternativ C" in recommendation(at).replace("\\", "")
    assert "(anbefalt)" in next(c for c in side_by_side(at).columns if c.startswith("C "))
    funding = run_page("finansiering", oppsett=link)
    assert not funding.exception
    said = " ".join(m.value for m in funding.markdown).replace("\\", "")
    assert "Budsjettet er alternativ C Felles ledelse" in said and "styringsgruppens" in said


def test_the_steering_groups_judgement_is_shown_and_kept_in_the_link(run_page):
    at = run_page("alternativer")
    area = next(t for t in at.text_area if t.key and "alt_vurdering" in t.key)
    area.set_value("Robustheten i B veier tyngst.").run()
    assert not at.exception
    assert "Robustheten i B veier tyngst" in recommendation(at)
    assert scenarios.decode(at.query_params["oppsett"]).vurdering == "Robustheten i B veier tyngst."


def test_switching_values_are_shown_before_the_secondary_ranking(run_page):
    at = run_page("alternativer")
    switching = next(
        df.value for df in at.dataframe if "Må være verdt per år, mot dagens ordning (kr)" in df.value
    )
    assert len(switching) == 5
    assert recommendation(at).split("\n\n")[1].startswith("Byttepunkt")
    assert any("Sekundær visning" in e.label for e in at.expander)


def test_a_scores_owner_travels_in_the_link_and_stands_beside_the_scores(run_page, app_db):
    con = duckdb.connect(str(app_db), read_only=True)
    opts, _ = alternatives_store.default_options(con)
    con.close()
    record = {
        "rolle": "arbeidsgruppe",
        "av": "Arbeidsgruppe beredskap",
        "dato": "2026-12-01",
        "hvorfor": "Møte 2.",
    }
    edited = [options.assessed(o, o["ikke_prissatt"], record) if o["id"] == "C" else o for o in opts]
    at = run_page("alternativer", oppsett=scenarios.encode(Settings(alternativer=edited)))
    assert not at.exception
    table = next(df.value for df in at.dataframe if "Satt av (hvem, når, hvorfor)" in df.value.columns)
    owners = dict(zip(table["Alternativ"].str[0], table["Satt av (hvem, når, hvorfor)"], strict=True))
    assert owners["C"] == "Arbeidsgruppe (Arbeidsgruppe beredskap, 2026-12-01): Møte 2."
    assert owners["B"].startswith("Brannsams utkast")
