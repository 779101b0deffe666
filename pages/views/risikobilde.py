"""Risikobilde: risk indicators, a weighted index, response-time coverage with what-if."""

import streamlit as st

from brannsam import formatting as fmt
from brannsam import scoring
from brannsam.data.services import DEFAULT_STRUCTURE
from brannsam.present import charts, export, maps, palette, tables
from brannsam.risk import coverage, indicators
from brannsam.risk import index as risk
from brannsam.ui import data, downloads, errors, layout, region_results

layout.header(
    "Regionalt risikobilde",
    "Risikoindikatorer per kommune, en vektet risikoindeks og estimert responstid fra nærmeste "
    "brannstasjon, uansett kommunegrense.",
)

long = data.indicators()
kommuner = data.municipalities(DEFAULT_STRUCTURE).set_index("kommunenummer")
names = kommuner["kommunenavn"]
stations = data.stations(DEFAULT_STRUCTURE)
points = data.population_points()
borders = data.map_borders()

DEFAULT = coverage.Assumptions()
# The map and the index come first on the screen; the what-if controls they depend on are drawn
# further down, so they fill these boxes once their inputs are read.
index_box = st.container()
coverage_box = st.container()

# --- Response-time what-if: a full rerun, since the index uses the coverage too -------------
with st.expander("Responstid: forutsetninger og hva-om", expanded=False):
    st.caption(
        "Estimat, ikke en veinettsanalyse: strekningen over land (aldri over en fjord; ferjer med overfart "
        "og ventetid, bruer og smale eid der kommunegrensene er forenklet) × omveisfaktor ÷ fart, pluss "
        "utrykningstid og tid til innsats. Alle tallene er antakelser (lokale verdier er ukjent): "
        "juster dem her."
    )
    c1, c2, c3, c4, c5 = st.columns(5)
    start = DEFAULT.controls()
    assumptions = coverage.Assumptions.from_controls(
        speed_kmh=c1.slider("Fart (km/t)", 30, 90, start["speed_kmh"], 5, key="risiko_fart"),
        detour_pct=c2.slider(
            "Omvei (% av strekningen over land)", 100, 200, start["detour_pct"], 5, key="risiko_omvei"
        ),
        turnout_kasernert_s=c3.slider(
            "Utrykning kasernert (sek)", 0, 300, start["turnout_kasernert_s"], 15, key="risiko_kas"
        ),
        turnout_deltid_min=c4.slider(
            "Utrykning deltid (min)", 1, 15, start["turnout_deltid_min"], 1, key="risiko_deltid"
        ),
        work_at_scene_s=c5.slider(
            "Til innsats (sek)", 0, 300, start["work_at_scene_s"], 15, key="risiko_innsats"
        ),
    )
    placed = stations.dropna(subset=["lat", "lon"])
    labels = coverage.station_labels(placed)
    off = st.multiselect(
        "Slå av stasjoner (hva om de ikke fantes?)",
        options=list(labels),
        format_func=labels.get,
        key="risiko_av",
    )
    m1, m2 = st.columns(2)
    movable = [s for s in labels if s not in off]
    moving = m1.selectbox(
        "Flytt en stasjon (hva om den lå et annet sted?)",
        movable,
        index=None,
        format_func=labels.get,
        placeholder="Ingen flyttes",
        key="risiko_flytt",
    )
    places = data.settlements().set_index("tettsted_id")
    place_labels = coverage.place_labels(places)
    target = m2.selectbox(
        "… til tettstedet",
        sorted(place_labels, key=place_labels.get),
        index=None,
        format_func=place_labels.get,
        placeholder="Velg tettsted",
        disabled=moving is None,
        key="risiko_flytt_til",
    )
    missing = len(stations) - len(placed)
    st.caption(f"{missing} stasjoner uten koordinater (se Data) er ikke med i beregningen.")

moved = None
if moving is not None and target is not None:
    moved = (moving, places.at[target, "lat"], places.at[target, "lon"])
limits = data.response_limits()
scenario = region_results.what_if(assumptions, off, moved)
if scenario.moved_km is not None:
    st.info(
        f"Hva-om: {labels[moving]} er flyttet til {place_labels[target]}, "
        f"{fmt.number(scenario.moved_km, 1)} km i luftlinje. Kart, indeks og dekning over regner med den "
        "nye plasseringen."
    )
