"""Net change against today, year by year: what each municipality pays, what it no longer pays
locally, and the identities a finance director checks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json

import duckdb
import numpy as np
import pandas as pd
import pytest
from cli import brannsam_cli
from packages import model_settings, recommended

from brannsam.documents import brief, region_facts
from brannsam.estimates import station_model
from brannsam.funding import (
    allocation,
    avoided,
    budget,
    calendar,
    consequences,
    display,
    membership,
    ranges,
    store,
)
from brannsam.funding.settings import ScenarioError, Settings
from brannsam.risk import duty


@pytest.fixture
def inputs(con) -> consequences.Inputs:
    return store.inputs(con)


def year(table: pd.DataFrame, aar: int) -> pd.DataFrame:
    return table[table["aar"] == aar].set_index("kommunenummer")


def test_every_year_adds_up_and_net_is_contribution_minus_avoided(inputs):
    result = consequences.evaluate(model_settings(), inputs)
    table = result.table
    first = calendar.default_first_year()
    assert sorted(table["aar"].unique()) == [first, first + 1, first + 2, first + 3]
    assert len(table) == 40 * 4
    assert (table["netto_endring_kr"] == table["bidrag_kr"] - table["unngatt_kr"]).all()
    for aar, total in result.budgets.items():
        assert year(table, aar)["bidrag_kr"].sum() == total


def test_one_off_costs_land_in_their_year_running_costs_grow_and_annuities_stay(inputs):
    settings = model_settings(innfasing_tak=0.0)
    result = consequences.evaluate(settings, inputs)
    lines = settings.lines()
    running = budget.running_cost(lines).sum()
    capital = budget.capital_cost(lines).sum()
    assert capital > 0  # the default special-readiness line has an investment
    one_offs = {y: sum(r["belop_kr"] for r in settings.engang if r["aar"] == y) for y in result.budgets.index}
    for step, (aar, total) in enumerate(result.budgets.items()):
        assert abs(total - (running * (1 + settings.vekst) ** step + capital + one_offs[aar])) <= 4


def test_an_annuity_is_the_same_kroner_every_plan_year(inputs):
    line = budget.legacy_lines().iloc[[5]].assign(arsverk=0, drift_kr=0)  # the investment alone
    settings = model_settings(budsjett=line.to_dict(orient="records"), engang=[], innfasing_tak=0.0)
    budgets = consequences.evaluate(settings, inputs).budgets
    assert budgets.nunique() == 1 and budgets.iloc[0] == budget.yearly_cost(settings.lines()).sum()


def test_wage_harmonisation_is_a_lasting_line_not_a_one_off():
    settings = model_settings()
    assert not [r for r in settings.engang if "lønn" in r["post"].lower()]
    lasting = settings.lines()[settings.lines()["post"].str.contains("Lønnsharmonisering")]
    assert len(lasting) == 1 and budget.yearly_cost(lasting).iloc[0] > 0


def test_the_first_year_follows_the_decision_date_and_moves_the_one_offs(inputs, monkeypatch):
    monkeypatch.setenv(calendar.DECISION_DATE_ENV, "2026-12-01")
    settings = model_settings(innfasing_tak=0.0)
    assert settings.forste_aar == 2028  # at least twelve months to prepare
    one_offs = sum(r["belop_kr"] for r in settings.engang)
    moved = settings.with_first_year(2029)
    result = consequences.evaluate(moved, inputs)
    assert not result.outside
    lines_only = consequences.evaluate(dataclasses.replace(moved, engang=[]), inputs).budgets
    prepared = result.preparation["belop_kr"].sum()
    assert (result.budgets - lines_only).sum() + prepared == one_offs  # every krone of the one-offs counted
    assert set(result.preparation["aar"]) == {2028} and prepared == 1_000_000  # the year before the start


def test_one_offs_outside_the_plan_are_reported_not_dropped_silently(inputs):
    settings = model_settings(forste_aar=2027, engang=budget.legacy_one_offs(2025))
    result = consequences.evaluate(settings, inputs)
    assert [r["aar"] for r in result.outside] == [2024, 2025, 2025]  # 2026 is the preparation year
    warnings = display.plan_warnings(settings, result, dt.date(2026, 12, 1))
    assert any("ikke regnet med" in w and "IKT" in w for w in warnings)
    late = display.plan_warnings(model_settings(forste_aar=2027), result, dt.date(2026, 12, 1))
    assert any("1. januar 2028" in w and "tolv måneder" in w for w in late)
    in_time = display.plan_warnings(model_settings(forste_aar=2028), result, dt.date(2026, 12, 1))
    assert not any("tolv måneder" in w for w in in_time)


@pytest.mark.parametrize(
    ("decided", "first"),
    [("2026-12-04", 2028), ("2026-01-01", 2027), ("2026-01-02", 2028), ("2027-03-15", 2029)],
)
def test_the_start_leaves_twelve_months_to_prepare(monkeypatch, decided, first):
    monkeypatch.setenv(calendar.DECISION_DATE_ENV, decided)
    assert calendar.default_first_year() == first


@pytest.mark.parametrize("raw", ["neste år", "2100-01-01", "0001-01-01"])
def test_a_bad_decision_date_is_refused_in_norwegian(monkeypatch, raw):
    monkeypatch.setenv(calendar.DECISION_DATE_ENV, raw)
    with pytest.raises(calendar.DecisionDateError, match="må være en dato"):
        calendar.decision_date()


def test_the_plan_chart_reads_whole_years(inputs):
    result = ranges.evaluate(model_settings(), inputs)
    plan = display.plan_chart(result)
    assert plan.layout.xaxis.type == "category"
    assert list(plan.data[0].x) == [str(y) for y in sorted(result.table["aar"].unique())]


def test_a_per_capita_block_never_charges_more_than_the_population_share(inputs):
    settings = model_settings(nokler={"alle": {"innbyggere": 1.0}}, engang=[], innfasing_tak=0.0)
    first = year(consequences.evaluate(settings, inputs).table, settings.forste_aar)
    share = first["innbyggere"] / first["innbyggere"].sum()
    total = first["bidrag_kr"].sum()
    assert (first["bidrag_kr"] <= share * total + 1).all()  # whole kroner: at most one krone over


def test_the_readiness_driver_steps_up_above_each_threshold():
    rules = duty.DutyRules(3_000, 8_000, 20_000, 100_000)
    below, above = (station_model.settlement_need(n, rules) for n in (7_999, 8_001))
    assert above > below
    assert station_model.settlement_need(20_001, rules) > above
    assert station_model.settlement_need(100_001, rules) > station_model.settlement_need(99_999, rules)


def test_a_village_never_pays_more_than_a_city_for_the_risk_driver(inputs):
    """Risk-weighted inhabitants: the risk index lifts a share at most twofold."""
    drivers = inputs.drivers
    assert (drivers["risiko"] <= 2 * drivers["innbyggere"]).all()
    shares = allocation.shares(drivers, {"risiko": 1})
    assert shares["5001"] > shares.drop("5001").max()  # Trondheim, not the village with poor coverage


def test_lines_without_a_replacement_avoid_nothing(inputs):
    lines = model_settings().lines().assign(erstatter="ingen")
    assert avoided.avoided(lines, inputs).sum() == 0


def test_a_shared_duty_officer_avoids_each_services_rota_by_its_leaders(inputs):
    lines = model_settings().lines()
    only = lines[lines["erstatter"] == "vaktordning"]
    taken_over = avoided.avoided(only, inputs)
    per_service = taken_over.groupby(inputs.kommuner.set_index("kommunenummer")["brannvesen_id"]).sum()
    full = only["erstatter_mengde"].iloc[0]
    leaders = inputs.local["arsverk_ledelse"]
    # TBRT has leaders for a rota of its own; Rindal's one leader carries about a quarter of one.
    tbrt, rindal = "trondelag-brann-og-redningstjeneste-iks", "rindal-brannvesen"
    assert abs(per_service[tbrt] - full) < 1
    assert abs(per_service[rindal] - full * leaders[rindal] / budget.ROTA_LEADERS) < 1
    assert per_service[rindal] < 0.5 * per_service[tbrt]


def test_every_money_figure_has_a_range_around_it(inputs):
    result = ranges.evaluate(model_settings(), inputs)
    table = result.table
    for low, central, high in (
        ("lav_kr", "netto_endring_kr", "hoy_kr"),
        ("bidrag_lav_kr", "bidrag_kr", "bidrag_hoy_kr"),
        ("unngatt_lav_kr", "unngatt_kr", "unngatt_hoy_kr"),
    ):
        assert (table[low] <= table[central]).all() and (table[central] <= table[high]).all()
        assert (table[high] > table[low]).any()
    region = consequences.region_summary(table, result.region_range)
    assert (region["lav_kr"] <= region["netto_endring_kr"]).all()
    assert (region["netto_endring_kr"] <= region["hoy_kr"]).all()


def test_the_corners_bound_the_model_at_random_points_inside_the_ranges(inputs):
    """The range is the four corners' extremes, which holds only if the model is monotone (linear)
    in each factor: at random factors inside every range, each municipality's and year's figures
    must lie within the corners' low and high."""
    settings = model_settings()
    table = ranges.evaluate(settings, inputs).table.set_index(["kommunenummer", "aar"])
    rng = np.random.default_rng(2026)
    for _ in range(12):
        factors = {name: rng.uniform(r.low, r.high) for name, r in ranges.RANGES.items()}
        point = consequences.evaluate(ranges.scaled(settings, factors), inputs).table
        point = point.set_index(["kommunenummer", "aar"]).reindex(table.index)
        for column, prefix in ranges.RANGED.items():
            low, high = table[f"{prefix}lav_kr"], table[f"{prefix}hoy_kr"]
            assert (point[column] >= low - 1).all() and (point[column] <= high + 1).all(), (column, factors)


