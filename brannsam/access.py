"""Who may change data: one admin password, configured outside the repository.

There is no default password. With none configured, the protected actions are disabled.
"""

from __future__ import annotations

import hmac

ENV_VAR = "BRANNSAM_ADMIN_PASSWORD"
HOW_TO_ENABLE = (
    f"Ingen administratorpassord er satt, så denne handlingen er slått av. Sett miljøvariabelen "
    f"{ENV_VAR} eller «admin_password» i .streamlit/secrets.toml og start appen på nytt."
)


MAX_NAME = 60
UNNAMED = "admin (navn ikke oppgitt)"


def log_name(name: str | None) -> str:
    """Who the import log records: there are no user accounts (one admin password), so the person
    types a name; without one the log says so rather than inventing a user."""
    cleaned = " ".join((name or "").split())[:MAX_NAME]
    return cleaned or UNNAMED


def allowed(given: str | None, configured: str | None) -> bool:
    """Constant-time comparison; never true when no password is configured."""
    if not configured or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), configured.encode("utf-8"))
