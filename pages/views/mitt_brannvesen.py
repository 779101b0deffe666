"""Mitt brannvesen: one service next to the region, checked against the regulation; a region
view of all services × rules; a printable one-page profile."""

import datetime as dt

import streamlit as st

from brannsam import charts, compliance, coverage, documents, indicators, maps, profile, report, risk, tables
from brannsam import formatting as fmt
from brannsam.funding import display, scenarios
from brannsam.services import STRUCTURES
from brannsam.ui import data, db, funding_state, layout

STRUCTURE = STRUCTURES["dsb"]["navn"]
layout.header(
    "Mitt brannvesen",
    "Ett brannvesen ved siden av regionen, og hvor det står mot brann- og redningsvesenforskriften "
    "(2021). Lenken med ?brannvesen=… åpner rett på ditt brannvesen.",
)

services = data.get("services", "dsb")
kommuner = data.get("municipalities", "dsb")
stations = data.get("stations", "dsb")
staffing = data.get("staffing", "dsb")
costs = data.get("costs")
rules = data.get("rules")
long = data.get("indicators")
points = data.get("population_points")
settlements = data.get("settlements")
values = indicators.wide(long)
names = kommuner.set_index("kommunenummer")["kommunenavn"]
labels = dict(zip(services["brannvesen_id"], services["navn"], strict=True))


@st.cache_data(max_entries=4, show_spinner="Vurderer forskriftskravene …")
def region_checks(token: str):
    ctx = compliance.Context.build(kommuner, settlements, points, stations, staffing)
    matrix = compliance.assess_all(ctx, rules, services)
    per_service = coverage.summary(
        ctx.points, ctx.points["minutter"].to_numpy(), kommuner.set_index("kommunenummer")["brannvesen"]
    )
    return ctx, matrix, per_service


ctx, matrix, coverage_by_service = region_checks(db.token())
risk_index = risk.ranking(values, risk.DEFAULT_WEIGHTS, names)["indeks"]

choice = layout.linked_choice(
    "Brannvesen",
    "brannvesen",
    labels,
    "mitt_valg",
    "Velg brannvesen",
    "Fant ikke brannvesenet «{value}». Velg ditt brannvesen i lista under.",
)

