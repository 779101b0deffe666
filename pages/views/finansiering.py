"""Finansiering: what each municipality pays for the cooperation against what it no longer pays
locally, year by year of the økonomiplan; budget, keys, phase-in and saved scenarios."""

import dataclasses

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from brannsam import formatting as fmt
from brannsam.estimates import station_model
from brannsam.funding import (
    allocation,
    budget,
    calendar,
    consequences,
    display,
    ranges,
    scenarios,
    store,
)
from brannsam.funding.settings import ScenarioError, Settings
from brannsam.present import charts, export, tables
from brannsam.ui import data, db, downloads, errors, funding_inputs, layout, password, results
from brannsam.ui import funding_state as state

layout.header(
    "Budsjett og finansieringsmodell",
    "Hva koster samarbeidet hver kommune, sammenlignet med i dag, hvert år i økonomiplanen? Bidraget til "
    "de felles postene minus den lokale kostnaden postene tar over, er kommunens netto endring.",
)

inputs = data.funding_inputs()
settings = state.current()
state.warn_link_problem()


PLAN_VIEWS = ["Regionen per år", "Diagram", "Netto per kommune og år"]


@st.fragment
def funding_section() -> None:
    """The budget's editors: an edit reruns everything under them."""
    top = st.container()
    current = state.current()
    try:
        chosen = results.package(current)
    except ScenarioError as err:
        errors.say(err, "Anbefalingen kan ikke brukes, viser alternativanalysens førstevalg: ")
        current = dataclasses.replace(current, alternativ=None)
        state.store(current)
        chosen = results.package(current)
    opts, _ = results.current_options(current)
    edited = funding_inputs.budget_inputs(current, chosen, opts, inputs.kommuner)
    plan_section(top, edited, budget.largest_block(chosen.settings.lines()))


@st.fragment
def plan_section(top: DeltaGenerator, edited: dict, block: str) -> None:
    """The plan years and members: a change reruns the keys and the results, not the editors."""
    plan = funding_inputs.plan_inputs(state.current(), inputs.kommuner)
    key_section(top, edited, plan, block)


@st.fragment
def key_section(top: DeltaGenerator, edited: dict, plan: dict, block: str) -> None:
    """The keys and the results: a weight slider reruns only this (the meeting's move)."""
    current = state.current()
    keys = funding_inputs.key_inputs(current, block)
    plan = dict(plan)
    first_year = plan.pop("forste_aar")
    try:
        updated = Settings.from_dict(current.to_dict() | edited | plan | {"nokler": keys}, current)
    except ScenarioError as err:
        errors.say(err, "Endringen er ikke brukt ennå, rett opp: ")
        updated = dataclasses.replace(current, nokler=keys, **plan)
    if first_year != updated.forste_aar:
        # The one-off costs move with the plan: new widgets show their new years.
        state.replace(updated.with_first_year(first_year))
        st.rerun()
    if updated != current:
        state.store(updated)
    try:
        priced = results.priced(updated)
        result = results.funding_evaluated(priced)
    except (consequences.ConsequenceError, allocation.FundingKeyError, ScenarioError) as err:
        errors.say(err)
        return
    region = results.funding_region(priced)
    with top:
        show_summary(priced, result, region)
    show_tables(priced, result, region)
    show_membership(priced)