active, minutes = scenario.active, scenario.minutes
values = indicators.with_coverage(indicators.wide(long), scenario.shares)

coverage_box.subheader(
    "Dekning: innbyggere innen " + " og ".join(f"{fmt.plain(m)}" for m in limits.values()) + " minutter"
)
with coverage_box:
    cols = st.columns(len(limits))
    for col, (key, limit) in zip(cols, limits.items(), strict=True):
        col.metric(
            f"Innen {fmt.plain(limit)} min ({coverage.CLASSES[key]})",
            coverage.band_text(scenario.spread.loc[key]),
            delta=f"{fmt.number(scenario.gained_within(key))} innbyggere" if scenario.changed else None,
            delta_color="normal",
            help=f"Beste anslag {fmt.percent(scenario.share_within(key))}. {coverage.BAND_NOTE}",
        )
    st.caption(coverage.BAND_NOTE)
    layout.source_note(f"Dekningsmodell: {assumptions.describe()}; {coverage.GRID_SOURCE}", 2024, True)
    st.markdown("**Per brannvesen** (spenn som over)")
    per_service = coverage.service_bands(points, minutes, kommuner["brannvesen"], limits)
    layout.table(
        tables.styled(per_service), hide_index=True, width="stretch", key="risiko_dekning_brannvesen"
    )


def weights_section() -> dict[str, int]:
    st.caption("Vekt hver indikator; vektene vises omregnet til prosent. Høyere verdi = høyere risiko.")
    cols = st.columns(4)
    return {
        name: cols[i % 4].slider(
            label, 0, 10, round(risk.DEFAULT_WEIGHTS.get(name, 0)), 1, key=f"risiko_vekt_{name}"
        )
        for i, (name, (label, _)) in enumerate(indicators.INDICATORS.items())
    }


def map_section(table, map_box) -> None:
    """The municipalities coloured by the index or one indicator; a click picks the municipality
    compared below."""
    map_col, side = map_box.columns([3, 2])
    with side:
        choices = {"indeks": "Risikoindeks", **{k: v[0] for k, v in indicators.INDICATORS.items()}}
        colour_by = st.selectbox("Farge etter", list(choices), format_func=choices.get, key="risiko_farge")
        show_stations = st.toggle("Brannstasjoner", value=True, key="risiko_vis_stasjoner")
        show_coverage = st.toggle("Responstid (rutenett)", value=False, key="risiko_vis_dekning")
        show_tunnels = st.toggle("Lange og undersjøiske tunneler", value=True, key="risiko_vis_tunneler")
        basemap = st.toggle("Bakgrunnskart (krever internett)", value=False, key="risiko_bakgrunn")
    shade = risk.shading(table, values, colour_by)
    layers = []
    if show_coverage:
        layers.append(maps.coverage_layer(points, minutes, coverage.CELL_KM))
    if show_stations:
        layers.append(maps.station_layer(active))
        layers.append(maps.neighbour_layer(data.neighbour_stations()))
    if show_tunnels:
        layers.append(maps.tunnel_layer(data.tunnels()))
    with map_col:
        event = st.pydeck_chart(
            maps.value_map(borders, names, shade.scaled, shade.text, layers, basemap),
            height=560,
            on_select="rerun",
            selection_mode="single-object",
            key="risiko_kart",
        )
    with side:
        st.html(maps.gradient_legend(shade.low, shade.high, choices[colour_by]))
        if show_stations:
            stations_key = [(c, k) for k, c in palette.STATION.items()]
            st.html(maps.swatch_legend([*stations_key, (maps.NEIGHBOUR_HEX, maps.NEIGHBOUR_LABEL)]))
        if show_coverage:
            st.html(maps.swatch_legend([(c, label) for _, c, label in maps.COVERAGE_BANDS]))
        if show_tunnels:
            st.html(maps.swatch_legend([(maps.TUNNEL_HEX, "Tunnel ≥ 3 km eller undersjøisk (NVDB)")]))
    picked = (event.selection.objects or {}).get("kommuner", []) if event else []
    if picked and picked[0].get("properties", {}).get("kommunenummer"):
        st.session_state["risiko_kommune"] = picked[0]["properties"]["kommunenummer"]


