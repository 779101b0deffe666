"""R1 judged at every place Brannsam can put on the map, hospitals at their buildings, and a
published settlement figure in place of a guess (issue 48, points 4–6)."""

from __future__ import annotations

import re

import numpy as np

from brannsam.data import queries
from brannsam.risk import coverage, network, response_rules
from brannsam.risk.context import Context

TBRT = "trondelag-brann-og-redningstjeneste-iks"


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dy = (lat2 - lat1) * 111.2
    dx = (lon2 - lon1) * 111.2 * np.cos(np.radians((lat1 + lat2) / 2))
    return float(np.hypot(dx, dy))


def test_hospitals_stand_at_their_buildings_not_at_the_towns_point(con):
    hospitals = queries.institutions(con).set_index("navn")
    towns = queries.settlements(con).set_index("navn")
    assert {"St. Olavs hospital, Øya", "St. Olavs hospital, Østmarka"} <= set(hospitals.index)
    oya = hospitals.loc["St. Olavs hospital, Øya"]
    trondheim = towns.loc["Trondheim"]
    assert km(oya["lat"], oya["lon"], trondheim["lat"], trondheim["lon"]) > 0.8  # Øya is not Midtbyen
    for row in hospitals.itertuples():
        assert (
            "Eurostat GISCO" in row.koordinat_kilde and "ikke sykehusets bygning" not in row.koordinat_kilde
        )


def test_r1_names_every_place_it_judged_and_counts_them(con):
    ctx = Context.from_db(con)
    verdict = response_rules.r1(ctx, TBRT, (10,)).verdi
    judged = int(re.search(r"vurdert på (\d+) steder", verdict)[1])
    assert re.search(rf"\d+ av {judged} innen 10 min", verdict)
    for place in ("Trondheim", "St. Olavs hospital, Øya", "St. Olavs hospital, Østmarka"):
        assert re.search(rf"{re.escape(place)} \d+ min", verdict), place
    assert "et tettsted vurderes i ett punkt" in verdict and response_rules.NURSING_HOMES in verdict


def test_straumen_has_ssbs_published_figure_in_place_of_half_inderoy(con):
    inderoy = queries.settlements(con).query("kommunenummer == '5053'")
    assert list(inderoy["navn"]) == ["Straumen"]
    straumen = inderoy.iloc[0]
    assert straumen["innbyggere"] == 1642 and straumen["aar"] == 2017 and not straumen["innbyggere_estimert"]
    assert straumen["kilde"].startswith(
        "SSB, statistikken «Tettsteders befolkning og areal», folkemengde 1. januar 2017"
    )
    assert np.isfinite(straumen["lat"])


def test_a_disputed_opening_year_travels_with_the_tunnels_figure(con):
    tunnels = queries.tunnels(con).set_index("navn")
    assert "kontrolleres" in tunnels.loc["Forbordsfjelltunnelen", "merknad"]
    assert tunnels.drop(index="Forbordsfjelltunnelen")["merknad"].isna().all()
    base = queries.indicator_base(con)
    stjordal = base.query("indikator == 'tunneler' and kommunenummer == '5035'").iloc[0]
    assert "Forbordsfjelltunnelen: åpningsåret er ikke bekreftet" in stjordal["kilde"]


# (kommunenummer, tettsted, innbyggere, år) that replaced «<kommune> sentrum», half the inhabitants
PUBLISHED = [
    ("5022", "Berkåk", 1037, 2025),
    ("5026", "Renbygda", 569, 2022),
    ("5041", "Snåsa", 659, 2018),
    ("3430", "Os", 672, 2021),
    ("5058", "Årnes", 1212, 2018),
    ("5061", "Rindal", 705, 2018),
    ("5049", "Lauvsnes", 467, 2018),
    ("5045", "Grong", 1056, 2023),
    ("5047", "Skage", 822, 2021),
    ("5046", "Høylandet", 338, 2018),
]


def test_published_settlements_replace_the_half_municipality_guesses(con):
    """Where SSB's figure could be found, it replaces the guess of half the municipality; the
    guesses left are named as such (issue 48, point 6)."""
    settlements = queries.settlements(con)
    guessed = settlements[settlements["innbyggere_estimert"]]
    for nr, name, inhabitants, year in PUBLISHED:
        row = settlements[(settlements["kommunenummer"] == nr) & (settlements["navn"] == name)].iloc[0]
        assert (row["innbyggere"], row["aar"]) == (inhabitants, year), name
        assert row["kilde"].startswith(
            f"SSB, statistikken «Tettsteders befolkning og areal», folkemengde 1. januar {year}"
        )
        assert nr not in set(guessed["kommunenummer"]), name
    assert len(guessed) == 10 and guessed["navn"].str.endswith(" sentrum").all()
    assert guessed["kilde"].str.contains("halvparten av innbyggerne").all()


def test_a_second_town_with_its_own_station_is_a_place_of_its_own(con):
    """Kolvereid (1 791) was missing beside Rørvik, so Nærøysund's people crowded round Rørvik and
    9 499 were beyond 20 minutes with Rørvik's station off; placed, Kolvereid's own station serves
    its town."""
    settlements = queries.settlements(con).set_index("navn")
    assert (
        settlements.loc["Kolvereid", "innbyggere"] == 1791 and settlements.loc["Skogn", "innbyggere"] == 1960
    )
    points = queries.population_points(con)
    stations = queries.stations(con)
    off = stations[~stations["navn"].str.contains("Rørvik")]
    minutes = coverage.minutes(points, off, coverage.Assumptions(), network.from_db(con))
    naeroysund = points.assign(minutter=minutes).query("kommunenummer == '5060'")
    town = naeroysund[naeroysund["type"] == "tettsted"].sort_values("innbyggere")
    assert town.iloc[0]["minutter"] < 10  # Kolvereid from its own station
    beyond = naeroysund.loc[naeroysund["minutter"] > 20, "innbyggere"].sum()
    assert beyond < 0.7 * naeroysund["innbyggere"].sum()
