"""The alternatives analysis: the zero alternative is today, every alternative is priced by the
funding model, what it buys follows from its lines, and the ranking says what would change it."""

from __future__ import annotations

import dataclasses

import duckdb
import numpy as np
import pandas as pd
import pytest
from cli import brannsam_cli

from brannsam.alternatives import analysis, catalogue, display, effects, recommendation
from brannsam.alternatives import store as alternatives_store
from brannsam.data import queries, sources
from brannsam.funding import avoided, calendar, consequences, options, ranges, scenarios
from brannsam.funding import store as funding_store
from brannsam.funding.settings import ScenarioError, Settings
from brannsam.pipeline import build
from brannsam.risk import compliance
from brannsam.risk.context import Context


@pytest.fixture(scope="module")
def world(built_db):
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        yield {
            "inputs": funding_store.inputs(con),
            "region": alternatives_store.region(con),
            "options": options.defaults(*queries.alternatives(con)),
        }
    finally:
        con.close()


def option(world, option_id: str) -> dict:
    return next(o for o in world["options"] if o["id"] == option_id)


def test_the_source_files_give_the_zero_alternative_and_four_ways_of_cooperating(world):
    ids = [o["id"] for o in world["options"]]
    assert ids == ["0", "A", "B", "C", "D"]
    forms = {o["id"]: o["form"] for o in world["options"]}
    assert forms == {"0": "dagens", "A": "avtale", "B": "vertskommune", "C": "vertskommune", "D": "iks"}
    for o in world["options"]:
        assert options.validate(o) == [], o["id"]
        assert o["vertskap"].strip()
    assert option(world, "0")["poster"] == [] and option(world, "0")["engang"] == []
    assert 1 <= len(option(world, "B")["soner"]) <= options.MAX_ZONES


def test_the_zero_alternative_is_todays_cost_grown_by_prices_with_no_net_change(world):
    settings = Settings()
    priced = analysis.price(settings, option(world, "0"), world["inputs"])
    table = priced.result.table
    assert len(table) == 40 * calendar.PLAN_YEARS
    assert (table["netto_endring_kr"] == 0).all()
    assert (table["bidrag_kr"] == 0).all() and (table["unngatt_kr"] == 0).all()
    assert (table["lav_kr"] == 0).all() and (table["hoy_kr"] == 0).all()
    inputs = world["inputs"]
    for year, rows in table.groupby("aar"):
        grown = inputs.today_kr * (1 + settings.vekst) ** (year - inputs.today_year)
        expected = grown.reindex(rows["kommunenummer"]).round().astype("int64").to_numpy()
        assert (rows["dagens_kr"].to_numpy() == expected).all()
    assert priced.npv == 0 and priced.break_even is None


@pytest.mark.parametrize("option_id", ["A", "B", "C", "D"])
def test_each_alternatives_net_change_is_the_funding_models_for_the_same_lines(world, option_id):
    settings = Settings()
    chosen = option(world, option_id)
    priced = analysis.price(settings, chosen, world["inputs"])
    # The same lines and one-offs entered on the funding page, checked as a link is checked.
    same = Settings.from_dict(
        settings.to_dict()
        | {
            "budsjett": options.lines(chosen).to_dict(orient="records"),
            "engang": options.one_offs(chosen, settings.forste_aar),
        }
    )
    funding = ranges.evaluate(same, world["inputs"]).table
    keys = ["kommunenummer", "aar"]
    mine = priced.result.table.set_index(keys).sort_index()
    theirs = funding.set_index(keys).sort_index()
    for column in ("bidrag_kr", "unngatt_kr", "netto_endring_kr", "lav_kr", "hoy_kr"):
        assert (mine[column] == theirs[column]).all(), column


