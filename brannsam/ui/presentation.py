"""Presentation mode for the projector: large type, no chrome, kept across pages and in the URL."""

from __future__ import annotations

import streamlit as st

STATE = "_presentasjon"
PARAM = "presentasjon"

CSS = """
<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 22px; }
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], footer { display: none !important; }
[data-testid="stPageLink"] p { font-size: 1.2rem !important; white-space: nowrap; }
[data-testid="stPageLink"] a { padding-top: 0.1rem; padding-bottom: 0.1rem; }
[data-testid="stMainBlockContainer"] { padding-top: 0.5rem; max-width: 100%; }
h1 { font-size: 3rem !important; padding-top: 0.3rem !important; }
h2 { font-size: 2.3rem !important; }
[data-testid="stMetricValue"] { font-size: 2.4rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.15rem !important; }
[data-testid="stCaptionContainer"] { font-size: 1.05rem !important; }
</style>
"""


def is_on() -> bool:
    return bool(st.session_state.get(STATE, False))


def _sync_from(widget_key: str) -> None:
    st.session_state[STATE] = st.session_state[widget_key]


def setup() -> bool:
    """Seed the state from `?presentasjon=1` on a session's first run; from then on the session
    state is canonical and the URL mirrors it (so a copied link keeps the mode)."""
    if STATE not in st.session_state:
        st.session_state[STATE] = st.query_params.get(PARAM) == "1"
    if is_on():
        st.query_params[PARAM] = "1"
    elif PARAM in st.query_params:
        del st.query_params[PARAM]
    return is_on()


def toggle(location: st.delta_generator.DeltaGenerator, key: str) -> None:
    """A toggle bound to the canonical session state (widget keys differ per place)."""
    location.toggle(
        "Presentasjonsmodus",
        value=is_on(),
        key=key,
        on_change=_sync_from,
        args=(key,),
        help="Stor skrift for prosjektor; lenken med ?presentasjon=1 åpner rett i denne modusen.",
    )


def apply_style() -> None:
    if is_on():
        st.html(CSS)


LINKS_PER_ROW = 4


def links(pages: list) -> None:
    """The page links at the top, in rows of four so that every label is whole at 1280 px and
    reads from the back of the hall (the sidebar is hidden on the projector)."""
    for start in range(0, len(pages), LINKS_PER_ROW):
        row = pages[start : start + LINKS_PER_ROW]
        for column, page in zip(st.columns(LINKS_PER_ROW, gap="small"), row, strict=False):
            column.page_link(page)
