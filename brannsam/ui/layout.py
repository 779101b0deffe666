"""Page header, source notes, estimate badges and Norwegian-format tables shared by every page."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from brannsam import formatting as fmt
from brannsam.data.services import DEFAULT_STRUCTURE
from brannsam.present.overview import KeyFigure
from brannsam.ui import presentation

ESTIMATE_BADGE = ":orange-badge[⚠ Estimat]"


def header(title: str, intro: str) -> None:
    """The page title, and the intro for a reader at a desk (on the projector the presenter
    speaks it, and the page's main picture needs the room)."""
    st.title(title)
    if not presentation.is_on():
        st.caption(intro)


def source_note(source: str, year: int | str, estimated: bool = False) -> None:
    """Every table and chart names its source and year; estimates say so visibly."""
    badge = f"{ESTIMATE_BADGE} " if estimated else ""
    st.caption(f"{badge}Kilde: {fmt.markdown_text(source)} ({fmt.markdown_text(year)})")


def table(styled: Styler, **options) -> None:
    """A table in Norwegian number format (`present.tables.styled`). Streamlit writes each
    cell's text into a string column one column at a time; into pandas' Python-backed strings
    that is cheaper than into its default Arrow-backed ones (the 40-row funding table, which a
    slider redraws on every move, 13.1 -> 9.2 ms measured alone). The text is the same."""
    with pd.option_context("mode.string_storage", "python"):
        st.dataframe(styled, **options)


def key_figures(figures: list[KeyFigure], per_row: int = 3) -> None:
    for start in range(0, len(figures), per_row):
        columns = st.columns(per_row)
        for column, figure in zip(columns, figures[start : start + per_row], strict=False):
            with column.container(border=True):
                st.metric(figure.label, figure.value)
                if figure.estimated:
                    st.markdown(ESTIMATE_BADGE, help=fmt.markdown_text(f"{figure.source} ({figure.year})"))
                else:
                    st.caption(f"Kilde: {fmt.markdown_text(figure.source)} ({figure.year})")


def colour_legend(colours: dict[str, str]) -> None:
    """A coloured square and the name per line; the names are escaped (they come from files)."""
    for name, colour in colours.items():
        st.markdown(
            f"<span style='color:{html.escape(colour)};font-size:1.3em'>■</span> {html.escape(name)}",
            unsafe_allow_html=True,
        )


def linked_choice(
    label: str, param: str, options: dict[str, str], key: str, placeholder: str, unknown: str
) -> str | None:
    """A selectbox whose choice lives in the URL (`?param=…`), so a link opens on it; an unknown
    value in the link gets `unknown` (with the value, escaped) and the list."""
    requested = st.query_params.get(param)
    if requested and requested not in options:
        st.warning(unknown.format(value=fmt.markdown_text(requested)))
        requested = None

    def remember() -> None:
        chosen = st.session_state[key]
        if chosen:
            st.query_params[param] = chosen
        elif param in st.query_params:
            del st.query_params[param]

    return st.selectbox(
        label,
        list(options),
        index=list(options).index(requested) if requested else None,
        format_func=options.__getitem__,
        placeholder=placeholder,
        key=key,
        on_change=remember,
    )


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
