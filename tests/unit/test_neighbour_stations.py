"""Stations outside the 40 municipalities near their border (DSB's register): 110 alerts the
nearest resource across any border (§ 24), so those with a road into the region respond in the
response-time model, and every one is shown, marked as outside the cooperation (issue 48,
point 3)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from brannsam.data import queries
from brannsam.risk import coverage, nearest, network
from brannsam.risk.network import Land


def test_the_neighbours_are_dsb_stations_outside_the_region_near_its_border(con):
    neighbours = queries.neighbour_stations(con)
    names = set(neighbours["navn"])
    assert {"Tolga", "Kvikne", "Røtet", "Sømna"} <= names
    land = Land.from_borders(queries.borders(con))
    assert not land.contains(neighbours["lon"].to_numpy(), neighbours["lat"].to_numpy()).any()
    ours = set(queries.services(con)["navn"])
    assert not set(neighbours["brannvesen"]) & ours
    assert (neighbours["avstand_km"] <= 30).all()
    assert neighbours["kilde"].str.contains("DSB «Brannstasjoner»").all()


def test_only_a_station_with_a_road_into_the_region_joins_at_its_entry(con):
    neighbours = queries.neighbour_stations(con)
    points = queries.population_points(con)
    joined = nearest.joined_neighbours(neighbours, points).set_index("kommunenummer")
    assert set(joined.index) == {"3430", "5061", "5022"}  # Os (Rv 30), Rindal (Fv 65), Rennebu (Rv 3)
    assert (joined["brannvesen_id"] == nearest.OUTSIDE).all()
    assert joined["navn"].str.endswith("utenfor samarbeidet)").all()
    tolga = joined.loc["3430"]
    assert 5 < tolga["vei_ut_km"] < 12  # about 8 km in a straight line to Os's nearest point
    entry = points[(points["lat"] == tolga["lat"]) & (points["lon"] == tolga["lon"])]
    assert entry["kommunenummer"].tolist() == ["3430"]


def test_a_joined_neighbour_turns_out_and_drives_to_its_entry_first(con):
    neighbours = queries.neighbour_stations(con)
    joined = nearest.joined_neighbours(neighbours, queries.population_points(con))
    assumptions = coverage.Assumptions()
    own = coverage.station_turnout(joined.drop(columns="vei_ut_km"), assumptions)
    outside = coverage.station_turnout(joined, assumptions)
    assert np.allclose(outside - own, joined["vei_ut_km"] * assumptions.minutes_per_km)


def test_with_the_neighbours_no_one_is_reached_later_and_the_change_is_said_by_the_figures(con):
    points = queries.population_points(con)
    stations = queries.stations(con)
    roads = network.from_db(con)
    assumptions = coverage.Assumptions()
    alone = coverage.minutes(points, stations, assumptions, roads)
    responding = nearest.responding(stations, queries.neighbour_stations(con), points)
    together = coverage.minutes(points, responding, assumptions, roads)
    assert (together <= alone + 1e-9).all()
    sooner = pd.Series(points["innbyggere"].to_numpy() * (together < alone - 1e-9), index=points.index)
    assert points.loc[sooner > 0, "kommunenummer"].isin(["3430", "5061", "5022"]).all()
