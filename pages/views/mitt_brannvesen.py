"""Mitt brannvesen: one service next to the region, checked against the regulation; a region
view of all services × rules; a printable one-page profile."""

import datetime as dt

import pandas as pd
import streamlit as st

from brannsam import formatting as fmt
from brannsam.data.services import DEFAULT_STRUCTURE, STRUCTURES, shown_note
from brannsam.documents import profile, report
from brannsam.documents import writers as documents
from brannsam.funding import display
from brannsam.present import charts, maps, tables
from brannsam.risk import compliance, indicators, verdicts
from brannsam.risk import index as risk
from brannsam.ui import data, downloads, funding_state, layout, region_results, results

structures = data.structures().set_index("struktur_id")
STRUCTURE = structures.loc[DEFAULT_STRUCTURE, "navn"]
SHOWN = shown_note(STRUCTURE, STRUCTURES[DEFAULT_STRUCTURE]["aar"])
layout.header(
    "Mitt brannvesen",
    "Ett brannvesen ved siden av regionen, og hvor det står mot brann- og redningsvesenforskriften "
    "(2021). Lenken med ?brannvesen=… åpner rett på ditt brannvesen.",
)

services = data.services(DEFAULT_STRUCTURE)
kommuner = data.municipalities(DEFAULT_STRUCTURE)
stations = data.stations(DEFAULT_STRUCTURE)
values = indicators.wide(data.indicators())
names = kommuner.set_index("kommunenummer")["kommunenavn"]
labels = dict(zip(services["brannvesen_id"], services["navn"], strict=True))
_, matrix, coverage_by_service = region_results.region_checks(DEFAULT_STRUCTURE)
risk_index = risk.ranking(values, risk.DEFAULT_WEIGHTS, names)["indeks"]


def requirements_section(prof: profile.Profile, assessment: pd.DataFrame) -> None:
    """One card per rule: the verdict, the requirement, the figure and where it comes from."""
    st.subheader(f"{prof.name}: forskriftskrav")
    for row in assessment.itertuples():
        colour, icon = verdicts.verdict_mark(row.vurdering)
        with st.container(border=True):
            # Titles, requirements and readings come from regler.csv: escaped like any file's text.
            title = fmt.markdown_text(f"{row.regel_id} {row.tittel}")
            st.markdown(f":{colour}[{icon} **{row.vurdering.upper()}**] · **{title}**")
            st.markdown(f"Krav: {fmt.markdown_text(row.krav)}  \nTall: {fmt.markdown_text(row.verdi)}")
            details = [
                f"Kilde for tallet: {fmt.markdown_text(row.kilde_tall)}" if row.kilde_tall else "",
                f"Referanse: {fmt.markdown_text(row.referanse)}",
                f"Terskelen bygger på: {fmt.markdown_text(row.terskel_grunnlag)}"
                if row.terskel_grunnlag
                else "",
            ]
            if row.estimatet_tilsier:
                details.insert(0, f"Estimatet tilsier: {fmt.markdown_text(row.estimatet_tilsier)}")
            st.caption(" · ".join(d for d in details if d))
            if verdicts.confirmed(row.status):
                st.caption(fmt.markdown_text(row.tolkning))
            else:
                reading = fmt.markdown_text(row.tolkning)
                st.markdown(f":orange-badge[Krav ikke bekreftet mot forskriftstekst] {reading}")


def comparison_section(prof: profile.Profile, choice: str) -> None:
    """The service's municipalities, map and key figures next to the region's."""
    st.subheader("Brannvesenet ved siden av regionen")
    st.markdown(
        f"**{prof.organisation}** · medlemmer: "
        + ", ".join(
            f"[{r.kommunenavn}](min-kommune?kommune={r.kommunenummer}) ({fmt.number(r.innbyggere)})"
            for r in prof.members.itertuples()
        )
    )
    st.caption(SHOWN)
    left, right = st.columns(2)
    with left:
        st.pydeck_chart(maps.service_focus_map(data.map_borders(), kommuner, stations, choice), height=460)
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