def test_a_zone_more_costs_a_rota_more_adds_its_staff_and_changes_who_gives_r11(world):
    b = option(world, "B")
    three = options.edited(b, zones=[*b["soner"], {"navn": "Namdal", "base": "Namsos brannstasjon"}])
    settings = Settings()
    two_cost = analysis.price(settings, b, world["inputs"]).region["bidrag_kr"]
    three_cost = analysis.price(settings, three, world["inputs"]).region["bidrag_kr"]
    per_zone = next(line for line in b["poster"] if line["per_sone"])
    assert three_cost.iloc[-1] - two_cost.iloc[-1] == pytest.approx(
        (per_zone["arsverk"] * per_zone["kr_per_arsverk"] + per_zone["drift_kr"])
        * (1 + settings.vekst) ** (calendar.PLAN_YEARS - 1),
        abs=2,
    )
    before, after = effects.evaluate(b, world["region"]), effects.evaluate(three, world["region"])
    duty = lambda e: e.functions.query("brannvesen_id == 'region' and funksjon == 'overordnet_vakt'")["etter"]  # noqa: E731
    assert float(duty(after).iloc[0]) - float(duty(before).iloc[0]) == per_zone["arsverk"]
    # three zone rotas and the services no zone reaches, which keep their own
    assert len(after.rotas) == 3 + len(after.keeps_rota) and "Namdal" in set(after.rotas["navn"])
    r11 = after.verdicts.query("regel_id == 'R11' and brannvesen_id == 'namsos-brann-og-redning'")
    assert "sone Namdal" in r11["tekst_etter"].iloc[0]
    assert (
        "namsos-brann-og-redning" in before.keeps_rota and "namsos-brann-og-redning" not in after.keeps_rota
    )


def test_without_its_duty_officer_line_an_alternative_leaves_r11_as_today(world):
    b = option(world, "B")
    rows = pd.DataFrame([line for line in b["poster"] if not line["per_sone"]])
    lighter = options.edited(b, line_rows=rows)
    settings = Settings()
    kept = effects.evaluate(b, world["region"]).keeps_rota
    full = analysis.price(settings, b, world["inputs"], kept).region.iloc[0]
    light = analysis.price(settings, lighter, world["inputs"]).region.iloc[0]
    # The shared rotas cost their lines and free each service's own rota.
    per_zone = next(line for line in b["poster"] if line["per_sone"])
    rota = per_zone["arsverk"] * per_zone["kr_per_arsverk"] + per_zone["drift_kr"]
    assert full["bidrag_kr"] - light["bidrag_kr"] == pytest.approx(len(b["soner"]) * rota, abs=2)
    # … and free the own rota of each service a zone reaches in time, not of those it does not
    rotas_today = avoided.rota_share(world["inputs"].local, world["region"].services["brannvesen_id"])
    assert kept and full["unngatt_kr"] - light["unngatt_kr"] == pytest.approx(
        per_zone["erstatter_mengde"] * rotas_today.drop(list(kept)).sum(), abs=40
    )
    found = effects.evaluate(lighter, world["region"])
    r11 = found.verdicts[found.verdicts["regel_id"] == "R11"]
    assert (r11["for"] == r11["etter"]).all()
    assert len(found.rotas) == len(world["region"].services)  # each service's own rota, as today
    with_line = effects.evaluate(b, world["region"]).verdicts
    r11 = with_line[with_line["regel_id"] == "R11"]
    # The zones settle R11 within the duty officer's reach; beyond it a service keeps its own
    # rota, and its verdict is today's.
    reached = r11["tekst_etter"].str.startswith("felles overordnet vakt")
    assert (r11.loc[reached, "etter"] == "oppfylt").all() and reached.sum() >= 6
    assert (r11.loc[~reached, "etter"] == r11.loc[~reached, "for"]).all()
    assert r11.loc[~reached, "tekst_etter"].str.startswith("beholder egen overordnet vakt").all()


