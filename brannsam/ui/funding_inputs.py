"""The funding page's inputs: the budget lines, one-off costs and extras, the keys, and the plan
years and members, as edited (the page checks them through `scenarios.Settings.from_dict`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from brannsam import formatting as fmt
from brannsam.estimates import station_model
from brannsam.funding import allocation, budget, display, scenarios
from brannsam.ui import data
from brannsam.ui import funding_state as state


def key_sliders(block: str, weights: dict[str, float]) -> dict[str, float]:
    cols = st.columns(3)
    return {
        driver: cols[i % 3].slider(
            label, 0, 10, round(weights.get(driver, 0)), 1, key=state.key(f"vekt_{block}_{driver}")
        )
        for i, (driver, label) in enumerate(allocation.DRIVERS.items())
    }


def block_column() -> dict:
    """A budget block chosen by its Norwegian name."""
    return st.column_config.SelectboxColumn(
        options=list(budget.BLOCKS), required=True, format_func=budget.BLOCKS.get
    )


def line_columns() -> dict:
    """The budget-line grid's columns (the funding page's budget, an alternative's lines)."""
    return {
        **{
            budget.COLUMNS[c]: st.column_config.NumberColumn(format="localized", min_value=0)
            for c in (*budget.LIMITS, "erstatter_mengde")
        },
        "Blokk": block_column(),
        "Budsjettpost": st.column_config.TextColumn(required=True, max_chars=budget.MAX_POST_CHARS),
        budget.COLUMNS["folger_medlemmer"]: st.column_config.CheckboxColumn(
            help="Krymper posten når en kommune står utenfor (etter innbyggere)? Ellers koster den det "
            "samme og deles på dem som er med."
        ),
        budget.COLUMNS["erstatter"]: st.column_config.SelectboxColumn(
            options=list(budget.REPLACES),
            required=True,
            format_func=budget.REPLACES.get,
            help="Hva posten tar over fra brannvesenene i dag: "
            + "; ".join(f"{k} = {v}" for k, v in budget.REPLACES.items()),
        ),
    }


def _lines_editor(current: scenarios.Settings) -> pd.DataFrame:
    """The budget lines: cost, what each replaces, whether it follows the members."""
    return st.data_editor(
        current.lines().rename(columns=budget.COLUMNS),
        num_rows="dynamic",
        width="stretch",
        key=state.key("budsjett"),
        column_config=line_columns(),
    ).rename(columns={v: k for k, v in budget.COLUMNS.items()})


def _one_offs_editor(current: scenarios.Settings) -> pd.DataFrame:
    """The one-off costs of the transition, each in its block and year."""
    return st.data_editor(
        pd.DataFrame(current.engang, columns=list(budget.ONE_OFF_COLUMNS)).rename(
            columns=budget.ONE_OFF_COLUMNS
        ),
        num_rows="dynamic",
        width="stretch",
        key=state.key("engang"),
        column_config={
            "Blokk": block_column(),
            "År": st.column_config.NumberColumn(
                format="%d", min_value=budget.ONE_OFF_YEARS[0], max_value=budget.ONE_OFF_YEARS[1]
            ),
            "Beløp (kr)": st.column_config.NumberColumn(format="localized", min_value=0),
        },
    ).rename(columns={v: k for k, v in budget.ONE_OFF_COLUMNS.items()})


def _extras_editor(current: scenarios.Settings, kommuner: pd.DataFrame) -> pd.DataFrame:
    """Local extras one municipality pays alone."""
    numbers = list(kommuner["kommunenummer"])
    return st.data_editor(
        pd.DataFrame(current.tilvalg, columns=["kommunenummer", "post", "belop_kr"]).rename(
            columns={"kommunenummer": "Kommunenummer", "post": "Tilvalg", "belop_kr": "Kr per år"}
        ),
        num_rows="dynamic",
        width="stretch",
        key=state.key("tilvalg"),
        column_config={
            "Kommunenummer": st.column_config.SelectboxColumn(options=numbers, required=True),
            "Kr per år": st.column_config.NumberColumn(format="localized", min_value=0),
        },
    ).rename(columns={"Kommunenummer": "kommunenummer", "Tilvalg": "post", "Kr per år": "belop_kr"})


def budget_inputs(current: scenarios.Settings, kommuner: pd.DataFrame) -> dict:
    """The budget lines, one-off costs and local extras as edited (not yet checked)."""
    st.subheader("1. Budsjett")
    st.caption(budget.ASSUMPTION_NOTE)
    with st.popover("Antakelser og spenn"):
        st.dataframe(display.ranges_table(), hide_index=True, width="stretch")
    lines = _lines_editor(current)
    c1, c2 = st.columns(2)
    with c1:
        st.markdown("**Engangskostnader ved overgangen** (antakelser)")
        one_offs = _one_offs_editor(current)
    with c2:
        st.markdown("**Tilvalg** (lokale ønsker utover standarden, betales av kommunen alene)")
        extras = _extras_editor(current, kommuner)
    return {
        "budsjett": lines.to_dict(orient="records"),
        "engang": one_offs.dropna(how="all").to_dict(orient="records"),
        "tilvalg": extras.dropna(how="all").to_dict(orient="records"),
    }


