"""Start the app as `streamlit run app.py` does, but with Streamlit's legacy `pages/` routing
switched off before the first session.

With a `pages/` folder beside `app.py`, Streamlit runs the very first script run of a fresh
server through its old multipage router (PagesManager.uses_pages_directory), until some run has
called `st.navigation`. Our page scripts are not directly in `pages/`, so that first run still
goes through app.py, but a deep link (e.g. /risikobilde) would get a spurious «Page not found»
dialog. Clearing the flag up front gives every request, the first included, the normal route.
"""

from __future__ import annotations

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from brannsam import paths


def main(args: list[str]) -> int:
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(paths.ROOT / "app.py"), *args]
    return cli.main()
