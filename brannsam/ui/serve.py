"""Start the app as `streamlit run app.py` does, but with Streamlit's legacy `pages/` routing
switched off before the first session, and the shared caches warmed before the first visitor
(`brannsam.ui.warmup`).

With a `pages/` folder beside `app.py`, Streamlit runs the very first script run of a fresh
server through its old multipage router (PagesManager.uses_pages_directory), until some run has
called `st.navigation`. Our page scripts are not directly in `pages/`, so that first run still
goes through app.py, but a deep link (e.g. /risikobilde) would get a spurious «Page not found»
dialog. Clearing the flag up front gives every request, the first included, the normal route.
"""

from __future__ import annotations

import logging
import sys
import threading
import time

from streamlit.runtime import Runtime
from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from brannsam import paths

log = logging.getLogger("brannsam")


def _warm_when_ready(timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not Runtime.exists():
        if time.monotonic() > deadline:
            log.warning("Warm-up skipped: Streamlit's runtime did not start within %.0f s", timeout_s)
            return
        time.sleep(0.05)
    # Imported only now: its cached functions, declared before the runtime exists, would each
    # make Streamlit log «No runtime found».
    from brannsam.ui import warmup  # noqa: PLC0415

    warmup.run()


def main(args: list[str]) -> int:
    PagesManager.uses_pages_directory = False
    threading.Thread(target=_warm_when_ready, name="brannsam-warmup", daemon=True).start()
    sys.argv = ["streamlit", "run", str(paths.ROOT / "app.py"), *args]
    return cli.main()
