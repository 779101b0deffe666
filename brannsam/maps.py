"""pydeck decks for the region. The municipality polygons are the map itself, so every deck
is readable with no base-map tiles (a meeting room without internet)."""

from __future__ import annotations

import json
import urllib.parse

import pandas as pd
import pydeck as pdk

from brannsam import formatting as fmt
from brannsam import palette

VIEW = pdk.ViewState(latitude=64.0, longitude=11.3, zoom=5.6, pitch=0)
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
    """Borders with each municipality's row of `properties` (indexed by kommunenummer) attached."""
    rows = properties.to_dict(orient="index")
    features = []
    for nr, feature in borders.items():
        props = {**feature["properties"], **rows.get(nr, {})}
        features.append({"type": "Feature", "geometry": feature["geometry"], "properties": props})
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


def station_layer(stations: pd.DataFrame, radius_px: int = 5) -> pdk.Layer:
    data = stations.dropna(subset=["lat", "lon"]).copy()
    data["farge"] = data["kategori"].map(lambda k: palette.hex_to_rgb(palette.STATION.get(k, "#000000")))
    data["tittel"] = data["navn"]
    data["detaljer"] = data["kommunenavn"] + " · " + data["brannvesen"] + " · " + data["kategori"]
    return pdk.Layer(
        "ScatterplotLayer",
        data[["tittel", "detaljer", "lat", "lon", "farge"]],
        id="stasjoner",
        get_position=["lon", "lat"],
        get_fill_color="farge",
        get_line_color=[255, 255, 255, 255],
        stroked=True,
        line_width_min_pixels=1,
        radius_min_pixels=radius_px,
        radius_max_pixels=radius_px * 2,
        get_radius=800,
        pickable=True,
    )


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
            "tittel": frame["kommunenavn"],
            "detaljer": frame["brannvesen"] + " · " + frame["innbyggere"].map(fmt.number) + " innbyggere",
        }
    )
    layers = [municipality_layer(feature_collection(borders, props))]
    if stations is not None:
        layers.append(station_layer(stations))
    return pdk.Deck(
        layers=layers,
        initial_view_state=VIEW,
        tooltip=TOOLTIP,
        **base_map(basemap),
    )
