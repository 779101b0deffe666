"""The alternatives page: the zero alternative and four ways of cooperating side by side, a
recommendation that follows the steering group's settings, and what each alternative buys."""

from __future__ import annotations

from brannsam.funding import scenarios


def side_by_side(at):
    return next(df.value for df in at.dataframe if "Netto fullt realisert" in df.value.columns)


def recommendation(at) -> str:
    return at.info[0].value


def row(table, option_id: str):
    return table[table["Alternativ"].str.startswith(f"{option_id} ")].iloc[0]


def test_the_page_compares_five_alternatives_and_recommends_one(run_page):
    at = run_page("alternativer")
    assert not at.exception
    table = side_by_side(at)
    assert len(table) == 5
    assert row(table, "0")["Netto første år"] == 0 and row(table, "0")["Nåverdi"] == 0
    assert sorted(table["Rang"]) == [1, 2, 3, 4, 5]
    first = table.loc[table["Rang"] == 1, "Alternativ"].iloc[0]
    assert "rangeres først" in recommendation(at) and first[2:12] in recommendation(at).replace("\\", "")
    assert any("⚠ Estimat" in c.value for c in at.caption)
    assert any("hviler på estimater" in m.value for m in at.markdown)


def test_paying_nothing_for_non_priced_effects_puts_todays_arrangement_first(run_page):
    at = run_page("alternativer")
    field = next(n for n in at.number_input if n.key and "alt_kr_poeng" in n.key)
    field.set_value(0).run()
    assert not at.exception
    assert "Dagens ordning rangeres først" in recommendation(at)
    assert row(side_by_side(at), "0")["Rang"] == 1


def test_realising_every_saving_in_year_one_lowers_the_first_years_net_change(run_page):
    at = run_page("alternativer")
    before = row(side_by_side(at), "C")["Netto første år"]
    slider = next(s for s in at.slider if s.key and s.key.startswith("fin_alt_real_0"))
    slider.set_value(100).run()
    assert not at.exception
    after = row(side_by_side(at), "C")["Netto første år"]
    assert after < before
    assert at.query_params["oppsett"]  # the link reproduces the setting


def test_a_link_with_a_higher_rate_per_point_reproduces_its_ranking(run_page):
    linked = scenarios.encode(scenarios.Settings(kr_per_poeng=50_000_000))
    at = run_page("alternativer", oppsett=linked)
    assert not at.exception
    table = side_by_side(at)
    most = table["Ikke-prissatt (poeng)"].max()
    assert table.loc[table["Rang"] == 1, "Ikke-prissatt (poeng)"].iloc[0] == most


def test_choosing_an_alternative_shows_what_it_buys_and_the_verdicts_that_change(run_page):
    at = run_page("alternativer")
    at.segmented_control(key="alt_valgt").set_value("B").run()
    assert not at.exception
    verdicts = next(df.value for df in at.dataframe if "Med alternativet" in df.value.columns)
    r11 = verdicts[verdicts["Krav"].str.startswith("R11")]
    assert len(r11) and (r11["Med alternativet"] == "oppfylt").all()
    rotas = next(df.value for df in at.dataframe if "Ledere å gå vakt" in df.value.columns)
    assert list(rotas["Vaktordning"]) == ["Sør", "Nord"]
    functions = next(df.value for df in at.dataframe if "Ledelse i dag" in df.value.columns)
    assert functions["Brannvesen"].iloc[-1] == "Regionen i alt"
