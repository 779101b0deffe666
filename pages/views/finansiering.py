"""Finansiering: budget, funding key per block, who pays what compared with a baseline,
phase-in, and saved scenarios."""

import dataclasses

import streamlit as st

from brannsam import budget, charts, export, funding, scenarios, station_model, tables
from brannsam import formatting as fmt
from brannsam.ui import access, data, db, errors, layout
from brannsam.ui import funding_state as state

layout.header(
    "Budsjett og finansieringsmodell",
    "Hva betaler hver kommune for det regionale samarbeidet, sammenlignet med i dag? "
    "Juster budsjettet og fordelingsnøkkelen; tallene oppdateres med én gang.",
)


drivers, kommuner, costs = data.funding_inputs()


@st.cache_data(max_entries=256, show_spinner=False)
def evaluated(token: str, encoded: str) -> tuple[scenarios.Result, dict, dict]:
    """Many sessions move the same sliders to the same places: compute each setting once, the
    two charts included (kept as plain dicts, which is what the browser receives anyway)."""
    result = scenarios.evaluate(scenarios.decode(encoded), drivers, kommuner, costs)
    change = charts.diverging_bars(
        result.table.assign(tekst=result.table["endring_kr"].map(fmt.signed_kroner)),
        "kommunenavn",
        "endring_kr",
        "Endring fra grunnlaget (kr per år)",
        "tekst",
    )
    return result, change.to_dict(), charts.phase_in_lines(result.plan, names).to_dict()


names = kommuner.set_index("kommunenummer")["kommunenavn"]
settings = state.current()
if "fin_url_feil" in st.session_state:
    st.warning(fmt.markdown_text(st.session_state.pop("fin_url_feil")) + " Viser standardoppsettet.")


def key_sliders(block: str, weights: dict[str, float]) -> dict[str, float]:
    cols = st.columns(3)
    return {
        driver: cols[i % 3].slider(
            label, 0.0, 10.0, float(weights.get(driver, 0.0)), 0.5, key=state.key(f"vekt_{block}_{driver}")
        )
        for i, (driver, label) in enumerate(funding.DRIVERS.items())
    }


@st.fragment
def funding_section() -> None:
    current = state.current()
    st.subheader("1. Budsjett")
    st.caption(budget.ASSUMPTION_NOTE)
    edited = st.data_editor(
        current.lines().rename(columns=budget.COLUMNS),
        num_rows="dynamic",
        width="stretch",
        key=state.key("budsjett"),
        column_config={
            "Blokk": st.column_config.SelectboxColumn(options=list(budget.BLOCKS), required=True),
            "Budsjettpost": st.column_config.TextColumn(required=True),
        },
    ).rename(columns={v: k for k, v in budget.COLUMNS.items()})
    problems = budget.validate(edited)
    if problems:
        st.error("Budsjettet er ikke brukt ennå, rett opp:\n\n- " + "\n- ".join(problems))
        lines = current.lines()
    else:
        lines = edited
    blocks = budget.by_block(lines)
    st.markdown(
        "**Sum per år: "
        + fmt.kroner(blocks.sum())
        + "** · "
        + " · ".join(f"{budget.BLOCKS[b]}: {fmt.kroner(v)}" for b, v in blocks.items())
    )

    st.subheader("2. Fordelingsnøkkel")
    own = st.toggle(
        "Egen nøkkel per budsjettblokk",
        value=len(current.nokler) > 1,
        key=state.key("egne"),
        help="For eksempel ledelse og forebyggende etter innbyggere, beredskap etter risiko (DOMAIN.md §4).",
    )
    keys = {"alle": current.nokler.get("alle", funding.DEFAULT_KEY)}
    if own:
        tabs = st.tabs([budget.BLOCKS[b] for b in budget.BLOCKS])
        for tab, block in zip(tabs, budget.BLOCKS, strict=True):
            with tab:
                keys[block] = key_sliders(block, current.nokler.get(block, keys["alle"]))
    else:
        keys["alle"] = key_sliders("alle", keys["alle"])
    for block, weights in keys.items():
        effective, fell_back = funding.effective_key(weights)
        label = "Alle blokker" if block == "alle" else budget.BLOCKS[block]
        if fell_back:
            st.info(f"{label}: alle vekter er null, så beløpet fordeles likt til du gir en vekt.")
        else:
            share = funding.normalised(effective)
            st.caption(
                f"{label}: "
                + ", ".join(f"{funding.DRIVERS[d]} {fmt.percent(w, 0)}" for d, w in share.items() if w)
            )

    c1, c2, c3 = st.columns(3)
    baseline = c1.selectbox(
        "Sammenlign med",
        list(funding.BASELINES),
        index=list(funding.BASELINES).index(current.grunnlag),
        format_func=funding.BASELINES.get,
        key=state.key("grunnlag"),
    )
    years = c2.slider("Innfasing over (år)", 1, 10, current.innfasing_aar, key=state.key("aar"))
    cap = (
        c3.slider(
            "Maks endring per kommune per år (%)",
            0,
            50,
            round(current.innfasing_tak * 100),
            1,
            key=state.key("tak"),
        )
        / 100
    )
    updated = dataclasses.replace(
        current,
        budsjett=lines.to_dict(orient="records"),
        nokler=keys,
        grunnlag=baseline,
        innfasing_aar=years,
        innfasing_tak=cap,
    )
    if updated != current:
        state.store(updated)
    result, change_chart, phase_chart = evaluated(db.token(), scenarios.encode(updated))
    show_results(updated, result, change_chart, phase_chart)


