"""pydeck decks for the region. The municipality polygons are the map itself, so every deck
is readable with no base-map tiles (a meeting room without internet)."""

from __future__ import annotations

import html
import json
import urllib.parse

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings import json_tools

from brannsam import formatting as fmt
from brannsam import geo
from brannsam.present import palette


class CompactDeck(pdk.Deck):
    """A deck whose JSON has no indentation: pydeck pretty-prints every coordinate on its own
    line, which more than doubles what the browser has to download on each rerun, and with an
    indent Python's JSON encoder runs in Python, not C (ten times the server's time)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=json_tools.default_serialize, separators=(",", ":"))


VIEW = pdk.ViewState(latitude=64.0, longitude=11.3, zoom=5.6, pitch=0)


def _escaped(values: pd.Series) -> pd.Series:
    """Text for the tooltip, which deck.gl renders as HTML: a station name from an import must
    not become markup on every visitor's map."""
    return values.astype(str).map(lambda text: html.escape(text, quote=False))


# Every layer fills these two fields, so one tooltip template serves the whole deck.
TOOLTIP = {"html": "<b>{tittel}</b><br/>{detaljer}", "style": {"fontSize": "15px"}}


# An inline MapLibre style with only a plain background: nothing to fetch. (An empty or missing
# style makes Streamlit fall back to Carto's, which needs the internet.)
OFFLINE_STYLE = {
    "version": 8,
    "sources": {},
    "layers": [{"id": "bakgrunn", "type": "background", "paint": {"background-color": "#EEF2F5"}}],
}

OFFLINE_STYLE_URL = "data:application/json;charset=utf-8," + urllib.parse.quote(json.dumps(OFFLINE_STYLE))


def base_map(basemap: bool) -> dict:
    """Deck arguments: Streamlit's own light base map when tiles are wanted, a plain
    background otherwise (Streamlit's frontend takes the style only as a URL string)."""
    if basemap:
        return {"map_style": None}
    return {"map_style": OFFLINE_STYLE_URL}


def feature_collection(borders: dict[str, dict], properties: pd.DataFrame) -> dict:
    """Borders (as drawn: `queries.map_borders`) with each municipality's row of `properties`
    (indexed by kommunenummer) attached."""
    rows = properties.to_dict(orient="index")
    features = [
        {
            "type": "Feature",
            "geometry": feature["geometry"],
            "properties": {**feature["properties"], **rows.get(nr, {})},
        }
        for nr, feature in borders.items()
    ]
    return {"type": "FeatureCollection", "features": features}


def municipality_layer(collection: dict, layer_id: str = "kommuner") -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        collection,
        id=layer_id,
        pickable=True,
        stroked=True,
        filled=True,
        get_fill_color="properties.farge",
        get_line_color=[60, 60, 60, 255],
        line_width_min_pixels=1,
    )


def _points(
    data: pd.DataFrame, layer_id: str, fill: object, radius_px: int, radius_m: int = 800, line_px: int = 1
) -> pdk.Layer:
    """Points with a white rim and a hover text (`tittel`, `detaljer`): stations, neighbours,
    tunnels. `fill` is one colour or the name of a column of colours."""
    shown = ["tittel", "detaljer", "lat", "lon", *([fill] if isinstance(fill, str) else [])]
    return pdk.Layer(
        "ScatterplotLayer",
        data[shown],
        id=layer_id,
        get_position=["lon", "lat"],
        get_fill_color=fill,
        get_line_color=[255, 255, 255, 255],
        stroked=True,
        line_width_min_pixels=line_px,
        radius_min_pixels=radius_px,
        radius_max_pixels=radius_px * 2,
        get_radius=radius_m,
        pickable=True,
    )


def station_layer(stations: pd.DataFrame, radius_px: int = 5) -> pdk.Layer:
    data = stations.dropna(subset=["lat", "lon"]).copy()
    data["farge"] = data["kategori"].map(lambda k: palette.hex_to_rgb(palette.STATION.get(k, "#000000")))
    data["tittel"] = _escaped(data["navn"])
    data["detaljer"] = _escaped(data["kommunenavn"] + " · " + data["brannvesen"] + " · " + data["kategori"])
    return _points(data, "stasjoner", "farge", radius_px)