def key_inputs(current: scenarios.Settings) -> dict[str, dict[str, float]]:
    st.subheader("3. Fordelingsnøkkel")
    readiness = station_model.readiness_note(data.duty_rules())
    st.caption(f"{allocation.KEY_NOTE} {readiness} {allocation.RISK_NOTE}")
    own = st.toggle(
        "Egen nøkkel per budsjettblokk",
        value=len(current.nokler) > 1,
        key=state.key("egne"),
        help="Praksis: ledelse, forebyggende og felles etter innbyggere, beredskap etter beredskapsbehov.",
    )
    keys = {"alle": current.nokler.get("alle", allocation.DEFAULT_KEY)}
    if own:
        # One block's sliders at a time: hidden tabs would still draw all 28 of them.
        keys.update({b: w for b, w in current.nokler.items() if b in budget.BLOCKS})
        block = (
            st.segmented_control(
                "Blokk",
                list(budget.BLOCKS),
                default="ledelse",
                format_func=budget.BLOCKS.get,
                key="fin_blokk",
            )
            or "ledelse"
        )
        keys[block] = key_sliders(block, current.nokler.get(block, keys["alle"]))
    else:
        keys["alle"] = key_sliders("alle", keys["alle"])
    for block, weights in keys.items():
        effective, fell_back = allocation.effective_key(weights)
        label = "Alle blokker" if block == "alle" else budget.BLOCKS[block]
        if fell_back:
            st.info(f"{label}: alle vekter er null, så beløpet fordeles likt til du gir en vekt.")
        else:
            share = allocation.normalised(effective)
            st.caption(
                f"{label}: "
                + ", ".join(f"{allocation.DRIVERS[d]} {fmt.percent(w, 0)}" for d, w in share.items() if w)
            )
    return keys


def plan_inputs(current: scenarios.Settings, kommuner: pd.DataFrame) -> dict:
    st.subheader("2. Økonomiplan og innfasing")
    c1, c2, c3, c4 = st.columns(4)
    first = c1.number_input(
        "Første budsjettår",
        *scenarios.FIRST_YEARS,
        current.forste_aar,
        1,
        key=state.key("forste"),
        format="%d",
    )
    month = c1.selectbox(
        "Oppstart",
        list(range(1, 13)),
        index=current.oppstart_maaned - 1,
        format_func=lambda m: f"1. {fmt.MONTHS[m - 1]}",
        key=state.key("oppstart"),
        help="Starter samarbeidet midt i første år, regnes driften, tilvalgene og den lokale kostnaden "
        "det tar over bare for månedene det går.",
    )
    growth = c2.slider(
        "Pris- og lønnsvekst per år (%)",
        0,
        round(scenarios.MAX_GROWTH * 100),
        round(current.vekst * 100),
        1,
        key=state.key("vekst"),
        help="Brannsams antakelse; sammenlign med kommunal deflator i statsbudsjettet.",
    )
    years = c3.slider(
        "Tak de første (år)", 1, scenarios.MAX_PHASE_IN_YEARS, current.innfasing_aar, key=state.key("aar")
    )
    cap = c4.slider(
        "Maks netto økning per år (% av dagens kostnad)",
        0,
        round(scenarios.MAX_CAP * 100),
        round(current.innfasing_tak * 100),
        1,
        key=state.key("tak"),
        help="Ingen kommunes netto økning kan passere taket (mer for hvert år); det som holdes tilbake, "
        "bæres av de andre. 0 = uten tak.",
    )
    names = kommuner.set_index("kommunenummer")["kommunenavn"].to_dict()
    left_out = st.multiselect(
        "Kommuner som sier nei (står utenfor)",
        list(names),
        default=[nr for nr in current.uten if nr in names],
        format_func=lambda nr: f"{names[nr]} ({nr})",
        key=state.key("uten"),
        placeholder="Alle 40 er med",
        help="Postene som følger medlemmene krymper med deres andel av innbyggerne; resten deles på dem "
        "som blir med. Se «Hvem blir med?» under.",
    )
    return {
        "forste_aar": int(first),
        "oppstart_maaned": int(month),
        "vekst": growth / 100,
        "innfasing_aar": years,
        "innfasing_tak": cap / 100,
        "uten": sorted(left_out),
        "realisering": realisation(current, "real"),
    }


def realisation(current: scenarios.Settings, prefix: str) -> list[float]:
    """The share of the freed local årsverk realised in each plan year, one slider per year."""
    cols = st.columns(len(current.realisering))
    return [
        col.slider(
            f"Gevinst tatt ut år {step + 1} (%)",
            0,
            100,
            round(share * 100),
            5,
            key=state.key(f"{prefix}_{step}"),
            help="Andelen av de lokale årsverkene postene frigjør som faktisk er tatt ut det året "
            "(stillinger blir ledige eller flyttes over tid). Egne vaktordninger faller bort fra start.",
        )
        / 100
        for step, (col, share) in enumerate(zip(cols, current.realisering, strict=True))
    ]
