"""Travel over land: a response drives along the land, and crosses water only on a ferry.

The nodes are the population points (grid cells and placed settlements). Two nodes within
NEIGHBOUR_KM are joined when the straight line between them stays on land: every sample point
along it lies inside a municipality's polygon (the 2024 borders are land polygons; fjords and
the sea lie outside them), but for at most MAX_WATER_KM: a bay cut by the simplified coastline,
or a sound that narrow, which in the region is bridged or driven around. A ferry
(ferjesamband.csv) joins its two quays with its crossing time plus a wait; a bridge or a narrow
isthmus the simplified borders cut, or a subsea tunnel (landforbindelser.csv), joins its ends'
nodes with the drive between them (the road's length where the file gives it). A station joins
the nodes it can reach over land, with its turnout time; the shortest paths from all stations at
once (Dijkstra) give each node its minutes. A place with no land path to any station (an island
without a road, tunnel or ferry in the files) gets none: its people are counted as not reached,
never as covered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from brannsam import geo
from brannsam.data import queries

# A little over a diagonal step of the 2.5 km grid, so every cell reaches its eight neighbours.
NEIGHBOUR_KM = 3.8
# Points along a segment where land is tested, and how much water a segment may cross: a bay on
# a simplified coastline or a bridged sound, but never a fjord or a sound a road cannot cross.
SAMPLES = np.linspace(0, 1, 11)[1:-1]
MAX_WATER_KM = 1.2
# A path through the grid's eight directions is on average about 8 % longer than the straight
# line it follows; the detour factor already stands for the roads' bends, so the grid's own
# stretch is taken out of it rather than counted twice.
GRID_STRETCH = 1.08


@dataclass(frozen=True)
class Land:
    """The municipalities' polygons with their bounding boxes, for fast point-on-land tests."""

    polygons: tuple[tuple[tuple[float, float, float, float], dict], ...]

    @classmethod
    def from_borders(cls, borders: dict[str, dict]) -> Land:
        return cls(tuple((geo.bbox(f["geometry"]), f["geometry"]) for _, f in sorted(borders.items())))

    def contains(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        inside = np.zeros(len(lon), dtype=bool)
        for (x0, y0, x1, y1), geometry in self.polygons:
            near = ~inside & (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)
            if near.any():
                inside[near] = geo.contains(geometry, lon[near], lat[near])
        return inside

    def segments_on_land(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Whether each straight segment a→b (lon/lat rows) crosses at most MAX_WATER_KM of
        water, judged at the sample points."""
        if len(a) == 0:
            return np.zeros(0, dtype=bool)
        t = SAMPLES[None, :]
        lon = a[:, [0]] + (b[:, [0]] - a[:, [0]]) * t
        lat = a[:, [1]] + (b[:, [1]] - a[:, [1]]) * t
        wet = ~self.contains(lon.ravel(), lat.ravel()).reshape(lon.shape)
        length = np.hypot(*(geo.to_km(a[:, 0], a[:, 1]) - geo.to_km(b[:, 0], b[:, 1])).T)
        return wet.sum(axis=1) * length / (len(SAMPLES) + 1) <= MAX_WATER_KM


def land_edges(nodes: pd.DataFrame, land: Land, radius_km: float = NEIGHBOUR_KM) -> pd.DataFrame:
    """Pairs of nodes (positions in `nodes`) joined over land, with their distance in km."""
    xy = geo.to_km(nodes["lon"].to_numpy(), nodes["lat"].to_numpy())
    pairs = cKDTree(xy).query_pairs(radius_km, output_type="ndarray")
    lonlat = nodes[["lon", "lat"]].to_numpy(dtype=float)
    keep = land.segments_on_land(lonlat[pairs[:, 0]], lonlat[pairs[:, 1]])
    pairs = pairs[keep]
    km = np.hypot(*(xy[pairs[:, 0]] - xy[pairs[:, 1]]).T)
    return pd.DataFrame({"fra": pairs[:, 0], "til": pairs[:, 1], "km": km})


@dataclass(frozen=True)
class Network:
    nodes: pd.DataFrame  # lon, lat (the population points, in order)
    edges: pd.DataFrame  # fra, til (positions), km
    land: Land
    ferries: pd.DataFrame  # navn, fra_lon, fra_lat, til_lon, til_lat, overfart_min
    links: pd.DataFrame = field(default_factory=pd.DataFrame)  # navn, fra_lon, fra_lat, til_lon, til_lat

    def _xy(self) -> np.ndarray:
        return geo.to_km(self.nodes["lon"].to_numpy(), self.nodes["lat"].to_numpy())

    def attach(self, lon: np.ndarray, lat: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """For each place: the nodes it reaches over land within NEIGHBOUR_KM, nearest first, and
        the km to each (a place on a node reaches that node at 0 km). A place on the shore, whose
        own point the simplified borders leave in the water, falls back to its nearest node."""
        xy = self._xy()
        tree = cKDTree(xy)
        places = geo.to_km(lon, lat)
        found = tree.query_ball_point(places, NEIGHBOUR_KM)
        nodes = self.nodes[["lon", "lat"]].to_numpy(dtype=float)
        out = []
        for i, candidates in enumerate(found):
            candidates = np.asarray(candidates, dtype=int)
            if len(candidates) == 0:
                out.append((candidates, np.zeros(0)))
                continue
            km = np.hypot(*(xy[candidates] - places[i]).T)
            order = np.argsort(km, kind="stable")  # nearest first: a quay or a bridge end uses [0]
            candidates, km = candidates[order], km[order]
            here = np.repeat([[lon[i], lat[i]]], len(candidates), axis=0)
            ok = (km < 1e-6) | self.land.segments_on_land(here, nodes[candidates])
            if not ok.any() and not self.land.contains(np.array([lon[i]]), np.array([lat[i]]))[0]:
                ok = km == km.min()
            out.append((candidates[ok], km[ok]))
        return out

    def joined_ends(self, frame: pd.DataFrame) -> list[tuple[int, int] | None]:
        """For each ferry, bridge or isthmus (`fra_lon`, `fra_lat`, `til_lon`, `til_lat`): the
        nearest node it reaches on each side, or None where one side reaches none. A node counts
        for an end only if it lies nearer that end than the other: a short bridge's far end must
        not take the near end's node (Straumen bru, 1.5 km, would join a node to itself)."""
        if frame.empty:
            return []
        xy = self._xy()
        ends = {
            s: geo.to_km(frame[f"{s}_lon"].to_numpy(), frame[f"{s}_lat"].to_numpy()) for s in ("fra", "til")
        }
        sides = {
            s: self.attach(frame[f"{s}_lon"].to_numpy(), frame[f"{s}_lat"].to_numpy()) for s in ("fra", "til")
        }

        def own_side(nodes: np.ndarray, here: np.ndarray, there: np.ndarray) -> int | None:
            near = np.hypot(*(xy[nodes] - here).T) < np.hypot(*(xy[nodes] - there).T)
            return int(nodes[near][0]) if near.any() else None

        out: list[tuple[int, int] | None] = []
        for i, ((a, _), (b, _)) in enumerate(zip(sides["fra"], sides["til"], strict=True)):
            fra = own_side(a, ends["fra"][i], ends["til"][i]) if len(a) else None
            til = own_side(b, ends["til"][i], ends["fra"][i]) if len(b) else None
            out.append((fra, til) if fra is not None and til is not None else None)
        return out

    @cached_property
    def ferry_ends(self) -> list[tuple[int, int] | None]:
        """`joined_ends` of the ferries, once per network: every response-time run crosses them
        (an alternative's comparison asks for some thirty runs)."""
        return self.joined_ends(self.ferries)

    @cached_property
    def link_ends(self) -> list[tuple[int, int] | None]:
        """`joined_ends` of the bridges and isthmuses, once per network."""
        return self.joined_ends(self.links)

    @cached_property
    def link_km(self) -> list[float]:
        """The km driven over each fixed link between its two nodes: where the road's length is
        known (a subsea tunnel, a bridge), the ends' distance to their nodes plus that length;
        otherwise the straight line between the nodes, less the grid's own stretch."""
        if self.links.empty:
            return []
        xy = self._xy()
        lengths = (
            self.links["lengde_m"] if "lengde_m" in self.links else pd.Series(np.nan, index=self.links.index)
        )
        out = []
        for ends, (_, row), length in zip(self.link_ends, self.links.iterrows(), lengths, strict=True):
            if not ends:
                out.append(np.inf)
                continue
            a, b = ends
            if pd.isna(length):
                out.append(float(np.hypot(*(xy[a] - xy[b]))) / GRID_STRETCH)
                continue
            reach = [
                float(
                    np.hypot(
                        *(xy[node] - geo.to_km(np.array([row[f"{s}_lon"]]), np.array([row[f"{s}_lat"]]))[0])
                    )
                )
                for node, s in ((a, "fra"), (b, "til"))
            ]
            out.append(reach[0] + float(length) / 1000 + reach[1])
        return out

    def node_minutes(
        self, stations: pd.DataFrame, turnout: np.ndarray, minutes_per_km: float, wait: float
    ) -> np.ndarray:
        """Minutes from alarm to each node by the quickest station (inf where none reaches)."""
        n = len(self.nodes)
        rows = [self.edges["fra"].to_numpy(), self.edges["til"].to_numpy()]
        weights = [self.edges["km"].to_numpy() * minutes_per_km / GRID_STRETCH] * 2
        rows, cols = [rows[0], rows[1]], [rows[1], rows[0]]
        joins: list[tuple[int, int, float]] = []  # (node, node, minutes), travelled both ways
        crossings = self.ferries["overfart_min"] if len(self.ferries) else []
        for ends, crossing in zip(self.ferry_ends, crossings, strict=True):
            if ends:  # the quays' nearest nodes: the crossing and the wait
                joins.append((*ends, crossing + wait))
        for ends, km in zip(self.link_ends, self.link_km, strict=True):
            if ends:  # a bridge, a subsea tunnel or an isthmus: the drive between its ends, no wait
                joins.append((*ends, km * minutes_per_km))
        for a, b, minutes in joins:
            rows += [np.array([a]), np.array([b])]
            cols += [np.array([b]), np.array([a])]
            weights += [np.array([minutes])] * 2
        attached = self.attach(stations["lon"].to_numpy(), stations["lat"].to_numpy())
        for (nodes, reach_km), start in zip(attached, turnout, strict=True):
            rows.append(np.full(len(nodes), n))
            cols.append(nodes)
            weights.append(start + reach_km * minutes_per_km)
        graph = coo_matrix(
            (np.concatenate(weights) + 1e-9, (np.concatenate(rows), np.concatenate(cols))),
            shape=(n + 1, n + 1),
        ).tocsr()
        return dijkstra(graph, directed=True, indices=n)[:n]

    def place_minutes(
        self, lon: np.ndarray, lat: np.ndarray, node_minutes: np.ndarray, minutes_per_km: float
    ) -> np.ndarray:
        """Minutes to places that are not nodes: through the nodes they reach over land."""
        return attached_minutes(self.attach(lon, lat), node_minutes, minutes_per_km)


def attached_minutes(
    attached: list[tuple[np.ndarray, np.ndarray]], node_minutes: np.ndarray, minutes_per_km: float
) -> np.ndarray:
    """Minutes to places already attached to the network (`Network.attach`, the costly step, done
    once for places reached from many sets of stations)."""
    out = np.full(len(attached), np.inf)
    for i, (nodes, km) in enumerate(attached):
        if len(nodes):
            out[i] = (node_minutes[nodes] + km * minutes_per_km).min()
    return out


def from_db(con) -> Network:
    """The land network over the population points, with the ferries and land links, as the
    build stored it."""
    points = queries.population_points(con)
    position = pd.Series(range(len(points)), index=points["rute_id"])
    edges = queries.land_edges(con)
    return Network(
        nodes=points[["lon", "lat"]],
        edges=pd.DataFrame(
            {
                "fra": edges["fra_rute"].map(position).to_numpy(),
                "til": edges["til_rute"].map(position).to_numpy(),
                "km": edges["km"].to_numpy(),
            }
        ),
        land=Land.from_borders(queries.borders(con)),
        ferries=queries.ferries(con),
        links=queries.land_links(con),
    )