def test_a_key_or_cap_moved_reuses_the_pricing_and_gives_the_same_figures(inputs):
    """The page prices a setting's lines once (`before_keys`); a weight or cap slider then only
    splits. Reused pricing must give exactly what pricing afresh gives."""
    base = model_settings(uten=["5028"])
    prepriced = ranges.price_corners(consequences.before_keys(base), inputs)
    for moved in (
        dataclasses.replace(base, nokler={"alle": {"innbyggere": 1.0, "areal": 3.0}}),
        dataclasses.replace(base, innfasing_tak=0.02, innfasing_aar=4),
        dataclasses.replace(base, innfasing_tak=0.0),
    ):
        assert consequences.before_keys(moved) == consequences.before_keys(base) == base  # defaults
        afresh, reused = ranges.evaluate(moved, inputs), ranges.evaluate(moved, inputs, prepriced)
        pd.testing.assert_frame_equal(afresh.table, reused.table, check_exact=True)
        pd.testing.assert_frame_equal(afresh.region_range, reused.region_range, check_exact=True)
    # Anything else moved (here the growth) is priced again: the basis differs.
    dearer = dataclasses.replace(base, vekst=base.vekst + 0.01)
    assert consequences.before_keys(dearer) != consequences.before_keys(base)


def test_a_range_that_crosses_zero_says_the_sign_is_unknown(inputs):
    table = ranges.evaluate(model_settings(), inputs).table
    crossing = table[(table["lav_kr"] < 0) & (table["hoy_kr"] > 0)]
    assert len(crossing)  # the default avoided cost is too unsure to sign some municipalities
    shown = display.consequence_table(crossing, estimated=True)
    assert shown["Retning"].str.startswith("usikkert fortegn").all()
    assert ranges.sign_text(10, 20) == "dyrere enn i dag"


