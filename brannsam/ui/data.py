"""Cached reads for the pages: pure queries keyed by the database token."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from brannsam import funding, queries
from brannsam.services import DEFAULT_STRUCTURE
from brannsam.ui import db


@st.cache_data(max_entries=32, show_spinner=False)
def _cached(name: str, token: str, *args: object) -> object:
    return getattr(queries, name)(db.cursor(), *args)


def get(name: str, *args: object) -> pd.DataFrame:
    """`get("municipalities", "dsb")` runs `queries.municipalities(cursor, "dsb")` once per build."""
    return _cached(name, db.token(), *args)


def structure() -> str:
    """The fire-service structure shown; the default is DSB's register."""
    return st.session_state.get("_struktur", DEFAULT_STRUCTURE)


def structure_selector(structures: pd.DataFrame) -> None:
    """Let the reader switch between fire-service structures (kept for the whole session)."""
    labels = structures["navn"].to_dict()
    st.session_state.setdefault("_struktur", DEFAULT_STRUCTURE)
    st.sidebar.radio(
        "Brannvesenstruktur",
        options=list(labels),
        format_func=labels.get,
        index=list(labels).index(st.session_state["_struktur"]),
        key="oversikt_struktur",
        on_change=lambda: st.session_state.update(_struktur=st.session_state["oversikt_struktur"]),
    )


@st.cache_data(max_entries=4, show_spinner=False)
def _funding_inputs(token: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return funding.drivers_from_db(db.cursor())


def funding_inputs() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(drivers, municipalities, costs) for the funding model, once per build of the database."""
    return _funding_inputs(db.token())
