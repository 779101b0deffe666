"""One recommendation carried through everything: the package every page, brief, report and
command prices is one of the alternatives (the steering group's recommendation, or the one the
analysis ranks first), ranked over an analysis period with the horizon and the realisation
profile named among what flips it, the non-priced effects shown as switching values first."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json

import duckdb
import pandas as pd
import pytest
from cli import brannsam_cli

from brannsam.alternatives import analysis, catalogue, display, package, recommendation
from brannsam.alternatives import store as alternatives_store
from brannsam.documents import brief, region_facts, study_report
from brannsam.funding import budget, calendar, consequences, options, ranges, scenarios
from brannsam.funding.settings import KR_PER_POINT, ScenarioError, Settings

TODAY = dt.date(2026, 12, 7)


@pytest.fixture(scope="module")
def world(built_db):
    con = duckdb.connect(str(built_db), read_only=True)
    try:
        packaged, comparison, _ = alternatives_store.packaged(con, Settings())
        yield {
            "package": packaged,
            # B has a host municipality and duty-officer zones, whatever the analysis ranks first
            "b_package": alternatives_store.packaged(con, Settings(alternativ="B"))[0],
            "comparison": comparison,
            "region": region_facts.region(con),
            "con_path": built_db,
            "ranking": analysis.rank(comparison, KR_PER_POINT),
            "inputs": alternatives_store.funding_store.inputs(con),
            "comparison_region": alternatives_store.region(con),
        }
    finally:
        con.close()


def test_unpriced_settings_have_no_package_of_their_own():
    """The seven-line «standardoppsett» priced a package none of 0, A–D: settings now carry no
    lines until an alternative is priced."""
    settings = Settings()
    assert settings.budsjett is None and settings.engang is None
    with pytest.raises(ScenarioError, match="velg et alternativ"):
        settings.lines()


def test_by_default_the_package_is_the_alternative_the_analysis_ranks_first(world):
    chosen = world["package"]
    assert chosen.by == package.BY_ANALYSIS and chosen.option["id"] == world["ranking"].first
    assert chosen.settings.valgt == chosen.option["id"]
    assert chosen.settings.lines()["post"].tolist() == options.lines(chosen.option)["post"].tolist()


def test_the_steering_groups_recommendation_is_priced_and_an_unknown_one_refused(world, con):
    a, _, _ = alternatives_store.packaged(con, Settings(alternativ="A"))
    assert a.by == package.BY_STEERING_GROUP and a.option["id"] == "A"
    assert a.settings.lines()["post"].tolist() == options.lines(a.option)["post"].tolist()
    with pytest.raises(ScenarioError, match="Alternativ «Z» finnes ikke"):
        alternatives_store.packaged(con, Settings(alternativ="Z"))


def test_the_recommendation_travels_in_a_link_with_the_analysis_period_and_the_judgement():
    settings = Settings(alternativ="C", analyseperiode=15, vurdering="B gir robusthet.\nC mer.")
    back = scenarios.decode(scenarios.encode(settings))
    assert (back.alternativ, back.analyseperiode, back.vurdering) == ("C", 15, "B gir robusthet.\nC mer.")
    for bad, message in (
        ({"analyseperiode": 3}, "Analyseperiode"),
        ({"analyseperiode": 41}, "Analyseperiode"),
        ({"vurdering": "skjult\u200btegn"}, "vurdering"),
    ):
        with pytest.raises(ScenarioError, match=message):
            Settings.from_dict(settings.to_dict() | bad)


def test_an_older_link_with_the_seven_default_lines_prices_the_recommendation(world, con):
    """A link made before this change carried the seven lines as its budget: they were the
    default, not a choice, so it now prices what the study recommends."""
    old = Settings().to_dict() | {
        "budsjett": budget.legacy_lines().to_dict(orient="records"),
        "engang": budget.legacy_one_offs(calendar.default_first_year()),
    }
    old.pop("valgt")
    loaded = Settings.from_dict(json.loads(json.dumps(old)))
    assert loaded.budsjett is None
    chosen, _, _ = alternatives_store.packaged(con, loaded)
    assert chosen.option["id"] == world["package"].option["id"]


def test_an_older_scenario_with_its_own_lines_becomes_an_alternative_on_the_page(con):
    """Nothing is lost and nothing prices a package the alternatives page does not show: own
    lines from an older scenario are an alternative of their own, recommended by that scenario."""
    lines = budget.legacy_lines().iloc[:2].assign(arsverk=[3.0, 1.0]).to_dict(orient="records")
    old = Settings().to_dict() | {"budsjett": lines, "engang": []}
    old.pop("valgt")
    loaded = Settings.from_dict(json.loads(json.dumps(old)))
    assert loaded.legacy
    chosen, comparison, where = alternatives_store.packaged(con, loaded)
    assert chosen.option["id"] == "E" and chosen.by == package.BY_STEERING_GROUP
    assert [o["id"] for o in comparison.options] == ["0", "A", "B", "C", "D", "E"]
    assert "eldre" in where["E"]
    assert chosen.settings.lines()["arsverk"].tolist() == [3.0, 1.0]


def test_the_keys_and_the_cap_never_move_the_ranking(world, con):
    """The app ranks with the keys and cap at their defaults, so a weight slider ranks nothing
    again: this holds because the keys only move money between municipalities."""
    moved = Settings(nokler={"alle": {"fast": 5.0, "risiko": 1.0}}, innfasing_tak=0.02, innfasing_aar=4)
    _, comparison, _ = alternatives_store.packaged(con, moved)
    base = world["comparison"].table.set_index("alternativ")["per_aar_kr"]
    assert comparison.table.set_index("alternativ")["per_aar_kr"].round().equals(base.round())


def test_summary_recommendation_budget_briefs_and_draft_decisions_name_one_alternative(world):
    chosen = world["package"]
    region, comparison = world["region"], world["comparison"]
    con = duckdb.connect(str(world["con_path"]), read_only=True)
    try:
        report = study_report.region_report(con, region, chosen.settings, "S", "http://x", TODAY, comparison)
    finally:
        con.close()
    named = f"alternativ {chosen.option['id']} «{chosen.option['navn']}»"
    sections = {s.heading: " ".join(s.paragraphs) for s in report.sections}
    assert named in sections["Sammendrag"]
    assert (
        named in sections["Organisering"] and options.FORMS[chosen.option["form"]] in sections["Organisering"]
    )
    assert named in sections["Budsjett"]
    assert f"Studien anbefaler {named}" in sections["Alternativer og anbefaling"]
    budget_table = next(s for s in report.sections if s.heading == "Budsjett").tables[0].frame
    assert set(options.lines(chosen.option)["post"]) <= set(budget_table["Post"])
    roros = brief.municipality_brief(
        "5025", region, chosen.settings, "S", "http://x", TODAY, None, comparison
    )
    plan = " ".join(next(s for s in roros.sections if s.heading == "Samarbeid og organisering").paragraphs)
    assert named in plan
    assert chosen.option["vertskap"].split(" (")[0].split(",")[0] in roros.draft[1]
    # The brief's own net for Røros is the recommended alternative's row in its alternatives table.
    result = ranges.evaluate(chosen.settings, region.inputs)
    mine = result.table.query("kommunenummer == '5025'").iloc[0]["netto_endring_kr"]
    row = comparison.priced[chosen.option["id"]].result.table.query("kommunenummer == '5025'").iloc[0]
    assert mine == row["netto_endring_kr"]


def test_the_ranking_counts_an_analysis_period_of_ten_years_and_names_the_horizon(world):
    ranking, comparison = world["ranking"], world["comparison"]
    assert comparison.settings.analyseperiode == 10
    b = comparison.priced["B"]
    nets = b.region["netto_endring_kr"].to_numpy()
    four = analysis.present_value(nets, b.before, comparison.settings, 4)[1]
    assert b.per_year < four  # savings realised later count for the six years after the plan
    # The flip list names the plan's four years exactly when they would put another first.
    at_four = analysis.rank(
        analysis.compare(
            dataclasses.replace(comparison.settings, analyseperiode=4),
            comparison.options,
            world["inputs"],
            world["comparison_region"],
        ),
        KR_PER_POINT,
    ).first
    named = any("analyseperiode lik økonomiplanens 4 år" in f for f in ranking.flips)
    assert named == (at_four != ranking.first)


def test_the_realisation_profile_is_named_when_it_flips_the_first_place():
    table = pd.DataFrame(
        {
            "alternativ": ["0", "A", "B"],
            "navn": ["Dagens ordning", "Avtaler", "Vakt"],
            "poeng": [0.0, 3.0, 5.0],
            "per_aar_kr": [0.0, 1.0e6, 6.0e6],
            "per_aar_lav_kr": [0.0, 0.9e6, 5.0e6],
            "per_aar_hoy_kr": [0.0, 1.1e6, 7.0e6],
        }
    )
    flips = analysis.flips(table, 2e6, {"Med alle gevinster realisert fra første år": [0.0, 1.0e6, 3.0e6]})
    assert "Med alle gevinster realisert fra første år rangeres «Vakt» først." in flips


def test_the_cli_summary_prints_the_analysis_period_the_ranking_figure_and_the_recommendation():
    rows = brannsam_cli("alternativer", "--format", "csv", "--sammendrag")
    assert rows.returncode == 0, rows.stderr
    frame = pd.read_csv(io.StringIO(rows.stdout), dtype={"alternativ": str})
    assert (frame["analyseperiode_aar"] == 10).all()
    value = KR_PER_POINT * frame["ikke_prissatt_poeng"] - frame["kostnad_per_aar_kr"]
    assert (frame["verdi_per_aar_kr"] - value).abs().le(1).all()
    assert (frame["anbefalt"] == "ja").sum() == 1
    first = frame.loc[frame["rang"] == 1, "alternativ"].iloc[0]
    assert frame.loc[frame["anbefalt"] == "ja", "alternativ"].iloc[0] == first
    picked = brannsam_cli("alternativer", "--format", "csv", "--sammendrag", "--alternativ", "A")
    chosen = pd.read_csv(io.StringIO(picked.stdout), dtype={"alternativ": str})
    assert chosen.loc[chosen["anbefalt"] == "ja", "alternativ"].iloc[0] == "A"


def test_konsekvens_and_rapport_price_the_alternative_asked_for(world, tmp_path):
    a = next(o for o in world["comparison"].options if o["id"] == "A")
    result = brannsam_cli("konsekvens", "--format", "csv", "--alternativ", "A")
    assert result.returncode == 0, result.stderr
    assert "Alternativ A" in result.stderr
    frame = pd.read_csv(io.StringIO(result.stdout), dtype={"kommunenummer": str})
    a_table = world["comparison"].priced["A"].result.table
    assert frame["bidrag_kr"].sum() == a_table["bidrag_kr"].sum()
    assert "Avtalebasert" in a["navn"]
    bad = brannsam_cli("konsekvens", "--alternativ", "Z")
    assert bad.returncode == 2 and "finnes ikke" in bad.stderr and "Traceback" not in bad.stderr
    out = tmp_path / "rapport"
    made = brannsam_cli(
        "rapport", "--kommune", "5025", "--format", "docx", "--out", str(out), "--alternativ", "A"
    )
    assert made.returncode == 0, made.stderr


def test_switching_values_come_first_and_implementation_risk_is_not_a_point(world):
    ranking, comparison, chosen = world["ranking"], world["comparison"], world["package"]
    text = recommendation.paragraphs(ranking, comparison, chosen.settings)
    assert text[1].startswith("Byttepunkt:")
    table = ranking.table.set_index("alternativ")
    values = analysis.switching_values(ranking.table, "B").set_index("alternativ")
    assert values.loc["A", "mot_referansen_kr"] == pytest.approx(
        table.loc["A", "per_aar_kr"] - table.loc["B", "per_aar_kr"]
    )
    assert "Styringsgruppen har ennå ikke skrevet" in text[2]
    written = dataclasses.replace(chosen.settings, vurdering="Robustheten i B er verdt prisen.")
    assert "Robustheten i B er verdt prisen." in recommendation.paragraphs(ranking, comparison, written)[2]
    b = next(o for o in comparison.options if o["id"] == "B")
    assert options.score(b) == sum(b["ikke_prissatt"][c] for c in options.CRITERIA if c != "gjennomforing")
    headers = list(display.nonpriced_table(ranking).columns)
    assert "Tjenestekvalitet (vekt 1)" in headers and "Gjennomføringsrisiko (ikke i summen)" in headers
    assert any("Gjennomføringsrisiko" in p and "ikke med i poengsummen" in p for p in text)


def test_a_duty_officer_reaching_fewer_than_today_is_said_in_the_recommendation(world):
    comparison = world["comparison"]
    found = comparison.effects["B"]
    assert found.reach_after[60] < found.reach_today[60]
    assert "færre innbyggere enn med dagens ordning" in recommendation.reach_warning(comparison, "B")
    assert recommendation.reach_warning(comparison, "0") == ""


def test_one_offs_per_zone_scale_with_the_zones(world):
    b = next(o for o in world["comparison"].options if o["id"] == "B")
    two = sum(r["belop_kr"] for r in options.one_offs(b, 2028) if "per sone" in r["post"])
    three_zones = dict(
        b, soner=[*b["soner"], {"navn": "Vest", "base": "Orkanger brannstasjon (hovedstasjon)"}]
    )
    three = sum(r["belop_kr"] for r in options.one_offs(three_zones, 2028) if "per sone" in r["post"])
    assert three == pytest.approx(two * 3 / 2)


def test_the_recommended_alternative_sets_the_report_tables_figure_to_the_texts(world):
    """One figure for one thing: the recommendation's cost per year is the table's, rounded the
    same way, and named the same."""
    ranking, comparison, chosen = world["ranking"], world["comparison"], world["package"]
    text = recommendation.paragraphs(ranking, comparison, chosen.settings)[0]
    view = display.side_by_side_view(ranking, 10, chosen.option["id"])
    column = next(c for c in view.columns if c.startswith(chosen.option["id"]))
    per_year = view.loc[view[""].str.startswith("Kostnad per år, snitt"), column].iloc[0]
    assert per_year in text and "snitt over analyseperioden på 10 år" in text
    assert calendar.PLAN_YEARS == 4


def test_a_zone_covers_r11_only_where_its_duty_officer_reaches_in_time(world):
    """Rørosregionen is some 145 minutes from Sluppen: B's zone does not cover it, and the
    verdict says how far and that the limit is an assumption."""
    b = world["comparison"].effects["B"]
    verdicts = b.verdicts.set_index(["brannvesen_id", "regel_id"])
    roros = verdicts.loc[("rorosregionen-brann-og-redning", "R11")]
    # beyond the zone's reach Rørosregionen keeps its own duty officer: today's verdict, and its
    # rota is neither counted as gone nor as avoided
    assert roros["etter"] == roros["for"] and roros["tekst_etter"].startswith("beholder egen overordnet vakt")
    assert "rorosregionen-brann-og-redning" in b.keeps_rota
    assert "rorosregionen-brann-og-redning" in world["b_package"].settings.egen_vakt
    minutes = int(roros["tekst_etter"].split("om lag ")[1].split(" min")[0])
    assert 120 <= minutes <= 170 and "antakelse" in roros["tekst_etter"]
    tbrt = verdicts.loc[("trondelag-brann-og-redningstjeneste-iks", "R11")]
    assert tbrt["etter"] == "oppfylt" and "grense 60 min" in tbrt["tekst_etter"]


def test_a_zone_rota_counts_its_funded_posts_not_every_local_leader(world):
    """B funds two duty-officer årsverk per zone and names no shared leadership: «31,1 leaders»
    counted every local leader in the zone."""
    zone = lambda rotas: rotas[rotas["grunnlag"].str.startswith("alternativets vaktordning")]  # noqa: E731
    assert zone(world["comparison"].effects["B"].rotas)["ledere"].tolist() == [2.0, 2.0]
    c = zone(world["comparison"].effects["C"].rotas)
    assert len(c) == 3 and (c["ledere"] == 2.0 + 6.0 / 3).all()  # C's two per zone and six shared leaders


def test_a_lower_reach_than_today_stands_beside_the_quality_score(world):
    table = display.nonpriced_table(world["ranking"], world["comparison"]).set_index("Alternativ")
    b = next(i for i in table.index if i.startswith("B "))
    assert "færre enn i dag" in table.loc[b, "Merknad til kvaliteten"]
    assert table.loc[next(i for i in table.index if i.startswith("0 ")), "Merknad til kvaliteten"] == ""


def test_when_the_study_recommends_todays_arrangement_the_briefs_say_so(world, con):
    """Priced as the zero alternative the settings still travel in a link, and the draft decision
    asks no council to join a cooperation of nothing."""
    zero, comparison, _ = alternatives_store.packaged(con, Settings(alternativ="0"))
    assert scenarios.decode(scenarios.encode(zero.settings)) == zero.settings
    item = brief.municipality_brief(
        "5025", world["region"], zero.settings, "S", "http://x", TODAY, None, comparison
    )
    assert "videreføre dagens ordning" in item.draft[0] and "slutter seg ikke til" in item.draft[0]


def test_every_score_has_an_owner_and_an_edit_records_who_when_and_why(world):
    """«A, B, C, D: Brannsams utkast» and «redigert i oppsettet» named nobody."""
    b = next(o for o in world["comparison"].options if o["id"] == "B")
    assert options.record_of(b)["rolle"] == "utkast" and "utkast" in options.record_text(options.record_of(b))
    record = {"rolle": "styringsgruppe", "av": "Styringsgruppen", "dato": "2026-12-07", "hvorfor": "Møte 3."}
    scores = dict(b["ikke_prissatt"], kvalitet=3)
    edited = options.assessed(b, scores, record)
    assert options.validate(edited) == []
    assert options.record_text(edited["vurdert"]) == "Styringsgruppen (Styringsgruppen, 2026-12-07): Møte 3."
    back = scenarios.decode(scenarios.encode(Settings(alternativer=[edited])))
    assert back.alternativer[0]["vurdert"] == record
    for bad in ({**record, "rolle": "noen"}, {**record, "hvorfor": " "}, {**record, "dato": "7.12.2026"}):
        assert options.validate(dict(edited, vurdert=bad)), bad
    comparison = analysis.compare(
        Settings(),
        [edited if o["id"] == "B" else o for o in world["comparison"].options],
        world["inputs"],
        world["comparison_region"],
    )
    table = display.nonpriced_table(analysis.rank(comparison, KR_PER_POINT)).set_index("Alternativ")
    owner = table.loc[next(i for i in table.index if i.startswith("B ")), "Satt av (hvem, når, hvorfor)"]
    assert owner.startswith("Styringsgruppen (Styringsgruppen, 2026-12-07)")


def test_todays_arrangements_are_sourced_where_known_and_said_to_be_assumed_elsewhere(world):
    today = display.rota_table(world["comparison"].effects["0"]).set_index("Vaktordning")["Grunnlag"]
    assert today["Fosen Brann og Redningstjeneste IKS"].startswith("egen overordnet vakt")
    assert today["Rindal brannvesen"].startswith("ukjent: antatt egen vakt")


def test_members_who_leave_move_the_effects_the_zones_and_the_host(world, con):
    """`--uten 5001` moved the costs but kept B's reach, its base at Sluppen and Trondheim as
    host, with no warning."""
    _, without, _ = alternatives_store.packaged(con, Settings(uten=["5001", "5061"]))
    full, left = world["comparison"].effects["B"], without.effects["B"]
    assert left.reach_today[60] != full.reach_today[60] and left.reach_after[60] != full.reach_after[60]
    assert "Trondheim hovedbrannstasjon (Sluppen)" not in set(left.rotas["base"])
    assert any(n.startswith("Sone Sør hadde base på Trondheim hovedbrannstasjon") for n in left.notes)
    assert any("Vertskapet" in n and "Trondheim" in n and "avklares" in n for n in left.notes)
    rindal = left.verdicts[left.verdicts["brannvesen_id"] == "rindal-brannvesen"]
    assert (rindal["for"] == rindal["etter"]).all() and rindal["tekst_etter"].str.contains("utenfor").all()
    assert "Rindal brannvesen" not in " ".join(left.rotas["brannvesen"])
    assert full.notes == ()


def test_the_draft_decision_names_the_host_once_without_its_proposal_mark(world):
    roros = brief.municipality_brief(
        "5025", world["region"], world["b_package"].settings, "S", "http://x", TODAY
    )
    point = roros.draft[1]
    assert point.startswith(
        "2. Oppgavene legges til Trondheim kommune som vertskommune etter kommuneloven kap. 20."
    )
    assert "(forslag)" not in point


def test_going_back_to_the_studys_alternatives_drops_a_recommendation_that_is_gone(world):
    defaults = world["comparison"].options
    own = dict(defaults[2], id="E", navn="Eget")
    settings = Settings(alternativer=[*defaults, own], alternativ="E")
    back = catalogue.with_study_alternatives(settings, defaults)
    assert back.alternativer is None and back.alternativ is None
    kept = catalogue.with_study_alternatives(dataclasses.replace(settings, alternativ="C"), defaults)
    assert kept.alternativ == "C"


def test_a_service_no_zone_reaches_keeps_its_rota_in_the_figures_and_the_decision(world):
    """The duty-officer zone at Sluppen does not reach Røros in time: Rørosregionen keeps its own
    rota, so its cost is not counted as avoided, and Røros' draft decision says so instead of
    «avvikler sin egen overordnede vakt»; Trondheim, which the zone reaches, gives its own up."""
    settings = world["b_package"].settings
    split = consequences.avoided_split(settings, world["region"].inputs)
    first = split[split["aar"] == settings.forste_aar].set_index("kommunenummer")
    assert first.loc["5025", "vaktordning_kr"] == 0 and first.loc["5001", "vaktordning_kr"] > 0
    roros = brief.municipality_brief("5025", world["region"], settings, "S", "http://x", TODAY).draft[4]
    assert "beholder sin egen overordnede vakt" in roros and "avvikler" not in roros
    trondheim = brief.municipality_brief("5001", world["region"], settings, "S", "http://x", TODAY).draft[4]
    assert "avvikler sin egen overordnede vakt" in trondheim
