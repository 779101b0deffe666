"""The alternatives page's inputs: the comparison's assumptions, each alternative's budget lines,
one-off costs, duty-officer zones and non-priced effects, as edited (the page checks them
through `Settings.from_dict`)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from brannsam import formatting as fmt
from brannsam.funding import options
from brannsam.funding.settings import (
    ANALYSIS_YEARS_RANGE,
    MAX_DISCOUNT_RATE,
    MAX_JUDGEMENT,
    MAX_KR_PER_POINT,
    Settings,
)
from brannsam.ui import funding_inputs
from brannsam.ui import funding_state as state

AUTO = "analysen"


def assumptions(current: Settings) -> dict:
    """The realisation profile, the discount rate and the rate per point of non-priced effect."""
    profile = funding_inputs.realisation(current, "alt_real")
    left, middle, right = st.columns(3)
    # A slider would print «4.00»: the choices are named in Norwegian («4,0»), and a rate from a
    # link that is not on the half-percent grid is kept as one of them.
    steps = {round(0.5 * i, 1) for i in range(int(MAX_DISCOUNT_RATE * 200) + 1)}
    chosen = round(current.kalkulasjonsrente * 100, 4)
    rate = left.select_slider(
        "Kalkulasjonsrente (%)",
        sorted(steps | {chosen}),
        chosen,
        format_func=lambda v: fmt.number(v, 1),
        key=state.key("alt_rente"),
        help="Finansdepartementets rundskriv R-109 gir 4 % realrente (ikke kontrollert mot gjeldende tekst).",
    )
    per_point = right.number_input(
        "Betalingsvilje per poeng (kr per år)",
        0,
        int(MAX_KR_PER_POINT),
        int(current.kr_per_poeng),
        250_000,
        key=state.key("alt_kr_poeng"),
        help="Hva styringsgruppen vil betale per år for ett poeng bedre ikke-prissatt virkning. Rangeringen "
        "sier hvor den snur.",
    )
    period = middle.number_input(
        "Analyseperiode (år)",
        *ANALYSIS_YEARS_RANGE,
        current.analyseperiode,
        1,
        key=state.key("alt_periode"),
        help="Årene rangeringen teller. Etter økonomiplanens fire år føres siste planårs netto videre i "
        "faste priser. Budsjettet og vedleggene følger økonomiplanen.",
    )
    return {
        "realisering": profile,
        "kalkulasjonsrente": rate / 100,
        "kr_per_poeng": float(per_point),
        "analyseperiode": int(period),
    }


def recommendation(current: Settings, opts: list[dict], first: str) -> dict:
    """The steering group's recommendation (or the analysis' first) and its written judgement of
    the non-priced effects, saved with the scenario and carried in its link."""
    labels = {AUTO: f"Det alternativanalysen rangerer først (nå {first})"} | {
        o["id"]: f"{o['id']} {o['navn']}" for o in opts
    }
    keys = list(labels)
    chosen = current.alternativ if current.alternativ in labels else AUTO
    left, right = st.columns([1, 2])
    picked = left.selectbox(
        "Studiens anbefaling",
        keys,
        index=keys.index(chosen),
        format_func=labels.__getitem__,
        key=state.key("alt_anbefaling"),
        help="Alternativet budsjettet, finansieringen, vedleggene og forslagene til vedtak regner med.",
    )
    text = right.text_area(
        "Styringsgruppens samlede vurdering av de ikke-prissatte virkningene",
        current.vurdering,
        max_chars=MAX_JUDGEMENT,
        height=100,
        key=state.key("alt_vurdering"),
        placeholder="Skriv styringsgruppens vurdering: hva er de ikke-prissatte virkningene verdt, samlet?",
    )
    return {"alternativ": None if picked == AUTO else picked, "vurdering": text.strip()}


def nonpriced(opts: list[dict]) -> dict[str, dict[str, int]]:
    """The pluss-minus scores per alternative and criterion (−4 … +4)."""
    frame = pd.DataFrame(
        [{"Alternativ": f"{o['id']} {o['navn']}", **o["ikke_prissatt"]} for o in opts]
    ).rename(columns=options.CRITERIA)
    edited = st.data_editor(
        frame,
        hide_index=True,
        width="stretch",
        disabled=["Alternativ"],
        key=state.key("alt_ikke_prissatt"),
        column_config={
            label: st.column_config.NumberColumn(
                min_value=options.SCORE[0],
                max_value=options.SCORE[1],
                step=1,
                format="%+d",
                help=options.CRITERIA_HELP[criterion],
                required=True,
            )
            for criterion, label in options.CRITERIA.items()
        },
    )
    by_label = {label: criterion for criterion, label in options.CRITERIA.items()}
    return {
        o["id"]: {by_label[label]: int(row[label]) for label in by_label}
        for o, (_, row) in zip(opts, edited.iterrows(), strict=True)
    }


EDITORS = ("arbeidsgruppe", "styringsgruppe", "verksted")


def assessment_record(changed: list[str]) -> dict | None:
    """Who sets the edited non-priced scores, and why: the edit is used only once both are said
    (every score has an owner), and it is dated today."""
    st.warning(
        f"Du har endret de ikke-prissatte virkningene for {', '.join(changed)}. Endringen brukes når du har "
        "skrevet hvem som setter dem og hvorfor."
    )
    role_col, who_col, why_col = st.columns([1, 1, 2])
    role = role_col.selectbox(
        "Hvem setter dem", EDITORS, format_func=options.ROLES.__getitem__, key=state.key("alt_vurdert_rolle")
    )
    who = who_col.text_input("Navn (gruppe eller person)", max_chars=80, key=state.key("alt_vurdert_av"))
    why = why_col.text_input(
        "Hvorfor (én linje)", max_chars=options.MAX_REASON, key=state.key("alt_vurdert_hvorfor")
    )
    if not st.button("Bruk vurderingen", key=state.key("alt_vurdert_bruk")):
        return None
    if not who.strip() or not why.strip():
        st.error("Skriv både hvem som setter vurderingene og hvorfor.")
        return None
    return {"rolle": role, "av": who.strip(), "dato": dt.date.today().isoformat(), "hvorfor": why.strip()}
