"""The admin password field (its rules are `brannsam.access`): the password as configured for
this server (environment first, then secrets), checked with a growing wait after repeated wrong
tries; the failures go to the server log."""

from __future__ import annotations

import hashlib
import logging
import math
import os
import time

import streamlit as st

from brannsam import access

log = logging.getLogger("brannsam")


@st.cache_resource(show_spinner=False)
def limiter() -> access.Limiter:
    """One count of wrong passwords for the whole server (every session, every tab)."""
    return access.Limiter()


def _client() -> str:
    """The browser's address as the server sees it (the same for a reload or a new tab)."""
    try:
        address = st.context.ip_address
    except (AttributeError, RuntimeError):
        address = None
    return address if isinstance(address, str) and address else "ukjent adresse"


def configured_password() -> str | None:
    if os.environ.get(access.ENV_VAR):
        return os.environ[access.ENV_VAR]
    try:
        return st.secrets.get("admin_password")
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return None


def _verdict(key: str, given: str, configured: str) -> bool | None:
    """Whether `given` is right, checked once per typed value (a rerun with the same text is not
    a new guess); None while the session must wait after too many wrong ones."""
    fingerprint = hashlib.sha256(given.encode("utf-8")).hexdigest()
    checked = st.session_state.get(f"_{key}_sjekket")
    if checked is not None and checked[0] == fingerprint:
        return checked[1]
    guard, client, now = limiter(), _client(), time.monotonic()
    if guard.wait(client, now) > 0:
        return None
    right = access.allowed(given, configured)
    if right:
        guard.succeeded(client)
    else:
        failures = guard.failed(client, now)
        log.warning(
            "Wrong admin password (field %s, client %s, %d wrong in a row; %d on the server)",
            key,
            client,
            failures,
            guard.overall.failures,
        )
    st.session_state[f"_{key}_sjekket"] = (fingerprint, right)
    return right


def password_field(key: str) -> bool:
    """A password input; returns whether the given password is right. Says how to enable the
    action when no password is configured."""
    configured = configured_password()
    if not configured:
        st.info(access.HOW_TO_ENABLE, icon="🔒")
        return False
    given = st.text_input("Administratorpassord", type="password", key=key)
    if not given:
        return False
    right = _verdict(key, given, configured)
    if right is None:
        wait = limiter().wait(_client(), time.monotonic())
        st.error(f"For mange feil passord. Vent {math.ceil(wait)} sekunder og prøv igjen.")
        return False
    if not right:
        st.error("Feil passord.")
    return right


def name_field(key: str, disabled: bool) -> str:
    """Who the import log records (there are no user accounts, only the admin password)."""
    typed = st.text_input(
        "Ditt navn (føres i importloggen)", max_chars=access.MAX_NAME, key=key, disabled=disabled
    )
    return access.log_name(typed)