def test_leadership_and_prevention_arsverk_move_with_the_lines(world):
    c = option(world, "C")
    found = effects.evaluate(c, world["region"])
    region = found.functions[found.functions["brannvesen_id"] == "region"].set_index("funksjon")
    lead = next(line for line in c["poster"] if line["blokk"] == "ledelse")
    assert region.loc["ledelse", "etter"] == pytest.approx(
        region.loc["ledelse", "i_dag"] - lead["erstatter_mengde"] + lead["arsverk"]
    )
    bigger = options.edited(
        c,
        line_rows=pd.DataFrame(
            [dict(line, arsverk=line["arsverk"] + 4) if line is lead else line for line in c["poster"]]
        ),
    )
    more = effects.evaluate(bigger, world["region"]).functions.query("brannvesen_id == 'region'")
    assert float(more.set_index("funksjon").loc["ledelse", "etter"]) == pytest.approx(
        region.loc["ledelse", "etter"] + 4
    )
    # A shared leadership big enough for R10's three roles fills them for every service.
    r10 = found.verdicts[found.verdicts["regel_id"] == "R10"]
    assert (r10["etter"] == "oppfylt").all()
    small = options.edited(
        c, line_rows=pd.DataFrame([dict(line, arsverk=2) if line is lead else line for line in c["poster"]])
    )
    r10_small = effects.evaluate(small, world["region"]).verdicts.query("regel_id == 'R10'")
    assert (r10_small["etter"] == r10_small["for"]).all()


def test_local_savings_are_phased_in_and_the_own_rotas_end_from_the_start(world):
    settings = Settings(realisering=[0.25, 0.5, 0.75, 1.0])
    c = options.settings_for(settings, option(world, "C"))
    lines = c.lines()
    rota, staff = avoided.avoided_parts(lines, world["inputs"])
    table = consequences.evaluate(c, world["inputs"]).table
    for step, (_, rows) in enumerate(table.groupby("aar")):
        growth = (1 + settings.vekst) ** step
        expected = (rota + staff * settings.realisering[step]) * growth
        assert rows["unngatt_kr"].sum() == pytest.approx(expected.sum(), abs=40)
    nothing = analysis.price(settings, option(world, "C"), world["inputs"]).nothing_cut
    budgets = table.groupby("aar")["bidrag_kr"].sum()
    for step, year in enumerate(budgets.index):
        assert nothing[year] == pytest.approx(
            budgets[year] - rota.sum() * (1 + settings.vekst) ** step, abs=40
        )


def test_freeing_the_break_even_arsverk_brings_the_last_year_to_zero(world):
    settings = Settings()
    b = option(world, "B")
    priced = analysis.price(settings, b, world["inputs"])
    assert priced.break_even > priced.freed
    extra = priced.break_even - priced.freed
    rows = pd.DataFrame(b["poster"])
    staff = rows.index[rows["erstatter"] == "arsverk"][0]
    rows.loc[staff, "erstatter_mengde"] += extra
    balanced = analysis.price(settings, options.edited(b, line_rows=rows), world["inputs"])
    assert abs(balanced.region["netto_endring_kr"].iloc[-1]) < 1_000


def test_stored_scores_give_the_non_priced_defaults_where_an_alternative_includes_the_areas(world):
    median = pd.DataFrame(
        {"kvalitet": [5.0], "respons": [5.0], "robusthet": [1.0], "forankring": [3.0]},
        index=["overordnet_vakt"],
    )
    scored, where = catalogue.scored_defaults(world["options"], median)
    b = next(o for o in scored if o["id"] == "B")
    assert b["ikke_prissatt"]["kvalitet"] == 4 and b["ikke_prissatt"]["robusthet"] == -4
    assert b["ikke_prissatt"]["forankring"] == 0
    assert where["B"] == catalogue.FROM_SCORES
    a = next(o for o in scored if o["id"] == "A")  # no scored area: the draft stays, and says so
    assert a["ikke_prissatt"] == option(world, "A")["ikke_prissatt"] and where["A"] == catalogue.DRAFT