def cooperation_section(prof: profile.Profile, assessment: pd.DataFrame) -> None:
    """What the current funding settings mean for the members, and the open requirements a
    regional function could cover."""
    st.subheader("Hva samarbeid ville bety")
    settings = funding_state.current()
    funding_state.warn_link_problem()
    result = results.funding_evaluated(results.priced(settings))
    first = result.table[
        (result.table["aar"] == settings.forste_aar)
        & result.table["kommunenummer"].isin(prof.members["kommunenummer"])
    ]
    st.caption(
        f"Med studiens anbefalte alternativ og gjeldende finansieringsoppsett (siden Finansiering), "
        f"{settings.forste_aar}: bidrag til de felles postene, lokal kostnad de tar over, og netto endring "
        "mot i dag."
    )
    layout.table(
        tables.styled(
            display.consequence_table(
                first, data.funding_inputs().estimated, data.funding_inputs().population_year
            ),
            decimals={"Netto i % av dagens": 1},
            kroner=display.KRONER_COLUMNS,
        ),
        hide_index=True,
        width="stretch",
    )
    outside = prof.members[prof.members["kommunenummer"].isin(settings.uten)]["kommunenavn"]
    if len(outside):
        st.caption(
            "Står utenfor i dette oppsettet (ingen bidrag, ingen endring): "
            f"{fmt.markdown_text(', '.join(outside))}."
        )
    gaps = compliance.gaps(assessment)
    if gaps.empty:
        st.caption("Ingen av kravene som et regionalt samarbeid kunne dekket, står åpne.")
    else:
        st.markdown("**Åpne krav som en regional funksjon kunne dekket:**")
        for gap in gaps.itertuples():
            st.markdown(
                f"- {fmt.markdown_text(f'{gap.regel_id} {gap.tittel}')} ({gap.vurdering}) → "
                f"*{fmt.markdown_text(gap.samarbeidsomrade)}*"
            )


def downloads_section(prof: profile.Profile, assessment: pd.DataFrame, choice: str) -> None:
    downloads.button(
        st,
        "Last ned profilen (utskriftsvennlig HTML)",
        lambda: profile.html_page(prof, assessment, STRUCTURE, fmt.date(dt.date.today())),
        file_name=f"profil-{choice}.html",
        mime="text/html",
        key="mitt_profil",
        on_click="ignore",
    )
    printable = report.service_profile(prof, assessment, STRUCTURE, dt.date.today())
    downloads.button(
        st,
        "Last ned profilen (PDF)",
        lambda: documents.to_pdf(printable),
        file_name=f"profil-{choice}.pdf",
        mime="application/pdf",
        key="mitt_profil_pdf",
        on_click="ignore",
    )


choice = layout.linked_choice(
    "Brannvesen",
    "brannvesen",
    labels,
    "mitt_valg",
    "Velg brannvesen",
    "Fant ikke brannvesenet «{value}». Velg ditt brannvesen i lista under.",
)

if choice:
    prof = profile.service_profile(
        choice,
        services,
        kommuner,
        stations,
        data.staffing(DEFAULT_STRUCTURE),
        data.costs(),
        values,
        risk_index,
        coverage_by_service,
        data.response_limits(),
    )
    assessment = region_results.assessment(choice)
    requirements_section(prof, assessment)
    comparison_section(prof, choice)
    cooperation_section(prof, assessment)
    downloads_section(prof, assessment, choice)
else:
    st.info("Velg et brannvesen for å se profilen. Regionoversikten står under.")
    st.markdown("\n".join(f"- [{name}](?brannvesen={sid})" for sid, name in labels.items()))

st.subheader("Regionen: alle brannvesen mot alle krav")
st.caption(SHOWN)
st.plotly_chart(charts.verdict_heatmap(matrix, profile.VERDICT_COLOUR), width="stretch", key="mitt_heatmap")
st.caption(
    "Grønn = oppfylt, rød = ikke oppfylt, grå = ukjent (mangler data eller bare estimat), "
    "lys grå = ikke relevant."
)
st.dataframe(
    matrix.rename_axis("Brannvesen").reset_index(), hide_index=True, width="stretch", key="mitt_matrise"
)
