"""Alternativer: the zero alternative and the ways of cooperating side by side, what each costs
and buys, the non-priced effects, and which one ranks first."""

import dataclasses

import streamlit as st

from brannsam import formatting as fmt
from brannsam.alternatives import analysis, catalogue, display, recommendation
from brannsam.funding import allocation, consequences, options
from brannsam.funding.settings import ScenarioError, Settings
from brannsam.present import export, tables
from brannsam.ui import alternatives_inputs as inputs_ui
from brannsam.ui import data, downloads, errors, layout, option_editors, results
from brannsam.ui import funding_state as state

layout.header(
    "Alternativer",
    "Nullalternativet (dagens ordning) og fire måter å samarbeide på, side om side: hva hvert koster mot "
    "dagens ordning, hva det gir av årsverk, vaktordninger og oppfylte krav, hvordan det scorer på de "
    "ikke-prissatte virkningene, og hvilket studien anbefaler. Budsjettet, vedleggene og forslagene til "
    "vedtak regner med det anbefalte. Metoden følger DFØs veileder i samfunnsøkonomiske analyser.",
)

settings = state.current()
state.warn_link_problem()
names = dict(zip(data.services()["brannvesen_id"], data.services()["navn"], strict=True))
stations = sorted(data.stations()["navn"].dropna().unique())


def checked(updated: Settings, current: Settings) -> Settings:
    """Edited settings checked as a link is checked; kept (URL included) when they pass."""
    if updated == current:
        return current
    try:
        good = Settings.from_dict(updated.to_dict())
    except ScenarioError as err:
        errors.say(err, "Endringen er ikke brukt, rett opp: ")
        return current
    state.store(good)
    return good


@st.fragment
def comparison_section() -> None:
    current = state.current()
    opts, where = results.current_options(current)
    labels = {o["id"]: f"{o['id']} {o['navn']}" for o in opts}
    summary = st.container()
    with st.expander("Forutsetninger for sammenligningen"):
        changed = inputs_ui.assumptions(current)
        st.markdown(
            "**Ikke-prissatte virkninger** (rediger tallene; gjennomføringsrisiko vises, men telles ikke med "
            "i poengsummen)"
        )
        scores = inputs_ui.nonpriced(opts)
    st.subheader("Hva hvert alternativ gir")
    picked = st.segmented_control(
        "Alternativ", list(labels), format_func=lambda i: plain_label(labels[i]), key="alt_valgt"
    )
    body, editing = st.container(), st.container()
    rescored = [o["id"] for o in opts if scores[o["id"]] != o["ikke_prissatt"]]
    edited_opts = list(opts)
    if rescored:
        with summary:
            record = inputs_ui.assessment_record(rescored)
        if record is not None:
            edited_opts = [
                options.assessed(o, scores[o["id"]], record) if o["id"] in rescored else o for o in opts
            ]
    if picked and picked != options.ZERO:
        option = next(o for o in edited_opts if o["id"] == picked)
        with editing.expander(
            f"Rediger {fmt.markdown_text(labels[picked])}: poster, engangskostnader og soner"
        ):
            st.caption(option_editors.zone_caption(option))
            new = options.edited(
                option,
                option_editors.lines(option),
                option_editors.one_offs(option),
                option_editors.zones(option, stations),
            )
        edited_opts = [new if o["id"] == picked else o for o in edited_opts]
    updated = dataclasses.replace(current, **changed)
    if edited_opts != opts:
        updated = dataclasses.replace(updated, alternativer=edited_opts)
    current = checked(updated, current)
    opts, where = results.current_options(current)
    try:
        comparison = results.alternatives_compared(current)
    except (consequences.ConsequenceError, allocation.FundingKeyError, ScenarioError) as err:
        errors.say(err)
        return
    ranking = analysis.rank(comparison, current.kr_per_poeng)
    with summary:
        st.subheader("Anbefaling")
        current = checked(
            dataclasses.replace(current, **inputs_ui.recommendation(current, opts, ranking.first)), current
        )
        show_summary(current, comparison, ranking, where)
    with body:
        show_details(comparison, opts, labels, picked or ranking.first)


def plain_label(text: str) -> str:
    """An alternative's name as a widget label: Streamlit renders labels as markdown."""
    return fmt.markdown_text(text)