def service_map(
    borders: dict[str, dict],
    kommuner: pd.DataFrame,
    stations: pd.DataFrame | None,
    colours: dict[str, str],
    basemap: bool = True,
) -> pdk.Deck:
    """Municipalities coloured by fire service, with stations on top."""
    frame = kommuner.set_index("kommunenummer")
    props = pd.DataFrame(
        {
            "farge": frame["brannvesen"].map(lambda s: palette.hex_to_rgb(colours[s], 190)),
            "tittel": _escaped(frame["kommunenavn"]),
            "detaljer": _escaped(
                frame["brannvesen"] + " · " + frame["innbyggere"].map(fmt.number) + " innbyggere"
            ),
        }
    )
    layers = [municipality_layer(feature_collection(borders, props))]
    if stations is not None:
        layers.append(station_layer(stations))
    return CompactDeck(
        layers=layers,
        initial_view_state=VIEW,
        tooltip=TOOLTIP,
        **base_map(basemap),
    )


COVERAGE_BANDS = (
    (10, "#5EC962", "innen 10 min"),
    (20, "#21918C", "10–20 min"),
    (30, "#3B528B", "20–30 min"),
    (float("inf"), "#440154", "over 30 min"),
)


def coverage_layer(cells: pd.DataFrame, minutes: np.ndarray, cell_km: float) -> pdk.Layer:
    """Grid cells coloured by estimated response-time band (only grid cells, not settlements)."""
    grid = cells["type"].to_numpy() == "rute"
    mins = minutes[grid]
    colours = np.array([palette.hex_to_rgb(c, 150) for _, c, _ in COVERAGE_BANDS])
    band = np.searchsorted([b for b, _, _ in COVERAGE_BANDS[:-1]], mins, side="left")
    data = pd.DataFrame(
        {
            "lon": cells["lon"].to_numpy()[grid].round(4),
            "lat": cells["lat"].to_numpy()[grid].round(4),
            "farge": colours[band].tolist(),
            "tittel": "Innsatstid (estimat)",
            "detaljer": [
                f"{fmt.number(m, 0)} min" if np.isfinite(m) else "ingen stasjon når fram over land"
                for m in mins
            ],
        }
    )
    return pdk.Layer(
        "ScatterplotLayer",
        data,
        id="dekning",
        get_position=["lon", "lat"],
        get_fill_color="farge",
        get_radius=cell_km * 1000 * 0.6,  # metres (deck.gl default units)
        pickable=True,
    )


TUNNEL_HEX = "#783c14"
TUNNEL_COLOUR = palette.hex_to_rgb(TUNNEL_HEX, alpha=230)


NEIGHBOUR_HEX = "#8c8c8c"  # grey: a station outside the cooperation
NEIGHBOUR_LABEL = "Stasjon utenfor samarbeidet (DSBs register)"


def neighbour_layer(neighbours: pd.DataFrame) -> pdk.Layer:
    """Stations outside the region near its border, grey, with their service and whether they
    join the response times (a road into the region) on hover."""
    data = neighbours.copy()
    data["tittel"] = _escaped(data["navn"] + " (utenfor samarbeidet)")
    joined = data["vei_inn"].fillna("").str.strip()
    data["detaljer"] = _escaped(
        data["brannvesen"]
        + " · "
        + joined.map(
            lambda road: (
                f"regnes med i responstiden via {road}"
                if road
                else "ingen vei inn i regionen i kildene: ikke regnet med i responstiden"
            )
        )
    )
    return _points(data, "nabostasjoner", palette.hex_to_rgb(NEIGHBOUR_HEX), 5)


def tunnel_layer(tunnels: pd.DataFrame) -> pdk.Layer:
    """Long and subsea road tunnels as dark brown points, with road, length and year on hover, and
    what the sources dispute (an opening year) beside the year."""
    data = tunnels.copy()
    data["tittel"] = _escaped(data["navn"])
    data["detaljer"] = _escaped(
        data["veg"]
        + " · "
        + data["lengde_m"].map(lambda m: f"{fmt.number(m / 1000, 1)} km")
        + data["undersjoisk"].map({True: " · undersjøisk", False: ""})
        + " · åpnet "
        + data["aapnet"].astype(str)
        + data["merknad"].fillna("").map(lambda n: f" ({n})" if n else "")
    )
    return _points(data, "tunneler", TUNNEL_COLOUR, 7, radius_m=1200, line_px=2)


def value_map(
    borders: dict[str, dict],
    names: pd.Series,
    scaled: pd.Series,
    shown: pd.Series,
    extra_layers: list[pdk.Layer],
    basemap: bool = False,
) -> pdk.Deck:
    """Municipalities coloured on viridis by `scaled` (0–1), with `shown` (text) in the tooltip."""
    props = pd.DataFrame(
        {
            "farge": scaled.map(palette.sequential),
            "tittel": _escaped(names.reindex(scaled.index)),
            "detaljer": _escaped(shown.reindex(scaled.index)),
            "kommunenummer": scaled.index,
        },
        index=scaled.index,
    )
    layers = [municipality_layer(feature_collection(borders, props)), *extra_layers]
    return CompactDeck(layers=layers, initial_view_state=VIEW, tooltip=TOOLTIP, **base_map(basemap))


