"""The funding page's inputs: the priced alternative's lines and one-off costs, the extras, the
keys, and the plan years and members, as edited (the page checks them through
`Settings.from_dict`)."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from brannsam import formatting as fmt
from brannsam.alternatives import package
from brannsam.estimates import station_model
from brannsam.funding import allocation, avoided, budget, calendar, display, options
from brannsam.funding.settings import MAX_CAP, MAX_GROWTH, MAX_PHASE_IN_YEARS, Settings
from brannsam.ui import data, option_editors
from brannsam.ui import funding_state as state


def key_sliders(block: str, weights: dict[str, float]) -> dict[str, float]:
    cols = st.columns(3)
    return {
        driver: cols[i % 3].slider(
            label, 0, 10, round(weights.get(driver, 0)), 1, key=state.key(f"vekt_{block}_{driver}")
        )
        for i, (driver, label) in enumerate(allocation.DRIVERS.items())
    }


def _extras_editor(current: Settings, kommuner: pd.DataFrame) -> pd.DataFrame:
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


def budget_inputs(
    current: Settings, chosen: package.Package, opts: list[dict], kommuner: pd.DataFrame
) -> dict:
    """The priced alternative's lines and one-off costs, and the local extras, as edited (not yet
    checked). The budget is the chosen alternative's: editing it edits that alternative, which
    the alternatives page shows with the same figures."""
    st.subheader("1. Budsjett")
    option = chosen.option
    st.markdown(
        f"**Budsjettet er alternativ {fmt.markdown_text(chosen.label)}** ({chosen.why()}). "
        "Endringer her endrer alternativet, også på siden Alternativer, der styringsgruppen kan velge et "
        "annet som sin anbefaling."
    )
    st.caption(budget.assumption_note(chosen.settings.lines()))
    with st.popover("Antakelser og spenn"):
        st.dataframe(display.ranges_table(), hide_index=True, width="stretch")
    edited = {}
    if option["id"] == options.ZERO:
        st.info("Dagens ordning har ingen felles poster: ingenting å fordele.")
    else:
        st.caption(option_editors.zone_caption(option))
        lines = option_editors.lines(option)
        st.markdown("**Engangskostnader ved overgangen** (antakelser; år fra oppstart)")
        one_offs = option_editors.one_offs(option)
        new = options.edited(option, lines, one_offs)
        if new != option:
            edited["alternativer"] = [new if o["id"] == option["id"] else o for o in opts]
    st.markdown("**Tilvalg** (lokale ønsker utover standarden, betales av kommunen alene)")
    extras = _extras_editor(current, kommuner)
    return edited | {"tilvalg": extras.dropna(how="all").to_dict(orient="records")}


def key_inputs(current: Settings, main_block: str = "ledelse") -> dict[str, dict[str, float]]:
    """The keys, one block's sliders at a time: `main_block` (the priced package's largest) first,
    the key a meeting moves."""
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
                default=main_block,
                format_func=budget.BLOCKS.__getitem__,
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


def plan_inputs(current: Settings, kommuner: pd.DataFrame) -> dict:
    st.subheader("2. Økonomiplan og innfasing")
    c1, c2, c3, c4 = st.columns(4)
    first = c1.number_input(
        "Første budsjettår",
        *calendar.FIRST_YEARS,
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
        round(MAX_GROWTH * 100),
        round(current.vekst * 100),
        1,
        key=state.key("vekst"),
        help="Brannsams antakelse; sammenlign med kommunal deflator i statsbudsjettet.",
    )
    years = c3.slider(
        "Tak de første (år)", 1, MAX_PHASE_IN_YEARS, current.innfasing_aar, key=state.key("aar")
    )
    cap = c4.slider(
        "Maks netto økning per år (% av dagens kostnad)",
        0,
        round(MAX_CAP * 100),
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
    shared = st.radio(
        "Når vertskommunen eller en eier av et IKS står utenfor",
        list(avoided.SHARED_RULES),
        index=list(avoided.SHARED_RULES).index(current.delt_tjeneste),
        format_func=lambda rule: {
            avoided.GOES_ON: "brannvesenet går videre for den (de andre frigjør ingenting ennå)",
            avoided.SETTLED: "brannvesenet går inn for de andre, og den som står utenfor gjøres opp med",
        }[rule],
        key=state.key("delt"),
        horizontal=True,
        help="Avtalene bestemmer hva som skjer; kildene sier det ikke. Velg regelen og se forskjellen.",
    )
    c1, c2 = st.columns(2)
    condition = c1.slider(
        "Vilkår for vedtaket: andel av innbyggerne (%)",
        0,
        100,
        round(current.medlemsvilkar * 100),
        5,
        key=state.key("vilkar"),
        help="Vedtaket i hver kommune gjelder bare dersom kommuner med minst denne andelen av innbyggerne i "
        "området gjør likelydende vedtak innen fristen. Se «Hvem blir med?» under.",
    )
    deadline = c2.date_input(
        "Frist for likelydende vedtak",
        calendar.decision_deadline(current),
        format="DD.MM.YYYY",
        key=state.key("frist"),
        help="Må være før oppstart. Standard: 30. juni året før første budsjettår.",
    )
    default_deadline = calendar.decision_deadline(dataclasses.replace(current, vedtaksfrist=None))
    return {
        "medlemsvilkar": condition / 100,
        "delt_tjeneste": shared,
        "vedtaksfrist": None if deadline in (None, default_deadline) else deadline.isoformat(),
        "forste_aar": int(first),
        "oppstart_maaned": int(month),
        "vekst": growth / 100,
        "innfasing_aar": years,
        "innfasing_tak": cap / 100,
        "uten": sorted(left_out),
        "realisering": realisation(current, "real"),
    }


def realisation(current: Settings, prefix: str) -> list[float]:
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
