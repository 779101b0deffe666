"""Samarbeid: which cooperation areas pay off. Assessors score areas 1–5 per criterion; the
median across assessors is weighted into a ranking, and its sensitivity to the weights shown."""

import streamlit as st

from brannsam import formatting as fmt
from brannsam import scoring
from brannsam.cooperation import model as cooperation
from brannsam.cooperation import store as cooperation_store
from brannsam.present import charts, export, maps, tables
from brannsam.ui import data, db, downloads, errors, layout, region_results

layout.header(
    "Samarbeidsområder",
    "Hvilke områder er det fornuftig og rasjonelt å samarbeide om? Hver brannsjef eller arbeidsgruppe "
    "gir poeng 1–5 per kriterium; Brannsam viser medianen, hvor enige dere er, og hvor robust "
    "rangeringen er.",
)

areas = data.cooperation_areas()
names = dict(zip(areas["omrade_id"], areas["navn"], strict=True))
scores = data.cooperation_scores()
gains = data.cooperation_gains()

# The ranking comes first on the screen; the scoring grid it depends on is drawn below.
ranking_box = st.container()

st.subheader("Vurdering")
assessors = cooperation.shown_assessors(scores)
c1, c2 = st.columns([1, 2])
picked = c1.selectbox("Vurderer", ["Ny vurderer …", *assessors], key="samarbeid_vurderer")
assessor = c2.text_input("Navn på ny vurderer", key="samarbeid_ny") if picked == "Ny vurderer …" else picked
if assessor in cooperation.hidden_assessors(scores):
    st.warning(
        f"«{fmt.markdown_text(assessor)}» er en deltaker i en anonym verkstedrunde: svarene teller i "
        "medianen, men vises ikke én for én. Skriv et annet navn for en ny vurderer."
    )
    assessor = ""
grid = cooperation.assessor_table(scores, gains, assessor or "", list(names))
imported = data.imported_assessors().set_index("vurderer")
if assessor in imported.index:
    source = imported.loc[assessor]
    origin = (
        f"kommer fra {fmt.markdown_text(source['kilde'])}. Endre dem i verkstedet"
        if str(source["kilde"]).startswith("verksted")
        else f"er importert fra fil ({fmt.markdown_text(source['kilde'])}). Endre dem med en ny import "
        "på siden Data"
    )
    st.info(
        f"Poengene til «{fmt.markdown_text(assessor)}» {origin}."
        + (
            " Poengene som ble lagt inn her under samme navn, er skjult så lenge importen gjelder, og "
            "kommer tilbake om den angres."
            if source["skjuler_appens"]
            else ""
        )
    )
    whole = dict.fromkeys([*cooperation.CRITERIA.values(), cooperation.EDITOR_GAIN], 0)
    layout.table(
        tables.styled(cooperation.to_editor(grid, names), decimals=whole),
        width="stretch",
        key="samarbeid_importert",
    )
    submitted = False
else:
    with st.form("samarbeid_skjema"):
        edited = st.data_editor(
            cooperation.to_editor(grid, names),
            width="stretch",
            key=f"samarbeid_editor_{assessor}",
            placeholder=fmt.MISSING,
            column_config={
                **{
                    label: st.column_config.NumberColumn(min_value=1, max_value=5, step=1, format="%d")
                    for label in cooperation.CRITERIA.values()
                },
                cooperation.EDITOR_GAIN: st.column_config.NumberColumn(
                    min_value=0, step=10_000, format="localized"
                ),
            },
        )
        overwrite = st.checkbox(
            "Overskriv poeng som er lagret under dette navnet (de gamle tas vare på)",
            value=False,
            key="samarbeid_overskriv",
        )
        submitted = st.form_submit_button("Lagre vurderingen")
if submitted:
    try:
        with errors.shown("Lagringen") as held, db.writing() as writer:
            stored = cooperation_store.save(
                writer, assessor or "", cooperation.from_editor(edited, names), names, overwrite=overwrite
            )
        if held.ok:  # said only once the write is in the file a restart opens
            st.success(f"Lagret {stored} poeng for «{fmt.markdown_text(assessor)}».")
        scores = data.cooperation_scores()
        gains = data.cooperation_gains()
    except cooperation.ScoreError as err:
        errors.say_all(err.problems, "Vurderingen er ikke lagret. Rett opp:")

with st.expander("Katalog over samarbeidsområder", expanded=False):
    st.dataframe(
        areas[["navn", "beskrivelse", "samarbeid_i_dag"]].rename(
            columns={"navn": "Område", "beskrivelse": "Beskrivelse", "samarbeid_i_dag": "Samarbeid i dag"}
        ),
        hide_index=True,
        width="stretch",
    )
    layout.source_note("Kildene står ved hvert område (siden Organisering og områdetabellen)", 2024)

