"""Estimated response time over the region, from the nearest station, whatever the border.

Method (an estimate, not a road-network analysis; travel over land in `network.py`):
- The region is covered by a grid of square cells (CELL_KM). Each settlement (tettsted) with a
  known point is a point of its own with its inhabitants; one without is spread like the rest.
  The rest of the municipality's inhabitants live near its settlements: each cell gets a weight
  exp(-d / KERNEL_KM), d the distance to the nearest placed settlement of the same municipality
  (or, where it has none, its administrative centre), since nobody lives on most of the
  mountains and lakes. Never near a fire station: people placed by the stations would make the
  coverage of those stations partly circular. Every municipality's total is kept exactly.
- Because where the scattered inhabitants live is uncertain, a second spread is kept beside it,
  the rest evenly over every cell of the municipality: the two bound the coverage (a band).
- Minutes to a cell = turnout time of the station (full-time crews on station turn out faster
  than part-time crews alerted at home) + distance over land (never across a fjord; a ferry
  adds its crossing and a wait) × detour factor ÷ speed + time to get to work at the scene. The
  quickest station by that measure answers (§ 24).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from brannsam import formatting as fmt
from brannsam import geo
from brannsam.data import services
from brannsam.risk import duty
from brannsam.risk.network import Network

CELL_KM = 2.5
# How fast the scattered population thins out with distance from a settlement (assumption: half
# of the weight within about 2 km).
KERNEL_KM = 3.0
# The response-time classes of the regulation (R1 tett bebyggelse, R2 tettsteder, R3 øvrige
# områder): their minutes live in regler.csv only (`limits`), so a corrected rule moves the
# coverage bands, the indicators and the verdicts together.
CLASSES = {"r1": "R1", "r2": "R2", "r3": "R3"}
Limits = dict[str, float]


def limits(rules: pd.DataFrame) -> Limits:
    """Each class's minutes as the rules table gives them: {"r1": 10.0, "r2": 20.0, "r3": 30.0}."""
    by_id = rules.set_index("regel_id")["terskel"]
    return {key: duty.limits(by_id[rule])[0] for key, rule in CLASSES.items()}


GRID_SOURCE = (
    f"estimat: tettsteder som egne punkter; resten av kommunens innbyggere på et rutenett på "
    f"{fmt.number(CELL_KM, 1)} km, tettest nær tettstedene og kommunesenteret (vekt e^(−avstand/"
    f"{fmt.number(KERNEL_KM, 0)} km), og en del av kommunen med eget publisert folketall (tidligere "
    "kommune eller øy) med det tallet; båndet viser også resten jevnt fordelt over hele kommunen "
    "(SSB 1.1.2024; tettstedene etter SSBs publiserte tettstedstall)"
)
# The two spreads of the scattered population: the central estimate and the uniform bound.
SPREADS = {"innbyggere": "nær tettstedene", "innbyggere_jevn": "jevnt over kommunen"}


@dataclass(frozen=True)
class Assumptions:
    """Every number here is an assumption [U]: local values must come from the fire chiefs."""

    speed_kmh: float = 60.0
    detour: float = 1.35
    turnout_kasernert_min: float = 1.5
    turnout_deltid_min: float = 5.0
    # A depot's few part-timers gather and fetch the vehicle: a first response, later (assumption).
    turnout_depot_min: float = 10.0
    work_at_scene_min: float = 1.0
    # Average wait for a ferry on top of its crossing (half a typical 30-minute interval).
    ferry_wait_min: float = 15.0

    @classmethod
    def from_controls(
        cls,
        speed_kmh: float,
        detour_pct: float,
        turnout_kasernert_s: float,
        turnout_deltid_min: float,
        work_at_scene_s: float,
    ) -> Assumptions:
        """From the what-if controls, which speak in the units people think in (per cent of the
        straight line, seconds for the short times)."""
        return cls(
            speed_kmh=speed_kmh,
            detour=detour_pct / 100,
            turnout_kasernert_min=turnout_kasernert_s / 60,
            turnout_deltid_min=turnout_deltid_min,
            work_at_scene_min=work_at_scene_s / 60,
        )

    def controls(self) -> dict[str, int]:
        """The what-if controls' values for these assumptions (the inverse of `from_controls`)."""
        return {
            "speed_kmh": round(self.speed_kmh),
            "detour_pct": round(self.detour * 100),
            "turnout_kasernert_s": round(self.turnout_kasernert_min * 60),
            "turnout_deltid_min": round(self.turnout_deltid_min),
            "work_at_scene_s": round(self.work_at_scene_min * 60),
        }

    @property
    def minutes_per_km(self) -> float:
        return self.detour / self.speed_kmh * 60

    def describe(self) -> str:
        return (
            f"innsatstid = utrykning ({self.turnout_kasernert_min:g} min døgnkasernert, "
            f"{self.turnout_depot_min:g} min depot, {self.turnout_deltid_min:g} min øvrige) + avstand "
            f"over land × {self.detour:g} "
            f"÷ {self.speed_kmh:g} km/t (ferje: overfart + {self.ferry_wait_min:g} min venting) "
            f"+ {self.work_at_scene_min:g} min til innsats"
        ).replace(".", ",")


