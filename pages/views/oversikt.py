"""Oversikt: the region's key figures, map of fire services, services table and milestones."""

import streamlit as st

from brannsam import formatting as fmt
from brannsam.data.services import DEFAULT_STRUCTURE, STUDY_LETTER_SERVICES
from brannsam.documents import writers as documents
from brannsam.funding import scenarios
from brannsam.present import maps, overview, palette, tables
from brannsam.ui import address, data, downloads, layout, results
from brannsam.ui import funding_state as state

structures = data.structures().set_index("struktur_id")
layout.structure_selector(structures)
structure = data.structure()
kommuner = data.municipalities(structure)
services = data.services(structure)
stations = data.stations(DEFAULT_STRUCTURE)
staffing = data.staffing(DEFAULT_STRUCTURE)
costs = data.costs()

layout.header(
    "Brannsamarbeid Trøndelag",
    "Beslutningsstøtte for mulighetsstudien om samarbeid mellom brann- og redningsvesenene i "
    "de 40 kommunene i Midt-Norge 110-området.",
)

st.subheader("Kommuner og brannvesen")
st.caption(f"Viser {fmt.markdown_text(structures.loc[structure, 'navn'])} (se under).")
colours = palette.categorical(list(services["navn"]))
map_col, legend_col = st.columns([3, 1])
with legend_col:
    basemap = st.toggle("Bakgrunnskart", value=False, help="Krever internett; kartet virker uten.")
    layout.colour_legend({name: colours[name] for name in services["navn"]})
with map_col:
    st.pydeck_chart(
        maps.service_map(data.map_borders(), kommuner, stations, colours, basemap=basemap),
        height=560,
    )
layout.source_note("Kartverket kommunegrenser 2024 (CC BY 4.0); DSB brannstasjoner (NLOD)", 2024)

st.info(
    f"**Struktur som vises:** {structures.loc[structure, 'navn']}. "
    f"{structures.loc[structure, 'beskrivelse']} Studiens infoskriv (2024) talte "
    f"{STUDY_LETTER_SERVICES} brannvesen; "
    "ingen av de to listene er studiens egen.",
    icon="ℹ️",
)

layout.key_figures(
    overview.key_figures(kommuner, services, stations, staffing, costs, structures.loc[structure, "navn"])
)

st.subheader("Brannvesenene")
population_year = int(kommuner["innbyggere_aar"].max())
layout.table(
    tables.styled(overview.service_table(services, staffing, population_year)),
    hide_index=True,
    width="stretch",
)
layout.source_note(structures.loc[structure, "kilde"] + "; årsverk: " + staffing["kilde"].iloc[0], 2026, True)

st.subheader("Min kommune")
st.caption("Hver kommunes side med vedlegget til saksframlegget (Word og PDF):")
numbers = dict(zip(kommuner["kommunenummer"], kommuner["kommunenavn"], strict=True))
st.markdown(" · ".join(f"[{name}](min-kommune?kommune={nr})" for nr, name in numbers.items()))

st.subheader("Mulighetsstudien som rapport")
st.caption(
    "Sammendrag, mandat, metode, risikobildet med kart, anbefalte samarbeidsområder, organisering, budsjett, "
    "finansiering og konsekvenser for alle 40 kommunene per år, gjennomføring, risikoer og forutsetningene, "
    "med gjeldende finansieringsoppsett."
)
encoded = scenarios.encode(state.current())
link = address.scenario_link(state.current())
c1, c2 = st.columns(2)
for column, kind, label in ((c1, "docx", "Word"), (c2, "pdf", "PDF")):
    downloads.button(
        column,
        f"Last ned rapporten ({label})",
        # Built when clicked: the report's content takes longer than the rest of the page.
        lambda kind=kind: documents.WRITERS[kind](results.region_report(encoded, link)),
        file_name=f"brannsam-rapport.{kind}",
        key=f"oversikt_rapport_{kind}",
        on_click="ignore",
    )

milestones = data.milestones()
st.subheader(f"Milepæler i studien ({overview.study_span(milestones)})")
for milestone in overview.milestones(milestones):
    st.markdown(f"- **{milestone.when()}** – {fmt.markdown_text(milestone.text)}")
layout.source_note("; ".join(sorted(set(milestones["kilde"]))), overview.study_span(milestones))
