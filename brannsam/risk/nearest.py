"""Whose station is quickest where: places joined to the land network once, the minutes from
any set of stations to them, and per service the inhabitants whose quickest station is another
service's. 110 alerts the nearest available resource across any border (§ 24, R13); who pays for
it is a mutual-aid agreement's matter (brannloven § 30)."""

from __future__ import annotations

import numpy as np
import pandas as pd

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
