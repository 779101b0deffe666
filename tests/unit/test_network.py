"""Response times over land: never across a fjord, across water only on a ferry with its crossing
and a wait, and never from a depot."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from brannsam.data import queries
from brannsam.risk import coverage, network


def square(x0: float, x1: float) -> dict:
    ring = [[x0, 63.0], [x1, 63.0], [x1, 63.2], [x0, 63.2], [x0, 63.0]]
    return {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}}


# Two pieces of land 0.2° of longitude (about 10 km) apart: a fjord no road crosses.
BORDERS = {"0001": square(10.0, 10.2), "0002": square(10.4, 10.6)}


def grid(x0: float, x1: float) -> pd.DataFrame:
    lons, lats = np.meshgrid(np.arange(x0 + 0.02, x1, 0.04), np.arange(63.01, 63.2, 0.02))
    return pd.DataFrame({"lon": lons.ravel(), "lat": lats.ravel()})


def two_shores(ferries: pd.DataFrame | None = None) -> network.Network:
    nodes = pd.concat([grid(10.0, 10.2), grid(10.4, 10.6)], ignore_index=True)
    land = network.Land.from_borders(BORDERS)
    return network.Network(
        nodes=nodes,
        edges=network.land_edges(nodes, land),
        land=land,
        ferries=ferries if ferries is not None else pd.DataFrame(),
    )


def station(
    lon: float, lat: float = 63.1, kategori: str = "ikke kasernert", text: str = "deltid"
) -> pd.DataFrame:
    return pd.DataFrame({"lon": [lon], "lat": [lat], "kategori": [kategori], "heltid_deltid": [text]})


def test_a_station_never_covers_the_far_shore_of_a_fjord():
    roads = two_shores()
    a = coverage.Assumptions()
    here = station(10.1)
    over_land = coverage.minutes(roads.nodes, here, a, roads)
    straight = coverage.minutes(roads.nodes, here, a)
    far = (roads.nodes["lon"] > 10.3).to_numpy()
    assert np.isinf(over_land[far]).all()  # no road: not covered at all
    assert (straight[far] < 30).any()  # what the straight line used to claim
    near = ~far
    assert np.isfinite(over_land[near]).all()
    assert (over_land[near] >= straight[near] - 1e-9).all()  # a path over land is never shorter


def test_a_ferry_carries_the_response_with_its_crossing_and_the_wait():
    ferry = pd.DataFrame(
        {
            "navn": ["F"],
            "fra_lon": [10.2],
            "fra_lat": [63.1],
            "til_lon": [10.4],
            "til_lat": [63.1],
            "overfart_min": [20.0],
        }
    )
    roads = two_shores(ferry)
    a = coverage.Assumptions(ferry_wait_min=15)
    far = (roads.nodes["lon"] > 10.3).to_numpy()
    mins = coverage.minutes(roads.nodes, station(10.1), a, roads)
    assert np.isfinite(mins[far]).all()
    assert mins[far].min() > a.turnout_deltid_min + 20 + 15  # crossing and wait both count
    quicker = coverage.minutes(roads.nodes, station(10.1), coverage.Assumptions(ferry_wait_min=0), roads)
    assert mins[far].min() - quicker[far].min() == pytest.approx(15)


def test_a_depot_is_no_full_station_and_turns_out_later():
    roads = two_shores()
    a = coverage.Assumptions()
    depot = coverage.minutes(roads.nodes, station(10.5, text="deltid (depot)"), a, roads)
    full = coverage.minutes(roads.nodes, station(10.5), a, roads)
    here = np.isfinite(full)
    assert np.allclose(depot[here] - full[here], a.turnout_depot_min - a.turnout_deltid_min)
    assert coverage.is_depot(station(10.5, kategori="depot")).all()


def test_the_region_examples_no_longer_cross_water(con):
    points, stations, roads = queries.population_points(con), queries.stations(con), network.from_db(con)
    a = coverage.Assumptions()

    def covered(station_name: str, kommune: str) -> tuple[float, float]:
        alone = stations[stations["navn"] == station_name]
        inside = (points["kommunenummer"] == kommune).to_numpy()
        straight = coverage.minutes(points, alone, a)
        land = coverage.minutes(points, alone, a, roads)
        people = points["innbyggere"].to_numpy()
        return people[inside & (straight <= 20)].sum(), people[inside & (land <= 20)].sum()

    before, after = covered("Ytterøy brannstasjon", "5053")  # Inderøy, across the fjord
    assert before > 100 and after == 0
    before, after = covered("Leka brannstasjon", "5060")  # Nærøysund, across the sound
    assert before > 0 and after == 0


def test_the_band_is_shown_per_service(con):
    points, stations, roads = queries.population_points(con), queries.stations(con), network.from_db(con)
    kommuner = queries.municipalities(con).set_index("kommunenummer")
    mins = coverage.minutes(points, stations, coverage.Assumptions(), roads)
    table = coverage.service_bands(points, mins, kommuner["brannvesen"], coverage.limits(queries.rules(con)))
    assert len(table) == 13 and table["Innbyggere"].sum() == pytest.approx(
        kommuner["innbyggere"].sum(), abs=13
    )
    assert table["Innen 10 min"].str.endswith("%").all()
    assert table["Innen 10 min"].str.contains("–").any()  # the two spreads disagree somewhere


def _unreached(con, off: list[str], kommune: str) -> tuple[float, float]:
    """(inhabitants no station reaches, inhabitants) of `kommune` with the stations `off` out."""
    points = queries.population_points(con)
    stations = queries.stations(con)
    mins = coverage.minutes(
        points, stations[~stations["navn"].isin(off)], coverage.Assumptions(), network.from_db(con)
    )
    mine = points.assign(m=mins)[points["kommunenummer"] == kommune]
    return float(mine.loc[np.isinf(mine["m"]), "innbyggere"].sum()), float(mine["innbyggere"].sum())


def test_the_islands_reached_by_road_are_reached_through_their_tunnels_and_bridges(con):
    # Hitra through the Hitra tunnel, Frøya through the Frøya tunnel, Vikna over its bridges: with
    # the islands' own stations off, their people are reached from the mainland (before: 4 078 of
    # Hitra's 5 323, all 5 453 on Frøya and 5 483 in Nærøysund were «not reached»).
    stations = queries.stations(con)
    froya = list(stations.loc[stations["kommunenummer"] == "5014", "navn"])
    for off, kommune in (
        (["Fillan brannstasjon", "Sandstad brannstasjon", "Sunde brannstasjon"], "5056"),
        (froya, "5014"),
        (["Rørvik brannstasjon"], "5060"),
    ):
        unreached, everyone = _unreached(con, off, kommune)
        assert unreached < 0.1 * everyone, (kommune, unreached)  # only islands without a fixed link


def test_spot_times_over_the_fixed_links_are_a_drive_not_a_shortcut(con):
    stations = queries.stations(con)
    assumptions = coverage.Assumptions()
    roads = network.from_db(con)
    for start, target, low, high in (
        ("Fillan brannstasjon", "Sistranda brannstasjon", 25, 40),  # about 30 km by fv. 714
        ("Rørvik brannstasjon", "Kolvereid brannstasjon", 22, 38),  # about 30 km by fv. 770
    ):
        origin = stations[stations["navn"] == start]
        place = stations.loc[stations["navn"] == target, ["lon", "lat"]]
        reached = coverage.reach(origin, assumptions, roads)
        turnout = float(coverage.station_turnout(coverage.responding(origin), assumptions)[0])
        drive = float(reached.to(place)[0]) - turnout
        assert low <= drive <= high, (start, target, drive)
    tunnels = roads.links.set_index("navn")
    assert (
        tunnels.loc["Hitratunnelen", "lengde_m"] == 5700 and tunnels.loc["Frøyatunnelen", "lengde_m"] == 5300
    )
