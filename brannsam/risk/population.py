"""Where the people live, as the response-time model sees them: the placed settlements as points
of their own, the rest of each municipality on a grid of CELL_KM cells.

The scattered inhabitants live near the settlements of their own municipality, or its
administrative centre where it has none (weight e^(−d/KERNEL_KM)); never near a fire station,
which would make coverage circular. Where a part of a municipality has a published population of
its own (a former municipality, an island: `delomrader.csv`), that part gets exactly that many,
spread near its own centre, and the rest of the municipality the remainder: a kernel around the
town across the sound must not decide how many live on the other side.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from brannsam import geo
from brannsam.risk.coverage import CELL_KM, KERNEL_KM


def grid(
    borders: dict[str, dict],
    kommuner: pd.DataFrame,
    tettsteder: pd.DataFrame,
    town_centres: pd.DataFrame,
    parts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Population points: rute_id, type (rute | tettsted), lon, lat, kommunenummer, innbyggere
    (near the settlements, or the administrative centre in `town_centres`; a part in `parts` holds
    its published count) and innbyggere_jevn (spread evenly)."""
    dlat = CELL_KM / geo.KM_PER_DEG_LAT
    dlon = CELL_KM / geo.KM_PER_DEG_LON
    centres = kommuner.set_index("kommunenummer")
    frames = []
    for nr, feature in sorted(borders.items()):
        x0, y0, x1, y1 = geo.bbox(feature["geometry"])
        lons, lats = np.meshgrid(
            np.arange(np.floor(x0 / dlon) * dlon + dlon / 2, x1, dlon),
            np.arange(np.floor(y0 / dlat) * dlat + dlat / 2, y1, dlat),
        )
        lon, lat = lons.ravel(), lats.ravel()
        inside = geo.contains(feature["geometry"], lon, lat)
        if not inside.any():  # a municipality smaller than a cell still gets one, at its centre
            lon, lat = centres.loc[[nr], "senter_lon"].to_numpy(), centres.loc[[nr], "senter_lat"].to_numpy()
            inside = np.ones(1, dtype=bool)
        frames.append(
            pd.DataFrame({"type": "rute", "lon": lon[inside], "lat": lat[inside], "kommunenummer": nr})
        )
    cells = pd.concat(frames, ignore_index=True)
    # A settlement without a known point is no point of its own: its people join the spread.
    places = tettsteder[tettsteder["kommunenummer"].isin(centres.index) & tettsteder["lat"].notna()]
    in_places = places.groupby("kommunenummer")["innbyggere"].sum()
    totals = centres["innbyggere"]
    scale = (totals / in_places.reindex(totals.index)).clip(upper=1.0).fillna(0.0)
    points = pd.DataFrame(
        {
            "type": "tettsted",
            "lon": places["lon"].to_numpy(),
            "lat": places["lat"].to_numpy(),
            "kommunenummer": places["kommunenummer"].to_numpy(),
            "innbyggere": (places["innbyggere"] * places["kommunenummer"].map(scale)).to_numpy(),
        }
    )
    rest = totals - (in_places.reindex(totals.index).fillna(0) * scale)
    n_cells = cells.groupby("kommunenummer").size()
    cells["innbyggere_jevn"] = cells["kommunenummer"].map(rest / n_cells).to_numpy()
    anchors = pd.concat(
        [
            places[["kommunenummer", "lon", "lat"]],
            town_centres.loc[
                ~town_centres["kommunenummer"].isin(places["kommunenummer"]), ["kommunenummer", "lon", "lat"]
            ],
        ]
    ).dropna()
    cells["innbyggere"] = _near_anchors(cells, rest, anchors, parts)
    points["innbyggere_jevn"] = points["innbyggere"]
    out = pd.concat([cells, points], ignore_index=True)
    out.insert(0, "rute_id", range(1, len(out) + 1))
    return out


def in_part(cells: pd.DataFrame, part: pd.Series) -> np.ndarray:
    """The cells of the part's municipality inside its box."""
    return (
        (cells["kommunenummer"] == part["kommunenummer"]).to_numpy()
        & cells["lon"].between(part["lon_min"], part["lon_max"]).to_numpy()
        & cells["lat"].between(part["lat_min"], part["lat_max"]).to_numpy()
    )


def _near_anchors(
    cells: pd.DataFrame, rest: pd.Series, anchors: pd.DataFrame, parts: pd.DataFrame | None
) -> np.ndarray:
    """Each cell's share of its municipality's scattered people (`rest`): a part's cells share its
    published count near its own centre, the other cells the remainder near the municipality's
    settlements or centre."""
    group = cells["kommunenummer"].to_numpy(dtype=object).copy()
    own = anchors[["kommunenummer", "lon", "lat"]]
    count = rest.copy()
    for i, part in parts.reset_index(drop=True).iterrows() if parts is not None else ():
        mask = in_part(cells, part)
        if not mask.any():
            continue
        key = f"{part['kommunenummer']}#{i}"
        group[mask] = key
        people = min(float(part["innbyggere"]), float(count[part["kommunenummer"]]))
        count[key] = people
        count[part["kommunenummer"]] -= people
        centre = pd.DataFrame({"kommunenummer": [key], "lon": [part["lon"]], "lat": [part["lat"]]})
        own = pd.concat([own, centre], ignore_index=True)
    keyed = cells.assign(kommunenummer=group)
    weight = np.exp(-own_anchor_km(keyed, own) / KERNEL_KM)
    per_group = pd.Series(weight).groupby(group).transform("sum").to_numpy()
    return pd.Series(group).map(count).to_numpy(dtype=float) * weight / per_group


def own_anchor_km(cells: pd.DataFrame, anchors: pd.DataFrame) -> np.ndarray:
    """Km from each cell to the nearest settlement (or centre) of its own municipality: another
    municipality's settlement across a fjord says nothing about where this one's people live. A
    municipality with no anchor spreads evenly."""
    out = np.zeros(len(cells))
    for nr, rows in cells.groupby("kommunenummer").groups.items():
        own = anchors[anchors["kommunenummer"] == nr]
        if not own.empty:
            out[cells.index.get_indexer(rows)] = nearest_km(cells.loc[rows], own)
    return out


def nearest_km(cells: pd.DataFrame, anchors: pd.DataFrame) -> np.ndarray:
    """Straight-line km from each cell to the nearest anchor point."""
    if anchors.empty:
        return np.zeros(len(cells))
    cxy = geo.to_km(cells["lon"].to_numpy(dtype=float), cells["lat"].to_numpy(dtype=float))
    axy = geo.to_km(anchors["lon"].to_numpy(dtype=float), anchors["lat"].to_numpy(dtype=float))
    return np.sqrt(((cxy[:, None, :] - axy[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
