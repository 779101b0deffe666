"""The one way a page shows an error: a domain error's Norwegian message as plain text (`say`),
and for writes a Norwegian message instead of a traceback when the disk or the database fails
(`shown`); the details go to the server log."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb
import streamlit as st

from brannsam import formatting as fmt
from brannsam.ui.db import WriteError

log = logging.getLogger("brannsam")


def say(err: Exception | str, lead: str = "") -> None:
    """A Norwegian message, escaped so that a name or a file's text never renders as markdown."""
    st.error(lead + fmt.markdown_text(err))


def say_all(problems: list[str], lead: str) -> None:
    """Several problems under one lead, as a list (an import or a score sheet that was refused)."""
    st.error(lead + "\n\n- " + "\n- ".join(fmt.markdown_text(p) for p in problems))


@dataclass
class Outcome:
    """Whether the write under `shown` held: code after the `with` reads `ok` before it says
    «Lagret» or acts as if it did."""

    ok: bool = False


@contextmanager
def shown(what: str) -> Iterator[Outcome]:
    """Run a write; on a file-system or database failure say in Norwegian that `what` failed
    and that nothing was changed (every write is one transaction). The failure is not raised
    on: the yielded `Outcome.ok` is True only when the block ran to its end."""
    outcome = Outcome()
    try:
        yield outcome
        outcome.ok = True
    except WriteError as err:
        say(err, f"{what} mislyktes: ")
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
