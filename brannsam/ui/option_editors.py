"""The editors of one alternative: its budget lines, one-off costs and duty-officer zones, as the
alternatives page and the funding page both edit them (the funding page's budget is the priced
alternative's)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from brannsam import formatting as fmt
from brannsam.funding import budget, options
from brannsam.ui import funding_state as state

LINE_LABELS = {**budget.COLUMNS, "per_sone": "Per sone"}
ONE_OFF_LABELS = {
    "post": "Engangskostnad",
    "blokk": "Blokk",
    "aar_fra_start": "År fra start",
    "belop_kr": "Beløp (kr)",
    "per_sone": "Per sone",
}


def block_column() -> object:
    """A budget block chosen by its Norwegian name."""
    return st.column_config.SelectboxColumn(
        options=list(budget.BLOCKS), required=True, format_func=lambda block: budget.BLOCKS[str(block)]
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
            format_func=lambda replaced: budget.REPLACES[str(replaced)],
            help="Hva posten tar over fra brannvesenene i dag: "
            + "; ".join(f"{k} = {v}" for k, v in budget.REPLACES.items()),
        ),
    }


def _grid(rows: list[dict], labels: dict[str, str], key: str, config: dict) -> pd.DataFrame:
    """An editable grid of `rows` under Norwegian headers (`labels`), read back under the keys."""
    frame = pd.DataFrame(rows, columns=list(labels)).rename(columns=labels)
    edited = st.data_editor(
        frame, num_rows="dynamic", width="stretch", key=state.key(key), column_config=config
    )
    return edited.rename(columns={v: k for k, v in labels.items()})


def lines(option: dict) -> pd.DataFrame:
    """The alternative's budget lines, a per-zone line marked."""
    per_zone = st.column_config.CheckboxColumn(
        help="Posten er én vaktordning per sone: årsverk, drift og investering telles én gang per sone."
    )
    return _grid(
        option["poster"], LINE_LABELS, f"alt_poster_{option['id']}", {**line_columns(), "Per sone": per_zone}
    )


def one_offs(option: dict) -> pd.DataFrame:
    """The alternative's one-off costs, dated in years from the start, a per-zone one marked."""
    return _grid(
        option["engang"],
        ONE_OFF_LABELS,
        f"alt_engang_{option['id']}",
        {
            "Blokk": block_column(),
            "Per sone": st.column_config.CheckboxColumn(
                help="Engangskostnaden gjelder hver sone (bil og samband per sone): telles én gang per sone."
            ),
            "År fra start": st.column_config.NumberColumn(format="%d", min_value=-3, max_value=10, step=1),
            "Beløp (kr)": st.column_config.NumberColumn(format="localized", min_value=0),
        },
    )


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
