import inspect
import itertools

import numpy as np
import pandas as pd
import pytest

from brannsam import geo
from brannsam.data import queries
from brannsam.risk import coverage, network, population

SQUARE = {"type": "Polygon", "coordinates": [[[10, 63], [11, 63], [11, 64], [10, 64], [10, 63]]]}
WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [
        [[10, 63], [11, 63], [11, 64], [10, 64], [10, 63]],
        [[10.4, 63.4], [10.6, 63.4], [10.6, 63.6], [10.4, 63.6], [10.4, 63.4]],
    ],
}


# The regulation's classes as regler.csv gives them today (R1 10, R2 20, R3 30 minutes).
LIMITS = {"r1": 10.0, "r2": 20.0, "r3": 30.0}


def test_point_in_polygon_respects_holes():
    lon = np.array([10.2, 10.5, 11.5])
    lat = np.array([63.2, 63.5, 63.5])
    assert list(geo.contains(SQUARE, lon, lat)) == [True, True, False]
    assert list(geo.contains(WITH_HOLE, lon, lat)) == [True, False, False]


def crossings_of_every_edge(geometry: dict, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """The plain ray cast: every edge against every point."""
    inside = np.zeros(len(lon), dtype=bool)
    for ring in geo.rings(geometry):
        for (x1, y1), (x2, y2) in itertools.pairwise(ring):
            if y1 != y2:
                crosses = (y1 > lat) != (y2 > lat)
                inside ^= crosses & (lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1))
    return inside


def test_point_in_polygon_agrees_with_the_plain_ray_cast_on_the_real_coast(con):
    """The municipalities' real borders (islands, fjords), with points on shared vertices and
    latitudes exactly on a vertex, where a ray cast is easiest to get wrong."""
    borders = queries.borders(con)
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(8.4, 14.6, 400), rng.uniform(62.2, 65.3, 400)
    vertices = np.vstack([ring[::97] for f in borders.values() for ring in geo.rings(f["geometry"])])
    lon = np.concatenate([lon, vertices[:, 0], vertices[:, 0] + 0.01])
    lat = np.concatenate([lat, vertices[:, 1], vertices[:, 1]])
    for number in ("5001", "5054", "5020", "5057"):  # Trondheim, Indre Fosen, Osen, Ørland
        geometry = borders[number]["geometry"]
        assert (geo.contains(geometry, lon, lat) == crossings_of_every_edge(geometry, lon, lat)).all(), number
    assert geo.contains(SQUARE, np.array([]), np.array([])).shape == (0,)


@pytest.fixture
def points(con) -> pd.DataFrame:
    return queries.population_points(con)


def test_every_inhabitant_is_placed_in_their_own_municipality(con, points):
    placed = points.groupby("kommunenummer")["innbyggere"].sum()
    real = con.execute("SELECT kommunenummer, innbyggere FROM kommune").df().set_index("kommunenummer")
    assert np.allclose(placed.reindex(real.index), real["innbyggere"])


def test_switching_a_station_off_never_shortens_any_response(con, points):
    stations = queries.stations(con)
    before = coverage.minutes(points, stations, coverage.Assumptions())
    after = coverage.minutes(points, stations.iloc[1:], coverage.Assumptions())
    assert (after >= before - 1e-9).all()
    assert (after > before + 1e-9).any()


def one_cell(lon: float, lat: float, nr: str = "5001") -> pd.DataFrame:
    return pd.DataFrame({"lon": [lon], "lat": [lat], "kommunenummer": [nr], "innbyggere": [100.0]})


def station(lon: float, lat: float, kategori: str = "døgnkasernert") -> pd.DataFrame:
    return pd.DataFrame({"lon": [lon], "lat": [lat], "kategori": [kategori]})


def test_minutes_follow_the_stated_formula():
    a = coverage.Assumptions(
        speed_kmh=60, detour=1.0, turnout_kasernert_min=2, turnout_deltid_min=6, work_at_scene_min=1
    )
    km_north = 5.0
    cell = one_cell(10.0, 63.0 + km_north / geo.KM_PER_DEG_LAT)
    assert coverage.minutes(cell, station(10.0, 63.0), a)[0] == pytest.approx(2 + 5 + 1)
    assert coverage.minutes(cell, station(10.0, 63.0, "ikke kasernert"), a)[0] == pytest.approx(6 + 5 + 1)


def test_exactly_ten_minutes_counts_as_within_ten():
    cells = one_cell(10.0, 63.0)
    shares = coverage.summary(cells, np.array([10.0]), LIMITS)
    assert shares.loc["5001", "andel_over_r1"] == 0.0
    shares = coverage.summary(cells, np.array([10.0001]), LIMITS)
    assert shares.loc["5001", "andel_over_r1"] == 1.0


def test_the_nearest_station_answers_across_the_border():
    cells = pd.concat([one_cell(10.0, 63.0, "5001"), one_cell(12.0, 63.0, "5035")], ignore_index=True)
    stations = pd.concat([station(10.01, 63.0), station(13.0, 63.0)], ignore_index=True)
    near = coverage.minutes(cells, stations, coverage.Assumptions())
    only_far = coverage.minutes(cells, stations.iloc[[1]], coverage.Assumptions())
    assert near[0] < only_far[0]