def test_the_ranking_follows_the_rate_per_point_and_names_where_it_flips(world):
    settings = Settings()
    comparison = analysis.compare(settings, world["options"], world["inputs"], world["region"])
    nothing_is_worth_paying = analysis.rank(comparison, 0)
    assert nothing_is_worth_paying.first == options.ZERO  # every alternative costs more than today
    ranking = analysis.rank(comparison, settings.kr_per_poeng)
    table = ranking.table.set_index("alternativ")
    assert table.loc[ranking.first, "rang"] == 1
    assert (table["verdi_kr"] <= table.loc[ranking.first, "verdi_kr"]).all()
    assert ranking.flips
    # At a rate far above any cost difference, the most non-priced points win.
    generous = analysis.rank(comparison, 1e9)
    assert table.loc[generous.first, "poeng"] == table["poeng"].max()


def test_a_changed_score_moves_the_sum_and_can_move_the_first_place(world):
    settings = Settings()
    opts = [
        options.edited(o, scores=dict.fromkeys(options.CRITERIA, 4)) if o["id"] == "D" else o
        for o in world["options"]
    ]
    comparison = analysis.compare(settings, opts, world["inputs"], world["region"])
    ranking = analysis.rank(comparison, 10_000_000)
    # Four effect criteria at +4; implementation risk is shown but not added.
    assert ranking.table.set_index("alternativ").loc["D", "poeng"] == 16
    assert ranking.first == "D"


def test_settings_carry_edited_alternatives_through_a_link_and_refuse_bad_ones(world):
    edited = [options.edited(o, scores=dict.fromkeys(options.CRITERIA, 1)) for o in world["options"]]
    settings = Settings(alternativer=edited, realisering=[0.5, 1, 1, 1], kr_per_poeng=1_500_000)
    back = scenarios.decode(scenarios.encode(settings))
    assert (
        back.alternativer == edited and back.realisering == [0.5, 1, 1, 1] and back.kr_per_poeng == 1_500_000
    )
    bad = [dict(edited[1], ikke_prissatt=dict.fromkeys(options.CRITERIA, 5))]
    with pytest.raises(ScenarioError, match="fra −4 til \\+4"):
        Settings.from_dict(settings.to_dict() | {"alternativer": bad})
    zones = [{"navn": f"S{i}", "base": "Namsos brannstasjon"} for i in range(5)]
    with pytest.raises(ScenarioError, match="høyst 4 soner"):
        Settings.from_dict(settings.to_dict() | {"alternativer": [dict(edited[2], soner=zones)]})
    with pytest.raises(ScenarioError, match="Gevinstrealisering"):
        Settings.from_dict(settings.to_dict() | {"realisering": [0.5, 2, 1, 1]})
    old = {k: v for k, v in settings.to_dict().items() if k not in {"alternativer", "realisering"}}
    assert Settings.from_dict(old).alternativer is None  # an older scenario: the defaults


def test_a_zone_based_on_an_unknown_station_stops_the_build_with_file_row_and_column(sources_copy, tmp_path):
    path = sources_copy / "alternativer.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Nord=Steinkjer brannstasjon", "Nord=Steinkjær"), "utf-8"
    )
    with pytest.raises(sources.SourceError) as raised:
        build.database(sources_copy, tmp_path / "x.duckdb")
    assert (
        raised.value.file == "alternativer.csv" and raised.value.column == "soner" and raised.value.row == 4
    )


def test_the_side_by_side_table_and_recommendation_are_norwegian_and_say_how_sure(world):
    settings = Settings()
    comparison = analysis.compare(settings, world["options"], world["inputs"], world["region"])
    ranking = analysis.rank(comparison, settings.kr_per_poeng)
    table = display.side_by_side(ranking)
    assert list(table["Rang"]) == sorted(table["Rang"])
    assert len(table) == 5
    text = " ".join(recommendation.paragraphs(ranking, comparison, settings))
    assert f"Studien anbefaler alternativ {ranking.first}" in text and "rangert først" in text
    assert "hviler på estimater" in text
    assert "R-109" in text
    assert display.plus_minus(-3) == "− − −" and display.plus_minus(0) == "0"
    mine = display.municipality_table(comparison, "5025")
    assert set(mine["Alternativ"].str[0]) == {"0", "A", "B", "C", "D"}
    assert len(mine) == 5 * calendar.PLAN_YEARS


