"""Net change against today, year by year: what each municipality pays, what it no longer pays
locally, and the identities a finance director checks."""

from __future__ import annotations

import dataclasses
import io

import pandas as pd
import pytest
from cli import brannsam_cli

from brannsam import station_model
from brannsam.funding import allocation, consequences, scenarios


@pytest.fixture
def inputs(con) -> consequences.Inputs:
    return consequences.inputs_from_db(con)


def year(table: pd.DataFrame, aar: int) -> pd.DataFrame:
    return table[table["aar"] == aar].set_index("kommunenummer")


def test_every_year_adds_up_and_net_is_contribution_minus_avoided(inputs):
    result = consequences.evaluate(scenarios.Settings(), inputs)
    table = result.table
    assert sorted(table["aar"].unique()) == [2025, 2026, 2027, 2028]
    assert len(table) == 40 * 4
    assert (table["netto_endring_kr"] == table["bidrag_kr"] - table["unngatt_kr"]).all()
    for aar, total in result.budgets.items():
        assert year(table, aar)["bidrag_kr"].sum() == total


def test_one_off_costs_land_in_their_year_and_prices_grow(inputs):
    settings = scenarios.Settings(innfasing_tak=0.0)
    result = consequences.evaluate(settings, inputs)
    lines = result.blocks.sum()
    one_offs = {y: sum(r["belop_kr"] for r in settings.engang if r["aar"] == y) for y in result.budgets.index}
    for step, (aar, total) in enumerate(result.budgets.items()):
        assert abs(total - (lines * (1 + settings.vekst) ** step + one_offs[aar])) <= 4


def test_a_per_capita_block_never_charges_more_than_the_population_share(inputs):
    settings = scenarios.Settings(nokler={"alle": {"innbyggere": 1.0}}, engang=[], innfasing_tak=0.0)
    first = year(consequences.evaluate(settings, inputs).table, 2025)
    share = first["innbyggere"] / first["innbyggere"].sum()
    total = first["bidrag_kr"].sum()
    assert (first["bidrag_kr"] <= share * total + 1).all()  # whole kroner: at most one krone over


def test_the_readiness_driver_steps_up_above_each_threshold():
    bounds = (3_000, 8_000, 20_000)
    below, above = (station_model.settlement_need(n, bounds, 100_000) for n in (7_999, 8_001))
    assert above > below
    assert station_model.settlement_need(20_001, bounds, 100_000) > above
    assert station_model.settlement_need(100_001, bounds, 100_000) > station_model.settlement_need(
        99_999, bounds, 100_000
    )


def test_a_village_never_pays_more_than_a_city_for_the_risk_driver(inputs):
    """Risk-weighted inhabitants: the risk index lifts a share at most twofold."""
    drivers = inputs.drivers
    assert (drivers["risiko"] <= 2 * drivers["innbyggere"]).all()
    shares = allocation.shares(drivers, {"risiko": 1})
    assert shares["5001"] > shares.drop("5001").max()  # Trondheim, not the village with poor coverage


def test_lines_without_a_replacement_avoid_nothing(inputs):
    lines = scenarios.Settings().lines().assign(erstatter="ingen")
    assert consequences.avoided(lines, inputs).sum() == 0


def test_a_shared_duty_officer_avoids_each_services_own_rota(inputs):
    lines = scenarios.Settings().lines()
    only = lines[lines["erstatter"] == "vaktordning"]
    avoided = consequences.avoided(only, inputs)
    services = inputs.kommuner["brannvesen_id"].nunique()
    assert abs(avoided.sum() - services * only["erstatter_mengde"].iloc[0]) < 1


def test_the_cap_holds_each_years_net_increase(inputs):
    settings = scenarios.Settings(innfasing_tak=0.03, innfasing_aar=4)
    result = consequences.evaluate(settings, inputs)
    assert result.capped
    for step, aar in enumerate(result.budgets.index):
        rows = year(result.table, aar)
        assert (rows["netto_endring_kr"] <= 0.03 * (step + 1) * rows["dagens_kr"] + 2).all()


def test_a_local_extra_is_paid_by_that_municipality_alone(inputs):
    base = scenarios.Settings(innfasing_tak=0.0)
    extra = dataclasses.replace(
        base, tilvalg=[{"kommunenummer": "5028", "post": "Stasjon", "belop_kr": 500_000}]
    )
    before, after = (year(consequences.evaluate(s, inputs).table, 2025) for s in (base, extra))
    change = after["bidrag_kr"] - before["bidrag_kr"]
    assert change["5028"] == 500_000
    assert (change.drop("5028") == 0).all()


def test_stand_alone_is_unknown_while_the_avoided_cost_is_an_estimate():
    assert consequences.stand_alone_verdict(10, estimated=True) == "ukjent (estimat: ja)"
    assert consequences.stand_alone_verdict(-10, estimated=False) == "nei"


def test_cli_konsekvens_contract(built_db, inputs):
    result = brannsam_cli("konsekvens", "--format", "csv", BRANNSAM_DB=str(built_db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == ",".join(consequences.HEADER)
    frame = pd.read_csv(io.StringIO(result.stdout), dtype={"kommunenummer": str})
    assert len(frame) == 40 * 4
    assert (frame["netto_endring_kr"] == frame["bidrag_kr"] - frame["unngatt_kr"]).all()
    default = consequences.evaluate(scenarios.Settings(), inputs)
    assert frame.groupby("aar")["bidrag_kr"].sum().to_dict() == default.budgets.to_dict()


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--scenario", "Finnes ikke"], "Fant ikke scenarioet"), (["--format", "pdf"], "ugyldig valg")],
)
def test_cli_konsekvens_refuses_bad_arguments(built_db, args, message):
    result = brannsam_cli("konsekvens", *args, BRANNSAM_DB=str(built_db))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_cap_the_budget_cannot_meet_says_so(inputs):
    result = consequences.evaluate(scenarios.Settings(innfasing_tak=0.005, innfasing_aar=4), inputs)
    assert result.capped is False
    assert year(result.table, 2025)["bidrag_kr"].sum() == result.budgets[2025]  # still adds up
