"""The admin password as configured for this server (environment first, then secrets)."""

from __future__ import annotations

import os

import streamlit as st

from brannsam import access


def configured_password() -> str | None:
    if os.environ.get(access.ENV_VAR):
        return os.environ[access.ENV_VAR]
    try:
        return st.secrets.get("admin_password")
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return None


def password_field(key: str) -> bool:
    """A password input; returns whether the given password is right. Says how to enable the
    action when no password is configured."""
    configured = configured_password()
    if not configured:
        st.info(access.HOW_TO_ENABLE, icon="🔒")
        return False
    given = st.text_input("Administratorpassord", type="password", key=key)
    if given and not access.allowed(given, configured):
        st.error("Feil passord.")
    return access.allowed(given, configured)


def name_field(key: str, disabled: bool) -> str:
    """Who the import log records (there are no user accounts, only the admin password)."""
    typed = st.text_input(
        "Ditt navn (føres i importloggen)", max_chars=access.MAX_NAME, key=key, disabled=disabled
    )
    return access.log_name(typed)
