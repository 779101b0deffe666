"""Floor app: a plain dashboard with one slider, one plotly chart, one pydeck map and one table,
as a Streamlit dashboard without any domain logic would be written (a full rerun per move)."""

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

st.set_page_config(layout="wide")
rng = np.random.default_rng(1)
places = pd.DataFrame(
    {
        "navn": [f"Kommune {i + 1}" for i in range(40)],
        "lon": rng.uniform(8.5, 14.0, 40),
        "lat": rng.uniform(62.3, 65.0, 40),
        "innbyggere": rng.integers(600, 215_000, 40),
    }
)
weight = st.slider("Vekt", 0, 10, 0)
places["verdi"] = places["innbyggere"] * (1 + weight / 10)
st.metric("Sum", f"{places['verdi'].sum():,.0f}")
ordered = places.sort_values("verdi")
bars = go.Bar(x=ordered["verdi"], y=ordered["navn"], orientation="h")
st.plotly_chart(go.Figure(bars, layout={"height": 900}))
st.pydeck_chart(
    pdk.Deck(
        layers=[
            pdk.Layer(
                "ScatterplotLayer",
                places,
                get_position=["lon", "lat"],
                get_radius=f"innbyggere * {1 + weight / 10} / 20",
                get_fill_color=[200, 30, 0, 160],
                pickable=True,
            )
        ],
        initial_view_state=pdk.ViewState(latitude=63.6, longitude=11.0, zoom=6),
        map_style=None,
    )
)
st.dataframe(places, hide_index=True)