# A council's decision as a colour (Paul Tol's colour-blind safe scheme): yes and no far apart,
# the undecided grey.
DECISION_COLOURS = {
    "ja": "#117733",
    "nei": "#CC6677",
    "utsatt": "#DDCC77",
    "ikke behandlet": "#DDDDDD",
}


def decision_map(borders: dict[str, dict], decisions: pd.DataFrame) -> pdk.Deck:
    """Municipalities coloured by their council's decision (`decisions.register.current`), with
    the status, date and case number in the tooltip."""
    rows = decisions.set_index("kommunenummer")
    details = rows["status"] + rows["dato"].map(lambda d: f", {d:%d.%m.%Y}" if pd.notna(d) else "")
    details += rows["sak"].map(lambda s: f", sak {s}" if isinstance(s, str) and s else "")
    props = pd.DataFrame(
        {
            "farge": rows["status"].map(lambda s: palette.hex_to_rgb(DECISION_COLOURS[s], 220)),
            "tittel": _escaped(rows["kommune"]),
            "detaljer": _escaped(details),
            "kommunenummer": rows.index,
        },
        index=rows.index,
    )
    layers = [municipality_layer(feature_collection(borders, props))]
    return CompactDeck(layers=layers, initial_view_state=VIEW, tooltip=TOOLTIP, **base_map(False))


def gradient_legend(low: str, high: str, title: str) -> str:
    """HTML for a viridis colour bar with its two end labels."""
    stops = ", ".join(palette.VIRIDIS)
    return (
        f"<div style='font-size:0.9em'><b>{title}</b>"
        f"<div style='height:14px;background:linear-gradient(to right, {stops});border-radius:3px'></div>"
        "<div style='display:flex;justify-content:space-between'>"
        f"<span>{low}</span><span>{high}</span></div></div>"
    )


def swatch_legend(entries: list[tuple[str, str]], inline: bool = False) -> str:
    """HTML list of colour swatches and labels: one per line, or `inline` on lines that wrap (a
    chart's legend under it)."""
    row = "display:inline-block;margin-right:1.2em" if inline else ""
    items = "".join(
        f"<div style='{row}'><span style='display:inline-block;width:0.9em;height:0.9em;background:{c};"
        f"border:1px solid #555;margin-right:0.4em'></span>{html.escape(label)}</div>"
        for c, label in entries
    )
    return f"<div style='font-size:0.9em'>{items}</div>"


def fitted_view(borders: dict[str, dict], numbers: list[str]) -> pdk.ViewState:
    """A view that frames the given municipalities (zoom from the larger side of their box)."""
    boxes = np.array([geo.bbox(borders[nr]["geometry"]) for nr in numbers])
    x0, y0 = boxes[:, 0].min(), boxes[:, 1].min()
    x1, y1 = boxes[:, 2].max(), boxes[:, 3].max()
    span = max((x1 - x0) * np.cos(np.radians((y0 + y1) / 2)), y1 - y0, 0.05)
    zoom = float(np.clip(np.log2(360 / span) - 1.3, 4, 12))
    return pdk.ViewState(latitude=(y0 + y1) / 2, longitude=(x0 + x1) / 2, zoom=zoom)


def service_focus_map(
    borders: dict[str, dict], kommuner: pd.DataFrame, stations: pd.DataFrame, service_id: str
) -> pdk.Deck:
    """The service's municipalities highlighted, neighbours faint, all stations (neighbours'
    stations answer too), view fitted to the service."""
    frame = kommuner.set_index("kommunenummer")
    own = frame["brannvesen_id"] == service_id
    props = pd.DataFrame(
        {
            "farge": [palette.hex_to_rgb("#88CCEE", 200) if o else [230, 230, 230, 160] for o in own],
            "tittel": _escaped(frame["kommunenavn"]),
            "detaljer": _escaped(
                frame["brannvesen"] + " · " + frame["innbyggere"].map(fmt.number) + " innbyggere"
            ),
        },
        index=frame.index,
    )
    layers = [municipality_layer(feature_collection(borders, props)), station_layer(stations, radius_px=7)]
    view = fitted_view(borders, list(frame.index[own]))
    return CompactDeck(layers=layers, initial_view_state=view, tooltip=TOOLTIP, **base_map(False))
