"""`make run` warms the server: the database is opened and the shared caches filled before the
first visitor, and the log says when it is ready, with nothing alarming on the way."""

import time

from pagecheck import no_exception, open_app
from playwright.sync_api import expect

from harness.server import streamlit_process

READY = "Brannsam er klar"


def test_the_server_warms_up_before_the_first_visit_and_says_so(open_tab, tmp_path):
    with streamlit_process(tmp_path / "warm.duckdb") as (url, proc):
        deadline = time.monotonic() + 60
        while READY not in proc.log_path.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        log = proc.log_path.read_text()
        assert READY in log, log[-3000:]
        assert "Traceback" not in log and "No runtime found" not in log and "ScriptRunContext" not in log
        page = open_tab()
        open_app(page, url + "/mitt-brannvesen?brannvesen=rindal-brannvesen")
        no_exception(page)
        expect(page.get_by_role("heading", name="Rindal brannvesen")).to_be_visible()
