"""The launcher patches one private Streamlit flag; an upgrade that renames it must fail here,
not silently bring back the «Page not found» notice on the first deep link."""

import gc
import sys

from streamlit.runtime.pages_manager import PagesManager

from brannsam.ui import serve


def test_the_flag_the_launcher_clears_still_exists(monkeypatch):
    assert hasattr(PagesManager, "uses_pages_directory")
    calls = []
    monkeypatch.setattr("streamlit.web.cli.main", lambda: calls.append(True) or 0)
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    monkeypatch.setattr(serve, "_warm", lambda: None)
    monkeypatch.setattr(serve, "database_in_use", lambda: None)  # another test may hold the file
    monkeypatch.setattr(sys, "argv", list(sys.argv))  # main() sets it for Streamlit: restored after
    assert serve.main(["--server.port", "9"]) == 0
    assert PagesManager.uses_pages_directory is False and calls == [True]


def test_the_warmed_caches_are_frozen_out_of_the_collectors_sight(monkeypatch):
    """Without it a workshop phone's join cost the server three times the CPU (bench/)."""
    monkeypatch.setattr("streamlit.web.cli.main", lambda: 0)
    monkeypatch.setattr(serve, "_warm", lambda: None)
    monkeypatch.setattr(serve, "database_in_use", lambda: None)
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    gc.unfreeze()
    try:
        serve.main([])
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_bad_decision_date_stops_the_server_before_it_listens(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr("streamlit.web.cli.main", lambda: calls.append(True) or 0)
    monkeypatch.setattr(serve, "_warm", lambda: calls.append("warm"))
    monkeypatch.setattr(serve, "database_in_use", lambda: None)
    monkeypatch.setenv("BRANNSAM_VEDTAKSDATO", "neste tirsdag")
    assert serve.main([]) == 2
    assert calls == []  # neither warmed nor started
    assert "Brannsam starter ikke: BRANNSAM_VEDTAKSDATO må være en dato" in capsys.readouterr().err
