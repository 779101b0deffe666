"""Small, vectorised geometry on lon/lat: a local flat projection and point-in-polygon.

Distances within the region (a few hundred km) are taken on an equirectangular projection
around 64° N; the error against great-circle distance is well below the model's own.
"""

from __future__ import annotations

import numpy as np

REF_LAT = 64.0
KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON = 111.320 * np.cos(np.radians(REF_LAT))


def to_km(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Lon/lat to x/y kilometres (n × 2)."""
    return np.column_stack([np.asarray(lon) * KM_PER_DEG_LON, np.asarray(lat) * KM_PER_DEG_LAT])


def rings(geometry: dict) -> list[np.ndarray]:
    """All rings (outer and holes) of a Polygon or MultiPolygon as arrays of lon/lat."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [np.asarray(ring, dtype=float) for polygon in polygons for ring in polygon]


def contains(geometry: dict, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Even-odd ray casting over every ring: holes and islands come out right."""
    inside = np.zeros(len(lon), dtype=bool)
    for ring in rings(geometry):
        x1, y1 = ring[:-1, 0][:, None], ring[:-1, 1][:, None]
        x2, y2 = ring[1:, 0][:, None], ring[1:, 1][:, None]
        crosses = (y1 > lat) != (y2 > lat)
        with np.errstate(divide="ignore", invalid="ignore"):
            x_at = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
        inside ^= ((crosses & (lon < x_at)).sum(axis=0) % 2).astype(bool)
    return inside


def bbox(geometry: dict) -> tuple[float, float, float, float]:
    points = np.vstack(rings(geometry))
    return points[:, 0].min(), points[:, 1].min(), points[:, 0].max(), points[:, 1].max()


def rounded(coordinates: list, decimals: int) -> list:
    """GeoJSON coordinates (at any nesting) rounded to `decimals`."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        return [round(c, decimals) for c in coordinates]
    return [rounded(c, decimals) for c in coordinates]
