"""Write paths show a Norwegian message instead of a traceback when the disk or the database
fails; the details go to the server log."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import streamlit as st

from brannsam.ui.db import WriteError

log = logging.getLogger("brannsam")


@contextmanager
def shown(what: str) -> Iterator[None]:
    """Run a write; on a file-system or database failure say in Norwegian that `what` failed
    and that nothing was changed (every write is one transaction)."""
    try:
        yield
    except WriteError as err:
        st.error(f"{what} mislyktes: {err}")
    except PermissionError:
        log.exception("%s failed", what)
        st.error(
            f"{what} mislyktes: Brannsam har ikke skrivetilgang til data-mappa. Ingenting er endret. "
            "Be den som drifter appen gi skrivetilgang."
        )
    except (OSError, duckdb.Error):
        log.exception("%s failed", what)
        st.error(
            f"{what} mislyktes på grunn av en feil i databasen eller på disken. Ingenting er endret. "
            "Feilen er skrevet i serverloggen."
        )
