"""Small, vectorised geometry on lon/lat: a local flat projection and point-in-polygon.

Distances within the region (a few hundred km) are taken on an equirectangular projection
around 64° N; the error against great-circle distance is well below the model's own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

REF_LAT = 64.0
KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON = 111.320 * np.cos(np.radians(REF_LAT))


def to_km(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Lon/lat to x/y kilometres (n × 2)."""
    return np.column_stack([np.asarray(lon) * KM_PER_DEG_LON, np.asarray(lat) * KM_PER_DEG_LAT])


def km_between(here: pd.DataFrame, there: pd.DataFrame) -> np.ndarray:
    """Straight-line km from each place in `here` (rows) to each in `there` (columns), both with
    lon and lat."""
    a = to_km(here["lon"].to_numpy(dtype=float), here["lat"].to_numpy(dtype=float))
    b = to_km(there["lon"].to_numpy(dtype=float), there["lat"].to_numpy(dtype=float))
    return np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2))


def rings(geometry: dict) -> list[np.ndarray]:
    """All rings (outer and holes) of a Polygon or MultiPolygon as arrays of lon/lat."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [np.asarray(ring, dtype=float) for polygon in polygons for ring in polygon]


def contains(geometry: dict, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Even-odd ray casting over every ring: holes and islands come out right. Each edge is
    tested only against the points whose latitude it spans (found in the points sorted by
    latitude), not against all of them: a municipality's coast has thousands of edges, and a
    build makes some 350 000 point tests (the population grid, the land network's segments)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    order = np.argsort(lat, kind="stable")
    ordered = lat[order]
    crossings = np.zeros(len(lon), dtype=np.int64)
    for ring in rings(geometry):
        x1, y1, x2, y2 = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
        # An edge crosses the ray from a point when min(y1, y2) <= lat < max(y1, y2).
        start = np.searchsorted(ordered, np.minimum(y1, y2), "left")
        counts = np.searchsorted(ordered, np.maximum(y1, y2), "left") - start
        edge = np.repeat(np.arange(len(x1)), counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        point = order[np.repeat(start, counts) + offsets]
        x_at = x1[edge] + (lat[point] - y1[edge]) * (x2[edge] - x1[edge]) / (y2[edge] - y1[edge])
        crossings += np.bincount(point[lon[point] < x_at], minlength=len(lon))
    return crossings % 2 == 1


def bbox(geometry: dict) -> tuple[float, float, float, float]:
    points = np.vstack(rings(geometry))
    return points[:, 0].min(), points[:, 1].min(), points[:, 0].max(), points[:, 1].max()


def rounded(coordinates: list, decimals: int) -> list:
    """GeoJSON coordinates (at any nesting) rounded to `decimals`."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        return [round(c, decimals) for c in coordinates]
    return [rounded(c, decimals) for c in coordinates]
