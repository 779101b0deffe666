"""Oversikt: the region's key figures, map of fire services, services table and milestones."""

import streamlit as st

from brannsam import maps, overview, palette, tables
from brannsam.ui import data, layout

structures = data.get("structures").set_index("struktur_id")
data.structure_selector(structures)
structure = data.structure()
kommuner = data.get("municipalities", structure)
services = data.get("services", structure)
stations = data.get("stations", "dsb")
staffing = data.get("staffing", "dsb")
costs = data.get("costs")

layout.header(
    "Brannsamarbeid Trøndelag",
    "Beslutningsstøtte for mulighetsstudien om samarbeid mellom brann- og redningsvesenene i "
    "de 40 kommunene i Midt-Norge 110-området.",
)

st.info(
    f"**Struktur som vises:** {structures.loc[structure, 'navn']}. "
    f"{structures.loc[structure, 'beskrivelse']} Studiens infoskriv (2024) talte 18 brannvesen; "
    "ingen av de to listene er studiens egen.",
    icon="ℹ️",
)

layout.key_figures(
    overview.key_figures(kommuner, services, stations, staffing, costs, structures.loc[structure, "navn"])
)

st.subheader("Kommuner og brannvesen")
colours = palette.categorical(list(services["navn"]))
map_col, legend_col = st.columns([3, 1])
with legend_col:
    basemap = st.toggle("Bakgrunnskart", value=False, help="Krever internett; kartet virker uten.")
    for name in services["navn"]:
        st.markdown(
            f"<span style='color:{colours[name]};font-size:1.3em'>■</span> {name}",
            unsafe_allow_html=True,
        )
with map_col:
    st.pydeck_chart(
        maps.service_map(data.get("borders"), kommuner, stations, colours, basemap=basemap),
        height=560,
    )
layout.source_note("Kartverket kommunegrenser 2024 (CC BY 4.0); DSB brannstasjoner (NLOD)", 2024)

st.subheader("Brannvesenene")
st.dataframe(tables.styled(overview.service_table(services, staffing)), hide_index=True, width="stretch")
layout.source_note(structures.loc[structure, "kilde"] + "; årsverk: " + staffing["kilde"].iloc[0], 2026, True)

st.subheader("Milepæler i studien (2024)")
for milestone in overview.MILESTONES:
    st.markdown(f"- **{milestone.when()}** – {milestone.text}")