def test_municipalities_that_say_no_leave_the_fixed_lines_to_fewer(inputs):
    everyone = model_settings(innfasing_tak=0.0)
    without = dataclasses.replace(everyone, uten=["5025", "1811"])
    first = everyone.forste_aar
    all_in, fewer = (consequences.evaluate(s, inputs) for s in (everyone, without))
    rows = year(fewer.table, first)
    assert set(rows.index) == set(year(all_in.table, first).index) - {"5025", "1811"}
    assert fewer.left_out == ["1811", "5025"]
    # Lines that follow the members shrink by the left-out inhabitants; the rest stay.
    pop = inputs.kommuner.set_index("kommunenummer")["innbyggere"]
    share = pop.drop(["5025", "1811"]).sum() / pop.sum()
    lines = everyone.lines()
    follows = lines["folger_medlemmer"].astype(bool)
    fixed = budget.yearly_cost(lines[~follows]).sum()
    scaled = budget.yearly_cost(lines[follows]).sum() * share
    one_offs = sum(r["belop_kr"] for r in everyone.engang if r["aar"] == first)
    assert abs(fewer.budgets[first] - (fixed + scaled + one_offs)) <= 8
    compared = membership.compared_with_all_in(without, inputs, first).set_index("kommunenummer")
    assert (compared["endring_kr"] > 0).all()  # everyone else pays a little more
    assert (compared["netto_kr"] == rows["netto_endring_kr"].reindex(compared.index)).all()
    ranged = ranges.evaluate(without, inputs).table  # what the page hands over instead of evaluating again
    again = membership.compared_with_all_in(without, inputs, first, ranged).set_index("kommunenummer")
    assert again.equals(compared)


def test_an_unknown_or_empty_membership_is_refused(inputs):
    with pytest.raises(consequences.ConsequenceError, match="9999"):
        consequences.evaluate(model_settings(uten=["9999"]), inputs)
    everyone = list(inputs.kommuner["kommunenummer"])
    with pytest.raises(consequences.ConsequenceError, match="Minst én"):
        consequences.evaluate(model_settings(uten=everyone), inputs)