def show_summary(current, comparison: analysis.Comparison, ranking: analysis.Ranking, where: dict) -> None:
    try:
        chosen = results.package(current)
    except ScenarioError as err:
        errors.say(err)
        return
    priced = dataclasses.replace(current, valgt=chosen.option["id"])
    text = recommendation.paragraphs(ranking, comparison, priced)
    st.info("\n\n".join(fmt.markdown_text(p) for p in text[:3]))
    st.markdown("**Byttepunkter** (hva de ikke-prissatte virkningene må være verdt per år)")
    st.dataframe(display.switching_table(ranking, chosen.option["id"]), hide_index=True, width="stretch")
    for paragraph in text[3:]:
        st.markdown(fmt.markdown_text(paragraph))
    st.subheader("Side om side")
    st.dataframe(
        display.side_by_side_view(ranking, current.analyseperiode, chosen.option["id"]),
        hide_index=True,
        width="stretch",
        row_height=32,
    )
    shown = display.side_by_side(ranking)
    layout.source_note(
        "Dagens kostnad og bemanning er estimater (siden Data); budsjettpostene er antakelser; netto er "
        "bidrag minus lokal kostnad postene tar over; kostnad per år er nåverdien over analyseperioden "
        "fordelt på årene",
        f"{current.forste_aar}–{current.forste_aar + current.analyseperiode - 1}",
        comparison.estimated,
    )
    st.markdown("**Ikke-prissatte virkninger** (pluss-minus-metoden, −4 … +4 mot nullalternativet)")
    st.dataframe(display.nonpriced_table(ranking, comparison), hide_index=True, width="stretch")
    st.caption(
        "Grunnlag: "
        + fmt.markdown_text(display.effect_sources(where))
        + ". Skalaen (betydning × omfang til konsekvens, ni trinn) er slik den brukes i norske "
        "konsekvensutredninger; sjekk DFØs kapittel om ikke-prissatte virkninger før den siteres som DFØs."
    )
    with st.expander(f"Sekundær visning: rangering med {fmt.kroner(current.kr_per_poeng)} per poeng"):
        st.plotly_chart(display.chart(ranking, current.kr_per_poeng), width="stretch", key="alt_diagram")
    years = display.year_table(comparison)
    with st.expander("Netto per år for hvert alternativ"):
        layout.table(
            tables.styled(years.astype({"År": str}), kroner=display.YEAR_KRONER),
            hide_index=True,
            width="stretch",
        )
    downloads.button(
        st,
        "Last ned sammenligningen (Excel)",
        lambda: export.to_excel(
            {
                "Side om side": shown,
                "Ikke-prissatte": display.nonpriced_table(ranking, comparison),
                "Byttepunkter": display.switching_table(ranking, chosen.option["id"]),
                "Per år": years,
            },
            notes=[*text, *display.column_notes(priced.analyseperiode, priced.kalkulasjonsrente)],
        ),
        file_name="alternativer.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="alt_excel",
        on_click="ignore",
    )


def show_details(comparison: analysis.Comparison, opts: list[dict], labels: dict, chosen: str) -> None:
    option = next(o for o in opts if o["id"] == chosen)
    found = comparison.effects[chosen]
    for note in found.notes:
        st.warning(fmt.markdown_text(note))
    st.markdown(
        f"**{fmt.markdown_text(labels[chosen])}** · {fmt.markdown_text(display.form_name(option['form']))} · "
        f"{fmt.markdown_text(option['vertskap'])}\n\n{fmt.markdown_text(option['beskrivelse'])}"
    )
    c1, c2, c3 = st.columns(3)
    c1.metric(
        "Vaktordninger for overordnet vakt",
        f"{len(found.rotas)}",
        delta=f"i dag {found.rotas_today}",
        delta_color="off",
        delta_arrow="off",
    )
    c2.metric(
        "Av dem med under 4 ledere",
        f"{found.weak_after}",
        delta=f"i dag {found.weak_today}",
        delta_color="off",
        delta_arrow="off",
    )
    c3.metric(
        "Overordnet vakt innen 30 / 60 min",
        f"{fmt.percent(found.reach_after[30], 0)} / {fmt.percent(found.reach_after[60], 0)}",
        delta=f"i dag {fmt.percent(found.reach_today[30], 0)} / {fmt.percent(found.reach_today[60], 0)}",
        delta_color="off",
        delta_arrow="off",
        help="Andel av innbyggerne som overordnet vakt når fra nærmeste base over land, med 5 minutters "
        "utrykningstid hjemmefra. «I dag» antar at hvert brannvesen har vakt fra hovedstasjonen; om alle "
        "har egen overordnet vakt, er ukjent.",
    )
    st.markdown("**Årsverk etter funksjon** (fullt realisert; felles årsverk fordelt etter innbyggere)")
    layout.table(tables.styled(display.functions_table(found, names)), hide_index=True, width="stretch")
    st.markdown("**Vaktordningene**")
    layout.table(tables.styled(display.rota_table(found)), hide_index=True, width="stretch")
    st.markdown("**Kravene før og etter** (R9–R13)")
    verdicts = display.verdict_table(found, names)
    only_changed = st.toggle("Vis bare endrede", value=True, key="alt_bare_endrede")
    st.dataframe(
        verdicts[verdicts["Endret"] == "ja"] if only_changed else verdicts, hide_index=True, width="stretch"
    )


comparison_section()

if state.current().alternativer is not None and st.button(
    "Tilbake til studiens alternativer", key="alt_nullstill"
):
    state.replace(catalogue.with_study_alternatives(state.current(), results.study_options()))
    st.rerun()
