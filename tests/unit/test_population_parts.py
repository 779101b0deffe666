"""A part of a municipality with a published population of its own (a former municipality, an
island) holds that count; the kernel around the town across the sound no longer decides it
(issue 48, point 2)."""

from __future__ import annotations

import pandas as pd
import pytest

from brannsam.data import quality, queries
from brannsam.risk import population

SQUARE = {
    "9999": {
        "type": "Feature",
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[10.0, 63.0], [10.6, 63.0], [10.6, 63.3], [10.0, 63.3], [10.0, 63.0]]],
        },
    }
}
KOMMUNE = pd.DataFrame(
    {"kommunenummer": ["9999"], "innbyggere": [5000], "senter_lon": [10.1], "senter_lat": [63.1]}
)
TOWN = pd.DataFrame({"kommunenummer": ["9999"], "innbyggere": [3000], "lat": [63.05], "lon": [10.05]})
NO_CENTRES = pd.DataFrame(columns=["kommunenummer", "lon", "lat"])


def part(innbyggere: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kommunenummer": ["9999"],
            "innbyggere": [innbyggere],
            "lon_min": [10.4],
            "lat_min": [63.2],
            "lon_max": [10.6],
            "lat_max": [63.3],
            "lat": [63.25],
            "lon": [10.5],
        }
    )


def in_box(points: pd.DataFrame) -> pd.Series:
    return (points["type"] == "rute") & points["lon"].between(10.4, 10.6) & points["lat"].between(63.2, 63.3)


def test_a_part_holds_its_published_count_and_the_total_holds():
    without = population.grid(SQUARE, KOMMUNE, TOWN, NO_CENTRES)
    with_part = population.grid(SQUARE, KOMMUNE, TOWN, NO_CENTRES, part(800))
    assert without.loc[in_box(without), "innbyggere"].sum() < 100  # far from the town, few by the kernel
    assert with_part.loc[in_box(with_part), "innbyggere"].sum() == pytest.approx(800)
    assert with_part["innbyggere"].sum() == pytest.approx(5000)
    assert with_part["innbyggere_jevn"].sum() == pytest.approx(5000)  # the even bound is unchanged


def test_a_part_never_takes_more_than_the_scattered_people():
    points = population.grid(SQUARE, KOMMUNE, TOWN, NO_CENTRES, part(9000))
    assert points.loc[in_box(points), "innbyggere"].sum() == pytest.approx(
        2000
    )  # 5 000 less the town's 3 000
    assert (points["innbyggere"] >= 0).all() and points["innbyggere"].sum() == pytest.approx(5000)


def test_mosvik_and_ytteroya_hold_their_published_populations(con):
    points = queries.population_points(con)
    parts = con.execute("SELECT * FROM delomrade ORDER BY navn").df().set_index("navn")
    for name, expected in (("Mosvik", 808), ("Ytterøya", 600)):
        box = parts.loc[name]
        inside = population.in_part(points[points["type"] == "rute"], box)
        assert points[points["type"] == "rute"].loc[inside, "innbyggere"].sum() == pytest.approx(expected), (
            name
        )
        assert "SSB" in box["kilde"] or "anslag" in box["kilde"]
    inderoy = points[points["kommunenummer"] == "5053"]["innbyggere"].sum()
    assert inderoy == pytest.approx(
        con.execute("SELECT innbyggere FROM kommune WHERE kommunenummer = '5053'").fetchone()[0]
    )


def test_the_data_page_lists_the_parts_and_says_which_count_is_a_guess(con):
    parts = quality.overview(con).set_index("Tabell").loc["Delområder med eget folketall"]
    assert parts["Rader"] == 2 and parts["Andel estimat (%)"] == 50  # Ytterøya's «om lag 600»
    assert "SSB" in parts["Kilder"] and "anslag" in parts["Kilder"]