def show_summary(current: Settings, result: consequences.Result, region: pd.DataFrame) -> None:
    first = region.iloc[0]
    for warning in display.plan_warnings(current, result, calendar.decision_date()):
        st.warning(fmt.markdown_text(warning))
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(
        f"Netto {current.forste_aar} (mill. kr)",
        fmt.signed_millions(first["netto_endring_kr"]),
        help=f"Regionen: {fmt.signed_kroner(first['netto_endring_kr'])}, spenn "
        f"{fmt.kroner_span(first['lav_kr'], first['hoy_kr'])} ut fra antakelsenes lav og høy. Bidrag i alt "
        "minus lokal kostnad som postene tar over. Over null: samarbeidet koster mer enn i dag.",
    )
    m2.metric("Netto per innbygger", fmt.signed_kroner(first["netto_per_innbygger_kr"]))
    m3.metric(
        f"Netto {len(region)} år (mill. kr)",
        fmt.signed_millions(region["netto_endring_kr"].sum()),
        help=f"Hele økonomiplanen {region.index[0]}–{region.index[-1]}: "
        f"{fmt.signed_kroner(region['netto_endring_kr'].sum())}.",
    )
    fair = results.fairness(current, current.forste_aar)
    headline, note = display.stand_alone_headline(fair, result.table["kommunenummer"].nunique())
    m4.metric(
        "Dyrere enn i dag",
        headline,
        delta=note,
        delta_color="off",
        delta_arrow="off",
        help="Kommuner med netto endring over null: bidraget er større enn den lokale kostnaden det "
        "erstatter. Ukjent så lenge den "
        "lokale kostnaden er estimat; tallet i parentes er det estimatene gir.",
    )
    st.markdown(f"**Netto endring per innbygger, {current.forste_aar}** (rød: betaler mer enn i dag)")
    st.plotly_chart(results.funding_chart(current, "netto"), width="stretch", key="fin_netto")
    st.caption(
        f"Spenn for regionens netto endring {current.forste_aar}: "
        f"{fmt.millions_span(first['lav_kr'], first['hoy_kr'])} mill. kr "
        f"({ranges.sign_text(first['lav_kr'], first['hoy_kr'])}). Spennet kommer fra antakelsenes lav og "
        "høy verdi (se «Antakelser og spenn» under budsjettet)."
    )
    for year, amount in result.preparation.groupby("aar")["belop_kr"].sum().items():
        st.caption(
            f"Forberedelse før oppstart, {int(year)}: {fmt.kroner(amount)} (engangskostnader dette året), "
            "fordelt etter nøklene og bevilget særskilt, før økonomiplanen."
        )
    layout.source_note(
        "Dagens kostnad og de lokale årsverkene er estimater (siden Data); hva postene erstatter, "
        "er antakelser",
        f"{current.forste_aar}–{current.forste_aar + calendar.PLAN_YEARS - 1}",
        inputs.estimated,
    )


def show_tables(current: Settings, result: consequences.Result, region: pd.DataFrame) -> None:
    st.subheader("4. Hva betaler hver kommune?")
    years = sorted(result.table["aar"].unique())
    year = st.segmented_control("År", years, default=years[0], key="fin_vis_aar") or years[0]
    fair = results.fairness(current, int(year))
    st.caption(
        f"Bidrag per innbygger fra {fmt.kroner(fair['min_kr_per_innbygger'])} til "
        f"{fmt.kroner(fair['maks_kr_per_innbygger'])} ({fmt.number(fair['forhold_maks_min'], 1)} ganger). "
        + display.stand_alone_sentence(
            result.table.loc[result.table["aar"] == year, "netto_endring_kr"], inputs.estimated
        )
    )
    shown = display.consequence_table(
        result.table[result.table["aar"] == year], inputs.estimated, inputs.population_year
    )
    layout.table(
        tables.styled(shown, decimals={"Netto i % av dagens": 1}, kroner=display.KRONER_COLUMNS),
        hide_index=True,
        width="stretch",
        key="fin_tabell",
    )
    if not result.capped:
        st.warning(
            f"Med maks {fmt.percent(current.innfasing_tak, 0)} netto økning per år går ikke budsjettet opp: "
            "taket er hevet der det måtte. Øk taket eller endre nøkkelen."
        )
    st.markdown("**Økonomiplanen**")
    # One view at a time: a slider then redraws only what is shown.
    view = st.segmented_control(
        "Vis", PLAN_VIEWS, default=PLAN_VIEWS[0], key="fin_plan_visning", label_visibility="collapsed"
    )
    if view == PLAN_VIEWS[1]:
        st.plotly_chart(results.funding_chart(current, "plan"), width="stretch", key="fin_plan")
    elif view == PLAN_VIEWS[2]:
        layout.table(
            tables.styled(display.plan_table(result.table), kroner=tuple(str(y) for y in years)),
            hide_index=True,
            width="stretch",
        )
    else:
        st.dataframe(
            tables.as_text(display.region_table(region), kroner=display.REGION_KRONER), hide_index=True
        )
    downloads.button(
        st,
        "Last ned scenarioet (Excel)",
        lambda: export.to_excel(
            display.workbook(current, result, region, year, inputs),
            notes=[
                budget.assumption_note(current.lines()),
                allocation.KEY_NOTE,
                station_model.readiness_note(data.duty_rules()),
            ],
        ),
        file_name="finansieringsmodell.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="fin_excel",
        on_click="ignore",
    )


