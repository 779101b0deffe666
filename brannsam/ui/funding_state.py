"""The funding page's settings: canonical in the session, mirrored in the URL (`?oppsett=`).

Widgets take their values from the canonical settings and write back on change. Their keys
carry a version number, bumped when a scenario is loaded, so every widget is recreated from the
loaded values rather than keeping what it showed before.
"""

from __future__ import annotations

import streamlit as st

from brannsam import formatting as fmt
from brannsam.funding import scenarios
from brannsam.funding.settings import ScenarioError, Settings
from brannsam.ui import data, results

STATE = "fin_settings"
VERSION = "fin_versjon"
PARAM = "oppsett"
CODE = "kode"  # a saved scenario's short code (`scenarios.short_code`)
LINK_PROBLEM = "fin_url_feil"
LINK_NOTE = "fin_url_merknad"  # a short link resolved to an earlier version of its scenario


def current() -> Settings:
    if STATE not in st.session_state:
        settings = Settings()
        if CODE in st.query_params and PARAM not in st.query_params:
            try:
                found = data.scenario_by_code(st.query_params[CODE])
                settings = found.settings
                if found.replaced:
                    st.session_state[LINK_NOTE] = (
                        f"Lenken viser scenarioet «{found.name}» slik det var da lenken ble laget; det er "
                        "lagret på nytt (eller slettet) siden. Den nyeste versjonen hentes under "
                        "«Scenarioer»."
                    )
            except ScenarioError as err:
                st.session_state[LINK_PROBLEM] = str(err)
        elif PARAM in st.query_params:
            try:
                linked = scenarios.decode(st.query_params[PARAM])
                known = set(data.funding_inputs().kommuner["kommunenummer"])
                scenarios.check_references(linked, known, set(data.stations()["navn"]))
                settings = linked
            except ScenarioError as err:
                st.session_state[LINK_PROBLEM] = str(err)
        # An older link's own budget lines become an alternative of their own once, so an edit of
        # that alternative is not read as lines of their own again.
        st.session_state[STATE] = results.settled(settings)
        st.session_state[VERSION] = 0
    return st.session_state[STATE]


def warn_link_problem() -> None:
    """Say once, on a page that uses the settings, why a link's settings were not used."""
    if LINK_PROBLEM in st.session_state:
        st.warning(fmt.markdown_text(st.session_state.pop(LINK_PROBLEM)) + " Viser standardoppsettet.")
    if LINK_NOTE in st.session_state:
        st.info(fmt.markdown_text(st.session_state.pop(LINK_NOTE)))


def key(name: str) -> str:
    return f"fin_{name}_{st.session_state.get(VERSION, 0)}"


def store(settings: Settings) -> None:
    st.session_state[STATE] = settings
    st.query_params[PARAM] = scenarios.encode(settings)


def replace(settings: Settings) -> None:
    """Load new settings (a saved scenario): new widget keys, then the caller reruns."""
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1
    store(results.settled(settings))
