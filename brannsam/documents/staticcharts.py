"""Charts as PNG for the documents (Word and PDF), drawn with matplotlib offline; Norwegian
number format on the axes, the same colours as the app."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.ticker import FuncFormatter

from brannsam import formatting as fmt
from brannsam.present import palette

MORE = palette.STATION["døgnkasernert"]
LESS = palette.STATION["ikke kasernert"]
WIDTH_IN = 6.3  # fits an A4 page with 2.5 cm margins


def _png(fig: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def _kroner_axis(ax: plt.Axes, axis: str = "y") -> None:
    formatter = FuncFormatter(lambda v, _: fmt.number(v))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def net_change_by_year(years: list[int], net: list[float]) -> bytes:
    """One bar per plan year: above zero the municipality pays more than today."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 2.4))
    ax.bar([str(y) for y in years], net, color=[MORE if v > 0 else LESS for v in net])
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_ylabel("kr per år")
    _kroner_axis(ax)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _png(fig)


def net_per_inhabitant(year_rows: pd.DataFrame, highlight: str) -> bytes:
    """Every municipality's net change per inhabitant, sorted, the chosen one marked."""
    data = year_rows.sort_values("netto_per_innbygger_kr")
    colours = [
        "#333333" if nr == highlight else (MORE if v > 0 else LESS)
        for nr, v in zip(data["kommunenummer"], data["netto_per_innbygger_kr"], strict=True)
    ]
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 2.6))
    ax.bar(range(len(data)), data["netto_per_innbygger_kr"], color=colours)
    position = list(data["kommunenummer"]).index(highlight)
    name = data["kommunenavn"].iloc[position]
    ax.annotate(  # the name above the plot, a line down to its bar
        name,
        (position, data["netto_per_innbygger_kr"].iloc[position]),
        xytext=(position, 1.04),
        textcoords=("data", "axes fraction"),
        ha="center",
        va="bottom",
        fontsize=9,
        fontweight="bold",
        arrowprops={"arrowstyle": "-", "color": "#333333", "linewidth": 0.8},
    )
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_xticks([])
    ax.set_xlabel("De 40 kommunene, sortert")
    ax.set_ylabel("kr per innbygger")
    _kroner_axis(ax)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _png(fig)


def _rings(geometry: dict) -> list[list[list[float]]]:
    """The outer rings of a GeoJSON Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def risk_map(borders: dict[str, dict], index: pd.Series, stations: pd.DataFrame) -> bytes:
    """The municipalities coloured by risk index (darker = higher), stations as dots."""
    cmap = plt.get_cmap("OrRd")
    polygons, colours = [], []
    for nr, feature in borders.items():
        for ring in _rings(feature["geometry"]):
            polygons.append(ring)
            colours.append(cmap(0.15 + 0.8 * float(index.get(nr, 0)) / 100))
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 5.2))
    ax.add_collection(PolyCollection(polygons, facecolors=colours, edgecolors="white", linewidths=0.4))
    placed = stations.dropna(subset=["lat", "lon"])
    ax.scatter(placed["lon"], placed["lat"], s=6, color="#222222", label="Brannstasjon", zorder=3)
    ax.autoscale()
    ax.set_aspect(1 / 0.45)  # about cos(63.5°): kilometres look square
    ax.axis("off")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    return _png(fig)