def show_results(
    current: scenarios.Settings, result: scenarios.Result, change_chart: dict, phase_chart: dict
) -> None:
    st.subheader("3. Hva betaler hver kommune?")
    table = result.table
    fair = funding.fairness(table)
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Budsjett per år", fmt.kroner(result.blocks.sum()))
    m2.metric("Kommuner som betaler mer", f"{fair['kommuner_som_betaler_mer']} av {len(table)}")
    m3.metric(
        "Største økning (kr)",
        fmt.signed_kroner(fair["storst_okning_kr"]),
        help=fair["storst_okning_kr_kommune"],
    )
    m4.metric(
        "Største økning (%)",
        fmt.signed_percent(fair["storst_okning_andel"]),
        help=fair["storst_okning_andel_kommune"],
    )
    estimated = current.grunnlag == "dagens_kostnad"
    st.caption(
        f"Kr per innbygger fra {fmt.kroner(fair['min_kr_per_innbygger'])} til "
        f"{fmt.kroner(fair['maks_kr_per_innbygger'])} (variasjonskoeffisient "
        f"{fmt.number(fair['variasjonskoeffisient'], 2)}). Om noen kommune betaler mer enn den ville "
        "gjort alene, er **ukjent**: ingen kilde gir hva samarbeidsoppgavene koster hver kommune alene."
    )
    shown = tables.allocation_table(table)
    st.dataframe(
        tables.styled(shown, decimals={"Andel (%)": 2, "Endring (%)": 1}, kroner=tables.KRONER_COLUMNS),
        hide_index=True,
        width="stretch",
        key="fin_tabell",
    )
    layout.source_note(
        f"Grunnlag: {funding.BASELINES[current.grunnlag]}; innbyggere SSB 1.1.2024"
        + (
            "; netto driftsutgifter 338+339 er estimat "
            f"(KOSTRA Trøndelag 2020 i {station_model.COST_YEAR}-kroner)"
            if estimated
            else ""
        ),
        2024,
        estimated,
    )
    st.plotly_chart(change_chart, width="stretch", key="fin_endring")

    st.subheader("4. Innfasing")
    plan = result.plan
    if not plan.attrs.get("naadd", True):
        st.warning(
            f"Med maks {fmt.percent(current.innfasing_tak, 0)} endring per år er nøkkelen ikke fullt innført "
            f"etter {plan.shape[1] - 1} år. Øk taket eller velg en nøkkel nærmere grunnlaget."
        )
    else:
        st.caption(f"Nøkkelen er fullt innført i år {plan.shape[1] - 1}. Hvert år summerer til budsjettet.")
    st.plotly_chart(phase_chart, width="stretch", key="fin_innfasing")
    plan_table = plan.copy()
    plan_table.insert(0, "Kommune", names.reindex(plan.index))
    st.dataframe(tables.styled(plan_table.reset_index(drop=True)), hide_index=True, width="stretch")

    st.download_button(
        "Last ned scenarioet (Excel)",
        lambda: export.to_excel(
            {
                "Forutsetninger": tables.assumptions_table(current, result.blocks),
                "Fordeling": shown,
                "Innfasing": plan_table.reset_index(drop=True),
            },
            notes=[budget.ASSUMPTION_NOTE, f"Grunnlag: {funding.BASELINES[current.grunnlag]}"],
        ),
        file_name="finansieringsmodell.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="fin_excel",
        on_click="ignore",
    )


funding_section()

st.divider()
st.subheader("Scenarioer")
saved = scenarios.names(db.cursor())
save_col, load_col = st.columns(2)
with save_col, st.form("fin_lagre", clear_on_submit=False, border=True):
    name = st.text_input("Navn på scenarioet", max_chars=scenarios.MAX_NAME, key="fin_navn")
    overwrite = st.checkbox(
        "Overskriv hvis navnet finnes (den gamle versjonen tas vare på)", key="fin_overskriv"
    )
    if st.form_submit_button("Lagre gjeldende oppsett"):
        try:
            with errors.shown("Lagringen"), db.writing() as writer:
                stored = scenarios.save(writer, name, state.current(), overwrite=overwrite)
                st.success(f"Lagret «{fmt.markdown_text(stored)}».")
            saved = scenarios.names(db.cursor())
        except scenarios.ScenarioError as err:
            st.error(fmt.markdown_text(err))
with load_col:
    if not saved:
        st.caption("Ingen lagrede scenarioer ennå.")
    else:
        chosen = st.selectbox("Lagrede scenarioer", saved, key="fin_valgt")
        if st.button("Hent scenarioet", key="fin_hent"):
            try:
                state.replace(scenarios.load(db.cursor(), chosen))
                st.rerun()
            except scenarios.ScenarioError as err:
                st.error(fmt.markdown_text(err))
        with st.popover("Slett scenarioet"):
            if access.password_field("fin_slett_passord") and st.button(
                f"Slett «{fmt.markdown_text(chosen)}»", key="fin_slett"
            ):
                with errors.shown("Slettingen"), db.writing() as writer:
                    scenarios.delete(writer, chosen)
                    st.rerun()

if len(saved) >= 2:
    picked = st.multiselect(
        "Sammenlign 2–4 scenarioer", saved, default=saved[:2], max_selections=4, key="fin_sammenlign"
    )
    if len(picked) >= 2:
        try:
            named = {n: scenarios.load(db.cursor(), n) for n in picked}
        except scenarios.ScenarioError as err:
            st.error(fmt.markdown_text(err))
            st.stop()
        compared = scenarios.compare(named, drivers, kommuner, costs)
        st.dataframe(
            tables.styled(compared.reset_index(drop=True), kroner=tuple(picked)),
            hide_index=True,
            width="stretch",
        )
        st.plotly_chart(charts.scenario_bars(compared), width="stretch", key="fin_sammenligning")