def test_no_station_at_all_means_nobody_is_covered():
    cells = one_cell(10.0, 63.0)
    mins = coverage.minutes(cells, station(10.0, 63.0).iloc[0:0], coverage.Assumptions())
    assert coverage.summary(cells, mins, LIMITS).loc["5001", "andel_over_r3"] == 1.0


def test_a_moved_station_answers_from_its_new_place_with_its_crew():
    cell = one_cell(10.40, 63.43)
    here = station(10.40, 63.43).assign(stasjon_id=1)
    stations = pd.concat([here, station(11.0, 63.6, "ikke kasernert").assign(stasjon_id=2)])
    a = coverage.Assumptions(speed_kmh=60, detour=1.0, turnout_kasernert_min=2, work_at_scene_min=1)
    north = 63.43 + 5.0 / geo.KM_PER_DEG_LAT  # 5 km north of the cell
    moved, km = coverage.move_station(stations, 1, north, 10.40)
    assert km == pytest.approx(5.0)
    # The full-time crew goes with the station: 2 min turnout + 5 km at 60 km/h + 1 min.
    assert coverage.minutes(cell, moved, a)[0] == pytest.approx(2 + 5 + 1)
    assert list(stations["lat"]) == [63.43, 63.6]  # the input is left as it was
    with pytest.raises(ValueError, match="finnes ikke"):
        coverage.move_station(stations, 99, 63.6, 11.0)


def test_both_spreads_keep_every_municipalitys_inhabitants(con):
    points = queries.population_points(con)
    kommuner = queries.municipalities(con).set_index("kommunenummer")["innbyggere"]
    for spread in coverage.SPREADS:
        totals = points.groupby("kommunenummer")[spread].sum()
        assert np.allclose(totals.reindex(kommuner.index), kommuner, rtol=1e-9), spread


def test_people_live_near_settlements_not_on_the_mountain(con):
    """Spreading the scattered inhabitants over the whole municipal area put 22,7 % of
    Brannvesenet Midt's inhabitants beyond 30 minutes; near settlements and stations it is a few
    per cent, and the band keeps the uniform spread as its other end."""
    points, stations = queries.population_points(con), queries.stations(con)
    service = queries.municipalities(con).set_index("kommunenummer")["brannvesen"]
    mins = coverage.minutes(points, stations, coverage.Assumptions())
    limits = coverage.limits(queries.rules(con))
    central = coverage.summary(points, mins, limits, service).loc["Brannvesenet Midt IKS", "andel_over_r3"]
    uniform = coverage.summary(points, mins, limits, service, spread="innbyggere_jevn").loc[
        "Brannvesenet Midt IKS", "andel_over_r3"
    ]
    assert central < 0.05 < 0.20 < uniform
    band = coverage.band(points, mins, limits)
    assert (band["lav"] <= band["sentral"]).all() and (band["sentral"] <= band["hoy"]).all()
    assert coverage.band_text(band.loc["r1"]).count("–") == 1


def test_the_what_if_counts_who_loses_when_stations_go(con, points):
    """The risk page's what-if (issue 26 moved it out of the page): switching off Trondheim's four
    full-time stations loses inhabitants within 10 minutes; nothing switched off changes nothing."""
    stations = queries.stations(con).dropna(subset=["lat", "lon"])
    roads = network.from_db(con)
    limits = coverage.limits(queries.rules(con))
    same = coverage.what_if(points, stations, coverage.Assumptions(), roads, limits)
    assert not same.changed and same.gained_within("r1") == 0
    trondheim = list(stations.loc[stations["kommunenummer"] == "5001", "stasjon_id"])
    without = coverage.what_if(points, stations, coverage.Assumptions(), roads, limits, off=trondheim)
    assert without.changed and without.gained_within("r1") < -100_000
    assert without.share_within("r1") < same.share_within("r1")
    assert not set(trondheim) & set(without.active["stasjon_id"])


def test_the_what_if_controls_speak_seconds_and_per_cent():
    assumptions = coverage.Assumptions.from_controls(60, 135, 90, 5, 60)
    assert assumptions == coverage.Assumptions()
    assert coverage.Assumptions().controls()["turnout_kasernert_s"] == 90


def test_people_are_placed_by_settlements_never_by_fire_stations(con):
    """Ytterøy (Levanger) got 2 960 modelled residents because it has a station (450–600 live
    there); now the island holds its published count, and the even spread bounds it."""
    points = queries.population_points(con)
    stations = queries.stations(con)
    ytteroy = stations[stations["navn"].str.contains("Ytterøy")].iloc[0]
    near = points[
        (points["kommunenummer"] == "5037")
        & (abs(points["lat"] - ytteroy["lat"]) < 0.06)
        & (abs(points["lon"] - ytteroy["lon"]) < 0.15)
        & (points["lon"] < 11.2)
    ]
    assert near["innbyggere"].sum() == pytest.approx(600) and near["innbyggere_jevn"].sum() > 300
    # The central spread is anchored on places people live: no station goes into it.
    assert "stations" not in inspect.signature(population.grid).parameters
    assert "stasjoner" not in coverage.GRID_SOURCE