def is_depot(stations: pd.DataFrame) -> pd.Series:
    """Per station: whether it is a depot (`services.is_depot`), not a full station."""
    text = stations["heltid_deltid"] if "heltid_deltid" in stations else pd.Series("", index=stations.index)
    return pd.Series(
        [services.is_depot(c, t) for c, t in zip(stations["kategori"], text, strict=True)],
        index=stations.index,
    )


def station_turnout(stations: pd.DataFrame, assumptions: Assumptions) -> np.ndarray:
    """Full-time crews on station (døgnkasernert) turn out fast; a depot is no full station, and
    its few part-timers take longest to gather; all others are assumed to be part-time crews
    alerted at home (dagkasernert too, since nights decide the coverage). A neighbouring station
    placed at its entry into the region adds the drive outside it (`vei_ut_km`)."""
    kasernert = stations["kategori"].eq("døgnkasernert").to_numpy()
    depot = is_depot(stations).to_numpy()
    part_time = np.where(depot, assumptions.turnout_depot_min, assumptions.turnout_deltid_min)
    turnout = np.where(kasernert, assumptions.turnout_kasernert_min, part_time)
    if "vei_ut_km" in stations:  # a neighbouring station drives outside the region first
        turnout = (
            turnout + stations["vei_ut_km"].fillna(0.0).to_numpy(dtype=float) * assumptions.minutes_per_km
        )
    return turnout


def _straight(cells: pd.DataFrame, placed: pd.DataFrame, assumptions: Assumptions) -> np.ndarray:
    """Minutes in a straight line from the quickest station: a lower bound on any real path."""
    if placed.empty:
        return np.full(len(cells), np.inf)
    cxy = geo.to_km(cells["lon"].to_numpy(), cells["lat"].to_numpy())
    sxy = geo.to_km(placed["lon"].to_numpy(), placed["lat"].to_numpy())
    dist = np.sqrt(((cxy[:, None, :] - sxy[None, :, :]) ** 2).sum(axis=2))
    drive = dist * assumptions.minutes_per_km
    total = drive + station_turnout(placed, assumptions)[None, :] + assumptions.work_at_scene_min
    return total.min(axis=1)


@dataclass(frozen=True)
class Reach:
    """Minutes from the quickest station to every node of the land network, and from there to
    any place."""

    network: Network
    node: np.ndarray
    assumptions: Assumptions
    stations: pd.DataFrame

    def to(self, cells: pd.DataFrame) -> np.ndarray:
        """Minutes to each place (inf where no station reaches it over land or by ferry), never
        less than the straight line allows (the grid's own shortcuts are not real)."""
        lon, lat = cells["lon"].to_numpy(dtype=float), cells["lat"].to_numpy(dtype=float)
        nodes = self.network.nodes
        same = len(cells) == len(nodes)
        if (
            same
            and np.array_equal(lon, nodes["lon"].to_numpy())
            and np.array_equal(lat, nodes["lat"].to_numpy())
        ):
            drive = self.node
        else:
            drive = self.network.place_minutes(lon, lat, self.node, self.assumptions.minutes_per_km)
        over_land = drive + self.assumptions.work_at_scene_min
        return np.maximum(over_land, _straight(cells, self.stations, self.assumptions))


def responding(stations: pd.DataFrame) -> pd.DataFrame:
    """The stations a response starts from: those with a known point (depots included, with
    their own longer turnout, `station_turnout`)."""
    return stations.dropna(subset=["lat", "lon"])