def test_the_shapley_reference_shares_fixed_lines_equally_and_adds_up(inputs):
    settings = model_settings(innfasing_tak=0.0)
    first = settings.forste_aar
    shapley = membership.shapley_contribution(settings, inputs, first)
    budget_first = consequences.evaluate(settings, inputs).budgets[first]
    assert abs(shapley.sum() - budget_first) < 10
    # Two municipalities pay the same fixed part: the difference is the inhabitants' share only.
    pop = inputs.kommuner.set_index("kommunenummer")["innbyggere"]
    lines = settings.lines()
    scaling = budget.yearly_cost(lines[lines["folger_medlemmer"].astype(bool)]).sum()
    expected = scaling * (pop["5001"] - pop["1811"]) / pop.sum()
    assert abs((shapley["5001"] - shapley["1811"]) - expected) < 1


def test_the_shapley_reference_does_not_move_with_the_keys_or_the_cap(inputs):
    """The page caches it by its basis: a key or cap slider must not change it."""
    moved = model_settings(
        nokler={"alle": {"innbyggere": 1.0, "areal": 3.0}}, innfasing_tak=0.02, innfasing_aar=2, uten=["5028"]
    )
    basis = consequences.before_keys(moved)
    assert basis.nokler != moved.nokler and basis.uten == moved.uten
    first = moved.forste_aar
    pd.testing.assert_series_equal(
        membership.shapley_net(moved, inputs, first), membership.shapley_net(basis, inputs, first)
    )
    # Who joins does move it.
    joined = dataclasses.replace(basis, uten=[])
    assert (
        not membership.shapley_net(joined, inputs, first)
        .drop("5028")
        .equals(membership.shapley_net(basis, inputs, first))
    )
    shown = membership.compared_with_all_in(moved, inputs, first)
    given = membership.compared_with_all_in(
        moved, inputs, first, shapley=membership.shapley_net(basis, inputs, first)
    )
    pd.testing.assert_frame_equal(shown, given)


def test_the_cap_holds_each_years_net_increase(inputs):
    settings = model_settings(innfasing_tak=0.03, innfasing_aar=4)
    result = consequences.evaluate(settings, inputs)
    assert result.capped
    for step, aar in enumerate(result.budgets.index):
        rows = year(result.table, aar)
        assert (rows["netto_endring_kr"] <= 0.03 * (step + 1) * rows["dagens_kr"] + 2).all()


def test_a_local_extra_is_paid_by_that_municipality_alone(inputs):
    base = model_settings(innfasing_tak=0.0)
    extra = dataclasses.replace(
        base, tilvalg=[{"kommunenummer": "5028", "post": "Stasjon", "belop_kr": 500_000}]
    )
    before, after = (year(consequences.evaluate(s, inputs).table, s.forste_aar) for s in (base, extra))
    change = after["bidrag_kr"] - before["bidrag_kr"]
    assert change["5028"] == 500_000
    assert (change.drop("5028") == 0).all()


def test_stand_alone_is_unknown_while_the_avoided_cost_is_an_estimate():
    assert consequences.stand_alone_verdict(10, estimated=True) == "ukjent (estimat: ja)"
    assert consequences.stand_alone_verdict(-10, estimated=False) == "nei"


def test_cli_konsekvens_contract(built_db, inputs, con):
    result = brannsam_cli("konsekvens", "--format", "csv", BRANNSAM_DB=str(built_db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == ",".join(consequences.HEADER)
    assert {"lav_kr", "hoy_kr", "dagens_kr"} <= set(consequences.HEADER)
    frame = pd.read_csv(io.StringIO(result.stdout), dtype={"kommunenummer": str})
    assert len(frame) == 40 * 4
    assert (frame["netto_endring_kr"] == frame["bidrag_kr"] - frame["unngatt_kr"]).all()
    assert (
        (frame["lav_kr"] <= frame["netto_endring_kr"]) & (frame["netto_endring_kr"] <= frame["hoy_kr"])
    ).all()
    assert (frame["dagens_kr"] > 0).all()
    default = consequences.evaluate(recommended(con), inputs)
    assert frame.groupby("aar")["bidrag_kr"].sum().to_dict() == default.budgets.to_dict()


def test_cli_konsekvens_without_two_municipalities(built_db):
    result = brannsam_cli("konsekvens", "--uten", "5025,1811", "--format", "csv", BRANNSAM_DB=str(built_db))
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(io.StringIO(result.stdout), dtype={"kommunenummer": str})
    assert len(frame) == 38 * 4 and not frame["kommunenummer"].isin(["5025", "1811"]).any()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scenario", "Finnes ikke"], "Fant ikke scenarioet"),
        (["--format", "pdf"], "ugyldig valg"),
        (["--uten", "9999"], "9999 er ikke en av kommunene"),
        (["--uten", "5025,5025"], "ulike kommunenumre"),
    ],
)
def test_cli_konsekvens_refuses_bad_arguments(built_db, args, message):
    result = brannsam_cli("konsekvens", *args, BRANNSAM_DB=str(built_db))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_cap_the_budget_cannot_meet_says_so(inputs):
    result = consequences.evaluate(model_settings(innfasing_tak=0.005, innfasing_aar=4), inputs)
    assert result.capped is False
    first = result.budgets.index[0]
    assert year(result.table, first)["bidrag_kr"].sum() == result.budgets[first]  # still adds up


