"""Colours that survive colour-blindness and a washed-out projector.

Categorical: Paul Tol's "muted" and "light" schemes (designed for colour-blind readers).
Sequential: a few stops of viridis, readable in grey-scale too.
"""

from __future__ import annotations

CATEGORICAL = (
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
    "#EE8866",
    "#77AADD",
    "#BBCC33",
    "#DDDDDD",
)
VIRIDIS = ("#440154", "#3B528B", "#21918C", "#5EC962", "#FDE725")
STATION = {
    "døgnkasernert": "#CC3311",
    "dagkasernert": "#EE7733",
    "ikke kasernert": "#0077BB",
    "depot": "#BBBBBB",
    "ukjent": "#000000",
}


def hex_to_rgb(colour: str, alpha: int = 255) -> list[int]:
    """`#RRGGBB` -> `[r, g, b, a]` as pydeck wants it."""
    colour = colour.lstrip("#")
    return [int(colour[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def categorical(keys: list[str]) -> dict[str, str]:
    """A stable colour per key (sorted, so the same service keeps its colour on every page)."""
    return {k: CATEGORICAL[i % len(CATEGORICAL)] for i, k in enumerate(sorted(keys))}


def sequential(value: float) -> list[int]:
    """A value in [0, 1] to an RGBA colour on viridis, linearly between the stops."""
    value = min(max(value, 0.0), 1.0) * (len(VIRIDIS) - 1)
    low = int(value)
    high = min(low + 1, len(VIRIDIS) - 1)
    frac = value - low
    a, b = hex_to_rgb(VIRIDIS[low]), hex_to_rgb(VIRIDIS[high])
    return [round(a[i] + (b[i] - a[i]) * frac) for i in range(3)] + [200]