def reach(stations: pd.DataFrame, assumptions: Assumptions, network: Network) -> Reach:
    """The quickest station's minutes over the land network (one shortest-path run)."""
    placed = responding(stations)
    if placed.empty:
        return Reach(network, np.full(len(network.nodes), np.inf), assumptions, placed)
    node = network.node_minutes(
        placed, station_turnout(placed, assumptions), assumptions.minutes_per_km, assumptions.ferry_wait_min
    )
    return Reach(network, node, assumptions, placed)


def minutes(
    cells: pd.DataFrame, stations: pd.DataFrame, assumptions: Assumptions, network: Network | None = None
) -> np.ndarray:
    """Estimated minutes from the nearest active station to each cell (inf with no station):
    over the land network where one is given, else in a straight line (which crosses fjords)."""
    if network is not None:
        return reach(stations, assumptions, network).to(cells)
    return _straight(cells, responding(stations), assumptions)


def move_station(
    stations: pd.DataFrame, station_id: int, lat: float, lon: float
) -> tuple[pd.DataFrame, float]:
    """The stations with one of them placed at (lat, lon), for the what-if; and how far it moved
    in straight-line kilometres. Its crew type and turnout time go with it."""
    if station_id not in set(stations["stasjon_id"]):
        raise ValueError(f"stasjon {station_id} finnes ikke blant de aktive stasjonene")
    moved = stations.copy()
    where = moved["stasjon_id"] == station_id
    before = geo.to_km(moved.loc[where, "lon"].to_numpy(), moved.loc[where, "lat"].to_numpy())[0]
    after = geo.to_km(np.array([lon]), np.array([lat]))[0]
    moved.loc[where, ["lat", "lon"]] = [lat, lon]
    return moved, float(np.hypot(*(after - before)))


def summary(
    cells: pd.DataFrame,
    mins: np.ndarray,
    limits: Limits,
    by: pd.Series | None = None,
    spread: str = "innbyggere",
) -> pd.DataFrame:
    """Inhabitants within each class's limit (`innen_r1` …), and shares beyond (`andel_over_r1`
    …), per municipality (or per `by`, a mapping from kommunenummer to e.g. fire service), for
    one spread of the population."""
    frame = pd.DataFrame({"innbyggere": cells[spread].to_numpy()})
    frame["gruppe"] = cells["kommunenummer"].map(by) if by is not None else cells["kommunenummer"].to_numpy()
    for key, limit in limits.items():
        frame[f"innen_{key}"] = frame["innbyggere"] * (mins <= limit)
    out = frame.groupby("gruppe").sum()
    for key in limits:
        out[f"andel_over_{key}"] = 1 - out[f"innen_{key}"] / out["innbyggere"].where(out["innbyggere"] > 0)
    return out.fillna(0.0)


def service_bands(cells: pd.DataFrame, mins: np.ndarray, by: pd.Series, limits: Limits) -> pd.DataFrame:
    """Per group (e.g. fire service, from kommunenummer): inhabitants and the share within each
    limit as a band under the two spreads («66–76 %»), so a service sees its own uncertainty."""
    central, uniform = (summary(cells, mins, limits, by, spread=s) for s in SPREADS)
    out = pd.DataFrame(index=central.index.rename("Brannvesen"))
    out["Innbyggere"] = central["innbyggere"].round().astype(int)
    for key, limit in limits.items():
        a, b = central[f"andel_over_{key}"], uniform[f"andel_over_{key}"]
        rows = pd.DataFrame({"lav": np.minimum(a, b), "hoy": np.maximum(a, b)})
        out[f"Innen {fmt.plain(limit)} min"] = [band_text(row) for _, row in rows.iterrows()]
    return out.reset_index()


def region_summary(
    cells: pd.DataFrame, mins: np.ndarray, limits: Limits, spread: str = "innbyggere"
) -> pd.Series:
    """`summary` for the whole region as one row."""
    return summary(cells.assign(kommunenummer="region"), mins, limits, spread=spread).iloc[0]