def test_cli_refuses_a_stored_scenario_that_names_an_unknown_municipality(built_db, tmp_path):
    db = tmp_path / "gammel.duckdb"
    db.write_bytes(built_db.read_bytes())
    con = duckdb.connect(str(db))
    bad = model_settings(tilvalg=[{"kommunenummer": "9999", "post": "X", "belop_kr": 1}])
    con.execute(
        "INSERT INTO scenario (navn, opprettet, endret, innstillinger) VALUES ('Gammelt', now(), now(), ?)",
        [json.dumps(bad.to_dict())],
    )
    con.close()
    for command in (
        ["konsekvens", "--scenario", "Gammelt"],
        ["rapport", "--region", "--format", "pdf", "--scenario", "Gammelt", "--out", str(tmp_path / "ut")],
    ):
        result = brannsam_cli(*command, BRANNSAM_DB=str(db))
        assert result.returncode == 2, command
        assert "9999" in result.stderr and "Traceback" not in result.stderr


def test_when_a_host_says_no_its_partners_free_nothing_locally(inputs):
    settings = model_settings(uten=["5025"])
    table = consequences.evaluate(settings, inputs).table
    partners = table[table["kommunenummer"].isin(["3430", "5026", "5033"])]
    assert (partners["unngatt_kr"] == 0).all()
    assert (partners["netto_endring_kr"] == partners["bidrag_kr"]).all()
    everyone = consequences.evaluate(model_settings(), inputs).table
    assert (everyone[everyone["kommunenummer"].isin(["3430", "5026", "5033"])]["unngatt_kr"] > 0).all()
    # A small member saying no leaves its host's avoided cost alone.
    small = consequences.evaluate(model_settings(uten=["1811"]), inputs).table
    namsos = lambda t: t[t["kommunenummer"] == "5007"]["unngatt_kr"].to_numpy()  # noqa: E731
    assert (namsos(small) == namsos(everyone)).all()
    # Any owner of an IKS saying no keeps the company going for it.
    assert set(avoided.held_back(["5001"], inputs.kommuner).index) == {
        "5014",
        "5021",
        "5022",
        "5031",
        "5054",
    }


def test_a_start_on_1_july_counts_half_the_first_year(inputs):
    january = consequences.evaluate(model_settings(innfasing_tak=0.0, engang=[]), inputs)
    july = consequences.evaluate(model_settings(innfasing_tak=0.0, engang=[], oppstart_maaned=7), inputs)
    lines = model_settings().lines()
    running, capital = budget.running_cost(lines).sum(), budget.capital_cost(lines).sum()
    first = january.budgets.index[0]
    assert july.budgets[first] == pytest.approx(running / 2 + capital, abs=4)
    assert january.budgets[first] == pytest.approx(running + capital, abs=4)
    assert (july.budgets.iloc[1:] == january.budgets.iloc[1:]).all()  # later years are whole years
    half = july.table[july.table["aar"] == first]["unngatt_kr"].sum()
    assert half == pytest.approx(january.table[january.table["aar"] == first]["unngatt_kr"].sum() / 2, abs=40)
    with pytest.raises(ScenarioError, match="Oppstartsmåned"):
        Settings.from_dict(model_settings().to_dict() | {"oppstart_maaned": 13})


def test_the_draft_decision_names_the_start_date(inputs, con):
    region = region_facts.region(con)
    settings = recommended(con, Settings(oppstart_maaned=7))
    item = brief.municipality_brief("5025", region, settings, "S", "http://x", dt.date(2026, 12, 4))
    assert f"fra 1. juli {settings.forste_aar}" in item.draft[0]
