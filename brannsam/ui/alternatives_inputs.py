"""The alternatives page's inputs: the comparison's assumptions, each alternative's budget lines,
one-off costs, duty-officer zones and non-priced effects, as edited (the page checks them
through `scenarios.Settings.from_dict`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from brannsam import formatting as fmt
from brannsam.funding import budget, options, scenarios
from brannsam.ui import funding_inputs
from brannsam.ui import funding_state as state

LINE_LABELS = {**budget.COLUMNS, "per_sone": "Per sone"}
ONE_OFF_LABELS = {
    "post": "Engangskostnad",
    "blokk": "Blokk",
    "aar_fra_start": "År fra start",
    "belop_kr": "Beløp (kr)",
}


def assumptions(current: scenarios.Settings) -> dict:
    """The realisation profile, the discount rate and the rate per point of non-priced effect."""
    profile = funding_inputs.realisation(current, "alt_real")
    left, right = st.columns(2)
    # A slider would print «4.00»: the choices are named in Norwegian («4,0»), and a rate from a
    # link that is not on the half-percent grid is kept as one of them.
    steps = {round(0.5 * i, 1) for i in range(int(scenarios.MAX_DISCOUNT_RATE * 200) + 1)}
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
        int(scenarios.MAX_KR_PER_POINT),
        int(current.kr_per_poeng),
        250_000,
        key=state.key("alt_kr_poeng"),
        help="Hva styringsgruppen vil betale per år for ett poeng bedre ikke-prissatt virkning. Rangeringen "
        "sier hvor den snur.",
    )
    return {"realisering": profile, "kalkulasjonsrente": rate / 100, "kr_per_poeng": float(per_point)}


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


def lines(option: dict) -> pd.DataFrame:
    frame = pd.DataFrame(option["poster"], columns=options.LINE_COLUMNS).rename(columns=LINE_LABELS)
    return st.data_editor(
        frame,
        num_rows="dynamic",
        width="stretch",
        key=state.key(f"alt_poster_{option['id']}"),
        column_config={
            **funding_inputs.line_columns(),
            "Per sone": st.column_config.CheckboxColumn(
                help="Posten er én vaktordning per sone: årsverk, drift og investering telles "
                "én gang per sone."
            ),
        },
    ).rename(columns={v: k for k, v in LINE_LABELS.items()})


def one_offs(option: dict) -> pd.DataFrame:
    frame = pd.DataFrame(option["engang"], columns=options.ONE_OFF_COLUMNS).rename(columns=ONE_OFF_LABELS)
    return st.data_editor(
        frame,
        num_rows="dynamic",
        width="stretch",
        key=state.key(f"alt_engang_{option['id']}"),
        column_config={
            "Blokk": funding_inputs.block_column(),
            "År fra start": st.column_config.NumberColumn(format="%d", min_value=-3, max_value=10, step=1),
            "Beløp (kr)": st.column_config.NumberColumn(format="localized", min_value=0),
        },
    ).rename(columns={v: k for k, v in ONE_OFF_LABELS.items()})


def zones(option: dict, stations: list[str]) -> list[dict]:
    """The duty-officer zones (1–4), each a name and its base station."""
    frame = pd.DataFrame(option.get("soner", []), columns=["navn", "base"]).rename(
        columns={"navn": "Sone", "base": "Base (brannstasjon)"}
    )
    edited = st.data_editor(
        frame,
        num_rows="dynamic",
        width="stretch",
        key=state.key(f"alt_soner_{option['id']}"),
        column_config={
            "Sone": st.column_config.TextColumn(required=True, max_chars=40),
            "Base (brannstasjon)": st.column_config.SelectboxColumn(options=stations, required=True),
        },
    )
    return [
        {"navn": str(row["Sone"]).strip(), "base": row["Base (brannstasjon)"]}
        for _, row in edited.iterrows()
        if isinstance(row["Sone"], str) and row["Sone"].strip()
    ]


def zone_caption(option: dict) -> str:
    count = len(option.get("soner", []))
    return (
        f"{fmt.count(count, 'sone', 'soner')} for overordnet vakt (høyst {options.MAX_ZONES}); "
        "postene merket «Per sone» telles én gang per sone."
    )