def band(
    cells: pd.DataFrame, mins: np.ndarray, limits: Limits, central: pd.Series | None = None
) -> pd.DataFrame:
    """The region's share beyond each class's limit under both spreads, one row per class
    (index r1, r2, r3): its minutes (`grense`), low, high and central share. `central` is the
    region's summary under the central spread where the caller has it."""
    if central is None:
        central = region_summary(cells, mins, limits)
    uniform = region_summary(cells, mins, limits, spread="innbyggere_jevn")
    rows = []
    for key, limit in limits.items():
        a, b = central[f"andel_over_{key}"], uniform[f"andel_over_{key}"]
        rows.append({"klasse": key, "grense": limit, "lav": min(a, b), "hoy": max(a, b), "sentral": a})
    return pd.DataFrame(rows).set_index("klasse")


BAND_NOTE = (
    "Spennet går fra innbyggerne utenfor tettstedene bosatt nær tettstedene eller kommunesenteret "
    "(beste anslag; aldri plassert etter brannstasjonene) til jevnt fordelt over hele kommunen, fjell og "
    "vann medregnet. Hvor de bor, er usikkert: SSBs befolkning på rutenett er ikke med ennå."
)


def band_text(row: pd.Series) -> str:
    """«72–81 %»: the share within the limit under the two spreads, whole per cent."""
    low, high = 1 - row["hoy"], 1 - row["lav"]
    if round(low * 100) == round(high * 100):
        return fmt.percent(high, 0)
    return f"{fmt.number(low * 100)}–{fmt.percent(high, 0)}"


def station_labels(stations: pd.DataFrame) -> dict[int, str]:
    """«Station (municipality)» per station id, for the what-if pickers."""
    return dict(
        zip(stations["stasjon_id"], stations["navn"] + " (" + stations["kommunenavn"] + ")", strict=True)
    )


def place_labels(places: pd.DataFrame) -> dict[str, str]:
    """«Settlement (municipality)» per settlement id, for those with a known point (a station can
    only be moved to a place that is on the map)."""
    placed = places[places["lat"].notna() & places["lon"].notna()]
    return (placed["navn"] + " (" + placed["kommunenavn"] + ")").to_dict()


@dataclass(frozen=True)
class WhatIf:
    """Response times with some stations switched off or one moved, beside those of the stations
    as registered: what the risk page shows and the index uses."""

    active: pd.DataFrame
    moved_km: float | None
    minutes: np.ndarray
    baseline: np.ndarray
    shares: pd.DataFrame
    region_now: pd.Series
    region_base: pd.Series
    spread: pd.DataFrame

    @property
    def changed(self) -> bool:
        return self.baseline is not self.minutes

    def share_within(self, key: str) -> float:
        """The region's share within the class's limit (`key` r1, r2, r3), best estimate."""
        return float(self.region_now[f"innen_{key}"] / self.region_now["innbyggere"])

    def gained_within(self, key: str) -> float:
        """Inhabitants (best estimate) who come within the class's limit by the change (negative:
        lose)."""
        return float(self.region_now[f"innen_{key}"] - self.region_base[f"innen_{key}"])


def what_if(
    cells: pd.DataFrame,
    placed: pd.DataFrame,
    assumptions: Assumptions,
    network: Network | None,
    limits: Limits,
    off: list[int] | tuple[int, ...] = (),
    moved: tuple[int, float, float] | None = None,
    outside: pd.DataFrame | None = None,
) -> WhatIf:
    """The stations in `off` switched off and `moved` = (station id, lat, lon) placed anew; the
    stations `outside` the region joined to it (`nearest.joined_neighbours`) respond too, and
    cannot be switched off here."""
    active = placed[~placed["stasjon_id"].isin(list(off))]
    moved_km = None
    if moved is not None:
        active, moved_km = move_station(active, *moved)

    def responding_with(frame: pd.DataFrame) -> pd.DataFrame:
        return frame if outside is None or outside.empty else pd.concat([frame, outside], ignore_index=True)

    mins = minutes(cells, responding_with(active), assumptions, network)
    changed = bool(off) or moved is not None
    baseline = minutes(cells, responding_with(placed), assumptions, network) if changed else mins
    region_now = region_summary(cells, mins, limits)
    return WhatIf(
        active=active,
        moved_km=moved_km,
        minutes=mins,
        baseline=baseline,
        shares=summary(cells, mins, limits),
        region_now=region_now,
        region_base=region_summary(cells, baseline, limits) if changed else region_now,
        spread=band(cells, mins, limits, region_now),
    )