def median_section(table) -> None:
    st.markdown("**Kommune mot regionens median** (velg i lista eller klikk i kartet)")
    kommune = st.selectbox("Kommune", list(table.index), format_func=names.get, key="risiko_kommune")
    row = table.loc[kommune]
    st.markdown(
        f"**{row['kommunenavn']}**: rang {row['rang']} av {len(table)}, "
        f"indeks {fmt.number(row['indeks'], 1)} ({row['klasse']}) · "
        f"[Min kommune: {row['kommunenavn']}](min-kommune?kommune={kommune})"
    )
    layout.table(
        tables.styled(
            risk.compare_to_median(values, kommune), decimals={"Kommunen": 2, "Regionens median": 2}
        ),
        hide_index=True,
        width="stretch",
    )


def tables_section(table, weights: dict[str, float]) -> None:
    st.subheader("Tabeller og nedlasting")
    ranking = risk.ranking_table(table, region_results.rank_ranges(values, weights))
    indicator_table = indicators.labelled(values, names)
    sources = indicators.sources_table(long)
    tab = st.segmented_control(
        "Vis", ["Rangering", "Indikatorer", "Kilder"], default="Rangering", key="risiko_tabell"
    )
    shown_table = {"Rangering": ranking, "Indikatorer": indicator_table, "Kilder": sources}.get(tab, ranking)
    layout.table(tables.styled(shown_table), hide_index=True, width="stretch")
    st.caption(
        "«Rang med vektene ½–2×»: beste og dårligste plass når hver vekt i bruk flyttes fritt mellom halv og "
        "dobbel verdi (400 trekk). Et stort spenn betyr at plassen avhenger mer av vektene enn av tallene."
    )
    d1, d2 = st.columns(2)
    downloads.button(
        d1,
        "Last ned Excel",
        lambda: export.to_excel(
            {"Rangering": ranking, "Indikatorer": indicator_table, "Kilder": sources},
            notes=[
                risk.formula_text(weights),
                f"Dekningsmodell: {assumptions.describe()}",
                coverage.GRID_SOURCE,
            ],
        ),
        file_name="risikobilde.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="risiko_excel",
        on_click="ignore",
    )
    downloads.button(
        d2,
        "Last ned CSV",
        lambda: export.to_csv(ranking.merge(indicator_table, on=["Kommunenummer", "Kommune"])),
        file_name="risikobilde.csv",
        mime="text/csv",
        key="risiko_csv",
        on_click="ignore",
    )


@st.fragment
def index_section() -> None:
    """The weights rerun only this fragment: map, bars, comparison and tables follow them."""
    st.subheader("Risikoindeks")
    map_box = st.container()
    weights = weights_section()
    try:
        table = risk.ranking(values, weights, names)
    except scoring.WeightError as err:
        errors.say(err)
        return
    shares_w = risk.normalised_weights(weights)
    st.caption(
        "Vekter: "
        + ", ".join(
            f"{indicators.INDICATORS[k][0]} {fmt.percent(v, 0)}" for k, v in shares_w.items() if v > 0
        )
    )
    map_section(table, map_box)
    st.caption(risk.formula_text(weights))
    st.caption(risk.WEIGHTS_REASON)
    with st.popover("Hva hver indikator måler (proxy, faktisk eller modell)"):
        about = risk.about_table(weights, long.groupby("indikator")["estimert"].any())
        st.dataframe(about, hide_index=True, width="stretch", key="risiko_om_indikatorene")
        st.caption(risk.NOT_INDICATORS)
    labels = {k: v[0] for k, v in indicators.INDICATORS.items()}
    st.plotly_chart(charts.contribution_bars(table, labels), width="stretch")
    st.html(maps.swatch_legend(charts.contribution_key(table, labels), inline=True))
    layout.source_note("Risikoindikatorer, se tabellen «Kilder» under", "2017–2024", True)
    median_section(table)
    tables_section(table, weights)


with index_box:
    index_section()