def show_membership(current: Settings) -> None:
    st.subheader("5. Hvem blir med?")
    left = ", ".join(inputs.kommuner.set_index("kommunenummer")["kommunenavn"][current.uten])
    st.caption(
        (f"Uten {left}: " if left else "Alle 40 er med. Velg kommuner som sier nei under punkt 2. ")
        + f"Netto endring {current.forste_aar} for hver kommune som blir med, mot at alle er med. "
        + display.SHAPLEY_NOTE
    )
    condition = results.membership_condition(current)
    (st.success if condition.met else st.error)(fmt.markdown_text(condition.text()))
    if note := display.held_note(current, inputs.kommuner):
        st.warning(fmt.markdown_text(note))
    # With everyone in, the table only adds the Shapley column. Drawn on every weight move it cost
    # some 20 ms of the server's time and 50 ms of the browser's: it is shown when asked for.
    if not left and not st.toggle("Vis Shapley-referansen for hver kommune", key="fin_vis_shapley"):
        return
    compared = results.membership_compared(current, current.forste_aar)
    layout.table(
        tables.styled(display.membership_table(compared, inputs.estimated), kroner=display.MEMBERSHIP_KRONER),
        hide_index=True,
        width="stretch",
        key="fin_medlemmer",
    )


funding_section()

st.divider()
st.subheader("Scenarioer")
saved = data.scenario_names()
save_col, load_col = st.columns(2)
with save_col, st.form("fin_lagre", clear_on_submit=False, border=True):
    name = st.text_input("Navn på scenarioet", max_chars=scenarios.MAX_NAME, key="fin_navn")
    overwrite = st.checkbox(
        "Overskriv hvis navnet finnes (den gamle versjonen tas vare på)", key="fin_overskriv"
    )
    if st.form_submit_button("Lagre gjeldende oppsett"):
        try:
            with errors.shown("Lagringen") as held, db.writing() as writer:
                stored = store.save(writer, name, state.current(), overwrite=overwrite)
            if held.ok:  # said only once the write is in the file a restart opens
                st.success(f"Lagret «{fmt.markdown_text(stored)}».")
            saved = data.scenario_names()
        except ScenarioError as err:
            errors.say(err)
with load_col:
    if not saved:
        st.caption("Ingen lagrede scenarioer ennå.")
    else:
        chosen = st.selectbox("Lagrede scenarioer", saved, key="fin_valgt")
        if st.button("Hent scenarioet", key="fin_hent"):
            try:
                state.replace(data.scenario(chosen))
                st.rerun()
            except ScenarioError as err:
                errors.say(err)
        with st.popover("Slett scenarioet"):
            if password.password_field("fin_slett_passord") and st.button(
                f"Slett «{fmt.markdown_text(chosen)}»", key="fin_slett"
            ):
                with errors.shown("Slettingen") as deleted, db.writing() as writer:
                    store.delete(writer, chosen)
                if deleted.ok:
                    st.rerun()

if len(saved) >= 2:
    picked = st.multiselect(
        "Sammenlign 2–4 scenarioer (netto endring per planår)",
        saved,
        default=saved[:2],
        max_selections=4,
        key="fin_sammenlign",
    )
    if len(picked) >= 2:
        step = st.segmented_control(
            "Planår",
            list(range(calendar.PLAN_YEARS)),
            format_func=lambda i: f"År {i + 1}",
            default=0,
            key="fin_sammenlign_aar",
        )
        try:
            named = {n: results.priced(data.scenario(n)) for n in picked}
            compared = results.scenarios_compared(named, step or 0)
        except (ScenarioError, consequences.ConsequenceError, allocation.FundingKeyError) as err:
            errors.say(err)
            st.stop()
        money = tuple(c for c in compared.columns if c != "Kommune" and not c.endswith(": spenn"))
        layout.table(tables.styled(compared, kroner=money), hide_index=True, width="stretch")
        bars = compared.iloc[:-1][["Kommune", *[c for c in money if not c.startswith("Forskjell")]]]
        st.plotly_chart(charts.scenario_bars(bars), width="stretch", key="fin_sammenligning")