if choice:
    prof = profile.build(
        choice, services, kommuner, stations, staffing, costs, values, risk_index, coverage_by_service
    )
    assessment = compliance.assess(ctx, rules, choice)
    st.subheader(f"{prof.name}: forskriftskrav")
    for row in assessment.itertuples():
        colour = {"oppfylt": "green", "ikke oppfylt": "red", "ukjent": "gray"}.get(row.vurdering, "gray")
        icon = {"oppfylt": "●", "ikke oppfylt": "●", "ukjent": "○"}.get(row.vurdering, "–")
        with st.container(border=True):
            st.markdown(f":{colour}[{icon} **{row.vurdering.upper()}**] · **{row.regel_id} {row.tittel}**")
            st.markdown(f"Krav: {row.krav}  \nTall: {fmt.markdown_text(row.verdi)}")
            details = [
                f"Kilde for tallet: {fmt.markdown_text(row.kilde_tall)}" if row.kilde_tall else "",
                f"Referanse: {row.referanse}",
            ]
            if row.estimatet_tilsier:
                details.insert(0, f"Estimatet tilsier: {fmt.markdown_text(row.estimatet_tilsier)}")
            st.caption(" · ".join(d for d in details if d))
            if row.status != "C":
                st.markdown(f":orange-badge[Krav ikke bekreftet mot forskriftstekst] {row.tolkning}")
            else:
                st.caption(row.tolkning)

    st.subheader("Brannvesenet ved siden av regionen")
    st.markdown(
        f"**{prof.organisation}** · medlemmer: "
        + ", ".join(
            f"[{r.kommunenavn}](min-kommune?kommune={r.kommunenummer}) ({fmt.number(r.innbyggere)})"
            for r in prof.members.itertuples()
        )
    )
    st.caption(f"Viser {STRUCTURE}, uttrekk {STRUCTURES['dsb']['aar']}. Studiens infoskriv (2024) talte 18.")
    left, right = st.columns(2)
    with left:
        st.pydeck_chart(maps.service_focus_map(data.get("borders"), kommuner, stations, choice), height=460)
        layout.source_note("Kartverket 2024; DSB brannstasjonsregister (NLOD)", 2026)
    with right:
        st.dataframe(
            prof.figures.drop(columns=["Kilde"]),
            hide_index=True,
            width="stretch",
            column_config={
                "Estimat": st.column_config.TextColumn(help="ja = estimat, ikke oppgitt av brannvesenet")
            },
        )
        if (prof.figures["Estimat"] == "ja").any():
            st.markdown(layout.ESTIMATE_BADGE + " Rader med «ja» er estimater, se kildene under.")
        with st.expander("Kilder for nøkkeltallene"):
            st.dataframe(prof.figures[["Nøkkeltall", "Kilde"]], hide_index=True, width="stretch")

    st.subheader("Hva samarbeid ville bety")
    settings = funding_state.current()
    result, _, _ = data.funding_evaluated(scenarios.encode(settings))
    first = result.table[
        (result.table["aar"] == settings.forste_aar)
        & result.table["kommunenummer"].isin(prof.members["kommunenummer"])
    ]
    st.caption(
        f"Med gjeldende finansieringsoppsett (fra siden Finansiering), {settings.forste_aar}: bidrag til de "
        "felles postene, lokal kostnad de tar over, og netto endring mot i dag."
    )
    st.dataframe(
        tables.styled(
            display.consequence_table(first, data.funding_inputs().estimated),
            decimals={"Netto i % av dagens": 1},
            kroner=display.KRONER_COLUMNS,
        ),
        hide_index=True,
        width="stretch",
    )
    gaps = compliance.gaps(assessment)
    if gaps.empty:
        st.caption("Ingen av kravene som et regionalt samarbeid kunne dekket, står åpne.")
    else:
        st.markdown("**Åpne krav som en regional funksjon kunne dekket:**")
        for gap in gaps.itertuples():
            st.markdown(f"- {gap.regel_id} {gap.tittel} ({gap.vurdering}) → *{gap.samarbeidsomrade}*")

    st.download_button(
        "Last ned profilen (utskriftsvennlig HTML)",
        lambda: profile.html_page(
            prof,
            assessment,
            STRUCTURE,
            fmt.date(dt.date.today()),
        ),
        file_name=f"profil-{choice}.html",
        mime="text/html",
        key="mitt_profil",
        on_click="ignore",
    )
    printable = report.service_profile(prof, assessment, STRUCTURE, dt.date.today())
    st.download_button(
        "Last ned profilen (PDF)",
        lambda: documents.to_pdf(printable),
        file_name=f"profil-{choice}.pdf",
        mime="application/pdf",
        key="mitt_profil_pdf",
        on_click="ignore",
    )
else:
    st.info("Velg et brannvesen for å se profilen. Regionoversikten står under.")
    st.markdown("\n".join(f"- [{name}](?brannvesen={sid})" for sid, name in labels.items()))

st.subheader("Regionen: alle brannvesen mot alle krav")
st.caption(f"Viser {STRUCTURE}, uttrekk {STRUCTURES['dsb']['aar']}. Studiens infoskriv (2024) talte 18.")
st.plotly_chart(charts.verdict_heatmap(matrix, profile.VERDICT_COLOUR), width="stretch", key="mitt_heatmap")
st.caption(
    "Grønn = oppfylt, rød = ikke oppfylt, grå = ukjent (mangler data eller bare estimat), "
    "lys grå = ikke relevant."
)
st.dataframe(
    matrix.rename_axis("Brannvesen").reset_index(), hide_index=True, width="stretch", key="mitt_matrise"
)
