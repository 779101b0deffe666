"""Start the app as `streamlit run app.py` does, but with Streamlit's legacy `pages/` routing
switched off before the first session, and the shared caches filled before the server listens
(`brannsam.ui.warmup`), so the first visitor meets a warm server, and then frozen out of the
garbage collector's sight.

With a `pages/` folder beside `app.py`, Streamlit runs the very first script run of a fresh
server through its old multipage router (PagesManager.uses_pages_directory), until some run has
called `st.navigation`. Our page scripts are not directly in `pages/`, so that first run still
goes through app.py, but a deep link (e.g. /risikobilde) would get a spurious «Page not found»
dialog. Clearing the flag up front gives every request, the first included, the normal route.
"""

from __future__ import annotations

import gc
import logging
import sys

import duckdb
from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from brannsam.data import database_file, paths
from brannsam.funding import calendar

# Warming runs before Streamlit's runtime exists; these loggers would say so for every cache
# («No runtime found», «missing ScriptRunContext»), which is expected and not worth a line each.
QUIET_WHILE_WARMING = (
    "streamlit.runtime.caching.cache_data_api",
    "streamlit.runtime.caching.cache_resource_api",
    "streamlit.runtime.scriptrunner_utils.script_run_context",
)


def _warm() -> None:
    """Fill the shared caches before the server listens, so no visitor meets a cold server (the
    caches are global and outlive the runtime's start)."""
    loggers = [logging.getLogger(name) for name in QUIET_WHILE_WARMING]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        # Imported here, inside the quiet loggers: declaring its cached functions logs too.
        from brannsam.ui import warmup  # noqa: PLC0415

        warmup.run()
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


IN_USE = (
    "Brannsam starter ikke: databasen {name} er i bruk av en annen prosess (en annen Brannsam-server "
    "eller et kommandolinjeverktøy som skriver). Stopp den, eller gi denne serveren sin egen database "
    "med BRANNSAM_DB."
)


def database_in_use() -> str | None:
    """A second server on the same database file: one Norwegian line to say so, where it would
    otherwise start, log DuckDB's traceback while warming and fail every page."""
    path = paths.database_path()
    if not path.exists():
        return None
    try:
        duckdb.connect(str(path)).close()
    except duckdb.Error as err:
        if database_file.is_lock_error(err):
            return IN_USE.format(name=path.name)
        raise
    return None


def settings_problem() -> str | None:
    """A setting from the environment the app cannot run with (`BRANNSAM_VEDTAKSDATO`), said in
    Norwegian before the server listens, as the command line says it."""
    try:
        calendar.decision_date()
    except calendar.DecisionDateError as err:
        return f"Brannsam starter ikke: {err}"
    return None


def main(args: list[str]) -> int:
    PagesManager.uses_pages_directory = False
    for message in (settings_problem(), database_in_use()):
        if message:
            print(message, file=sys.stderr)
            return 2
    _warm()
    # The warmed caches are some hundred thousand Python objects that live as long as the server.
    # Left to the collector, every full collection walks them all again: that was three quarters
    # of the server's CPU for a workshop phone's join or save (bench `workshop_cpu`). Frozen,
    # they are never walked again.
    gc.freeze()
    sys.argv = ["streamlit", "run", str(paths.ROOT / "app.py"), *args]
    return cli.main()