median, spread, count = cooperation.combine(scores, list(names))
if scores.empty:
    with ranking_box:
        st.info(
            "Ingen vurderinger er lagret ennå. Start en verkstedrunde der brannsjefene gir poeng fra "
            "mobilen, fyll inn tabellen under, eller last inn et eksempelsett for å se hvordan siden virker."
        )
        start, example = st.columns(2)
        start.page_link(
            "pages/views/verksted.py",
            label="Start en verkstedrunde",
            icon=":material/groups:",
            query_params={"visning": "ordstyrer"},
        )
        if example.button("Last inn eksempelsett (ikke reelle vurderinger)", key="samarbeid_eksempel"):
            with errors.shown("Eksempelsettet") as loaded, db.writing() as writer:
                cooperation_store.save(
                    writer, cooperation.EXAMPLE_ASSESSOR, cooperation.example_grid(list(names)), names
                )
            if loaded.ok:
                st.rerun()
    st.stop()
if cooperation.EXAMPLE_ASSESSOR in set(scores["vurderer"]):
    with ranking_box:
        st.warning(
            f"«{cooperation.EXAMPLE_ASSESSOR}» er med i tallene under. Fjern eksempelsettet før dere bruker "
            "rangeringen."
        )
        if st.button("Fjern eksempelsettet", key="samarbeid_fjern_eksempel"):
            with errors.shown("Fjerningen") as removed, db.writing() as writer:
                cooperation_store.remove_assessor(writer, cooperation.EXAMPLE_ASSESSOR)
            if removed.ok:
                st.rerun()

st.subheader("Samlet: median og enighet")
st.caption(
    f"{scores['vurderer'].nunique()} vurderer(e). Spredning = høyeste minus laveste poeng; "
    "0 betyr at alle er enige. Kilder: "
    + "; ".join(fmt.markdown_text(k) for k in sorted(scores["kilde"].unique()))
    + "."
)
agree = spread.rename(index=names, columns=cooperation.CRITERIA)
layout.table(
    tables.styled(
        agree.rename_axis("Område").reset_index(), decimals=dict.fromkeys(cooperation.CRITERIA.values(), 0)
    ),
    hide_index=True,
    width="stretch",
)


@st.fragment
def ranking_section() -> None:
    st.subheader("Rangering")
    chart_box = st.container()
    cols = st.columns(4)
    weights = {
        c: cols[i % 4].slider(label, 0, 5, 1, 1, key=f"samarbeid_vekt_{c}")
        for i, (c, label) in enumerate(cooperation.CRITERIA.items())
    }
    try:
        table = cooperation.ranking(median, weights, names)
    except scoring.WeightError as err:
        errors.say(err)
        return
    parts = table.rename(columns={"navn": "kommunenavn", "poeng": "indeks"})
    chart_box.plotly_chart(
        charts.contribution_bars(parts, cooperation.CRITERIA, "poeng", axis_title="Vektet medianpoeng (1–5)"),
        width="stretch",
        key="samarbeid_rangering",
    )
    chart_box.html(maps.swatch_legend(charts.contribution_key(parts, cooperation.CRITERIA), inline=True))
    share = cooperation.normalised(weights)
    st.caption(
        "Vekter: "
        + ", ".join(f"{cooperation.CRITERIA[c]} {fmt.percent(w, 0)}" for c, w in share.items() if w)
    )

    st.markdown(
        f"**Hvor robust er rangeringen?** {fmt.number(cooperation.DRAWS)} vektsett trukket rundt de valgte "
        "vektene (Dirichlet)."
    )
    sens_table = cooperation.sensitivity_table(region_results.sensitivity(median, weights), names)
    layout.table(tables.styled(sens_table), hide_index=True, width="stretch")
    if len(table) >= 2:
        first, second = table.index[:2]
        swaps = cooperation.swap_weight(median, weights, first, second)
        if swaps.empty:
            st.caption(
                f"«{names[second]}» skårer ikke høyere enn «{names[first]}» på noe kriterium: "
                "ingen vekt bytter dem."
            )
        else:
            best = swaps.iloc[0]
            st.caption(
                f"«{names[second]}» går forbi «{names[first]}» hvis vekten på "
                f"{best['navn'].lower()} øker fra "
                f"{fmt.percent(best['vekt_na'], 0)} til {fmt.percent(best['vekt_ved_bytte'], 0)} "
                "(de andre vektene uendret)."
            )
    downloads.button(
        st,
        "Last ned vurderingene (Excel)",
        lambda: export.to_excel(
            cooperation.export_sheets(scores, weights, table, sens_table, names),
            notes=["Median per område og kriterium over alle vurderere; rangering = vektet median."],
        ),
        file_name="samarbeidsomrader.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="samarbeid_excel",
        on_click="ignore",
    )


with ranking_box:
    ranking_section()
    # Independent of the weights, so outside the fragment: a slider does not redraw it.
    st.markdown("**Verdi mot gjennomførbarhet** (boblestørrelse = forventet gevinst der den er oppgitt)")
    st.plotly_chart(
        charts.value_feasibility_matrix(cooperation.value_feasibility(median, gains, names)),
        width="stretch",
        key="samarbeid_matrise",
    )
