"""Whose station is quickest where: places joined to the land network once, the minutes from
any set of stations to them, and per service the inhabitants whose quickest station is another
service's. 110 alerts the nearest available resource across any border (§ 24, R13); who pays for
it is a mutual-aid agreement's matter (brannloven § 30)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from brannsam import geo
from brannsam.risk import coverage
from brannsam.risk.network import Network, attached_minutes

Attached = list[tuple[np.ndarray, np.ndarray]] | None  # None: the places are the network's own nodes


def attach(points: pd.DataFrame, network: Network) -> Attached:
    """Places joined to the land network once (the costly step); the population points are the
    network's nodes themselves, and need none."""
    lon, lat = points["lon"].to_numpy(dtype=float), points["lat"].to_numpy(dtype=float)
    nodes = network.nodes
    if len(lon) == len(nodes) and np.array_equal(lon, nodes["lon"]) and np.array_equal(lat, nodes["lat"]):
        return None
    return network.attach(lon, lat)


def point_minutes(stations: pd.DataFrame, attached: Attached, network: Network) -> np.ndarray:
    """Minutes from the quickest of `stations` to each attached point over land (their own
    turnout: a duty officer's base counts as part-time, on call at home)."""
    placed = coverage.responding(stations)
    if placed.empty:
        return np.full(len(network.nodes) if attached is None else len(attached), np.inf)
    assumptions = coverage.Assumptions()
    node = network.node_minutes(
        placed,
        coverage.station_turnout(placed, assumptions),
        assumptions.minutes_per_km,
        assumptions.ferry_wait_min,
    )
    drive = node if attached is None else attached_minutes(attached, node, assumptions.minutes_per_km)
    return drive + assumptions.work_at_scene_min


def other_service_nearest(
    stations: pd.DataFrame,
    points: pd.DataFrame,
    attached: Attached,
    kommuner: pd.DataFrame,
    network: Network,
) -> pd.Series:
    """Per service: its inhabitants whose quickest station (over land) is another service's, at
    least a minute sooner than its own: where alerting the nearest resource (§ 24) crosses a
    border, and a mutual-aid agreement (brannloven § 30) decides who pays."""
    service_of = kommuner.set_index("kommunenummer")["brannvesen_id"]
    point_service = points["kommunenummer"].map(service_of).to_numpy()
    pop = points["innbyggere"].to_numpy(dtype=float)
    any_station = point_minutes(stations, attached, network)
    out = {}
    for service in kommuner["brannvesen_id"].unique():
        own = point_minutes(stations[stations["brannvesen_id"] == service], attached, network)
        mine = point_service == service
        sooner = mine & np.isfinite(any_station) & (any_station + 1.0 < own)
        out[service] = float(pop[sooner].sum())
    return pd.Series(out)


OUTSIDE = "utenfor"  # the service id a neighbouring station answers for: outside the cooperation
KASERNERT = {"DN": "døgnkasernert", "DA": "dagkasernert"}  # DSB's codes; the rest is part-time


def joined_neighbours(neighbours: pd.DataFrame, points: pd.DataFrame) -> pd.DataFrame:
    """The neighbouring stations with a road into the region (`vei_inn`) as stations the response
    times start from: each is placed at the population point of `kommune_inn` nearest to it, and
    the drive outside the region to there (`vei_ut_km`, the straight line, which the detour
    factor then lengthens like any other drive) adds to its turnout. An estimate: no road data
    outside the region is used. Stations without a road into the region are left out."""
    columns = [
        "navn",
        "kommunenummer",
        "lat",
        "lon",
        "kategori",
        "heltid_deltid",
        "brannvesen_id",
        "vei_ut_km",
    ]
    if neighbours.empty or "vei_inn" not in neighbours:
        return pd.DataFrame(columns=columns)
    rows = []
    for station in neighbours[neighbours["vei_inn"].fillna("").str.strip() != ""].itertuples():
        entry = points[points["kommunenummer"] == station.kommune_inn]
        if entry.empty:
            continue
        here = geo.to_km(np.array([station.lon]), np.array([station.lat]))[0]
        there = geo.to_km(entry["lon"].to_numpy(), entry["lat"].to_numpy())
        km = np.hypot(*(there - here).T)
        nearest_entry = entry.iloc[int(np.argmin(km))]
        rows.append(
            {
                "navn": f"{station.navn} ({station.brannvesen}, utenfor samarbeidet)",
                "kommunenummer": station.kommune_inn,
                "lat": float(nearest_entry["lat"]),
                "lon": float(nearest_entry["lon"]),
                "kategori": KASERNERT.get(station.dsb_kasernert, "ikke kasernert"),
                "heltid_deltid": "",
                "brannvesen_id": OUTSIDE,
                "vei_ut_km": float(km.min()),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def responding(stations: pd.DataFrame, neighbours: pd.DataFrame, points: pd.DataFrame) -> pd.DataFrame:
    """The region's stations and the neighbouring ones joined to it (`joined_neighbours`): what
    every response time starts from, since 110 alerts the nearest resource across any border."""
    joined = joined_neighbours(neighbours, points)
    return stations if joined.empty else pd.concat([stations, joined], ignore_index=True)