def test_cli_prints_every_alternative_municipality_and_year_and_a_summary():
    rows = brannsam_cli("alternativer", "--format", "csv")
    assert rows.returncode == 0, rows.stderr
    lines = rows.stdout.splitlines()
    assert lines[0] == ",".join(display.CSV_HEADER)
    assert len(lines) == 1 + 5 * 40 * calendar.PLAN_YEARS
    frame = pd.read_csv(
        __import__("io").StringIO(rows.stdout), dtype={"alternativ": str, "kommunenummer": str}
    )
    zero = frame[frame["alternativ"] == "0"]
    assert (zero["netto_endring_kr"] == 0).all()
    assert (frame["netto_endring_kr"] == frame["bidrag_kr"] - frame["unngatt_kr"]).all()
    summary = brannsam_cli("alternativer", "--format", "csv", "--sammendrag")
    assert summary.returncode == 0, summary.stderr
    head = summary.stdout.splitlines()
    assert head[0] == ",".join(display.SUMMARY_HEADER) and len(head) == 6
    left_out = brannsam_cli("alternativer", "--format", "csv", "--uten", "5025")
    assert left_out.returncode == 0 and ",5025," not in left_out.stdout
    bad = brannsam_cli("alternativer", "--uten", "99")
    assert bad.returncode == 2 and "--uten" in bad.stderr


def test_discounting_uses_first_year_prices_and_the_stated_rate():
    settings = Settings(vekst=0.04, kalkulasjonsrente=0.04)
    factors = analysis.discount_factors(settings)
    assert factors[0] == 1 and factors[1] == pytest.approx(1 / 1.04**2)
    assert len(factors) == calendar.PLAN_YEARS
    assert np.all(np.diff(factors) < 0)


def test_changing_one_alternatives_lines_changes_only_that_alternative(world):
    settings = Settings()
    base = analysis.compare(settings, world["options"], world["inputs"], world["region"]).table
    opts = [
        options.edited(
            o,
            line_rows=pd.DataFrame(
                [dict(line, drift_kr=line["drift_kr"] + 1_000_000) for line in o["poster"]]
            ),
        )
        if o["id"] == "A"
        else o
        for o in world["options"]
    ]
    changed = analysis.compare(dataclasses.replace(settings), opts, world["inputs"], world["region"]).table
    diff = (changed["forste_aar_kr"] - base["forste_aar_kr"]).set_axis(base["alternativ"])
    assert diff["A"] == pytest.approx(4 * 1_000_000, abs=4)  # A has four lines
    assert (diff.drop("A") == 0).all()


def test_r13_reads_the_same_on_a_service_page_and_in_the_alternatives(world, con):
    """110 alerts the nearest resource across borders (§ 24): a fire chief's page and the
    alternatives' «today» give the same verdict and figure for every service (issue 48, point 3);
    before, one said «gjelder 110-sentralen» and the other scored it per service."""
    ctx = Context.from_db(con)
    found = effects.evaluate(option(world, "A"), world["region"]).verdicts
    today = found[found["regel_id"] == "R13"].set_index("brannvesen_id")
    rules = queries.rules(con)
    for service in today.index:
        page = compliance.assess(ctx, rules[rules["regel_id"] == "R13"], service).iloc[0]
        assert (page["vurdering"], page["verdi"]) == (
            today.at[service, "for"],
            today.at[service, "tekst_for"],
        )
    assert (today["tekst_for"].str.contains("annet brannvesen")).any()
    assert not (today["tekst_for"].str.contains("110-sentral")).any()
